"""Benchmark: `dxextract tables` against bare pdfplumber `extract_tables()` on the
real government PDFs (tests/fixtures/real/), whole process against whole process.

Not a test: `make bench` runs it and prints the figures. Each PDF is read by the
two commands alternately, `--pairs` times (default 7); the figure is the median
of the per-pair ratios of CPU seconds (the children's rusage: what the code
costs on a shared machine), with wall seconds beside it.

    python bench/bench_tables.py [--pairs 3] [PDF ...]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "real"
TARGET = 1.0
BARE = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_tables()\n"
)


def run(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one child process, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted(REAL.glob("*.pdf"))
    # Both sides from compiled bytecode, as an installed package runs: pip compiles
    # site-packages (pdfplumber) at install, not an editable source tree, and
    # PYTHONDONTWRITEBYTECODE (set on some machines) keeps Python from caching it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    dxextract = str(Path(sys.executable).with_name("dxextract"))
    print(f"{'PDF':42} {'bare CPU s':>10} {'tables CPU s':>12} {'ratio':>6} {'wall ratio':>10}")
    worst = 0.0
    for pdf in pdfs:
        bare, ours = [], []
        for _ in range(args.pairs):
            bare.append(run([sys.executable, "-c", BARE, str(pdf)]))
            ours.append(run([dxextract, "tables", str(pdf)]))
        ratio = statistics.median(o[1] / b[1] for b, o in zip(bare, ours, strict=True))
        wall = statistics.median(o[0] / b[0] for b, o in zip(bare, ours, strict=True))
        worst = max(worst, ratio)
        print(
            f"{pdf.name:42} {statistics.median(b[1] for b in bare):10.2f} "
            f"{statistics.median(o[1] for o in ours):12.2f} {ratio:5.2f}x {wall:9.2f}x"
        )
    verdict = "ok" if worst <= TARGET else "over"
    print(f"worst ratio tables / bare pdfplumber: {worst:.2f}x (target <= {TARGET}x: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
