"""The report as the office producers (calc.py, impress.py) lay it out: a flat list of
blocks in reading order, the tables as grids of cells.

The grids reproduce what tools/make_writer_pdf.py and make_fixture_pdfs.py print:
the summary table (an empty corner spanning the two header rows, areas over years),
field tables (a fiscal-year group row over the column names, a 合計 row), initiative
tables (項目 | R5取組内容 | R5成果・効果 | R6取組内容, cells merged as `Spans` says) and
the KPI table under each, on the same grid of columns when `Spans.kpi_fits()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fy2023_content import (
    Block,
    FieldTable,
    Initiative,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
)

# ---------------------------------------------------------------------------------
# Flat blocks
# ---------------------------------------------------------------------------------


@dataclass
class Cell:
    col: int  # first grid column
    text: str
    span: int = 1
    rowspan: int = 1
    header: bool = False
    align: str = "left"  # left, center, right
    bold: bool = False
    share: str = ""  # summary cells: the share printed after the bold count
    letter_spaced: bool = False  # 合 計


@dataclass
class Grid:
    kind: str  # summary, field, item, kpi
    weights: list[float]  # relative width of each grid column
    rows: list[list[Cell]]
    header_rows: int
    total_row: bool = False  # the last row is a 合計 row
    attached: bool = False  # a KPI table right under its initiative table


@dataclass
class Text:
    kind: str  # title, heading, part, field_heading, section, paragraph, footnote
    text: str


@dataclass
class Value:
    """新しい価値: a shaded label and its text, between a section heading and tables."""

    label: str
    text: str


@dataclass
class Break:
    pass


Flat = Text | Grid | Value | Break


@dataclass(frozen=True)
class Widths:
    """Relative column widths of the tables (before merging per Spans)."""

    summary: tuple[float, ...] = (1.6, 1.0, 1.0, 1.0, 1.0)
    field: tuple[float, ...] = (0.7, 2.6, 1.0, 1.4, 1.0, 1.2, 1.0, 1.4)
    item: tuple[float, ...] = (1.0, 1.6, 1.6, 1.6)
    kpi: tuple[float, ...] = (2.2, 1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True)
class GridOptions:
    widths: Widths = field(default_factory=Widths)
    field_keys_span_rows: bool = False  # 項番 and 分野 span both header rows
    value_align: str = "right"


def summary_grid(report: Report, o: GridOptions) -> Grid:
    s = report.summary
    first = [Cell(0, "", rowspan=2, header=True)]
    second: list[Cell] = []
    col = 1
    for area in s.areas:
        first.append(Cell(col, area, span=len(s.years), header=True, align="center"))
        for year in s.years:
            second.append(Cell(col, report.fill(year), header=True, align="center"))
            col += 1
    rows = [first, second]
    for r in s.rows:
        cells = [Cell(0, r.label, bold=True)]
        for i, c in enumerate(r.cells):
            cells.append(Cell(i + 1, c.count, align="center", bold=c.bold, share=c.share))
        rows.append(cells)
    return Grid("summary", list(o.widths.summary), rows, 2)


def field_grid(t: FieldTable, report: Report, o: GridOptions) -> Grid:
    keys = 2 if o.field_keys_span_rows and t.groups[0].span > 2 else 0
    first = [Cell(i, t.columns[i], rowspan=2, header=True, align="center") for i in range(keys)]
    col = keys
    for i, g in enumerate(t.groups):
        span = g.span - keys if i == 0 else g.span
        first.append(Cell(col, report.fill(g.label), span=span, header=True, align="center"))
        col += span
    second = [Cell(i, c, header=True, align="center") for i, c in enumerate(t.columns) if i >= keys]
    rows = [first, second]
    va = o.value_align
    for r in t.rows:
        cells = [Cell(0, r.code, align="center"), Cell(1, r.name)]
        cells += [Cell(i + 2, v, align=va) for i, v in enumerate(r.values)]
        rows.append(cells)
    tot = t.total
    label = "合 計" if tot.letter_spaced else tot.label
    cells = [Cell(0, ""), Cell(1, label, align="center", letter_spaced=tot.letter_spaced)]
    cells += [Cell(i + 2, v, align=va) for i, v in enumerate(tot.values)]
    rows.append(cells)
    return Grid("field", list(o.widths.field), rows, 2, total_row=True)


def initiative_grids(item: Initiative, report: Report, o: GridOptions) -> list[Grid]:
    spans = item.spans
    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    weights: list[float] = []
    head: list[Cell] = []
    body: list[Cell] = []
    for label, value, span, w in zip(labels, values, spans.item, o.widths.item, strict=True):
        col = len(weights)
        weights += [w / span] * span
        head.append(Cell(col, label, span=span, header=True, align="center"))
        body.append(Cell(col, value, span=span))
    grids = [Grid("item", weights, [head, body], 1)]
    if not item.kpis:
        return grids
    kpi_labels = [report.fill(x) for x in report.labels.kpi_columns]
    if spans.kpi_fits():
        kweights, kspans, col = list(weights), spans.kpi, spans.kpi_lead
    else:
        kweights, kspans, col = list(o.widths.kpi), (1, 1, 1, 1, 1), 0
    lead = col
    head = [Cell(i, "") for i in range(lead)]
    starts = []
    for label, span in zip(kpi_labels, kspans, strict=True):
        head.append(Cell(col, label, span=span, header=True, align="center"))
        starts.append((col, span))
        col += span
    rows = [head]
    va = o.value_align
    for k in item.kpis:
        cells = [Cell(i, "") for i in range(lead)]
        aligns = ["left", va, va, "center", va]
        for (c, span), text, align in zip(
            starts, (k.name, k.target, k.actual, k.status, k.next_target), aligns, strict=True
        ):
            cells.append(Cell(c, text, span=span, align=align))
        rows.append(cells)
    grids.append(Grid("kpi", kweights, rows, 1, attached=True))
    return grids


def flatten(report: Report, o: GridOptions) -> list[Flat]:
    """The report in reading order, as the office producers lay it out."""
    out: list[Flat] = [Text("title", report.fill(x)) for x in report.title_lines]
    out.append(Text("heading", report.fill(report.heading)))
    out.append(summary_grid(report, o))
    for block in report.blocks:
        out.extend(_block_flat(block, report, o))
    return out


def _block_flat(block: Block, report: Report, o: GridOptions) -> list[Flat]:
    match block:
        case PageBreak():
            return [Break()]
        case FieldTable():
            return [Text("field_heading", block.heading), field_grid(block, report, o)]
        case PartTitle():
            return [Text("part", report.fill(block.text))]
        case Paragraph():
            return [Text("paragraph", ("・" if block.bullet else "") + block.text)]
        case NewValue():
            return [Value(block.label, block.text)]
        case Section():
            return _section_flat(block, report, o)
    return []


def _section_flat(section: Section, report: Report, o: GridOptions) -> list[Flat]:
    out: list[Flat] = [Text("section", section.heading)]
    if section.new_value is not None:
        out.append(Value(section.new_value.label, section.new_value.text))
    for item in section.initiatives:
        out.extend(initiative_grids(item, report, o))
        if item.footnote:
            out.append(Text("footnote", item.footnote))
    return out


def column_bounds(weights: Sequence[float], total: int) -> list[int]:
    """Split `total` grid units (columns of an Excel 方眼紙 sheet) over columns of the
    given weights: the cumulative boundaries, every column at least one unit."""
    n = len(weights)
    s = sum(weights)
    bounds = [0]
    acc = 0.0
    for i, w in enumerate(weights):
        acc += w
        b = round(acc / s * total)
        b = max(b, bounds[-1] + 1)
        b = min(b, total - (n - 1 - i))
        bounds.append(b)
    bounds[-1] = total
    return bounds
