"""What the commands share: options, parameter types, the way a command imports
its modules, and the lines every reading command prints."""

from __future__ import annotations

import gc
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from dxextract.errors import DxError
from dxextract.extract.inputs import list_pdfs, shown
from dxextract.extract.limits import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT_S,
    format_bytes,
    parse_bytes,
)

DEFAULT_DB = Path("extracted/dx.db")
DEFAULT_OUT = Path("extracted")

F = TypeVar("F", bound=Callable[..., Any])

# The path types of the options, one instance each: click names a type through
# gettext when it is made, a search of the locale folders each time.
A_FILE = click.Path(dir_okay=False, path_type=Path)
A_FOLDER = click.Path(file_okay=False, path_type=Path)
EXISTING = click.Path(exists=True, path_type=Path)
EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@contextmanager
def loading() -> Iterator[None]:
    """Import a command's modules, then freeze what they made out of the collector.

    pdfplumber, pdfminer, pydantic and their kin leave some 10^5 objects that
    live as long as the process and are never garbage, yet every full pass of
    CPython's cyclic collector walks them all again: 15 % of a one-page `tables`
    run (bench/bench_tables.py). They are made with the collector held, then
    moved to its permanent generation (gc.freeze); it still frees what the run
    makes. The library never touches the collector: the process is the CLI's.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def library_errors(about: object = None) -> Iterator[None]:
    """The one translation of the library's errors: a DxError becomes click's
    one-line error, exit 1, naming `about` (a database, a file) when given."""
    try:
        yield
    except DxError as exc:
        raise click.ClickException(str(exc) if about is None else f"{about}: {exc}") from exc


def progress_bar(length: int, label: str, hidden: bool) -> Any:
    """click's progress bar on stderr (stdout is the command's output)."""
    return click.progressbar(length=length, label=label, file=sys.stderr, hidden=hidden)


# Below this a reading process cannot even start (it needs some 50 MB of address
# space before it reads a byte): --max-memory refuses it as a usage error.
MIN_MEMORY = 64 << 20


class ByteSize(click.ParamType[int]):
    """A size in bytes: `1GB`, `512MB`, `2g`, `1073741824` (units of 1024)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        size = parse_bytes(str(value))
        if size is None:
            self.fail(f"{value!r} is not a size such as 1GB or 512MB", param, ctx)
        if size < MIN_MEMORY:
            self.fail(f"{value!r} is less than {format_bytes(MIN_MEMORY)}", param, ctx)
        return size


def limit_options(fn: F) -> F:
    """--max-pages, --timeout and --max-memory: the bounds every PDF is read under."""
    fn = click.option(
        "--max-memory",
        type=ByteSize(),
        default=format_bytes(DEFAULT_MAX_MEMORY).replace(" ", ""),
        show_default=True,
        help="Give up a file whose reading needs more memory than this (1GB, 512MB …).",
    )(fn)
    fn = click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIMEOUT_S,
        show_default=True,
        help="Give up a file that takes longer than this many seconds to read.",
    )(fn)
    return click.option(
        "--max-pages",
        type=click.IntRange(min=1),
        default=500,
        show_default=True,
        help="Refuse PDFs with more pages than this.",
    )(fn)


def verbose_option(fn: F) -> F:
    return click.option(
        "--verbose",
        is_flag=True,
        help="Show what pdfminer warned while reading each file (counted on its line).",
    )(fn)


def with_pdfminer_warnings(line: str, warnings: Sequence[str], verbose: bool) -> str:
    """A file's line with what pdfminer warned while reading it: counted at the
    end of its first line; with --verbose, each warning on a line of its own."""
    if not warnings:
        return line
    first, newline, rest = line.partition("\n")
    count = len(warnings)
    first += f"; pdfminer warned {count} time{'s' if count > 1 else ''}"
    if not verbose:
        return first + " (--verbose shows them)" + newline + rest
    # The same warning repeated (once per font, per page) is one line with its count.
    counts = Counter(warnings)
    shown_once = "".join(
        f"\n  pdfminer: {w}" + (f" (×{counts[w]})" if counts[w] > 1 else "") for w in counts
    )
    return first + newline + rest + shown_once


def _read_vocabulary(ctx: click.Context, param: click.Parameter, value: Path | None) -> Any:
    """--vocabulary FILE → the Vocabulary (the package's with the file's words
    added); a bad file is one line naming file, line and key, exit 2."""
    if value is None:
        return None
    from dxextract.extract.vocabulary import VocabularyError, read_vocabulary_file

    try:
        return read_vocabulary_file(value)
    except VocabularyError as exc:
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(2) from exc


def vocabulary_option(fn: F) -> F:
    return click.option(
        "--vocabulary",
        type=EXISTING_FILE,
        callback=_read_vocabulary,
        help="Vocabulary file (TOML) whose words are added to the package's "
        "(`dxextract vocabulary` prints those).",
    )(fn)


def _read_directions(ctx: click.Context, param: click.Parameter, value: Path | None) -> Any:
    """--directions FILE → its rules (None: the package's reviewed table)."""
    if value is None:
        return None
    from dxextract.check.directions import load_directions

    with library_errors():
        return load_directions(value)


def directions_option(fn: F) -> F:
    return click.option(
        "--directions",
        type=EXISTING_FILE,
        callback=_read_directions,
        help="KPI direction table (TOML) to use instead of the reviewed one.",
    )(fn)


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=A_FILE,
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite database file.",
    )(fn)


def listed_pdfs(paths: tuple[Path, ...], err: bool = False) -> list[Path]:
    """The PDFs in PATHS (folders searched for *.pdf); a line for each entry skipped
    (a symlink loop, a FIFO), on stderr when `err`; a usage error when none."""
    files, skipped = list_pdfs(paths)
    for line in skipped:
        click.echo(line, err=err)
    if paths and not files:
        raise click.UsageError("no PDF files in " + ", ".join(shown(p) for p in paths))
    return files


def counts_text(counts: dict[str, int]) -> str:
    """`4 area summaries, 26 field rows, …, 19 KPIs` (reissue.record_counts)."""
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def upgraded_line(db_path: Path, steps: Sequence[str]) -> str:
    return f"{db_path}: upgraded to this dxextract's schema ({', '.join(steps)})"


def echo_pdfminer_read(path: Path, warnings: Sequence[str], verbose: bool) -> None:
    """On stderr, for a file read without error: what pdfminer warned, if anything."""
    if warnings:
        click.echo(with_pdfminer_warnings(f"{shown(path)}: read", warnings, verbose), err=True)
