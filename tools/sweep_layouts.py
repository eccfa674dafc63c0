"""Render many random layouts of the FY2023 content and compare each with the golden
records: a measure of robustness, not a test (it takes minutes).

    python tools/sweep_layouts.py [FIRST] [LAST]     # seeds FIRST..LAST-1, default 0 200

Prints one line per failing seed (its layout options and the first differences)
and a closing `N passed, M failed` line.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "support"))

import fy2023_content  # noqa: E402
import make_fixture_pdfs  # noqa: E402
from dxtest import comparable, record_diff  # noqa: E402

from dxextract.errors import DxError  # noqa: E402
from dxextract.extract.pipeline import pdf_to_document  # noqa: E402

OPTIONS = (
    "engine", "table_style", "zebra", "split_tables", "repeat_header", "fake_bold",
    "lookalikes", "letter_spacing", "boxed_headings", "fullwidth_codes",
)  # fmt: skip


def main(argv: list[str]) -> int:
    first, last = (int(argv[0]), int(argv[1])) if len(argv) == 2 else (0, 200)
    golden = json.loads((ROOT / "tests" / "golden" / "fy2023.json").read_text(encoding="utf-8"))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, last):
            layout = make_fixture_pdfs.random_layout(seed)
            pdf = Path(tmp) / f"seed{seed}.pdf"
            make_fixture_pdfs.render_report(fy2023_content.REPORT, pdf, layout)
            try:
                diff = record_diff(comparable(pdf_to_document(pdf)), golden)
            except DxError as exc:
                diff = [f"{type(exc).__name__}: {exc}"]
            if diff:
                failed += 1
                options = {k: getattr(layout, k) for k in OPTIONS}
                print(f"seed {seed}: {len(diff)} differences {options}: {diff[:2]}")
    print(f"{last - first - failed} passed, {failed} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
