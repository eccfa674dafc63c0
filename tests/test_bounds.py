"""Bounds that hold: every PDF is read in a child process within a time and a
memory limit; a child that dies costs only its own file (bounded.py)."""

from __future__ import annotations

import json
import mmap
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pdf_bytes
import pytest
from click.testing import CliRunner
from dxtest import GRID_PDF, SLIDES_PDF

from dxextract.cli import cli
from dxextract.errors import MemoryLimitError, TimeLimitError, WorkerDiedError
from dxextract.extract import pipeline
from dxextract.extract.bounded import Limits, run_bounded
from dxextract.models import Extraction
from dxextract.store import count_rows, open_db

DXEXTRACT = str(Path(sys.executable).with_name("dxextract"))
# Runs a command and prints its wall seconds and the peak RSS (KiB) of its
# process tree (RUSAGE_CHILDREN: every descendant waited for, the reader included).
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "t = time.monotonic()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps({'wall': time.monotonic() - t, 'rc': done.returncode,\n"
    "    'out': done.stdout, 'err': done.stderr,\n"
    "    'maxrss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)


def _measured(*args: str | Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, DXEXTRACT, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.pdf"
    path.write_bytes(pdf_bytes.flate_bomb_pdf(6 << 30))  # 6 MB that inflate to 6 GB
    return path


@pytest.mark.slow
def test_a_flate_bomb_is_given_up_at_the_memory_limit(bomb: Path, tmp_path: Path) -> None:
    got = _measured("ingest", bomb, "--db", tmp_path / "dx.db", "--silent", "--timeout", "30")
    assert got["rc"] == 1
    assert got["err"] == f"error: {bomb}: gave up: needs more than 1 GB of memory\n"
    assert got["wall"] < 30 + 2
    assert got["maxrss_kib"] * 1024 < 1 << 30
    assert count_rows(open_db(tmp_path / "dx.db"))["reports"] == 0


@pytest.mark.slow
def test_a_flate_bomb_is_given_up_at_the_time_limit(bomb: Path, tmp_path: Path) -> None:
    got = _measured(
        "ingest", bomb, "--db", tmp_path / "dx.db", "--silent", "--timeout", "1",
        "--max-memory", "8GB",
    )  # fmt: skip
    assert got["rc"] == 1
    assert got["err"] == f"error: {bomb}: gave up after 1 s (time limit per file)\n"
    assert got["wall"] < 1 + 2 + 1  # + the command's own start (about 0.5 s here)


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["tables"],
        ["inspect"],
    ],
)
def test_reading_commands_stop_at_the_time_limit(command: list[str], tmp_path: Path) -> None:
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(pdf_bytes.inflating_pdf(5_000_000))  # some 10^7 tokens to interpret
    got = _measured(*command, slow, "--timeout", "1")
    assert got["rc"] == 1
    assert "gave up after 1 s (time limit per file)" in got["err"]
    assert len(got["err"].splitlines()) == 1
    assert got["wall"] < 1 + 2 + 1


@pytest.mark.slow
def test_reading_commands_take_the_memory_limit(bomb: Path) -> None:
    got = _measured("tables", bomb, "--max-memory", "512MB")
    assert got["rc"] == 1
    assert got["err"] == f"error: {bomb}: gave up: needs more than 512 MB of memory\n"
    assert got["maxrss_kib"] * 1024 < 512 << 20


def _kill_itself_on(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a file of this name kills its process (as the OOM killer would)."""
    real = pipeline.pdf_to_extraction

    def dying(path: Path, *args: Any, **kwargs: Any) -> Extraction:
        if path.name == name:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "pdf_to_extraction", dying)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_reader_fails_only_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SLIDES_PDF, folder / "a.pdf")
    shutil.copy(GRID_PDF, folder / "b_killed.pdf")
    (folder / "c.pdf").write_bytes(GRID_PDF.read_bytes() + b"\n% other bytes\n")
    _kill_itself_on("b_killed.pdf", monkeypatch)
    db = tmp_path / "dx.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(folder), "--db", str(db), "--silent", "--jobs", jobs]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"error: {folder / 'b_killed.pdf'}: the process reading it died (signal 9)" in lines
    assert sum(line.startswith("error:") for line in lines) == 1
    # a.pdf and c.pdf: two issues of one edition, both read and remembered.
    assert count_rows(open_db(db))["reports"] == 1
    assert open_db(db).table("files").count == 2


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _allocate(size: int) -> int:
    return len(bytearray(size))


@pytest.mark.slow
def test_run_bounded_gives_results_in_input_order_within_the_limits() -> None:
    items = [0.3, 5.0, 0.0, 0.1]
    started = time.monotonic()
    results = [a.value for a in run_bounded(_sleep, items, jobs=2, limits=Limits(timeout=1.0))]
    assert results[0] == 0.3 and results[2] == 0.0 and results[3] == 0.1
    assert isinstance(results[1], TimeLimitError)
    assert time.monotonic() - started < 3


def test_run_bounded_says_when_a_child_needs_too_much_memory() -> None:
    limits = Limits(timeout=30, max_memory=512 << 20)
    small, large = (a.value for a in run_bounded(_allocate, [1 << 20, 2 << 30], limits=limits))
    assert small == 1 << 20
    assert isinstance(large, MemoryLimitError)
    assert str(large) == "gave up: needs more than 512 MB of memory"


def test_the_memory_limit_counts_only_what_the_child_adds() -> None:
    """A worker forked from a process that already maps more than the limit
    (a test runner, a notebook, a server) still reads; what it adds is capped."""
    limit = 256 << 20
    held = mmap.mmap(-1, 2 * limit)  # reserved by this process, never touched
    try:
        limits = Limits(timeout=30, max_memory=limit)
        answers = run_bounded(_allocate, [1 << 20, 2 * limit], limits=limits)
        small, large = (a.value for a in answers)
    finally:
        held.close()
    assert small == 1 << 20
    assert isinstance(large, MemoryLimitError)


def test_run_bounded_says_when_a_child_dies() -> None:
    (result,) = run_bounded(os.kill, [os.getpid()], limits=Limits(timeout=5))  # type: ignore[arg-type]
    # os.kill(pid) with no signal is a TypeError in the child: a bug, not a death.
    assert "internal error (TypeError" in str(result.value)
    ((died, _),) = run_bounded(_kill_self, [signal.SIGKILL], limits=Limits(timeout=5))
    assert isinstance(died, WorkerDiedError)
    assert str(died) == "the process reading it died (signal 9)"


def _kill_self(sig: int) -> None:
    os.kill(os.getpid(), sig)


def test_a_memory_limit_too_small_to_start_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tables", str(SLIDES_PDF), "--max-memory", "10MB"])
    assert result.exit_code == 2
    assert "'10MB' is less than 64 MB" in result.output
