"""The whole pipeline for one file: PDF → pages → tables → blocks → records →
a validated Document, and what of it was not read."""

from __future__ import annotations

from pathlib import Path

from dxextract.errors import NotADxReportError
from dxextract.extract.cells import Item
from dxextract.extract.classify import items_to_events
from dxextract.extract.inputs import file_sha256
from dxextract.extract.pdf import read_layouts
from dxextract.extract.reading import events_to_read, read_to_initiatives
from dxextract.extract.tables import layout_to_items
from dxextract.extract.titles import items_to_title, title_to_years
from dxextract.extract.vocabulary import Vocabulary
from dxextract.models import Document, Extraction, Finding, Report


def pdf_to_document(
    path: Path,
    max_pages: int | None = None,
    sha256: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Document:
    """The whole pipeline for one file: PDF → validated Document."""
    return pdf_to_extraction(path, max_pages, sha256, vocabulary).document


def pdf_to_extraction(
    path: Path,
    max_pages: int | None = None,
    sha256: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Extraction:
    """The whole pipeline for one file: PDF → validated Document, and what of it
    was not read.

    `sha256` is the file's digest when the caller has it already (ingest checks
    it before extracting), so the bytes are not read and hashed twice.
    """
    count, layouts, issued = read_layouts(path, max_pages)
    items: list[Item] = [it for layout in layouts for it in layout_to_items(layout)]
    title = items_to_title(items, vocabulary)
    results_year, plan_year = title_to_years(title)
    events = items_to_events(items, vocabulary)
    state, unread = events_to_read(events, results_year, plan_year, items, vocabulary)
    scanned = [
        (layout.number, layout.unread.split(": ", 1)[1]) for layout in layouts if layout.unread
    ]
    if not (state.summaries or state.fields or state.initiatives):
        raise NotADxReportError("not a DX report: no 事業数, 項番 or 項目 table found")
    initiatives = read_to_initiatives(state)
    report = Report(
        file=path.name,
        sha256=sha256 if sha256 is not None else file_sha256(path),
        title=title,
        results_fiscal_year=results_year,
        plan_fiscal_year=plan_year,
        pages=count,
        issued=issued,
    )
    document = Document(
        report=report,
        area_summaries=tuple(state.summaries),
        fields=tuple(state.fields),
        field_totals=tuple(state.totals),
        initiatives=tuple(initiatives),
    )
    findings = tuple(
        Finding(
            sha256=report.sha256,
            file=report.file,
            rule="unread",
            severity="warning",
            page=page,
            message=f"page {page}: {what}; see what was found with `dxextract inspect`.",
        )
        for page, what in sorted([*unread, *scanned])
    )
    return Extraction(document, findings)
