"""Tables as grids of cells before wrapping, shared by both engines: the summary, the
field tables, an initiative with its KPI table; column widths; cells wrapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fy2023_content import (
    FieldTable,
    Initiative,
    Report,
    SummaryCell,
)

from .fonts import FONT, run_width
from .layouts import Layout
from .pitfalls import code_form, lookalike, spaced, year_form
from .wrapping import min_unit_width, wrap_text


def _label(
    col: int,
    text: str,
    layout: Layout,
    where: str,
    align: Align = "center",
    span: int = 1,
    *,
    header: bool = True,
    bold: bool | None = None,
    rowspan: int = 1,
) -> Cell:
    """A header cell (`header`) or a row label, as the layout prints it: years in other
    forms, look-alikes, letter spacing; bold (by default: header cells with
    `fake_bold`)."""
    if header:
        text = year_form(text, layout, where)
    text, char_space = spaced(lookalike(text, layout), layout, where)
    if bold is None:
        bold = header and layout.fake_bold
    return Cell(col, span, ((text, bold),), align, rowspan=rowspan, char_space=char_space)


Align = Literal["left", "center", "right"]


@dataclass
class Cell:
    """Text of one cell before wrapping; `runs` > 1 only for the summary's 'count share'."""

    col: int
    span: int
    runs: tuple[tuple[str, bool], ...]  # (text, bold)
    align: Align = "left"
    rowspan: int = 1
    char_space: float = 0.0  # em; letter-spaced labels such as 「合 計」
    lines: list[tuple[tuple[str, bool], ...]] = field(default_factory=list)


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False
    total: bool = False
    height: float = 0.0


@dataclass
class Grid:
    kind: str  # summary, field, item, kpi
    weights: list[float]  # relative column widths before min-width fitting
    rows: list[Row]
    header_rows: int
    scale: float = 1.0  # table width / frame width


def _text(col: int, text: str, align: Align = "left", span: int = 1, bold: bool = False) -> Cell:
    return Cell(col, span, ((text, bold),), align)


def summary_grid(report: Report, layout: Layout) -> Grid:
    s = report.summary
    first = [Cell(0, 1, (("", False),), "center", rowspan=2)]
    second: list[Cell] = []
    col = 1
    for area in s.areas:
        first.append(_label(col, area, layout, f"summary-{col}", span=len(s.years)))
        for year in s.years:
            second.append(_label(col, report.fill(year), layout, f"summary-{col}"))
            col += 1
    rows = [Row(first, header=True), Row(second, header=True)]
    for r in s.rows:
        cells = [_label(0, r.label, layout, "summary", "left", header=False, bold=True)]
        cells += [_summary_cell(i + 1, c) for i, c in enumerate(r.cells)]
        rows.append(Row(cells))
    return Grid("summary", list(layout.summary_widths), rows, 2, layout.summary_scale)


def _summary_cell(col: int, cell: SummaryCell) -> Cell:
    runs = ((cell.count, cell.bold),) + (((cell.share, False),) if cell.share else ())
    return Cell(col, 1, runs, "center")


def field_grid(table: FieldTable, report: Report, layout: Layout) -> Grid:
    keys = 2 if layout.field_keys_span_rows and table.groups[0].span > 2 else 0
    at = table.heading
    first: list[Cell] = [
        _label(i, table.columns[i], layout, f"{at}-{i}", rowspan=2) for i in range(keys)
    ]
    col = keys
    for i, group in enumerate(table.groups):
        span = group.span - keys if i == 0 else group.span
        first.append(_label(col, report.fill(group.label), layout, f"{at}-{col}", span=span))
        col += span
    second = [
        _label(i, label, layout, f"{at}-{i}") for i, label in enumerate(table.columns) if i >= keys
    ]
    rows = [Row(first, header=True), Row(second, header=True)]
    va = layout.value_align
    for r in table.rows:
        code = code_form(r.code, layout, "cell")
        cells = [_text(0, code, "center"), _label(1, r.name, layout, at, "left", header=False)]
        cells += [_text(i + 2, v, va) for i, v in enumerate(r.values)]
        rows.append(Row(cells))
    t = table.total
    if t.letter_spaced:  # printed 「合 計」 by the report itself
        total = Cell(1, 1, ((lookalike(t.label, layout), False),), "center", char_space=1.0)
    else:
        total = _label(1, t.label, layout, at, header=False)
    cells = [_text(0, "", "center"), total]
    cells += [_text(i + 2, v, va) for i, v in enumerate(t.values)]
    rows.append(Row(cells, total=True))
    return Grid("field", list(layout.field_widths), rows, 2)


def initiative_grids(item: Initiative, report: Report, layout: Layout) -> tuple[Grid, Grid | None]:
    """The initiative table and its KPI table on one grid of columns, reproducing the
    printed merged cells (Spans); a KPI table that does not fit the grid gets its own."""
    spans = item.spans
    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    weights: list[float] = []
    head: list[Cell] = []
    body: list[Cell] = []
    for label, value, span, w in zip(labels, values, spans.item, layout.item_widths, strict=True):
        col = len(weights)
        weights += [w / span] * span
        head.append(_label(col, label, layout, f"item-{col}", span=span))
        body.append(_text(col, value, "left", span))
    grid = Grid("item", weights, [Row(head, header=True), Row(body)], 1)
    if not item.kpis:
        return grid, None
    kpi_labels = [report.fill(x) for x in report.labels.kpi_columns]
    if spans.kpi_fits():
        kpi_weights, kspans, col = weights, spans.kpi, spans.kpi_lead
    else:
        kpi_weights, kspans, col = list(layout.kpi_widths), (1, 1, 1, 1, 1), 0
    lead = [_text(i, "", "center") for i in range(col)]
    head, starts = list(lead), []
    for label, span in zip(kpi_labels, kspans, strict=True):
        head.append(_label(col, label, layout, f"kpi-{col}", span=span))
        starts.append((col, span))
        col += span
    rows = [Row(head, header=True)]
    for k in item.kpis:
        cells = list(lead)
        aligns: list[Align] = ["left", layout.value_align, layout.value_align, "center"]
        aligns.append(layout.value_align)
        for (c, span), text, align in zip(
            starts, (k.name, k.target, k.actual, k.status, k.next_target), aligns, strict=True
        ):
            cells.append(_text(c, text, align, span))
        rows.append(Row(cells))
    return grid, Grid("kpi", list(kpi_weights), rows, 1)


def _cell_min(cell: Cell, size: float, pad: float) -> float:
    texts = [t for t, _ in cell.runs]
    if cell.char_space:  # letter-spaced: never wrapped
        return run_width(cell.runs, size, cell.char_space) + 2 * pad + 0.5
    return max(min_unit_width(t, FONT, size) for t in texts) + 2 * pad + 0.5


def fit_widths(grid: Grid, total: float, size: float, pad: float) -> list[float]:
    """Column widths proportional to the grid's weights, widened where a cell's widest
    unbreakable unit would not fit (taking the room from the other columns)."""
    n = len(grid.weights)
    need = [2 * pad + size] * n
    for row in grid.rows:
        for cell in row.cells:
            share = _cell_min(cell, size, pad) / cell.span
            for c in range(cell.col, cell.col + cell.span):
                need[c] = max(need[c], share)
    widths = [w / sum(grid.weights) * total for w in grid.weights]
    for _ in range(n):
        short = [c for c in range(n) if widths[c] < need[c] - 1e-6]
        if not short:
            break
        for c in short:
            widths[c] = need[c]
        free = [c for c in range(n) if c not in short and widths[c] > need[c]]
        excess = sum(widths) - total
        room = sum(widths[c] - need[c] for c in free)
        if room <= 0:
            break
        for c in free:
            widths[c] -= excess * (widths[c] - need[c]) / room
    return widths


def wrap_cells(grid: Grid, widths: list[float], layout: Layout) -> None:
    """Fill every cell's `lines` for its column width."""
    size, pad = layout.font_size, layout.padding
    for row in grid.rows:
        for cell in row.cells:
            inner = sum(widths[cell.col : cell.col + cell.span]) - 2 * pad
            if len(cell.runs) > 1 and run_width(cell.runs, size, 0.0) > inner:
                cell.lines = [(run,) for run in cell.runs]
            elif len(cell.runs) > 1 or cell.char_space:
                cell.lines = [cell.runs]
            else:
                text, bold = cell.runs[0]
                lines = wrap_text(text, FONT, size, inner, layout.kinsoku)
                cell.lines = [((line, bold),) for line in lines]
