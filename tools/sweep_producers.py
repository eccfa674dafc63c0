"""Random layouts across every producer, each compared with the golden records: a
measure of robustness on producers and arrangements nobody tuned to, not a test
(it takes tens of minutes; `make sweep`).

    python tools/sweep_producers.py [FIRST LAST] [--jobs N] [--only NAME ...]

Seed s goes to producer s mod P (P producers, in PRODUCERS' order) with that
producer's `random_style(s)` (reportlab: make_fixture_pdfs.random_layout), and
renders the FY2023 content when (s // P) is even, the synthetic FY2024 edition
when odd. Each rendering is read with dxextract and compared record by record
with tests/golden/fy2023.json or fy2024_synthetic.json; a one-line error counts
as a failure. Prints one line per failing seed (producer, edition, the first
differences), then the pass rate per producer and in all.

A rendering that does not print all of the content (the producer dropped a row:
an initiative title or KPI name of the golden records is nowhere in its text) is
no measure of the pipeline: it is listed apart, as the producer's loss, and left
out of the rates (what dxextract says about it is printed beside it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT / "tools", ROOT / "tests" / "support"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

if TYPE_CHECKING:
    from fy2023_content import Report

# The engines (tools/fixturegen/engines.py) whose render(report, pdf, style) and
# random_style(seed) make one rendering; "reportlab" is the original generator (canvas
# and platypus), the others the modules of tools/producers/.
PRODUCERS = ("reportlab", "docx", "browser", "calc", "impress", "rearranged")


def available() -> list[str]:
    """The producers whose module is in the tree."""
    return [
        name
        for name in PRODUCERS
        if name == "reportlab" or (ROOT / "tools" / "producers" / f"{name}.py").exists()
    ]


def renderer(name: str) -> Callable[[Report, Path, int], object]:
    """render(report, pdf, seed) by the engine `name` in its random style for the seed
    (rearranged: one of its editions, arrangements, per seed)."""
    from fixturegen import engine

    eng = engine(name)
    return lambda report, pdf, seed: eng.render(report, pdf, eng.random_style(seed))


def one_seed(args: tuple[str, int, bool, str]) -> tuple[str, int, bool, list[str], float]:
    """Render seed `seed` with producer `name` and compare it; (…, ok, diffs, seconds)."""
    name, seed, fy2024, tmp = args
    import fy2023_content
    import fy2024_synthetic
    from dxtest import comparable, record_diff

    from dxextract.errors import DxError
    from dxextract.extract.pipeline import pdf_to_document

    start = time.perf_counter()
    report = fy2024_synthetic.REPORT_FY2024 if fy2024 else fy2023_content.REPORT
    golden = json.loads(
        (
            ROOT / "tests" / "golden" / ("fy2024_synthetic.json" if fy2024 else "fy2023.json")
        ).read_text(encoding="utf-8")
    )
    pdf = Path(tmp) / f"{name}-{seed}.pdf"
    try:
        renderer(name)(report, pdf, seed)
    except Exception as exc:  # a producer that fails is the producer's problem: said
        return name, seed, False, [f"render failed: {type(exc).__name__}: {exc}"], 0.0
    try:
        diff = record_diff(comparable(pdf_to_document(pdf)), golden)
    except DxError as exc:
        diff = [f"{type(exc).__name__}: {exc}"]
    if diff:
        lost = unprinted(pdf, golden)
        if lost:
            diff = [f"{LOST}: {lost[:2]}", *diff]
    pdf.unlink(missing_ok=True)
    return name, seed, not diff, diff[:3], time.perf_counter() - start


LOST = "the rendering does not print"


def unprinted(pdf: Path, golden: dict[str, Any]) -> list[str]:
    """The initiative titles and KPI names of `golden` that are nowhere in the
    PDF's text (compared without white space, after NFKC)."""
    import pdfplumber

    from dxextract.text import nfkc

    with pdfplumber.open(pdf) as doc:
        text = "".join(c["text"] for page in doc.pages for c in page.chars)
    printed = "".join(nfkc(text).split())
    wanted = [i["title"] for i in golden["initiatives"]]
    wanted += [k["name"] for i in golden["initiatives"] for k in i["kpis"]]
    return [w for w in wanted if "".join(nfkc(w).split()) not in printed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("range", nargs="*", type=int, default=[0, 1200])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    first, last = args.range if len(args.range) == 2 else (0, 1200)
    names = [n for n in available() if args.only is None or n in args.only]
    counts = {n: [0, 0] for n in names}
    failing: dict[str, list[int]] = {n: [] for n in names}
    lost: dict[str, list[int]] = {n: [] for n in names}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(args.jobs) as pool:
        jobs = [
            (names[s % len(names)], s, (s // len(names)) % 2 == 1, tmp) for s in range(first, last)
        ]
        for name, seed, ok, diff, _ in pool.map(one_seed, jobs):
            if not ok:
                edition = "FY2024" if (seed // len(names)) % 2 else "FY2023"
                print(f"seed {seed} ({name}, {edition}): {diff}", flush=True)
            if diff and diff[0].startswith(LOST):
                lost[name].append(seed)
                continue
            counts[name][0 if ok else 1] += 1
            if not ok:
                failing[name].append(seed)
    total_ok = sum(c[0] for c in counts.values())
    total = sum(sum(c) for c in counts.values())
    for name in names:
        passed, bad = counts[name]
        rate = 100 * passed / (passed + bad) if passed + bad else 0.0
        print(
            f"{name:10} {passed:4} of {passed + bad:4} passed ({rate:5.1f} %)"
            f" failing: {failing[name]}"
        )
        if lost[name]:
            print(f"{'':10} left out, the rendering lost content: {lost[name]}")
    rate = 100 * total_ok / total if total else 0.0
    minutes = (time.perf_counter() - start) / 60
    left_out = sum(len(seeds) for seeds in lost.values())
    print(
        f"all        {total_ok:4} of {total:4} passed ({rate:5.1f} %) in {minutes:.1f} min"
        + (f"; {left_out} left out, the rendering lost content" if left_out else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
