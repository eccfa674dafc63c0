"""The command line: thin click commands over the library.

Only this module imports click. Library errors (DxError) become one line that
names the file and what is wrong, exit 1; usage mistakes exit 2 (click's rule).
"""

from __future__ import annotations

import gc
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import click

from . import __version__
from .datasette import DEFAULT_PUBLISHER
from .datasette.serve import DEFAULT_HOST, DEFAULT_PORT, datasette_args, metadata_path_for
from .errors import REFUSALS, DxError
from .inputs import file_sha256, list_pdfs, shown
from .limits import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT_S,
    default_jobs,
    format_bytes,
    parse_bytes,
)

if TYPE_CHECKING:
    from .editions import EditionChanges
    from .models import Document, Extraction, Finding
    from .store import SeenFile

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


@click.group()
@click.version_option(__version__, prog_name="dxextract")
def cli() -> None:
    """Turn Japanese prefectures' DX report PDFs into exact, queryable records."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=EXISTING)
@db_option
@click.option(
    "--silent",
    is_flag=True,
    help="No progress bar, and no summary of the database after the lines.",
)
@limit_options
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=default_jobs,
    show_default="number of cores",
    help="Processes that read PDFs at the same time (each file is read in a process "
    "of its own, within the limits).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Make each file the current issue of its edition even when it is dated earlier "
    "or holds fewer records than the stored one (files skipped before as earlier "
    "issues or refused are read again).",
)
@verbose_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object per file on stdout (file, outcome, current, counts, warnings, "
    "pdfminer_warnings, error) instead of the lines and the summary: for scripts.",
)
def ingest(
    paths: tuple[Path, ...],
    db_path: Path,
    silent: bool,
    max_pages: int,
    timeout: float,
    max_memory: int,
    jobs: int,
    replace: bool,
    verbose: bool,
    as_json: bool,
) -> None:
    """Extract every PDF in PATHS (files or folders) into the database.

    One line per file says what became of it. Every file read is remembered by
    its bytes (sha256): a re-run reads only new files and changes nothing else.
    Of two issues of one edition (same title and fiscal years) the later by the
    date the PDF gives (else by file name) is current; an issue with fewer
    records than the current one is refused unless --replace. A file that
    cannot be read is reported and skipped; the others are still ingested; the
    exit code is 1.
    """
    with loading():
        from .batch import Task, extract_all, internal_error
        from .bounded import Limits
        from .store import load_documents, open_db_upgrading, remember_refusal, seen_file
        from .summary import documents_to_summary

    files = listed_pdfs(paths, err=as_json)
    try:
        db, upgraded = open_db_upgrading(db_path)
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    if upgraded:
        click.echo(upgraded_line(db_path, upgraded), err=as_json)
    said: dict[Path, Said] = {}
    tasks: list[Task] = []
    # Hash first: a file read before is not read again.
    for path in files:
        try:
            seen = seen_file_line(path, seen_file(db, sha := file_sha256(path)), replace)
            if seen is None:
                tasks.append(Task(path, sha, max_pages))
            else:
                said[path] = seen
        except (DxError, OSError) as exc:
            said[path] = failed(path, exc)
    with click.progressbar(
        length=len(files),
        label="Ingesting",
        file=sys.stderr,
        hidden=silent or as_json,
    ) as bar:
        bar.update(len(files) - len(tasks))
        limits = Limits(timeout, max_memory)
        for task, answer in zip(tasks, extract_all(tasks, jobs, limits), strict=True):
            result = answer.value
            try:
                if not isinstance(result, DxError):
                    said[task.path] = store_one(db, task.path, result, replace)
                elif isinstance(result, REFUSALS) and task.sha256 is not None:
                    remember_refusal(db, task.sha256, task.path.name, str(result))
                    said[task.path] = failed(task.path, result, "refused")
                else:
                    said[task.path] = failed(task.path, result)
            except DxError as exc:
                said[task.path] = failed(task.path, exc)
            except Exception as exc:  # a bug: its transaction was rolled back
                said[task.path] = failed(task.path, internal_error(exc))
            one = said[task.path]
            said[task.path] = one._replace(
                line=with_pdfminer_warnings(one.line, answer.warnings, verbose),
                pdfminer=len(answer.warnings),
            )
            bar.update(1)
    for path in files:
        if as_json:
            import json  # here: the other commands start without it

            record = said[path].as_json(path)
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(said[path].line, err=said[path].error is not None)
    if not silent and not as_json:
        click.echo()
        try:
            summary = documents_to_summary(load_documents(db), str(db_path))
        except DxError as exc:
            raise click.ClickException(f"{db_path}: {exc}") from exc
        for line in summary:
            click.echo(line)
    if any(s.error is not None for s in said.values()):
        raise click.exceptions.Exit(1)


# record_counts' kinds → the contract's list names, for --json.
JSON_COUNTS = {
    "area summaries": "area_summaries",
    "field rows": "fields",
    "field totals": "field_totals",
    "initiatives": "initiatives",
    "KPIs": "kpis",
}


class Said(NamedTuple):
    """What ingest says of one file: its line (with the lines under it), and the
    same facts for `--json`."""

    line: str
    outcome: str  # added, replaced, earlier, unchanged, refused, error
    current: str | None = None  # the file that is its edition's current issue
    counts: dict[str, int] | None = None
    error: str | None = None
    warnings: int = 0  # what it printed but was not read
    pdfminer: int = 0  # what pdfminer warned while reading it

    def as_json(self, path: Path) -> dict[str, Any]:
        return {
            "file": str(path),
            "outcome": self.outcome,
            "current": self.current,
            "counts": None
            if self.counts is None
            else {JSON_COUNTS[kind]: n for kind, n in self.counts.items()},
            "warnings": self.warnings,
            "pdfminer_warnings": self.pdfminer,
            "error": self.error,
        }


def failed(path: Path, error: object, outcome: str = "error") -> Said:
    return Said(f"error: {shown(path)}: {error}", outcome, error=str(error))


def seen_file_line(path: Path, seen: SeenFile | None, replace: bool) -> Said | None:
    """The line for a file read before, from what became of it; None: read it
    (never read, a refusal by another dxextract, or --replace asks again)."""
    if seen is None:
        return None
    if seen.status == "current":
        also = f" (as {seen.file})" if seen.file != path.name else ""
        return Said(f"{shown(path)}: unchanged, already ingested{also}", "unchanged", seen.file)
    if replace or (seen.status == "refused" and seen.version != __version__):
        return None
    if seen.status == "superseded":
        return Said(
            f"{shown(path)}: unchanged, an earlier issue of its edition "
            f"({seen.current_file} is current; --replace makes this one current)",
            "earlier",
            seen.current_file,
        )
    return failed(path, f"{seen.reason} (refused before; not read again)", "refused")


def store_one(db: Any, path: Path, extraction: Extraction, replace: bool = False) -> Said:
    """Store one extracted document; what to say of it: its line, with what was
    not read (one `warning:` line each) and initiatives unmatched across editions."""
    from .reissue import record_counts
    from .store import StoreOutcome, edition_changes, store_document

    doc = extraction.document
    counts = record_counts(doc)
    result = store_document(db, doc, extraction.unread, replace)
    if result.outcome is StoreOutcome.REPLACED:
        line = (
            f"{shown(path)}: current issue now, replacing {result.other_file}: {result.changes} "
            f"— {counts_text(counts)}"
        )
    elif result.outcome is StoreOutcome.UNCHANGED:
        return Said(f"{shown(path)}: unchanged, already ingested", "unchanged", doc.report.file)
    elif result.outcome is StoreOutcome.EARLIER:
        return Said(
            f"{shown(path)}: an earlier issue of its edition, not stored "
            f"({result.other_file} stays current; --replace makes this one current)",
            "earlier",
            result.other_file,
            counts,
        )
    elif result.outcome is StoreOutcome.PARTIAL:
        return failed(path, result.reason, "refused")._replace(
            current=result.other_file, counts=counts
        )
    else:
        line = f"{shown(path)}: {counts_text(counts)}"
    if extraction.unread:
        count = len(extraction.unread)
        line += f"; {count} warning{'s' if count > 1 else ''}: not all of it was read"
        line += "".join(f"\n  warning: {f.message}" for f in extraction.unread)
    changes = edition_changes(db, doc.report.sha256)
    if changes is not None and (changes.new or changes.gone):
        line += "\n" + edition_changes_line(changes)
    outcome = "replaced" if result.outcome is StoreOutcome.REPLACED else "added"
    return Said(line, outcome, doc.report.file, counts, warnings=len(extraction.unread))


def edition_changes_line(changes: EditionChanges) -> str:
    """One line: initiatives new since the earlier edition, and those no longer listed."""
    new = "; ".join(f"{i.field_code} {i.title}" for i in changes.new) or "none"
    gone = "; ".join(f"{i.field_code} {i.title}" for i in changes.gone) or "none"
    return f"  unmatched in {changes.earlier_file}: new {new} | gone {gone}"


@cli.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), required=True, help="Output format."
)
@click.option(
    "--out",
    type=A_FOLDER,
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write into.",
)
def export(db_path: Path, fmt: str, out: Path) -> None:
    """Write every stored report as <stem>.json (the data contract) or CSV files.

    The files written are listed in OUT/.dxextract-export.json; those of reports
    no longer stored (a superseded issue) are removed. Nothing else in OUT is touched.
    """
    with loading():
        from .export import update_manifest, write_csv, write_json
        from .store import read_documents

    try:
        docs = read_documents(db_path)
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    try:
        written: dict[Path, str] = {}
        for doc in docs:
            paths = write_json([doc], out) if fmt == "json" else write_csv([doc], out)
            written.update(dict.fromkeys(paths, doc.report.sha256))
        out.mkdir(parents=True, exist_ok=True)
        removed = update_manifest(out, written, (doc.report.sha256 for doc in docs))
    except OSError as exc:
        raise click.ClickException(f"{shown(out)}: cannot write: {exc.strerror}") from exc
    for path in written:
        click.echo(shown(path))
    for path in removed:
        click.echo(f"removed {shown(path)} (its report is no longer stored)")


@cli.command()
@click.argument("pdfs", nargs=-1, type=EXISTING)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "markdown"]),
    default="text",
    show_default=True,
    help="Output format; github prints workflow annotations.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@limit_options
@verbose_option
@click.option(
    "--directions",
    type=EXISTING_FILE,
    default=None,
    help="KPI direction table (TOML) to use instead of the reviewed one.",
)
def check(
    pdfs: tuple[Path, ...],
    db_path: Path,
    fmt: str,
    fail_on: str,
    max_pages: int,
    timeout: float,
    max_memory: int,
    directions: Path | None,
    verbose: bool,
) -> None:
    """Check that published numbers agree: sums, percentages, statuses, editions.

    With PDFs (files or folders), extract and check them without storing them;
    without, check every report in the database. Exit 1 when a finding is at
    least as severe as --fail-on.
    """
    with loading():
        from .batch import Task, extract_all
        from .bounded import Limits
        from .checks import check_documents
        from .directions import load_directions
        from .report_format import (
            failing,
            findings_to_github,
            findings_to_json,
            findings_to_markdown,
            findings_to_text,
        )

    files = listed_pdfs(pdfs, err=True)
    try:
        rules = load_directions(directions)
    except DxError as exc:
        raise click.ClickException(str(exc)) from exc
    # Annotations and tables name a PDF given on the command line by its path.
    docs: list[Document] = []
    unread: list[Finding] = []
    paths: dict[str, str] = {}
    unreadable = 0
    tasks = [Task(path, None, max_pages) for path in files]
    answers = extract_all(tasks, 1, Limits(timeout, max_memory))
    for path, answer in zip(files, answers, strict=True):
        extraction = answer.value
        if isinstance(extraction, DxError):  # reported; the other files are still checked
            unreadable += 1
            line = f"error: {shown(path)}: {extraction}"
            click.echo(with_pdfminer_warnings(line, answer.warnings, verbose), err=True)
            continue
        echo_pdfminer_read(path, answer.warnings, verbose)
        docs.append(extraction.document)
        unread.extend(extraction.unread)
        paths[extraction.document.report.sha256] = str(path)
    if not files:
        docs, unread = stored_documents(db_path)
    findings = [
        f.model_copy(update={"file": paths.get(f.sha256, f.file)})
        for f in [*check_documents(docs, rules), *unread]
    ]
    if fmt == "json":
        click.echo(findings_to_json(findings))
    elif fmt == "markdown":
        click.echo(findings_to_markdown(findings), nl=False)
    else:
        lines = findings_to_github(findings) if fmt == "github" else findings_to_text(findings)
        for line in lines:
            click.echo(line)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary:
        try:
            with open(summary, "a", encoding="utf-8") as out:
                out.write(findings_to_markdown(findings))
        except OSError as exc:
            raise click.ClickException(f"{summary}: cannot append the summary: {exc}") from exc
    if unreadable or failing(findings, fail_on):
        raise click.exceptions.Exit(1)


def stored_documents(db_path: Path) -> tuple[list[Document], list[Finding]]:
    """The stored Documents, and the stored `unread` findings (not recomputable)."""
    with loading():
        from .store import load_documents, load_unread_findings, open_db_readonly

    try:
        db = open_db_readonly(db_path)
        try:
            return load_documents(db), load_unread_findings(db)
        finally:
            db.close()
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc


@cli.command()
@click.argument("pdf", type=EXISTING_FILE)
@click.option("--page", type=click.IntRange(min=1), help="Only this page (1-based).")
@click.option(
    "--png",
    "png_dir",
    type=A_FOLDER,
    help="Also write <stem>-p<N>.png page images with the tables outlined into this folder.",
)
@limit_options
def inspect(
    pdf: Path,
    page: int | None,
    png_dir: Path | None,
    max_pages: int,
    timeout: float,
    max_memory: int,
) -> None:
    """Show what the extractor saw in PDF: per page the tables found, how, what
    each was classified as, under which heading, and the records it became."""
    with loading():
        from .bounded import Limits, run_one
        from .readers import INSPECTION_MODULES, read_inspection

    try:
        answer = run_one(
            partial(read_inspection, page=page, png_dir=png_dir, max_pages=max_pages),
            pdf,
            Limits(timeout, max_memory),
            INSPECTION_MODULES,
        )
    except DxError as exc:
        raise click.ClickException(f"{shown(pdf)}: {exc}") from exc
    assert not isinstance(answer.value, DxError)  # run_one raised it
    lines, pages = answer.value
    for warning in answer.warnings:
        click.echo(f"pdfminer: {warning}", err=True)
    if page is not None and not pages:
        raise click.UsageError(f"{shown(pdf)} has no page {page}")
    for line in lines:
        click.echo(line)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=EXISTING)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=A_FOLDER,
    help="Folder for <stem>-p<N>-t<K>.csv or <stem>.tables.json files; stdout if not given.",
)
@click.option(
    "--strip-notes", is_flag=True, help="Drop footnote marks (※1) instead of a 注 column."
)
@limit_options
@verbose_option
def tables(
    paths: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    strip_notes: bool,
    max_pages: int,
    timeout: float,
    max_memory: int,
    verbose: bool,
) -> None:
    """Write every table of any PDF in PATHS (files or folders) as clean rows.

    A file that cannot be read is reported and skipped; the exit code is 1.
    """
    with loading():
        from .bounded import Limits, run_bounded
        from .cleantables import clean_table_to_csv, clean_tables_to_json, write_tables
        from .readers import TABLE_MODULES, read_tables

    files = listed_pdfs(paths, err=True)
    stems: dict[str, Path] = {}
    for path in files if out is not None else ():
        if path.stem in stems:
            raise click.UsageError(
                f"{shown(stems[path.stem])} and {shown(path)} would write the same files "
                f"into {out}: give them separate --out folders"
            )
        stems[path.stem] = path
    failures = 0
    documents = []
    read = partial(read_tables, strip_notes=strip_notes, max_pages=max_pages)
    dumps = run_bounded(read, files, 1, Limits(timeout, max_memory), TABLE_MODULES)
    for path, answer in zip(files, dumps, strict=True):
        dump = answer.value
        try:
            if isinstance(dump, DxError):
                raise dump
            echo_pdfminer_read(path, answer.warnings, verbose)
            found = list(dump.tables)
            # Nothing found is a result, said on stderr (exit 0): only files that
            # cannot be read fail.
            for note in dump.notes:
                click.echo(f"{shown(path)}: {note}", err=True)
            if out is not None:
                try:
                    written = write_tables(path, found, fmt, out)
                except OSError as exc:
                    raise click.ClickException(f"{out}: cannot write: {exc.strerror}") from exc
                for target in written:
                    click.echo(str(target))
            elif fmt == "csv":
                for table in found:
                    click.echo(f"# {path.name} page {table.page} table {table.index}")
                    click.echo(clean_table_to_csv(table))
            else:
                documents.append(clean_tables_to_json(path.name, found))
        except DxError as exc:
            failures += 1
            click.echo(f"error: {shown(path)}: {exc}", err=True)
    if documents:
        import json

        click.echo(json.dumps(documents, ensure_ascii=False, indent=2))
    if failures:
        raise click.exceptions.Exit(1)


@cli.command()
@db_option
def upgrade(db_path: Path) -> None:
    """Bring a database written by an older dxextract up to this version's
    schema, in one transaction (`ingest` does so too, first)."""
    with loading():
        from .store import open_db_upgrading

    if not db_path.is_file():
        raise click.ClickException(f"{db_path}: no such database; run `dxextract ingest` first")
    try:
        db, upgraded = open_db_upgrading(db_path)
        db.close()
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    if upgraded:
        click.echo(upgraded_line(db_path, upgraded))
    else:
        click.echo(f"{db_path}: up to date, nothing to do")


def main() -> None:
    cli()


# --- Browsing: Datasette metadata, the chart report, `serve` -----------------

DEFAULT_PDFS = Path("raw_pdfs")


def pdfs_option(fn: F) -> F:
    return click.option(
        "--pdfs",
        "pdf_dir",
        type=A_FOLDER,
        default=DEFAULT_PDFS,
        show_default=True,
        help="Folder of the ingested PDFs, served at /pdfs/ for the page links.",
    )(fn)


def publisher_option(fn: F) -> F:
    return click.option(
        "--publisher",
        default=DEFAULT_PUBLISHER,
        show_default=True,
        help="Who published the reports, for the source line (the PDFs do not say).",
    )(fn)


def port_in_use(host: str, port: int) -> None:
    """Refuse a port another server holds, in one line (uvicorn would start, log
    four lines and exit 3)."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"{host}:{port} is in use ({exc.strerror}); pass another --port"
            ) from exc


def write_browse_metadata(db_path: Path, pdf_dir: Path, publisher: str) -> tuple[Path, bool]:
    """Write metadata.yml beside the db; True when the PDFs folder exists (and is linked)."""
    with loading():
        from .datasette.metadata import build_metadata, write_metadata
        from .store import describe_objects, open_db_readonly

    served = pdf_dir.is_dir()
    try:
        db = open_db_readonly(db_path)
        try:
            objects, reports = describe_objects(db)
        finally:
            db.close()
        pdfs = str(pdf_dir) if served else None
        meta = build_metadata(db_path.stem, objects, reports, pdfs, publisher)
        path = write_metadata(metadata_path_for(db_path), meta)
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    return path, served


@cli.command()
@db_option
@pdfs_option
@publisher_option
def metadata(db_path: Path, pdf_dir: Path, publisher: str) -> None:
    """Write Datasette's metadata.yml (Japanese labels, facets, queries) beside the db."""
    path, _ = write_browse_metadata(db_path, pdf_dir, publisher)
    click.echo(str(path))


@cli.command()
@db_option
@click.option(
    "--out",
    type=A_FILE,
    default=None,
    help="HTML file to write  [default: report.html beside the db]",
)
def charts(db_path: Path, out: Path | None) -> None:
    """Write a static HTML page of charts (SVG, works offline) of every stored report."""
    with loading():
        from .charts import documents_to_html
        from .store import read_documents

    out = out or db_path.parent / "report.html"
    try:
        html = documents_to_html(read_documents(db_path))
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write: {exc}") from exc
    click.echo(str(out))


@cli.command()
@db_option
@pdfs_option
@publisher_option
@click.option(
    "--port",
    type=click.IntRange(min=1, max=65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1.",
)
def serve(db_path: Path, pdf_dir: Path, publisher: str, port: int) -> None:
    """Browse the database with Datasette on 127.0.0.1, read-only, with Japanese labels.

    Writes metadata.yml beside the db first, then runs Datasette in this
    process's place (Ctrl-C stops it).
    """
    port_in_use(DEFAULT_HOST, port)
    path, served = write_browse_metadata(db_path, pdf_dir, publisher)
    if not served:
        click.echo(f"warning: {pdf_dir}: no such folder; page links to the PDFs are off", err=True)
    args = datasette_args(db_path, path, port)
    click.echo(f"Serving {db_path} at http://{DEFAULT_HOST}:{port}/", err=True)
    sys.stderr.flush()
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "datasette", *args])
