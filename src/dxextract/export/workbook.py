"""Documents → Excel workbooks (openpyxl): what the data team opens.

One workbook per report, `<stem>.xlsx`, with a sheet per kind of record — 概要
(the area summaries), 分野 (the field rows and the printed 合計 rows), 取組, 指標
and 指摘 (the findings) — or, `combined`, one workbook of every report with the
report's file and results year in front of every row. The columns are those of
the CSV export (export.RECORD_COLUMNS), headed with the Datasette labels; the
header row is frozen and filtered; numbers are numbers, percentages are stored
as fractions with a `0%` format of the printed precision (68% → 0.68 shown
`0%`, 43.1% → `0.0%`); each KPI value has its printed text beside it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dxextract.browse.labels import column_label
from dxextract.export.files import RECORD_COLUMNS, document_to_rows
from dxextract.models import Document, Finding

# Sheet name → the record kinds on it (the CSV export's), in order.
SHEETS: dict[str, tuple[str, ...]] = {
    "概要": ("area_summaries",),
    "分野": ("fields", "field_totals"),
    "取組": ("initiatives",),
    "指標": ("kpis",),
    "指摘": ("findings",),
}
FINDING_COLUMNS = tuple(c for c in Finding.model_fields if c != "sha256")
# The columns that hold a percentage as printed (68 for 68%).
PERCENT_COLUMNS = frozenset({"achieved_pct", "partially_achieved_pct"})
# Where the field table's printed total row says so, in the 項番 column.
TOTAL_LABEL = "合計"
# Column widths in characters of a Latin font: a CJK character counts two.
DEFAULT_MIN_WIDTH = 6
DEFAULT_MAX_WIDTH = 60
# Labels of the columns only the exports have (the others: Datasette's labels).
EXPORT_LABELS = {
    "initiative_seq": "取組の順番",
    "kpi_seq": "指標の順番",
}
# The columns a combined workbook puts in front of every row.
COMBINED_COLUMNS = ("file", "results_fiscal_year")


def display_width(text: str) -> int:
    """How many Latin character widths `text` takes (wide and full-width count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_columns(kinds: Sequence[str]) -> tuple[str, ...]:
    if kinds == ("findings",):
        return FINDING_COLUMNS
    columns: list[str] = []
    for kind in kinds:
        columns.extend(c for c in RECORD_COLUMNS[kind] if c not in columns)
    return tuple(columns)


def _label_table(kinds: Sequence[str]) -> str:
    return kinds[0]


def document_to_sheet_rows(
    doc: Document, findings: Sequence[Finding]
) -> dict[str, list[dict[str, Any]]]:
    """Per sheet, its rows (column → value as in the JSON) for one report."""
    rows = document_to_rows(doc)
    totals = [{**row, "code": TOTAL_LABEL} for row in rows["field_totals"]]
    rows["field_totals"] = totals
    rows["findings"] = [
        f.model_dump(mode="json", exclude={"sha256"})
        for f in findings
        if f.sha256 == doc.report.sha256
    ]
    return {sheet: [r for kind in kinds for r in rows[kind]] for sheet, kinds in SHEETS.items()}


def _percent_format(value: float) -> str:
    """`0%`, `0.0%` …: as many decimals as the printed value has."""
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return "0%" if decimals == 0 else "0." + "0" * decimals + "%"


def _write_sheet(
    sheet: Worksheet, table: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> None:
    header = [column_label(table, c) or EXPORT_LABELS.get(c, c) for c in columns]
    sheet.append(header)
    widths = [display_width(h) for h in header]
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column)
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            if column in PERCENT_COLUMNS and isinstance(value, (int, float)):
                cell.value = value / 100
                cell.number_format = _percent_format(value)
            else:
                cell.value = value
            widths[c - 1] = max(widths[c - 1], display_width(str(value)))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c, width in enumerate(widths, start=1):
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = min(
            max(width + 2, DEFAULT_MIN_WIDTH), DEFAULT_MAX_WIDTH
        )
        if width > DEFAULT_MAX_WIDTH:  # long text wraps inside the width
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def documents_to_workbook(
    docs: Sequence[Document], findings: Sequence[Finding], combined: bool = False
) -> Workbook:
    """One report's workbook (`docs` of one), or with `combined` every report's
    rows in one, each row with its report's file and results year in front."""
    book = Workbook()
    book.remove(book.active)
    per_doc = [(doc, document_to_sheet_rows(doc, findings)) for doc in docs]
    for sheet_name, kinds in SHEETS.items():
        columns = _sheet_columns(kinds)
        rows: list[dict[str, Any]] = []
        for doc, sheets in per_doc:
            front = {"file": doc.report.file, "results_fiscal_year": doc.report.results_fiscal_year}
            rows.extend({**front, **row} if combined else row for row in sheets[sheet_name])
        if combined:
            columns = (*COMBINED_COLUMNS, *columns)
        _write_sheet(book.create_sheet(sheet_name), _label_table(kinds), columns, rows)
    return book


def write_xlsx(
    docs: Sequence[Document], findings: Sequence[Finding], out_dir: Path, combined: bool = False
) -> dict[Path, tuple[str, ...]]:
    """Write `<stem>.xlsx` per report, or `combined.xlsx`; each path with the
    sha256 of the reports in it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    groups = (
        [("combined", list(docs))] if combined else [(Path(d.report.file).stem, [d]) for d in docs]
    )
    written: dict[Path, tuple[str, ...]] = {}
    for stem, group in groups:
        path = out_dir / f"{stem}.xlsx"
        documents_to_workbook(group, findings, combined).save(path)
        written[path] = tuple(d.report.sha256 for d in group)
    return written
