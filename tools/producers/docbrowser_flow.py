"""The report as the docx and browser producers print it: `flow(report)`, the blocks
in reading order (the order of `printed_strings(report)`), its tables as the printed
grid, merged cells included.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

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

Align = Literal["left", "center", "right"]


# ---------------------------------------------------------------------------------
# Tables: the printed grid
# ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One printed cell at grid column `col`, `span` columns wide; `rowspan` > 1 merges
    it with the cells below (those rows then leave the column out)."""

    col: int
    runs: tuple[tuple[str, bool], ...]  # (text, bold)
    span: int = 1
    rowspan: int = 1
    align: Align = "left"
    letter_spaced: bool = False  # 「合 計」

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool = False
    total: bool = False


@dataclass(frozen=True)
class Table:
    kind: Literal["summary", "field", "item", "kpi"]
    weights: tuple[float, ...]  # relative widths of the grid columns
    rows: tuple[Row, ...]
    header_rows: int

    @property
    def columns(self) -> int:
        return len(self.weights)


def _c(col: int, text: str, align: Align = "left", span: int = 1, bold: bool = False) -> Cell:
    return Cell(col, ((text, bold),), span, 1, align)


def summary_table(report: Report, value_align: Align = "center") -> Table:
    s = report.summary
    first = [Cell(0, (("", False),), rowspan=2, align="center")]
    second: list[Cell] = []
    col = 1
    for area in s.areas:
        first.append(_c(col, area, "center", span=len(s.years)))
        for year in s.years:
            second.append(_c(col, report.fill(year), "center"))
            col += 1
    rows = [Row(tuple(first), header=True), Row(tuple(second), header=True)]
    for r in s.rows:
        cells = [_c(0, r.label, "left", bold=True)]
        for i, c in enumerate(r.cells):
            runs = ((c.count, c.bold),) + (((c.share, False),) if c.share else ())
            cells.append(Cell(i + 1, runs, align=value_align))
        rows.append(Row(tuple(cells)))
    weights = (1.6,) + (1.0,) * (col - 1)
    return Table("summary", weights, tuple(rows), 2)


FIELD_WEIGHTS = (0.7, 2.6, 0.9, 1.2, 1.0, 1.1, 0.9, 1.2)


def field_table(t: FieldTable, report: Report, value_align: Align = "right") -> Table:
    first: list[Cell] = []
    col = 0
    for g in t.groups:
        first.append(_c(col, report.fill(g.label), "center", span=g.span))
        col += g.span
    second = [_c(i, label, "center") for i, label in enumerate(t.columns)]
    rows = [Row(tuple(first), header=True), Row(tuple(second), header=True)]
    for r in t.rows:
        cells = [_c(0, r.code, "center"), _c(1, r.name)]
        cells += [_c(i + 2, v, value_align) for i, v in enumerate(r.values)]
        rows.append(Row(tuple(cells)))
    total = Cell(1, ((t.total.label, False),), align="center", letter_spaced=t.total.letter_spaced)
    cells = [_c(0, "", "center"), total]
    cells += [_c(i + 2, v, value_align) for i, v in enumerate(t.total.values)]
    rows.append(Row(tuple(cells), total=True))
    weights = FIELD_WEIGHTS if len(t.columns) == 8 else (1.0,) * len(t.columns)
    return Table("field", weights, tuple(rows), 2)


ITEM_WEIGHTS = (1.0, 1.6, 1.6, 1.6)
KPI_WEIGHTS = (2.4, 1.0, 1.0, 1.0, 1.0)


def initiative_tables(
    item: Initiative,
    report: Report,
    item_weights: Sequence[float] = ITEM_WEIGHTS,
    kpi_weights: Sequence[float] = KPI_WEIGHTS,
    value_align: Align = "right",
) -> tuple[Table, Table | None]:
    """The initiative table and the KPI table under it on one grid of columns, with the
    printed merged cells (Spans); a KPI table that does not tile the grid gets its own."""
    spans = item.spans
    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    weights: list[float] = []
    head: list[Cell] = []
    body: list[Cell] = []
    for label, value, span, w in zip(labels, values, spans.item, item_weights, strict=True):
        col = len(weights)
        weights += [w / span] * span
        head.append(_c(col, label, "center", span))
        body.append(_c(col, value, "left", span))
    table = Table("item", tuple(weights), (Row(tuple(head), True), Row(tuple(body))), 1)
    if not item.kpis:
        return table, None
    if spans.kpi_fits():
        kw, kspans, col = tuple(weights), spans.kpi, spans.kpi_lead
    else:
        kw, kspans, col = tuple(kpi_weights), (1, 1, 1, 1, 1), 0
    lead = [_c(i, "", "center") for i in range(col)]
    khead = list(lead)
    starts: list[tuple[int, int]] = []  # (first column, span) of each KPI column
    for label in (report.fill(x) for x in report.labels.kpi_columns):
        span = kspans[len(starts)]
        khead.append(_c(col, label, "center", span))
        starts.append((col, span))
        col += span
    rows = [Row(tuple(khead), True)]
    aligns: tuple[Align, ...] = ("left", value_align, value_align, "center", value_align)
    for k in item.kpis:
        cells = list(lead)
        texts = (k.name, k.target, k.actual, k.status, k.next_target)
        for (c, span), text, align in zip(starts, texts, aligns, strict=True):
            cells.append(_c(c, text, align, span))
        rows.append(Row(tuple(cells)))
    return table, Table("kpi", kw, tuple(rows), 1)


# ---------------------------------------------------------------------------------
# Blocks in reading order
# ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1: report heading, field-table headings, part titles; 2: sections
    text: str
    kind: Literal["report", "field", "part", "section"]


@dataclass(frozen=True)
class Text:
    text: str
    kind: Literal["paragraph", "bullet", "note"]


@dataclass(frozen=True)
class Value:
    """「新しい価値」 and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class TableBlock:
    table: Table
    under: bool = False  # a KPI table printed right under its initiative table


@dataclass(frozen=True)
class Break:
    before_part: bool  # the next block is a part title
    before_field: bool  # the next block is a field table


FlowBlock = Title | Heading | Text | Value | TableBlock | Break


def flow(
    report: Report,
    item_weights: Sequence[float] = ITEM_WEIGHTS,
    kpi_weights: Sequence[float] = KPI_WEIGHTS,
    value_align: Align = "right",
) -> Iterator[FlowBlock]:
    """The report as the blocks a document prints, in the order of printed_strings."""
    yield Title(tuple(report.fill(x) for x in report.title_lines))
    yield Heading(1, report.fill(report.heading), "report")
    yield TableBlock(summary_table(report, "center"))
    blocks = report.blocks
    for n, block in enumerate(blocks):
        if isinstance(block, PageBreak):
            nxt = blocks[n + 1] if n + 1 < len(blocks) else None
            yield Break(isinstance(nxt, PartTitle), isinstance(nxt, FieldTable))
        else:
            yield from _block_flow(block, report, item_weights, kpi_weights, value_align)


def _block_flow(
    block: Block,
    report: Report,
    item_weights: Sequence[float],
    kpi_weights: Sequence[float],
    value_align: Align,
) -> Iterator[FlowBlock]:
    """The flow blocks of one content block (not a page break)."""
    match block:
        case FieldTable():
            yield Heading(1, block.heading, "field")
            yield TableBlock(field_table(block, report, value_align))
        case PartTitle():
            yield Heading(1, report.fill(block.text), "part")
        case Paragraph():
            yield Text(block.text, "bullet" if block.bullet else "paragraph")
        case NewValue():
            yield Value(block.label, block.text)
        case Section():
            yield Heading(2, block.heading, "section")
            if block.new_value is not None:
                yield Value(block.new_value.label, block.new_value.text)
            for item in block.initiatives:
                table, kpi = initiative_tables(item, report, item_weights, kpi_weights, value_align)
                yield TableBlock(table)
                if kpi is not None:
                    yield TableBlock(kpi, under=True)
                if item.footnote:
                    yield Text(item.footnote, "note")


def page_break_wanted(b: Break, mode: str) -> bool:
    """Whether a content PageBreak becomes a page break under a style's `page_breaks`:
    'all', 'parts' (only before part titles and field tables), 'none'."""
    if mode == "all":
        return True
    if mode == "parts":
        return b.before_part
    return False
