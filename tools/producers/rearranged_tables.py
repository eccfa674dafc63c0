"""The rearranged editions' tables: platypus Tables from fixturegen Grids in one Style,
and the grids only these editions print (kpi_inside: one summary table per area, an
initiative with its KPIs inside; field_order: columns swapped, header words broken).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from xml.sax.saxutils import escape

from fixturegen.fonts import FONT
from fixturegen.grids import Align, Cell, Grid, Row, field_grid, fit_widths, wrap_cells
from fixturegen.platypus import ALIGNMENT, TableCommand
from fy2023_content import FieldTable, Initiative, Report
from producers.rearranged_style import Style, rl_color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table, TableStyle


class Tables:
    """Platypus tables from fixturegen Grids, in one Style."""

    def __init__(self, st: Style) -> None:
        self.st, self.lay = st, st.layout()
        size = st.font_size
        self.cell_styles = {
            (a, h): ParagraphStyle(
                f"cell-{a}-{h}",
                fontName=FONT,
                fontSize=size,
                leading=size * st.leading,
                alignment=ALIGNMENT[a],
                splitLongWords=0,
                textColor=rl_color(st.header_text if h else (0.0, 0.0, 0.0)),
            )
            for a in ALIGNMENT
            for h in (False, True)
        }

    def widths(self, grid: Grid, total: float) -> list[float]:
        widths = fit_widths(grid, total * grid.scale, self.st.font_size, self.st.padding)
        # Paragraphs get exactly the wrapped lines; shave a hair so that platypus never
        # re-wraps a line that wrap_text found just fitting.
        wrap_cells(grid, [w - 0.5 for w in widths], self.lay)
        return widths

    def table(
        self,
        grid: Grid,
        widths: list[float],
        rows: Sequence[int] | None = None,
        sub_rows: frozenset[int] = frozenset(),
        repeat: int = 0,
    ) -> Table:
        """The grid's `rows` (all by default) as one Table; `sub_rows` (grid indices)
        are header rows shaded lighter; `repeat` header rows repeat on a split."""
        st = self.st
        rows = list(range(len(grid.rows))) if rows is None else list(rows)
        n = len(widths)
        data: list[list[object]] = [["" for _ in range(n)] for _ in rows]
        cmds: list[TableCommand] = [
            ("FONT", (0, 0), (-1, -1), FONT, st.font_size),
            ("LEFTPADDING", (0, 0), (-1, -1), st.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), st.padding),
            ("TOPPADDING", (0, 0), (-1, -1), st.padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), st.padding),
            ("VALIGN", (0, 0), (-1, -1), st.valign),
        ]
        line = (st.rule_width, rl_color(st.rule_color))
        data_n = 0
        for i, r in enumerate(rows):
            row = grid.rows[r]
            if row.header:
                fill = st.sub_fill if r in sub_rows else st.header_fill
                cmds += [
                    ("BACKGROUND", (0, i), (-1, i), rl_color(fill)),
                    ("VALIGN", (0, i), (-1, i), "MIDDLE"),
                ]
            elif row.total:
                cmds.append(("BACKGROUND", (0, i), (-1, i), rl_color(st.total_fill)))
            else:
                if st.borders == "shaded" and data_n % 2 == 1:
                    cmds.append(("BACKGROUND", (0, i), (-1, i), rl_color(st.zebra_fill)))
                data_n += 1
            self._cells(data[i], cmds, i, row, head=row.header and r not in sub_rows)
            if st.borders == "rules":
                cmds.append(("LINEBELOW", (0, i), (-1, i), *line))
                if row.header:
                    cmds.append(("LINEAFTER", (0, i), (-2, i), *line))
        cmds += self._frame_commands()
        t = Table(data, colWidths=widths, repeatRows=repeat, hAlign="CENTER")
        t.setStyle(TableStyle(cmds))
        return t

    def _cells(
        self, data: list[object], cmds: list[TableCommand], i: int, row: Row, head: bool
    ) -> None:
        """Row `i`'s cells as Paragraphs into `data`, their SPANs into `cmds`."""
        for cell in row.cells:
            text = "<br/>".join(
                " ".join(_markup(t, cell.char_space) for t, _ in runs) for runs in cell.lines
            )
            data[cell.col] = PdfParagraph(text, self.cell_styles[(cell.align, head)])
            if cell.span > 1 or cell.rowspan > 1:
                end = (cell.col + cell.span - 1, i + cell.rowspan - 1)
                cmds.append(("SPAN", (cell.col, i), end))

    def _frame_commands(self) -> list[TableCommand]:
        """The style's grid lines and the box around the table."""
        st = self.st
        cmds: list[TableCommand] = []
        if st.borders == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), st.rule_width, rl_color(st.rule_color)))
        elif st.borders == "shaded":
            cmds.append(("INNERGRID", (0, 0), (-1, -1), 1.0, rl_color((1.0, 1.0, 1.0))))
        cmds.append(("BOX", (0, 0), (-1, -1), st.box_width, rl_color(st.rule_color)))
        return cmds


def _markup(text: str, char_space: float) -> str:
    if char_space:  # letter-spaced (「合 計」): Paragraphs get a real space
        text = " ".join(text)
    return escape(text)


def _cell(col: int, text: str, align: Align = "left", span: int = 1, rowspan: int = 1) -> Cell:
    return Cell(col, span, ((text, False),), align, rowspan=rowspan)


def area_summary_grids(report: Report, st: Style) -> list[Grid]:
    """kpi_inside: one summary table per area, each with its own two year headers."""
    s = report.summary
    years = len(s.years)
    grids = []
    for a, area in enumerate(s.areas):
        first = [_cell(0, "", "center", rowspan=2), _cell(1, area, "center", span=years)]
        second = [_cell(1 + y, report.fill(year), "center") for y, year in enumerate(s.years)]
        rows = [Row(first, header=True), Row(second, header=True)]
        for r in s.rows:
            cells = [_cell(0, r.label)]
            for y in range(years):
                c = r.cells[a * years + y]
                runs = ((c.count, c.bold),) + (((c.share, False),) if c.share else ())
                cells.append(Cell(1 + y, 1, runs, "center"))
            rows.append(Row(cells))
        grids.append(Grid("summary", list(st.summary_widths), rows, 2, st.summary_scale))
    return grids


def kpi_inside_grid(item: Initiative, report: Report, st: Style) -> tuple[Grid, frozenset[int]]:
    """One grid for an initiative and its KPIs: the four initiative cells and the five
    KPI cells span columns of a common grid (the union of both sets of boundaries)."""

    def bounds(ws: tuple[float, ...]) -> list[float]:
        total, acc, out = sum(ws), 0.0, [0.0]
        for w in ws:
            acc += w
            out.append(acc / total)
        return out

    ib = bounds(st.item_widths)
    kb = bounds(st.kpi_widths) if item.kpis else []
    # A KPI boundary very close to an initiative boundary becomes that boundary (no
    # sliver columns).
    kb = [
        min(ib, key=lambda b: abs(b - x)) if min(abs(b - x) for b in ib) < 0.03 else x for x in kb
    ]
    cuts = sorted(set(ib) | set(kb))
    weights = [b - a for a, b in pairwise(cuts)]

    def cells(texts: Sequence[str], bs: list[float], aligns: Sequence[Align]) -> list[Cell]:
        out = []
        for text, x0, x1, al in zip(texts, bs[:-1], bs[1:], aligns, strict=True):
            c0, c1 = cuts.index(x0), cuts.index(x1)
            out.append(_cell(c0, text, al, span=c1 - c0))
        return out

    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    rows = [
        Row(cells(labels, ib, ["center"] * 4), header=True),
        Row(cells(values, ib, ["left"] * 4)),
    ]
    sub: set[int] = set()
    if item.kpis:
        klabels = [report.fill(x) for x in report.labels.kpi_columns]
        sub.add(len(rows))
        rows.append(Row(cells(klabels, kb, ["center"] * 5), header=True))
        for k in item.kpis:
            texts = (k.name, k.target, k.actual, k.status, k.next_target)
            rows.append(Row(cells(texts, kb, ["left", "right", "right", "center", "right"])))
    return Grid("item", weights, rows, 1), frozenset(sub)


FIELD_HEADER_LINES = {
    "うちKPI設定事業数(A)": "うちKPI設定\n事業数\n(A)",
    "うちKPI設定事業数": "うちKPI設定\n事業数",
    "達成率(B)/(A)": "達成率\n(B)/(A)",
    "達成(B)": "達成\n(B)",
    "達成事業(B)": "達成事業\n(B)",
}


def field_order_grid(table: FieldTable, report: Report, st: Style) -> Grid:
    """field_order: 達成率 before 達成 (values move with their column); header words
    broken over lines as a spreadsheet prints them."""
    grid = field_grid(table, report, st.layout())
    cols = list(table.columns)
    ach = next(i for i, c in enumerate(cols) if c.startswith("達成") and "率" not in c)
    rate = next(i for i, c in enumerate(cols) if c.startswith("達成率"))
    order = list(range(len(cols)))
    order[ach], order[rate] = order[rate], order[ach]
    where = {old: new for new, old in enumerate(order)}  # old column -> new column
    for r, row in enumerate(grid.rows):
        if r == 0:  # the fiscal-year group row: unchanged
            continue
        for cell in row.cells:
            cell.col = where.get(cell.col, cell.col)
            if row.header:
                text, bold = cell.runs[0]
                cell.runs = ((FIELD_HEADER_LINES.get(text, text), bold),)
        row.cells.sort(key=lambda c: c.col)
    grid.weights = [grid.weights[o] for o in order]
    return grid
