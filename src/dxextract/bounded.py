"""Read each file in a child process of its own, within a time and a memory limit.

Every file is read in a child (with `--jobs 1` too): the parent kills it at the
time limit (SIGKILL stops an inflate running in C, where an alarm signal in
the reading process cannot), and the child's address space is capped
(RLIMIT_AS), so a decompression bomb fails its own file with MemoryError instead
of the machine. A child that dies (the OOM killer, a crash) costs only its own
file; the next file gets a fresh child. Results come back in input order.

Children are forked: each starts with the parent's imports, in a few
milliseconds instead of a new interpreter's third of a second. The parent may
hold an open SQLite connection (ingest); the child never touches it and leaves
by `os._exit` without closing it, as https://www.sqlite.org/howtocorrupt.html
§2.6 asks (the hazard is using a connection across a fork). Where there is no
fork, spawn.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, NamedTuple, TypeVar

from .errors import DxError, InternalError, MemoryLimitError, TimeLimitError, WorkerDiedError
from .limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, format_bytes

T = TypeVar("T")
R = TypeVar("R")


class Limits(NamedTuple):
    """The bounds one file is read under."""

    timeout: float = DEFAULT_TIMEOUT_S  # seconds, from the child's start
    max_memory: int = DEFAULT_MAX_MEMORY  # bytes of the child's address space


DEFAULT_LIMITS = Limits()


def internal_error(exc: BaseException) -> InternalError:
    """The one line a bug gives for the file it met (instead of a traceback)."""
    return InternalError(f"internal error ({type(exc).__name__}: {exc}); please report it")


def _ran_out_of_memory(exc: BaseException) -> bool:
    """MemoryError, or an error raised while handling one (pdfminer and the
    pipeline turn some exceptions into their own)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def memory_error(max_memory: int) -> MemoryLimitError:
    return MemoryLimitError(f"gave up: needs more than {format_bytes(max_memory)} of memory")


def call_reporting(fn: Callable[[T], R], item: T, max_memory: int) -> R | DxError:
    """`fn(item)`, or the DxError that says why not: a MemoryError (however
    wrapped) as the memory limit, any other exception as an internal error."""
    try:
        return fn(item)
    except DxError as exc:
        return memory_error(max_memory) if _ran_out_of_memory(exc) else exc
    except MemoryError:
        return memory_error(max_memory)
    except Exception as exc:
        return memory_error(max_memory) if _ran_out_of_memory(exc) else internal_error(exc)


class Answer(NamedTuple, Generic[R]):
    """What a child gave for one item: its result (or the DxError that says why
    not), and the warnings pdfminer logged while it read (one line each)."""

    value: R | DxError
    warnings: tuple[str, ...] = ()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(" ".join(record.getMessage().split()))
        except Exception:  # a message that cannot be formatted is still one warning
            self.lines.append(f"{record.name}: {record.msg!r}")


def call_collecting(fn: Callable[[T], R], item: T, max_memory: int) -> Answer[R]:
    """`call_reporting`, with pdfminer's warnings kept for the caller instead of
    printed to stderr with no file named."""
    logger = logging.getLogger("pdfminer")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        return Answer(call_reporting(fn, item, max_memory), tuple(handler.lines))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _child(fn: Callable[[T], R], item: T, max_memory: int, conn: Connection) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, resource.RLIM_INFINITY))
        answer: Answer[R] = call_collecting(fn, item, max_memory)
        try:
            conn.send(answer)
        except MemoryError:
            conn.send(Answer(memory_error(max_memory), answer.warnings))
    finally:
        conn.close()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Running(NamedTuple):
    process: Any  # multiprocessing.Process of the context
    conn: Connection
    deadline: float


def _died(process: Any) -> DxError:
    code = process.exitcode
    if code is not None and code < 0:
        return WorkerDiedError(f"the process reading it died (signal {-code})")
    return WorkerDiedError(f"the process reading it exited with code {code}")


def run_bounded(
    fn: Callable[[T], R], items: Sequence[T], jobs: int = 1, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Answer[R]]:
    """`fn(item)` for each item, in a child process each, at most `jobs` at once,
    in input order; a DxError for an item that failed, ran out of time or memory,
    or whose child died. `fn` and the items must pickle where there is no fork."""
    ctx = _context()
    waiting = list(enumerate(items))[::-1]
    running: dict[int, _Running] = {}
    done: dict[int, Answer[R]] = {}
    try:
        for index in range(len(items)):
            while index not in done:
                while waiting and len(running) < max(1, jobs):
                    i, item = waiting.pop()
                    receive, send = ctx.Pipe(duplex=False)
                    process = ctx.Process(
                        target=_child, args=(fn, item, limits.max_memory, send), daemon=True
                    )
                    process.start()
                    send.close()
                    running[i] = _Running(process, receive, time.monotonic() + limits.timeout)
                _collect(running, done, limits.timeout)
            yield done.pop(index)
    finally:
        for job in running.values():
            job.process.kill()
            job.process.join()
            job.conn.close()


def _collect(running: dict[int, _Running], done: dict[int, Any], timeout: float) -> None:
    """Wait until a child has answered, died or run out of time; record each such."""
    now = time.monotonic()
    soonest = min(job.deadline for job in running.values())
    handles: list[Any] = [job.conn for job in running.values()]
    handles += [job.process.sentinel for job in running.values()]
    ready = set(wait(handles, max(0.0, soonest - now)))
    now = time.monotonic()
    for i, job in list(running.items()):
        if job.conn in ready or job.process.sentinel in ready:
            try:
                done[i] = job.conn.recv()
            except (EOFError, OSError):
                job.process.join()
                done[i] = Answer(_died(job.process))
        elif now >= job.deadline:
            job.process.kill()
            done[i] = Answer(TimeLimitError(f"gave up after {timeout:g} s (time limit per file)"))
        else:
            continue
        job.process.join()
        job.conn.close()
        del running[i]


def run_one(fn: Callable[[T], R], item: T, limits: Limits = DEFAULT_LIMITS) -> Answer[R]:
    """`fn(item)` in a child within `limits`; its DxError raised here."""
    (answer,) = run_bounded(fn, [item], 1, limits)
    if isinstance(answer.value, DxError):
        raise answer.value
    return answer
