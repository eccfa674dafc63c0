"""`dxextract ingest`: PDFs into the database, one line per file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from dxextract import __version__
from dxextract.cli.common import (
    EXISTING,
    counts_text,
    db_option,
    limit_options,
    listed_pdfs,
    loading,
    upgraded_line,
    verbose_option,
    vocabulary_option,
    with_pdfminer_warnings,
)
from dxextract.errors import REFUSALS, DxError
from dxextract.extract.inputs import file_sha256, shown
from dxextract.extract.limits import default_jobs

if TYPE_CHECKING:
    from dxextract.check.editions import EditionChanges
    from dxextract.extract.vocabulary import Vocabulary
    from dxextract.models import Extraction
    from dxextract.store import SeenFile


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
        from dxextract.cli.summary import overviews_to_summary
        from dxextract.extract.batch import Task, extract_all, internal_error
        from dxextract.extract.bounded import Limits
        from dxextract.store import open_db_upgrading, remember_refusal, report_overviews, seen_file

    files = listed_pdfs(paths, err=as_json)
    vocabulary_name = vocabulary.source if vocabulary is not None else "default"
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
            known = seen_file(db, sha := file_sha256(path))
            seen = seen_file_line(path, known, replace, reread)
            if seen is None:
                tasks.append(Task(path, sha, max_pages, vocabulary))
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
                    said[task.path] = store_one(
                        db, task.path, result, replace, reread, vocabulary_name
                    )
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
            summary = overviews_to_summary(report_overviews(db), str(db_path))
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
    outcome: str  # added, replaced, reread, earlier, unchanged, refused, error
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


def seen_file_line(
    path: Path, seen: SeenFile | None, replace: bool, reread: bool = False
) -> Said | None:
    """The line for a file read before, from what became of it; None: read it
    (never read, a refusal by another dxextract, --replace or --reread asks again)."""
    if seen is None or (reread and seen.status in ("current", "refused")):
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


def store_one(
    db: Any,
    path: Path,
    extraction: Extraction,
    replace: bool = False,
    reread: bool = False,
    vocabulary: str = "default",
) -> Said:
    """Store one extracted document; what to say of it: its line, with what was
    not read (one `warning:` line each) and initiatives unmatched across editions.
    `reread`: the same bytes may be stored already; their records are replaced."""
    from dxextract.check.reissue import record_counts
    from dxextract.store import StoreOutcome, edition_changes, reread_document, store_document

    doc = extraction.document
    counts = record_counts(doc)
    if reread:
        result = reread_document(db, doc, extraction.unread, vocabulary)
    else:
        result = store_document(db, doc, extraction.unread, replace, vocabulary)
    if result.outcome is StoreOutcome.REREAD:
        assert result.before is not None
        line = (
            f"{shown(path)}: read again: {counts_change(result.before, counts)} "
            f"({result.changes}) — {counts_text(counts)}"
        )
    elif result.outcome is StoreOutcome.UNCHANGED and reread:
        return Said(
            f"{shown(path)}: unchanged, read again to the same records",
            "unchanged",
            doc.report.file,
        )
    elif result.outcome is StoreOutcome.REPLACED:
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
    outcome = {StoreOutcome.REPLACED: "replaced", StoreOutcome.REREAD: "reread"}.get(
        result.outcome, "added"
    )
    return Said(line, outcome, doc.report.file, counts, warnings=len(extraction.unread))


def counts_change(before: dict[str, int], after: dict[str, int]) -> str:
    """`+19 KPIs`, `-2 field rows, +1 initiatives`: the kinds whose count changed."""
    parts = [
        f"{after.get(kind, 0) - before.get(kind, 0):+d} {kind}"
        for kind in dict.fromkeys([*before, *after])
        if after.get(kind, 0) != before.get(kind, 0)
    ]
    return ", ".join(parts) or "as many records"


def edition_changes_line(changes: EditionChanges) -> str:
    """One line: initiatives new since the earlier edition, and those no longer listed."""
    new = "; ".join(f"{i.field_code} {i.title}" for i in changes.new) or "none"
    gone = "; ".join(f"{i.field_code} {i.title}" for i in changes.gone) or "none"
    return f"  unmatched in {changes.earlier_file}: new {new} | gone {gone}"
