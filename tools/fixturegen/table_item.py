"""A table on the canvas: a grid laid out at the frame's width, measured, split between
data rows, drawn in the layout's table style.
"""

from __future__ import annotations

from .grids import Grid, Row, fit_widths, wrap_cells
from .items import Item
from .layouts import BLACK, Layout
from .painter import Painter


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

    def draw(self, p: Painter, x: float, top: float) -> None:  # noqa: C901 (split in the next commit)
        lay, pad = self.layout, self.layout.padding
        x0 = x + self.offset
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        tops = [top]
        for row in self.rows:
            tops.append(tops[-1] + row.height)
        g = lay.cell_gap / 2
        bands = lay.table_style == "bands"
        if bands:  # full-width bands first: a cell spanning two header rows lies on both
            index = {id(row): k - self.grid.header_rows for k, row in enumerate(self.grid.rows)}
            for i, row in enumerate(self.rows):
                if row.header:
                    p.rect(xs[0], tops[i], xs[-1] - xs[0], row.height, lay.header_fill)
                elif row.total or (lay.zebra and index[id(row)] % 2 == 1):
                    p.rect(xs[0], tops[i], xs[-1] - xs[0], row.height, lay.data_fill)
        for i, row in enumerate(self.rows):
            # Cells spanning rows last: the text layer then lists a merged header's
            # first-row labels before the second row's, as the content does.
            for cell in sorted(row.cells, key=lambda cell: cell.rowspan):
                cx0, cx1 = xs[cell.col], xs[cell.col + cell.span]
                cy0, cy1 = tops[i], tops[min(i + cell.rowspan, len(self.rows))]
                header = row.header
                if bands:
                    pass
                elif lay.table_style == "grid":
                    if header or row.total:
                        p.rect(
                            cx0,
                            cy0,
                            cx1 - cx0,
                            cy1 - cy0,
                            lay.header_fill if header else lay.data_fill,
                        )
                    p.frame(cx0, cy0, cx1 - cx0, cy1 - cy0, lay.rule_color, lay.rule_width)
                elif header:
                    p.rect(cx0 + g, cy0 + g, cx1 - cx0 - 2 * g, cy1 - cy0 - 2 * g, lay.header_fill)
                elif lay.table_style == "shaded" or row.total:
                    p.rect(cx0 + g, cy0 + g, cx1 - cx0 - 2 * g, cy1 - cy0 - 2 * g, lay.data_fill)
                color = lay.header_text if header else BLACK
                text_h = len(cell.lines) * self.leading
                ty = cy0 + pad
                if lay.valign == "middle" or header:
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
            ruled = lay.table_style == "rules" or (bands and not lay.zebra)
            if ruled and not row.header:
                p.hline(xs[0], xs[-1], tops[i + 1], lay.rule_color, lay.rule_width)
