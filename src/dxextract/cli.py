"""The command line: thin click commands over the library.

Only this module imports click. Library errors (DxError) become one line that
names the file and what is wrong, exit 1; usage mistakes exit 2 (click's rule).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .batch import DEFAULT_TIMEOUT_S, Task, default_jobs, extract_all
from .editions import EditionChanges
from .errors import DxError
from .export import write_csv, write_json
from .models import Document
from .records import file_sha256
from .store import (
    StoreOutcome,
    edition_changes,
    load_documents,
    open_db,
    report_exists,
    store_document,
)
from .summary import documents_to_summary

DEFAULT_DB = Path("extracted/dx.db")
DEFAULT_OUT = Path("extracted")

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite database file.",
    )(fn)


def iter_pdfs(paths: tuple[Path, ...]) -> Iterator[Path]:
    """Files as given; directories → their *.pdf files, sorted by name."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()
            )
        else:
            yield path


def document_counts(doc: Any) -> str:
    kpis = sum(len(i.kpis) for i in doc.initiatives)
    return (
        f"{len(doc.area_summaries)} area summaries, {len(doc.fields)} field rows, "
        f"{len(doc.field_totals)} field totals, {len(doc.initiatives)} initiatives, {kpis} KPIs"
    )


@click.group()
@click.version_option(__version__, prog_name="dxextract")
def cli() -> None:
    """Turn Japanese prefectures' DX report PDFs into exact, queryable records."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Refuse PDFs with more pages than this.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=default_jobs,
    show_default="number of cores",
    help="Worker processes that read PDFs at the same time.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT_S,
    show_default=True,
    help="Give up a file that takes longer than this many seconds to read.",
)
def ingest(
    paths: tuple[Path, ...],
    db_path: Path,
    silent: bool,
    max_pages: int,
    jobs: int,
    timeout: float,
) -> None:
    """Extract every PDF in PATHS (files or folders) into the database.

    One line per file says what was found. A file that cannot be read is
    reported and skipped; the others are still ingested; the exit code is 1.
    """
    files = list(iter_pdfs(paths))
    if not files:
        raise click.UsageError("no PDF files in " + ", ".join(str(p) for p in paths))
    try:
        db = open_db(db_path)
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    failures = 0
    lines: dict[Path, str] = {}
    tasks: list[Task] = []
    # Hash first: a file already stored is skipped before any worker reads it.
    for path in files:
        try:
            sha = file_sha256(path)
            if report_exists(db, sha):
                lines[path] = f"{path}: unchanged, already ingested"
            else:
                tasks.append(Task(path, sha, max_pages, timeout))
        except (DxError, OSError) as exc:
            failures += 1
            lines[path] = f"error: {path}: {exc}"
    with click.progressbar(
        length=len(files),
        label="Ingesting",
        file=sys.stderr,
        hidden=silent,
    ) as bar:
        bar.update(len(files) - len(tasks))
        for task, result in zip(tasks, extract_all(tasks, jobs), strict=True):
            try:
                if isinstance(result, DxError):
                    raise result
                lines[task.path] = store_one(db, task.path, result)
            except DxError as exc:
                failures += 1
                lines[task.path] = f"error: {task.path}: {exc}"
            bar.update(1)
    for path in files:
        line = lines[path]
        click.echo(line, err=line.startswith("error:"))
    if not silent:
        click.echo()
        for line in documents_to_summary(load_documents(db), str(db_path)):
            click.echo(line)
    if failures:
        raise click.exceptions.Exit(1)


def store_one(db: Any, path: Path, doc: Document) -> str:
    """Store one extracted document; its line, with initiatives unmatched across editions."""
    result = store_document(db, doc)
    if result.outcome is StoreOutcome.REPLACED:
        line = f"{path}: replaced the earlier issue {result.replaced_file} — {document_counts(doc)}"
    elif result.outcome is StoreOutcome.UNCHANGED:
        return f"{path}: unchanged, already ingested"
    else:
        line = f"{path}: {document_counts(doc)}"
    changes = edition_changes(db, doc.report.sha256)
    if changes is not None and (changes.new or changes.gone):
        line += "\n" + edition_changes_line(changes)
    return line


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
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write into.",
)
def export(db_path: Path, fmt: str, out: Path) -> None:
    """Write every stored report as <stem>.json (the data contract) or CSV files."""
    if not db_path.exists():
        raise click.ClickException(f"{db_path}: no such database; run `dxextract ingest` first")
    try:
        docs = load_documents(open_db(db_path))
        written = write_json(docs, out) if fmt == "json" else write_csv(docs, out)
    except DxError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc
    for path in written:
        click.echo(str(path))


def main() -> None:
    cli()
