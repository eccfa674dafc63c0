"""Extract many PDFs: in worker processes, in input order, each within its limits.

The parent process hashes and stores (one transaction per file, store/);
workers only turn a file into an Extraction (its Document and what was not
read), under a time and a memory limit per file (bounded.py), so one bad file
cannot stall the batch or the machine.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from dxextract.errors import DxError, TimeLimitError
from dxextract.extract.bounded import DEFAULT_LIMITS, Answer, Limits, internal_error, run_bounded
from dxextract.extract.limits import DEFAULT_TIMEOUT_S
from dxextract.extract.readers import EXTRACTION_MODULES, read_extraction

if TYPE_CHECKING:
    from dxextract.extract.vocabulary import Vocabulary
    from dxextract.models import Extraction

# After the first alarm, repeat it this often (s): pdfminer catches Exception in
# places, which may swallow one TimeLimitError; the next one gets through.
DEFAULT_ALARM_REPEAT_S = 0.5

__all__ = ["Task", "extract", "extract_all", "internal_error", "time_limit"]


@dataclass(frozen=True)
class Task:
    """One file to extract; its digest when known already (ingest hashed it first
    to skip stored ones), else None (computed while reading)."""

    path: Path
    sha256: str | None = None
    max_pages: int | None = None
    vocabulary: Vocabulary | None = None  # None: the package's


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


def extract(task: Task, timeout: float = DEFAULT_TIMEOUT_S) -> Extraction | DxError:
    """Task → Extraction, or the DxError that says why not, in this process
    (the fuzz test's way in): the time limit is an alarm signal here, which an
    inflate in C does not see; `extract_all` reads in a worker the parent kills."""
    deadline = time.monotonic() + timeout
    try:
        with time_limit(timeout):
            return _read(task)
    except DxError as exc:
        if time.monotonic() >= deadline:
            # Whatever error the alarm surfaced as, the reason is the time limit.
            return TimeLimitError(f"gave up after {timeout:g} s (time limit per file)")
        return exc


def _read(task: Task) -> Extraction:
    return read_extraction(task.path, task.max_pages, task.sha256, task.vocabulary)


def extract_all(
    tasks: Sequence[Task], jobs: int, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Answer[Extraction]]:
    """Each task's Answer (its Extraction or error, and what pdfminer warned), in
    the order of `tasks`, each read in a worker (at most `jobs` at once) within
    `limits`: a worker that dies or runs out of time or memory fails its own
    file only."""
    yield from run_bounded(_read, tasks, jobs, limits, EXTRACTION_MODULES)
