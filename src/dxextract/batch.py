"""Extract many PDFs: in worker processes, in input order, each within a time limit.

The parent process hashes and stores (one transaction per file, store/);
workers only turn a file into an Extraction (its Document and what was not
read). A file that takes longer than its time limit (a decompression bomb, a
pathological content stream) is given up in the worker that reads it, so one
bad file cannot stall the batch.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from .errors import DxError, InternalError, TimeLimitError
from .limits import DEFAULT_TIMEOUT_S

if TYPE_CHECKING:
    from .records import Extraction

# After the first alarm, repeat it this often (s): pdfminer catches Exception in
# places, which may swallow one TimeLimitError; the next one gets through.
DEFAULT_ALARM_REPEAT_S = 0.5


# Workers start from a fresh server process, not a fork of this one: this one
# holds the open SQLite connection, which must not be carried into a child
# (https://www.sqlite.org/howtocorrupt.html §2.6), and forking a process with
# threads is deprecated from Python 3.12. "spawn" where there is no forkserver.
def _start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


@dataclass(frozen=True)
class Task:
    """One file to extract: its digest is known already (the parent skipped stored ones)."""

    path: Path
    sha256: str
    max_pages: int | None = None
    timeout: float = DEFAULT_TIMEOUT_S


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise TimeLimitError("time limit per file reached")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitError in this (main) thread once `seconds` have passed.

    Signals reach only the main thread: elsewhere the block runs without a limit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, DEFAULT_ALARM_REPEAT_S)
    try:
        yield
    finally:
        # Ignore first: an alarm due now can no longer raise after the block.
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract(task: Task) -> Extraction | DxError:
    """Task → Extraction, or the DxError that says why not (returned, so that it pickles)."""
    deadline = time.monotonic() + task.timeout
    try:
        with time_limit(task.timeout):
            from .records import pdf_to_extraction  # here: the CLI starts without pdfplumber

            return pdf_to_extraction(task.path, max_pages=task.max_pages, sha256=task.sha256)
    except DxError as exc:
        if time.monotonic() >= deadline:
            # Whatever error the alarm surfaced as, the reason is the time limit.
            return TimeLimitError(f"gave up after {task.timeout:g} s (time limit per file)")
        return exc


def internal_error(exc: Exception) -> InternalError:
    """The one line a bug gives for the file it met (instead of a traceback)."""
    return InternalError(f"internal error ({type(exc).__name__}: {exc}); please report it")


def extract_reporting_bugs(task: Task) -> Extraction | DxError:
    """`extract`, with any other exception (a bug in a later stage) returned as an
    InternalError, so that one file cannot stop the batch. (The fuzz test calls
    `extract` itself, where such an exception still fails it.)"""
    try:
        return extract(task)
    except Exception as exc:
        return internal_error(exc)


def extract_all(tasks: Sequence[Task], jobs: int) -> Iterator[Extraction | DxError]:
    """Each task's Extraction or error, in the order of `tasks`, from `jobs` processes.

    One worker (or one file) runs in this process: no pool to start. A worker
    that dies (killed, out of memory) fails the files it had not returned.
    """
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(extract_reporting_bugs, tasks)
        return
    # Imported here: a command that reads one file (or none) starts without them.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)),
            mp_context=multiprocessing.get_context(_start_method()),
        ) as pool:
            for result in pool.map(extract_reporting_bugs, tasks):
                done += 1
                yield result
    except BrokenProcessPool:
        for _ in tasks[done:]:
            yield DxError("the worker process reading it died (out of memory?)")
