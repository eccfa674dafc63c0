"""Read files in worker processes, each file within a time and a memory limit.

Every file is read in a worker (with `--jobs 1` too), never in the command's
own process: the parent kills the worker at the file's time limit (SIGKILL
stops an inflate running in C, where an alarm signal in the reading process
cannot), and what the worker may add to the address space it was forked
with is capped (RLIMIT_AS), so a decompression bomb fails its own file with
MemoryError instead of the machine. A worker that dies (the OOM killer, a
crash), runs out of time or of memory costs only its own file; a new worker
takes the next. Results come back in input order.

Workers are forked (`os.fork`; pickles over two pipes) from the command's
process before it imports the pipeline; each imports it once and reads file
after file. The parent may hold an open SQLite connection (ingest); a worker
never touches it and leaves by `os._exit` without closing it, as
https://www.sqlite.org/howtocorrupt.html §2.6 asks (the hazard is using a
connection across a fork). POSIX only, as RLIMIT_AS is.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from dxextract.errors import (
    DxError,
    InternalError,
    MemoryLimitError,
    TimeLimitError,
    WorkerDiedError,
)
from dxextract.extract.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, format_bytes

T = TypeVar("T")
R = TypeVar("R")


class Limits(NamedTuple):
    """The bounds one file is read under."""

    timeout: float = DEFAULT_TIMEOUT_S  # seconds, from the child's start
    max_memory: int = DEFAULT_MAX_MEMORY  # bytes the child may map beyond what it inherits


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


# Messages on the pipes: a pickle after its length.
_LENGTH = struct.Struct("!Q")
# A worker exits with this code when it failed outside any item (a bug).
_WORKER_FAILED = 70


def _write_message(fd: int, obj: object) -> None:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def address_space() -> int:
    """This process's address space in bytes (0 where /proc cannot say)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _cap_address_space(max_memory: int) -> None:
    """Let this (just forked) process map at most `max_memory` bytes more than
    it inherited. An absolute cap would count the forking process's own
    mappings: a worker forked from a large process (a test runner, a notebook,
    a server; each thread's malloc arena alone reserves 64 MB) would start
    above the cap and fail its first import (SystemError from ctypes, not even
    a MemoryError)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = address_space() + max_memory
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _worker(
    fn: Callable[[T], R], preload: Sequence[str], max_memory: int, inbox: int, outbox: int
) -> None:
    """In the forked worker: cap the address space, import what `fn` needs (the
    collector held, then frozen: see cli.common.loading), then read the items the parent
    sends, one at a time, and send back each Answer. A worker that ran out of
    memory answers and leaves: what its heap holds is not to be trusted."""
    _cap_address_space(max_memory)
    gc.disable()
    unable: DxError | None = None
    try:
        for module in preload:
            importlib.import_module(module)
    except MemoryError:  # a limit below what the pipeline itself takes: say so per file
        unable = memory_error(max_memory)
    gc.freeze()
    gc.enable()
    while True:
        header = _read_exactly(inbox, _LENGTH.size)
        if header is None:  # the parent is done with this worker
            return
        payload = _read_exactly(inbox, _LENGTH.unpack(header)[0])
        if payload is None:
            return
        if unable is not None:
            _write_message(outbox, Answer(unable))
            return
        answer: Answer[R] = call_collecting(fn, pickle.loads(payload), max_memory)
        try:
            _write_message(outbox, answer)
        except MemoryError:
            answer = Answer(memory_error(max_memory), answer.warnings)
            _write_message(outbox, answer)
        if isinstance(answer.value, MemoryLimitError):
            return


class _Worker:
    """A forked worker: its pid, its two pipes, the item it reads and by when."""

    # This process's ends of every live worker's pipes: a worker forked later
    # closes them, or an earlier worker would never see the end of its inbox.
    parent_fds: ClassVar[set[int]] = set()

    def __init__(self, fn: Callable[[Any], Any], preload: Sequence[str], limits: Limits) -> None:
        # Whatever this process has buffered would be written twice (the child's copy).
        sys.stdout.flush()
        sys.stderr.flush()
        to_worker, inbox = os.pipe()[::-1]
        outbox_read, outbox = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns, never runs this process's cleanup
            code = 0
            try:
                for fd in (to_worker, outbox_read, *_Worker.parent_fds):
                    os.close(fd)
                _worker(fn, preload, limits.max_memory, inbox, outbox)
            except BaseException:
                code = _WORKER_FAILED
            finally:
                os._exit(code)
        os.close(inbox)
        os.close(outbox)
        os.set_blocking(outbox_read, False)
        self.pid, self.to_worker, self.fd = pid, to_worker, outbox_read
        _Worker.parent_fds |= {to_worker, outbox_read}
        self.timeout = limits.timeout
        self.index: int | None = None
        self.deadline = 0.0
        self.data = bytearray()

    def assign(self, index: int, item: object) -> None:
        self.index, self.deadline = index, time.monotonic() + self.timeout
        _write_message(self.to_worker, item)

    def read(self) -> Answer[Any] | None:
        """What the pipe holds: the Answer once whole; a WorkerDiedError answer
        when the worker has gone without one; else None. A worker gone is reaped."""
        ended = False
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                ended = True
                break
            self.data += chunk
        answer = self._message()
        if ended:
            died = self._reap()  # after its last answer (out of memory), or without one
            return answer or Answer(died)
        return answer

    def _message(self) -> Answer[Any] | None:
        if len(self.data) < _LENGTH.size:
            return None
        size = _LENGTH.unpack_from(self.data)[0]
        if len(self.data) < _LENGTH.size + size:
            return None
        answer: Answer[Any] = pickle.loads(self.data[_LENGTH.size : _LENGTH.size + size])
        del self.data[: _LENGTH.size + size]
        self.index = None
        return answer

    def _reap(self) -> DxError:
        _, status = os.waitpid(self.pid, 0)
        self._close()
        if os.WIFSIGNALED(status):
            return WorkerDiedError(f"the process reading it died (signal {os.WTERMSIG(status)})")
        return WorkerDiedError(f"the process reading it exited with code {os.WEXITSTATUS(status)}")

    def _close(self) -> None:
        for fd in (self.to_worker, self.fd):
            if fd in _Worker.parent_fds:
                _Worker.parent_fds.discard(fd)
                os.close(fd)
        self.pid = 0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._close()

    def stop(self) -> None:
        """Let an idle worker finish (end of its inbox), or kill a busy one."""
        if self.index is not None:
            self.kill()
            return
        _Worker.parent_fds.discard(self.to_worker)
        os.close(self.to_worker)  # the worker reads the end of its inbox and leaves
        os.waitpid(self.pid, 0)
        self._close()

    @property
    def alive(self) -> bool:
        return self.pid != 0


def run_bounded(
    fn: Callable[[T], R],
    items: Sequence[T],
    jobs: int = 1,
    limits: Limits = DEFAULT_LIMITS,
    preload: Sequence[str] = (),
) -> Iterator[Answer[R]]:
    """`fn(item)` for each item, in at most `jobs` forked workers, in input order,
    each item within `limits`: a DxError answer for an item that failed, ran out
    of time or memory, or whose worker died (a new worker takes the next item).

    `preload`: modules the workers import before their first item (the pipeline,
    which this process need not import at all: a worker forked from a process
    that never imported pdfplumber takes no copy-on-write faults on its pages).
    """
    waiting = list(enumerate(items))[::-1]
    workers: list[_Worker] = []
    done: dict[int, Answer[R]] = {}
    try:
        for index in range(len(items)):
            while index not in done:
                idle = [w for w in workers if w.index is None]
                while waiting and (idle or len(workers) < max(1, jobs)):
                    worker = idle.pop() if idle else _Worker(fn, preload, limits)
                    if worker not in workers:
                        workers.append(worker)
                    i, item = waiting.pop()
                    try:
                        worker.assign(i, item)
                    except OSError:  # it died while idle (the OOM killer): its pipe is shut
                        worker.kill()
                        workers.remove(worker)
                        done[i] = Answer(WorkerDiedError("the process reading it died"))
                _collect(workers, done)
                workers = [w for w in workers if w.alive]
            yield done.pop(index)
    finally:
        for worker in workers:
            worker.stop()


def _collect(workers: list[_Worker], done: dict[int, Any]) -> None:
    """Wait until a busy worker has answered, died or run out of time; record each."""
    busy = [w for w in workers if w.index is not None]
    soonest = min(w.deadline for w in busy)
    ready, _, _ = select.select([w.fd for w in busy], [], [], max(0.0, soonest - time.monotonic()))
    now = time.monotonic()
    for worker in busy:
        index = worker.index
        assert index is not None
        answer = worker.read() if worker.fd in ready else None
        if answer is not None:
            done[index] = answer
            if isinstance(answer.value, MemoryLimitError) and worker.alive:
                worker.stop()  # it leaves after such an answer
        elif now >= worker.deadline:
            worker.kill()
            done[index] = Answer(
                TimeLimitError(f"gave up after {worker.timeout:g} s (time limit per file)")
            )


def run_one(
    fn: Callable[[T], R], item: T, limits: Limits = DEFAULT_LIMITS, preload: Sequence[str] = ()
) -> Answer[R]:
    """`fn(item)` in a worker within `limits`; its DxError raised here."""
    (answer,) = run_bounded(fn, [item], 1, limits, preload)
    if isinstance(answer.value, DxError):
        raise answer.value
    return answer
