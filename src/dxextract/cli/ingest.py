"""`dxextract ingest`: PDFs into the database, one line per file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dxextract.cli.common import (
    EXISTING,
    counts_text,
    db_option,
    directions_option,
    library_errors,
    limit_options,
    listed_pdfs,
    loading,
    progress_bar,
    upgraded_line,
    verbose_option,
    vocabulary_option,
    with_pdfminer_warnings,
)
from dxextract.extract.inputs import shown
from dxextract.extract.limits import default_jobs

if TYPE_CHECKING:
    from dxextract.check.directions import DirectionRule
    from dxextract.extract.vocabulary import Vocabulary
    from dxextract.ingest import FileResult
    from dxextract.store.editions import EditionChanges
    from dxextract.store.sqlite import Database


@click.command()
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
@click.option(
    "--reread",
    is_flag=True,
    help="Read files already stored (or refused) again, with the --vocabulary given, "
    "and replace their records where they differ (one transaction per file).",
)
@verbose_option
@vocabulary_option
@directions_option
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
    reread: bool,
    verbose: bool,
    vocabulary: Vocabulary | None,
    directions: tuple[DirectionRule, ...] | None,
    as_json: bool,
) -> None:
    """Extract every PDF in PATHS (files or folders) into the database.

    One line per file says what became of it. Every file read is remembered by its bytes
    (sha256): a re-run reads only new files and changes nothing else. Of two issues of one
    edition (same title and fiscal years) the later by the date the PDF gives (else by file
    name) is current; an issue with fewer records than the current one is refused unless
    --replace. A file that cannot be read is reported and skipped; the others are still
    ingested; the exit code is 1.
    """
    with loading():
        from dxextract.extract.bounded import Limits
        from dxextract.ingest import IngestOptions, ingest_files
    files = listed_pdfs(paths, err=as_json)
    db = open_for_ingest(db_path, err=as_json)
    limits = Limits(timeout, max_memory)
    options = IngestOptions(max_pages, limits, jobs, replace, reread, vocabulary, directions)
    with progress_bar(len(files), "Ingesting", hidden=silent or as_json) as bar:
        results = ingest_files(db, files, options, bar.update)
    for result in results:
        echo_result(result, as_json, verbose)
    if not silent and not as_json:
        echo_summary(db, db_path)
    if any(result.error is not None for result in results):
        raise click.exceptions.Exit(1)


def open_for_ingest(db_path: Path, err: bool) -> Database:
    """The database, created or brought up to this dxextract's schema (said)."""
    from dxextract.store import open_db_upgrading

    with library_errors(db_path):
        db, upgraded = open_db_upgrading(db_path)
    if upgraded:
        click.echo(upgraded_line(db_path, upgraded), err=err)
    return db


def echo_summary(db: Database, db_path: Path) -> None:
    """After the files' lines: a blank line, then what the database now holds."""
    from dxextract.cli.summary import overviews_to_summary
    from dxextract.store import report_overviews

    with library_errors(db_path):
        summary = overviews_to_summary(report_overviews(db), str(db_path))
    for line in ["", *summary]:
        click.echo(line)


def echo_result(result: FileResult, as_json: bool, verbose: bool) -> None:
    """A file's line (with the lines under it), or its JSON object on stdout."""
    if as_json:
        import json  # here: the other commands start without it

        click.echo(json.dumps(result_to_json(result), ensure_ascii=False))
        return
    line = with_pdfminer_warnings(result_line(result), result.pdfminer, verbose)
    click.echo(line, err=result.error is not None)


# record_counts' kinds → the contract's list names, for --json.
JSON_COUNTS = {
    "area summaries": "area_summaries",
    "field rows": "fields",
    "field totals": "field_totals",
    "initiatives": "initiatives",
    "KPIs": "kpis",
}


def result_to_json(result: FileResult) -> dict[str, Any]:
    counts = result.counts
    return {
        "file": str(result.path),
        "outcome": result.outcome,
        "current": result.current,
        "counts": None if counts is None else {JSON_COUNTS[k]: n for k, n in counts.items()},
        "warnings": len(result.unread),
        "pdfminer_warnings": len(result.pdfminer),
        "error": result.error,
    }


def result_line(result: FileResult) -> str:
    """What ingest says of one file."""
    name = shown(result.path)
    if result.error is not None:
        return f"error: {name}: {result.error}"
    if result.seen is not None:
        return seen_line(name, result)
    if result.outcome == "unchanged":
        again = "read again to the same records" if result.reread else "already ingested"
        return f"{name}: unchanged, {again}"
    if result.outcome == "earlier":
        return (
            f"{name}: an earlier issue of its edition, not stored "
            f"({result.current} stays current; --replace makes this one current)"
        )
    return stored_line(name, result) + unread_lines(result) + changes_line(result.changes)


def seen_line(name: str, result: FileResult) -> str:
    seen = result.seen
    assert seen is not None
    if result.outcome == "unchanged":
        also = f" (as {seen.file})" if seen.file != result.path.name else ""
        return f"{name}: unchanged, already ingested{also}"
    return (
        f"{name}: unchanged, an earlier issue of its edition "
        f"({seen.current_file} is current; --replace makes this one current)"
    )


def stored_line(name: str, result: FileResult) -> str:
    """The line of a file stored: added, replacing another issue, or read again."""
    stored, counts = result.stored, result.counts or {}
    assert stored is not None
    if result.outcome == "reread":
        assert stored.before is not None
        change = counts_change(stored.before, counts)
        return f"{name}: read again: {change} ({stored.changes}) — {counts_text(counts)}"
    if result.outcome == "replaced":
        return (
            f"{name}: current issue now, replacing {stored.other_file}: {stored.changes} "
            f"— {counts_text(counts)}"
        )
    return f"{name}: {counts_text(counts)}"


def unread_lines(result: FileResult) -> str:
    """What was not read: counted on the file's line, one `warning:` line each."""
    if not result.unread:
        return ""
    count = len(result.unread)
    return f"; {count} warning{'s' if count > 1 else ''}: not all of it was read" + "".join(
        f"\n  warning: {finding.message}" for finding in result.unread
    )


def counts_change(before: dict[str, int], after: dict[str, int]) -> str:
    """`+19 KPIs`, `-2 field rows, +1 initiatives`: the kinds whose count changed."""
    parts = [
        f"{after.get(kind, 0) - before.get(kind, 0):+d} {kind}"
        for kind in dict.fromkeys([*before, *after])
        if after.get(kind, 0) != before.get(kind, 0)
    ]
    return ", ".join(parts) or "as many records"


def changes_line(changes: EditionChanges | None) -> str:
    """A line of initiatives new since the earlier edition, and those no longer listed."""
    if changes is None or not (changes.new or changes.gone):
        return ""
    new = "; ".join(f"{i.field_code} {i.title}" for i in changes.new) or "none"
    gone = "; ".join(f"{i.field_code} {i.title}" for i in changes.gone) or "none"
    return f"\n  unmatched in {changes.earlier_file}: new {new} | gone {gone}"
