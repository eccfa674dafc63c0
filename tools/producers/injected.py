"""The FY2024 edition with one inconsistency of each kind (tools/injections.py:
`fy2024_injected`), rendered by every producer with its default style, so that
tests/test_checks.py can ask each rendering for the same findings.

    python tools/producers/injected.py    # writes tests/fixtures/producers/injected/*.pdf

One PDF per producer: reportlab (the slides layout), docx (Writer), browser
(Chromium), calc, impress, and one rearranged edition per arrangement.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script, this folder would be sys.path[0] and docx.py would shadow python-docx.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(_HERE.parent) not in sys.path:
    sys.path.insert(0, str(_HERE.parent))

from fy2023_content import Report  # noqa: E402
from injections import fy2024_injected  # noqa: E402
from producers.docbrowser_common import FIXTURES, report_fixture  # noqa: E402

OUT = FIXTURES / "injected"


def renderers() -> dict[str, Callable[[Report, Path], int]]:
    """rendering name → render(report, pdf), each producer's default style (reportlab:
    the slides layout; one rendering per edition of rearranged)."""
    from fixturegen import engine
    from producers import rearranged

    def default(name: str, style: object = None) -> Callable[[Report, Path], int]:
        eng = engine(name)
        return lambda r, p: eng.render(r, p, style)

    out = {name: default(name) for name in ("reportlab", "docx", "browser", "calc", "impress")}
    for edition in rearranged.EDITIONS:
        out[f"rearranged_{edition}"] = default("rearranged", (edition, None))
    return out


def main() -> int:
    report = fy2024_injected()
    ok = True
    for name, render in renderers().items():
        pdf = OUT / f"{name}.pdf"
        t0 = time.perf_counter()
        pages = render(report, pdf)
        ok &= report_fixture(report, pdf, pages, time.perf_counter() - t0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
