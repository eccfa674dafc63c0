"""`dxextract check`: do the published numbers agree?"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dxextract.cli.common import (
    EXISTING,
    db_option,
    directions_option,
    echo_pdfminer_read,
    library_errors,
    limit_options,
    listed_pdfs,
    loading,
    verbose_option,
    vocabulary_option,
    with_pdfminer_warnings,
)
from dxextract.errors import DxError
from dxextract.extract.inputs import shown

if TYPE_CHECKING:
    from dxextract.check.directions import DirectionRule
    from dxextract.check.formats import Format
    from dxextract.extract.bounded import Limits
    from dxextract.extract.vocabulary import Vocabulary
    from dxextract.models import Document, Finding, Severity


@click.command()
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
@vocabulary_option
@directions_option
def check(
    pdfs: tuple[Path, ...],
    db_path: Path,
    fmt: Format,
    fail_on: Severity,
    max_pages: int,
    timeout: float,
    max_memory: int,
    directions: tuple[DirectionRule, ...] | None,
    verbose: bool,
    vocabulary: Vocabulary | None,
) -> None:
    """Check that published numbers agree: sums, percentages, statuses, editions.

    With PDFs (files or folders), extract and check them without storing them;
    without, check every report in the database. Exit 1 when a finding is at
    least as severe as --fail-on.
    """
    with loading():
        from dxextract.check.formats import failing
        from dxextract.check.rules import check_documents
        from dxextract.extract.bounded import Limits

    files = listed_pdfs(pdfs, err=True)
    limits = Limits(timeout, max_memory)
    docs, unread, paths, unreadable = read_pdfs(files, max_pages, vocabulary, limits, verbose)
    if not files:
        docs, unread = stored_documents(db_path)
    findings = [
        f.model_copy(update={"file": paths.get(f.sha256, f.file)})
        for f in [*check_documents(docs, directions), *unread]
    ]
    echo_findings(findings, fmt)
    if unreadable or failing(findings, fail_on):
        raise click.exceptions.Exit(1)


def read_pdfs(
    files: list[Path],
    max_pages: int,
    vocabulary: Vocabulary | None,
    limits: Limits,
    verbose: bool,
) -> tuple[list[Document], list[Finding], dict[str, str], int]:
    """The Documents of the PDFs that can be read and what each could not read;
    each read one's path by its sha256 (annotations and tables name a PDF given
    on the command line by its path); how many could not be read (each said
    in one line; the others are still checked)."""
    from dxextract.extract.batch import Task, extract_all

    docs: list[Document] = []
    unread: list[Finding] = []
    paths: dict[str, str] = {}
    tasks = [Task(path, None, max_pages, vocabulary) for path in files]
    for path, answer in zip(files, extract_all(tasks, 1, limits), strict=True):
        extraction = answer.value
        if isinstance(extraction, DxError):
            line = f"error: {shown(path)}: {extraction}"
            click.echo(with_pdfminer_warnings(line, answer.warnings, verbose), err=True)
            continue
        echo_pdfminer_read(path, answer.warnings, verbose)
        docs.append(extraction.document)
        unread.extend(extraction.unread)
        paths[extraction.document.report.sha256] = str(path)
    return docs, unread, paths, len(files) - len(docs)


def echo_findings(findings: list[Finding], fmt: Format) -> None:
    """The findings in `fmt`; with github, the Markdown table appended to the
    workflow's step summary too (GITHUB_STEP_SUMMARY)."""
    from dxextract.check.formats import (
        findings_to_github,
        findings_to_json,
        findings_to_markdown,
        findings_to_text,
    )

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


def stored_documents(db_path: Path) -> tuple[list[Document], list[Finding]]:
    """The stored Documents, and the stored `unread` findings (not recomputable)."""
    with loading():
        from dxextract.store import load_documents, load_unread_findings, reading_db

    with library_errors(db_path), reading_db(db_path) as db:
        return load_documents(db), load_unread_findings(db)
