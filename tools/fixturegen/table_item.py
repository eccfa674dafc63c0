"""A table on the canvas: a grid laid out at the frame's width, measured, split between
data rows, drawn in the layout's table style.
"""

from __future__ import annotations

from .grids import Cell, Grid, Row, fit_widths, wrap_cells
from .items import Item
from .layouts import BLACK, Layout
from .painter import Painter

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class TableItem(Item):
    """A grid laid out for the canvas; splits between data rows (header rows repeated
    or not)."""

    def __init__(
        self, grid: Grid, frame_w: float, layout: Layout, gap_before: float, sticky: bool = False
    ) -> None:
        self.grid, self.layout = grid, layout
        total = frame_w * grid.scale
        self.offset = (frame_w - total) / 2
        self.widths = fit_widths(grid, total, layout.font_size, layout.padding)
        if sum(self.widths) > frame_w + 0.01:
            raise ValueError(f"{layout.name}: the columns of a {grid.kind} table do not fit")
        wrap_cells(grid, self.widths, layout)
        self.leading = layout.font_size * layout.leading
        self._measure_rows()
        self.rows = grid.rows
        self.head = grid.header_rows  # header rows at the top of `rows`
        self.height = sum(r.height for r in self.rows)
        self.gap_before = gap_before
        self.sticky = sticky
        self.tables = 1

    def _measure_rows(self) -> None:
        pad = self.layout.padding
        for row in self.grid.rows:
            single = [len(c.lines) for c in row.cells if c.rowspan == 1] or [1]
            row.height = max(max(single), 1) * self.leading + 2 * pad
        for i, row in enumerate(self.grid.rows):
            for cell in row.cells:
                if cell.rowspan > 1:
                    covered = self.grid.rows[i : i + cell.rowspan]
                    need = len(cell.lines) * self.leading + 2 * pad
                    have = sum(r.height for r in covered)
                    if need > have:
                        covered[-1].height += need - have

    def split(self, avail: float, repeat: bool = True) -> tuple[TableItem, TableItem] | None:
        """Two tables: the most data rows that fit in `avail` under this part's header
        rows (at least one, never all), and the rest, under the header rows again if
        `repeat`. None if not even one data row fits."""
        head = self.rows[: self.head]
        body = self.rows[self.head :]
        used = sum(r.height for r in head)
        n = 0
        while n < len(body) - 1 and used + body[n].height <= avail:
            used += body[n].height
            n += 1
        if n == 0:
            return None
        rest = head + body[n:] if repeat else body[n:]
        return (
            self._part(head + body[:n], self.gap_before, self.head),
            self._part(rest, 0.0, self.head if repeat else 0),
        )

    def _part(self, rows: list[Row], gap: float, head: int) -> TableItem:
        part = object.__new__(TableItem)
        part.__dict__.update(self.__dict__)
        part.rows = rows
        part.head = head
        part.continue_rows = 0
        part.height = sum(r.height for r in rows)
        part.gap_before = gap
        return part

    def draw(self, p: Painter, x: float, top: float) -> None:
        lay = self.layout
        xs = [x + self.offset]  # column edges
        for w in self.widths:
            xs.append(xs[-1] + w)
        tops = [top]  # row edges
        for row in self.rows:
            tops.append(tops[-1] + row.height)
        if lay.table_style == "bands":
            self._draw_bands(p, xs, tops)
        ruled = lay.table_style == "rules" or (lay.table_style == "bands" and not lay.zebra)
        for i, row in enumerate(self.rows):
            # Cells spanning rows last: the text layer then lists a merged header's
            # first-row labels before the second row's, as the content does.
            for cell in sorted(row.cells, key=lambda cell: cell.rowspan):
                bottom = tops[min(i + cell.rowspan, len(self.rows))]
                box = (xs[cell.col], tops[i], xs[cell.col + cell.span], bottom)
                self._draw_ground(p, row, box)
                self._draw_text(p, row, cell, box)
            if ruled and not row.header:
                p.hline(xs[0], xs[-1], tops[i + 1], lay.rule_color, lay.rule_width)

    def _draw_bands(self, p: Painter, xs: list[float], tops: list[float]) -> None:
        """The 'bands' style: full-width bands first (a cell spanning two header rows
        lies on both): header rows, 合計 rows and, with `zebra`, every other data row."""
        lay = self.layout
        index = {id(row): k - self.grid.header_rows for k, row in enumerate(self.grid.rows)}
        for i, row in enumerate(self.rows):
            if row.header:
                p.rect(xs[0], tops[i], xs[-1] - xs[0], row.height, lay.header_fill)
            elif row.total or (lay.zebra and index[id(row)] % 2 == 1):
                p.rect(xs[0], tops[i], xs[-1] - xs[0], row.height, lay.data_fill)

    def _draw_ground(self, p: Painter, row: Row, box: Box) -> None:
        """What lies under a cell's text in the table style: its fill and frame ('grid'),
        a filled box a gap inside its edges ('shaded' and header cells of 'rules'),
        nothing ('bands', data cells of 'rules')."""
        lay = self.layout
        cx0, cy0, cx1, cy1 = box
        g = lay.cell_gap / 2
        if lay.table_style == "bands":
            return
        if lay.table_style == "grid":
            if row.header or row.total:
                fill = lay.header_fill if row.header else lay.data_fill
                p.rect(cx0, cy0, cx1 - cx0, cy1 - cy0, fill)
            p.frame(cx0, cy0, cx1 - cx0, cy1 - cy0, lay.rule_color, lay.rule_width)
        elif row.header:
            p.rect(cx0 + g, cy0 + g, cx1 - cx0 - 2 * g, cy1 - cy0 - 2 * g, lay.header_fill)
        elif lay.table_style == "shaded" or row.total:
            p.rect(cx0 + g, cy0 + g, cx1 - cx0 - 2 * g, cy1 - cy0 - 2 * g, lay.data_fill)

    def _draw_text(self, p: Painter, row: Row, cell: Cell, box: Box) -> None:
        """A cell's lines, inside its padding: at the top or in the middle (headers
        always in the middle)."""
        lay, pad = self.layout, self.layout.padding
        cx0, cy0, cx1, cy1 = box
        color = lay.header_text if row.header else BLACK
        text_h = len(cell.lines) * self.leading
        ty = cy0 + pad
        if lay.valign == "middle" or row.header:
            ty = cy0 + (cy1 - cy0 - text_h) / 2
        p.lines(
            cell.lines,
            cx0 + pad,
            ty,
            cx1 - cx0 - 2 * pad,
            lay.font_size,
            self.leading,
            cell.align,
            color,
            cell.char_space,
        )
