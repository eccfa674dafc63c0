"""Benchmark: every speed and memory figure of dxextract, side by side, in one run.

Not a test: `make bench` runs it and prints the figures with their targets.
Every command is measured as a user runs it, a whole process from start to
exit (CPU seconds from the kernel's rusage of the process and the workers it
waited for, wall seconds, peak RSS), alternating with what it is compared with,
the figure the median of the pairs' ratios. CPU is what the code costs on a
shared machine; wall is what a user waits. The machine's load is printed at
the start and the end: a busy second core slows `--jobs 2` and the wall figures.

1. start-up: `dxextract --help` and `--version` against `python -c "import click"`;
2. ingest of one 15-page report against bare pdfplumber `extract_tables()` over
   every page of the same PDF, and `dxextract tables` against the same on the
   real government PDFs (bench_tables.py);
3. scale: 500 distinct editions (50 series × 10 fiscal years, rendered by the
   fixture generator) stored one by one, series after series, each series' years
   in a shuffled order (so an edition may arrive before the one a year earlier
   than it): the store's cost per file for each hundred already stored, each
   hundred ten whole series, so that the hundreds differ only in what is stored
   before them; `check --db` with 100 and 500 stored (10 and 50 whole series);
   a re-run of `ingest` over the 500 unchanged files, with and without `--silent`;
4. workers: 50 editions with `--jobs 1` and `--jobs 2`; peak RSS.

    python bench/bench.py [--pairs 11] [--series 50] [--years 10] [--copies 50]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from multiprocessing import Pool
from pathlib import Path
from typing import Any, NamedTuple

import bench_tables

ROOT = Path(__file__).resolve().parent.parent
REPORT_PDF = ROOT / "raw_pdfs" / "fukushima_dx_r5.pdf"
DXEXTRACT = str(Path(sys.executable).with_name("dxextract"))
TARGETS = {
    "help": 2.0,  # × python -c "import click"
    "ingest": 1.0,  # × bare pdfplumber, whole process
    "store": 1.25,  # store cost with 400–499 stored / with 0–99
    "check": 6.0,  # check --db with 500 editions / with 100
    "rerun_s": 1.0,  # unchanged re-run over 500 files, seconds
    "rerun_mb": 100,  # … and its peak RSS
    "speedup": 1.8,  # --jobs 2 over --jobs 1 (idle machine)
    "rss_mb": 250,  # any dxextract process
}
# The series of the scale run: a report's series is its title without numbers.
SERIES = (  # noqa: SIM905 (names in lines read better than a list literal)
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 "
    "東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 "
    "滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 "
    "香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県 "
    "札幌市 仙台市 横浜市"
).split()


class Run(NamedTuple):
    """One process, start to exit."""

    wall: float
    cpu: float  # user + system, its own and its workers'
    rss_mb: float  # peak resident set of it or any worker it waited for


def measure(argv: Sequence[str], stdout: Any = subprocess.DEVNULL) -> Run:
    wall = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - wall
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: findings, or a file failed
        raise SystemExit(f"{' '.join(argv[:3])} … failed (status {status})")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def pairs(
    ours: Sequence[str], theirs: Sequence[str], count: int, fresh: Any = None
) -> dict[str, float]:
    """`ours` and `theirs` alternately, `count` times; medians of each and of the
    pairs' ratios. `fresh()` runs before each of ours (a new database)."""
    mine, base = [], []
    for _ in range(count):
        base.append(measure(theirs))
        if fresh is not None:
            fresh()
        mine.append(measure(ours))
    return {
        "cpu": statistics.median(r.cpu for r in mine),
        "base_cpu": statistics.median(r.cpu for r in base),
        "ratio": statistics.median(m.cpu / b.cpu for m, b in zip(mine, base, strict=True)),
        "wall_ratio": statistics.median(m.wall / b.wall for m, b in zip(mine, base, strict=True)),
        "rss_mb": max(r.rss_mb for r in mine),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


# --- 1. start-up ---------------------------------------------------------------------


def bench_startup(count: int) -> list[float]:
    click = [sys.executable, "-c", "import click"]
    print(f'\n1. start-up, whole process, median of {count} pairs against python -c "import click"')
    rss = []
    for args in (["--help"], ["--version"]):
        got = pairs([DXEXTRACT, *args], click, count)
        print(
            f"   dxextract {args[0]:10} {got['cpu'] * 1000:5.0f} ms CPU "
            f"vs {got['base_cpu'] * 1000:4.0f} ms: "
            f"{got['ratio']:.2f}x CPU, {got['wall_ratio']:.2f}x wall "
            f"(target <= {TARGETS['help']}x: {verdict(got['ratio'] <= TARGETS['help'])})"
        )
        rss.append(got["rss_mb"])
    return rss


# --- 2. ingest against bare pdfplumber -------------------------------------------------


def bench_ingest(count: int, work: Path) -> list[float]:
    print(
        f"\n2. ingest of one report against bare pdfplumber, whole process, median of {count} pairs"
    )
    db = work / "one.db"

    def fresh() -> None:
        for path in work.glob("one.db*"):
            path.unlink()

    bare = [sys.executable, "-c", bench_tables.BARE, str(REPORT_PDF)]
    for extra in ([], ["--silent"]):
        ours = [DXEXTRACT, "ingest", str(REPORT_PDF), "--db", str(db), *extra]
        got = pairs(ours, bare, count, fresh)
        ok = got["ratio"] <= TARGETS["ingest"]
        print(
            f"   dxextract ingest {' '.join(extra) or '(with its summary)':20} "
            f"{got['cpu']:.2f} s CPU vs {got['base_cpu']:.2f} s: {got['ratio']:.2f}x CPU, "
            f"{got['wall_ratio']:.2f}x wall (target <= {TARGETS['ingest']}x: {verdict(ok)})"
        )
    print("   dxextract tables on the real government PDFs, against the same (bench_tables.py):")
    bench_tables.main(["--pairs", str(max(3, count // 2))])
    return [got["rss_mb"]]


# --- 3. scale ---------------------------------------------------------------------------


def render_edition(job: tuple[str, int, str]) -> str:
    """One edition of the FY2023 content: series `name`, results year 令和`n`."""
    sys.path.insert(0, str(ROOT / "tools"))
    from dataclasses import replace

    from fy2023_content import REPORT, Years
    from make_fixture_pdfs import SLIDES, render_report

    name, n, path = job
    years = Years(f"令和{n}年度", f"令和{n + 1}年度", f"R{n}", f"R{n + 1}")
    title = (name + REPORT.title_lines[0], *REPORT.title_lines[1:])
    render_report(replace(REPORT, years=years, title_lines=title), path, SLIDES)
    return path


def editions(folder: Path, series: int, years: int) -> list[str]:
    """`series` × `years` distinct editions (titles and fiscal years), rendered on every core."""
    jobs = [
        (name, n, str(folder / f"edition_{s:02d}_r{n:02d}.pdf"))
        for s, name in enumerate(SERIES[:series])
        for n in range(5, 5 + years)
    ]
    with Pool() as pool:
        return pool.map(render_edition, jobs)


def child_extract(out: str, paths: list[str]) -> None:
    """In a child: read every file (two workers) and pickle each Extraction to `out`."""
    from dxextract.extract.batch import Task, extract_all

    tasks = [Task(Path(p)) for p in paths]
    with open(out, "wb") as fh:
        for task, answer in zip(tasks, extract_all(tasks, 2), strict=True):
            if not hasattr(answer.value, "document"):
                raise SystemExit(f"{task.path}: {answer.value}")
            pickle.dump((task.path, answer.value), fh)


def child_store(extractions: str, db: str, snapshot: str, count: int) -> None:
    """In a child: store the pickled extractions one by one as ingest does
    (ingest.store_extraction: the records, their findings, the edition line),
    print the mean CPU and wall milliseconds per file of each hundred; copy the
    database to `snapshot` once 100 are stored."""
    from dxextract.ingest import IngestOptions, checks, store_extraction
    from dxextract.store import open_db

    conn = open_db(db)
    options, rules = IngestOptions(), checks()
    cpu: list[float] = []
    wall: list[float] = []
    with open(extractions, "rb") as fh:
        for i in range(count):
            path, extraction = pickle.load(fh)
            if i == 100:
                with sqlite3.connect(snapshot) as copy:
                    conn.conn.backup(copy)
            c, w = time.process_time(), time.perf_counter()
            result = store_extraction(conn, path, extraction, options, rules)
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - w)
            if result.outcome != "added":
                raise SystemExit(f"{path}: {result.outcome} {result.error}")
    conn.close()
    hundreds = [
        (statistics.mean(cpu[i : i + 100]) * 1000, statistics.mean(wall[i : i + 100]) * 1000)
        for i in range(0, count, 100)
    ]
    print(json.dumps(hundreds))


def run_child(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return out.stdout


def bench_scale(series: int, years: int, work: Path) -> tuple[list[str], list[float]]:
    count = series * years
    print(
        f"\n3. scale: {count} editions ({series} series x {years} fiscal years, slides rendering)"
    )
    folder = work / "editions"
    folder.mkdir()
    started = time.perf_counter()
    files = editions(folder, series, years)
    print(f"   rendered in {time.perf_counter() - started:.0f} s")
    shuffle = random.Random(15).shuffle
    order = []
    for first in range(0, count, years):  # a series' editions, its years in no order
        one = files[first : first + years]
        shuffle(one)
        order.extend(one)
    pickled, db, db100 = work / "extractions.pickle", work / "scale.db", work / "scale100.db"
    started = time.perf_counter()
    run_child("extract", str(pickled), *order)
    print(f"   read in {time.perf_counter() - started:.0f} s (two workers)")
    hundreds = json.loads(run_child("store", str(pickled), str(db), str(db100), str(count)))
    for i, (cpu, wall) in enumerate(hundreds):
        print(
            f"   store cost per file with {i * 100:3d}-{i * 100 + 99:3d} stored: "
            f"{cpu:5.1f} ms CPU, {wall:5.1f} ms wall"
        )
    ratio = hundreds[-1][0] / hundreds[0][0]
    print(
        f"   store cost {count - 100}-{count - 1} / 0-99: {ratio:.2f}x CPU, "
        f"{hundreds[-1][1] / hundreds[0][1]:.2f}x wall "
        f"(target <= {TARGETS['store']}x: {verdict(ratio <= TARGETS['store'])})"
    )
    checks = {}
    for name, path in (("100", db100), (str(count), db)):
        runs = [measure([DXEXTRACT, "check", "--db", str(path)]) for _ in range(3)]
        checks[name] = Run(*(statistics.median(r[i] for r in runs) for i in range(3)))
    small, large = checks["100"], checks[str(count)]
    ratio = large.cpu / small.cpu
    print(
        f"   check --db: 100 editions {small.cpu:.2f} s CPU ({small.wall:.2f} s wall), "
        f"{count} editions {large.cpu:.2f} s CPU ({large.wall:.2f} s wall): {ratio:.2f}x "
        f"(target <= {TARGETS['check']}x: {verdict(ratio <= TARGETS['check'])}); "
        f"peak RSS {large.rss_mb:.0f} MB"
    )
    rss = [large.rss_mb]
    for extra in ([], ["--silent"]):
        runs = [
            measure([DXEXTRACT, "ingest", str(folder), "--db", str(db), *extra]) for _ in range(3)
        ]
        wall = statistics.median(r.wall for r in runs)
        peak = max(r.rss_mb for r in runs)
        ok = wall <= TARGETS["rerun_s"] and peak <= TARGETS["rerun_mb"]
        print(
            f"   unchanged re-run over {count} files {' '.join(extra) or '(with its summary)':20} "
            f"{wall:.2f} s wall, {statistics.median(r.cpu for r in runs):.2f} s CPU, "
            f"peak RSS {peak:.0f} MB "
            f"(target <= {TARGETS['rerun_s']:g} s, <= {TARGETS['rerun_mb']} MB: {verdict(ok)})"
        )
        rss.append(peak)
    return files, rss


# --- 4. workers ----------------------------------------------------------------------


def bench_jobs(files: list[str], work: Path) -> list[float]:
    print(f"\n4. workers: {len(files)} editions, --jobs 1 against --jobs 2 (whole process)")
    runs = {}
    for jobs in (1, 2):
        db = work / f"jobs{jobs}.db"
        runs[jobs] = measure(
            [DXEXTRACT, "ingest", *files, "--db", str(db), "--silent", "--jobs", str(jobs)]
        )
    speedup = runs[1].wall / runs[2].wall
    print(
        f"   --jobs 1 {runs[1].wall:.2f} s wall ({runs[1].cpu:.2f} s CPU), "
        f"--jobs 2 {runs[2].wall:.2f} s wall ({runs[2].cpu:.2f} s CPU): {speedup:.2f}x "
        f"(target >= {TARGETS['speedup']}x on an idle machine: "
        f"{verdict(speedup >= TARGETS['speedup'])}); "
        f"peak RSS {runs[1].rss_mb:.0f} MB / {runs[2].rss_mb:.0f} MB"
    )
    return [runs[1].rss_mb, runs[2].rss_mb]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=11, help="alternating pairs per ratio")
    parser.add_argument("--series", type=int, default=50, help="series of the scale run")
    parser.add_argument("--years", type=int, default=10, help="fiscal years of each series")
    parser.add_argument("--copies", type=int, default=50, help="editions for --jobs 1 vs 2")
    args = parser.parse_args()
    if not 1 <= args.series <= len(SERIES) or args.series * args.years < 200 or 100 % args.years:
        parser.error(
            f"--series 1–{len(SERIES)}, --years a divisor of 100, at least 200 editions in all"
        )
    # Both sides from compiled bytecode, as an installed package runs (bench_tables.py).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {load()}")
    rss: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rss += bench_startup(args.pairs + 4)
        rss += bench_ingest(args.pairs, work)
        files, scale_rss = bench_scale(args.series, args.years, work)
        rss += scale_rss
        rss += bench_jobs(files[: args.copies], work)
    peak = max(rss)
    print(
        f"\npeak RSS of any dxextract process (with its workers): {peak:.0f} MB "
        f"(target <= {TARGETS['rss_mb']} MB: {verdict(peak <= TARGETS['rss_mb'])})"
    )
    print(f"at the end: {load()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, rest = sys.argv[2], sys.argv[3:]
        if kind == "extract":
            child_extract(rest[0], rest[1:])
        else:
            child_store(rest[0], rest[1], rest[2], int(rest[3]))
        sys.exit(0)
    sys.exit(main())
