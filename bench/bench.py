"""Benchmark: bare pdfplumber against `dxextract ingest`, workers, re-ingest, memory.

Not a test: `make bench` runs it and prints the figures. Every measurement runs
in a fresh child process (imports excluded from the timings, measured inside
the child) so that peak RSS is that of the work alone, read from the child's
rusage. CPU seconds are printed beside wall seconds because the machine may be
shared: CPU time is what the code costs, wall time is what a user waits.

    python bench/bench.py [--copies 50] [PDF ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDFS = [
    ROOT / "raw_pdfs" / "fukushima_dx_r5.pdf",
    ROOT / "tests" / "fixtures" / "fukushima_dx_r5_grid.pdf",
    ROOT / "tests" / "fixtures" / "fukushima_dx_r5_writer.pdf",
    ROOT / "tests" / "fixtures" / "fukushima_dx_r6_synthetic.pdf",
]
TARGETS = {"ratio": 1.2, "speedup": 1.8, "reingest": 0.05, "rss_mb": 250}


# --- in the child ------------------------------------------------------------------


def child_bare(paths: list[str]) -> dict[str, float]:
    import pdfplumber

    wall, cpu = time.perf_counter(), time.process_time()
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
                pages += 1
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "pages": pages,
    }


def child_ingest(db: str, jobs: int, paths: list[str]) -> dict[str, float]:
    import resource

    from dxextract.cli import cli

    def used() -> float:  # this process and its workers (children it waited for)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    wall, cpu = time.perf_counter(), used()
    args = ["ingest", *paths, "--db", db, "--silent", "--jobs", str(jobs)]
    try:
        cli.main(args, standalone_mode=False)
    except SystemExit as exc:  # the exit of a failed file
        if exc.code:
            raise
    # The workers that read the PDFs are this process's children (bounded.py):
    # their CPU time counts once they are reaped, at the end of the command.
    return {"wall": time.perf_counter() - wall, "cpu": used() - cpu}


# --- in the parent ----------------------------------------------------------------


def run_child(*args: str) -> dict[str, float]:
    """Run this script as a child; its JSON figures plus its peak RSS (MB)."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"child {args[:2]} failed (status {status})")
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])  # after ingest lines
    figures["rss_mb"] = usage.ru_maxrss / 1024  # Linux: kilobytes
    return figures


def editions(folder: Path, count: int) -> list[str]:
    """`count` editions of the FY2023 content, each its own pair of years (令和5 … 令和54).

    Copies of one file with a comment appended would be re-issues of one
    edition: each would replace the one before, and a re-ingest would find only
    the last one stored. Other years give other titles: `count` reports.
    """
    sys.path.insert(0, str(ROOT / "tools"))
    from dataclasses import replace

    from fy2023_content import REPORT, Years
    from make_fixture_pdfs import SLIDES, render_report

    out = []
    for n in range(5, 5 + count):
        years = Years(f"令和{n}年度", f"令和{n + 1}年度", f"R{n}", f"R{n + 1}")
        path = folder / f"edition_r{n:02d}.pdf"
        render_report(replace(REPORT, years=years), path, SLIDES)
        out.append(str(path))
    return out


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--copies", type=int, default=50, help="editions for --jobs 1 vs 2")
    args = parser.parse_args()
    pdfs = [str(p) for p in args.pdfs]
    print(f"{len(pdfs)} PDFs: " + ", ".join(Path(p).name for p in pdfs))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bare = run_child("bare", *pdfs)
        ours = run_child("ingest", str(work / "one.db"), "1", *pdfs)
        pages = bare["pages"]
        ratio_cpu, ratio_wall = ours["cpu"] / bare["cpu"], ours["wall"] / bare["wall"]
        print(
            f"bare pdfplumber extract_tables(): {bare['wall']:.2f} s wall, "
            f"{bare['cpu']:.2f} s CPU, {pages:.0f} pages, peak RSS {bare['rss_mb']:.0f} MB"
        )
        print(
            f"dxextract ingest --jobs 1:        {ours['wall']:.2f} s wall, "
            f"{ours['cpu']:.2f} s CPU, peak RSS {ours['rss_mb']:.0f} MB"
        )
        print(
            f"ratio ingest / bare: {ratio_cpu:.2f}x CPU, {ratio_wall:.2f}x wall "
            f"(target <= {TARGETS['ratio']}x: {verdict(ratio_cpu <= TARGETS['ratio'])})"
        )
        print(
            f"pages per second: {pages / ours['wall']:.1f} wall, "
            f"{pages / ours['cpu']:.1f} per CPU second"
        )
        folder = work / "copies"
        folder.mkdir()
        files = editions(folder, args.copies)
        one = run_child("ingest", str(work / "j1.db"), "1", *files)
        two = run_child("ingest", str(work / "j2.db"), "2", *files)
        speedup = one["wall"] / two["wall"]
        print(
            f"{args.copies} editions (slides, FY2023 content, other years): "
            f"--jobs 1 {one['wall']:.2f} s wall, "
            f"--jobs 2 {two['wall']:.2f} s wall: {speedup:.2f}x "
            f"(target >= {TARGETS['speedup']}x: {verdict(speedup >= TARGETS['speedup'])}); "
            f"peak RSS {one['rss_mb']:.0f} MB (--jobs 1) / {two['rss_mb']:.0f} MB (--jobs 2), "
            "(wait4 of the command)"
        )
        again = run_child("ingest", str(work / "j2.db"), "2", *files)
        share = again["wall"] / two["wall"]
        print(
            f"re-ingest of the {args.copies} unchanged files: {again['wall']:.3f} s wall, "
            f"{share:.1%} of the first ingest "
            f"(target <= {TARGETS['reingest']:.0%}: {verdict(share <= TARGETS['reingest'])})"
        )
        # wait4's ru_maxrss of each command run (bench_tables and test_bounds measure workers).
        peak = max(ours["rss_mb"], one["rss_mb"], two["rss_mb"])
        print(
            f"peak RSS of any dxextract process: {peak:.0f} MB "
            f"(target <= {TARGETS['rss_mb']} MB: {verdict(peak <= TARGETS['rss_mb'])})"
        )
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, rest = sys.argv[2], sys.argv[3:]
        if kind == "bare":
            result = child_bare(rest)
        else:
            result = child_ingest(rest[0], int(rest[1]), rest[2:])
        print(json.dumps(result))
        sys.exit(0)
    sys.exit(main())
