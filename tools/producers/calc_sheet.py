"""The calc producer's worksheets: `SheetWriter` writes blocks onto one sheet of an
"Excel 方眼紙" (many narrow equal columns, every table cell a merged range of them),
row by row, with row heights estimated from wrapped line counts, and tracks the pages
for its manual breaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from producers.office_flat import Cell, Grid, Value, column_bounds
from producers.office_text import FONT, as_number, text_width, wrap_count

if TYPE_CHECKING:
    from openpyxl.cell.rich_text import CellRichText
    from openpyxl.styles import Border, Font
    from openpyxl.worksheet.worksheet import Worksheet
    from producers.calc import Style

    # what a cell is given: text, a number (printed in its number format), rich text
    CellValue: TypeAlias = str | float | CellRichText

PT_PER_WIDTH_UNIT = 7.0  # LibreOffice: an .xlsx column width of 1 (Calibri default) is 7 pt
CELL_PAD = 2.0  # text starts ~1 pt inside the border; a little more for safety
A4 = (595.3, 841.9)


# ---------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------


class SheetWriter:
    """Writes blocks onto one worksheet, row by row, tracking pages for breaks."""

    def __init__(self, ws: Worksheet, style: Style) -> None:
        from openpyxl.utils import get_column_letter

        self.ws = ws
        self.s = style
        self.row = 1
        pw, ph = A4 if style.orientation == "portrait" else (A4[1], A4[0])
        left, right, t, b = style.margins
        self.printable_w = pw - 72 * (left + right)
        footer_room = 30.0 if style.footer else 0.0
        self.printable_h = ph - 72 * (t + b) - footer_room
        self.sheet_w = self.printable_w * style.sheet_width
        self.unit_pt = self.sheet_w / style.grid_cols
        unit = round(self.unit_pt / PT_PER_WIDTH_UNIT, 2)
        self.unit_pt = unit * PT_PER_WIDTH_UNIT
        self.sheet_w = self.unit_pt * style.grid_cols
        for c in range(1, style.grid_cols + 1):
            ws.column_dimensions[get_column_letter(c)].width = unit
        scale = min(1.0, self.printable_w / self.sheet_w)
        scale = int(scale * 100) / 100  # Calc zooms in whole percents
        self.page_capacity = self.printable_h / scale * 0.97  # sheet pt per page
        self.used = 0.0  # sheet pt on the current page
        self.breaks: list[int] = []
        self.setup_page()

    # --- page setup ---------------------------------------------------------------

    def setup_page(self) -> None:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws, s = self.ws, self.s
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = s.orientation
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        left, right, t, b = s.margins
        ws.page_margins.left, ws.page_margins.right = left, right
        ws.page_margins.top, ws.page_margins.bottom = t, b
        ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
        ws.print_options.horizontalCentered = s.center_horizontally
        ws.sheet_view.showGridLines = False
        if s.footer:
            footer = ws.oddFooter
            assert footer is not None  # a new worksheet has its (empty) footer
            footer.center.text = "&P / &N"
            footer.center.size = 9
            footer.center.font = FONT

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.pagebreak import Break as RowBreak

        for r in self.breaks:
            self.ws.row_breaks.append(RowBreak(id=r))
        last = max(self.row - 1, 1)
        self.ws.print_area = f"A1:{get_column_letter(self.s.grid_cols)}{last}"

    # --- pagination ---------------------------------------------------------------

    def page_break(self) -> None:
        if self.row > 1 and (not self.breaks or self.breaks[-1] != self.row - 1) and self.used > 0:
            self.breaks.append(self.row - 1)
            self.used = 0.0

    def reserve(self, height: float) -> None:
        """Start a new page before a block of `height` that would not fit on this one
        (headings are reserved together with their table)."""
        if self.used > 0 and self.used + height > self.page_capacity:
            self.page_break()

    def set_height(self, row: int, height: float) -> None:
        self.ws.row_dimensions[row].height = round(height, 1)
        self.used += height
        if self.used > self.page_capacity:  # Calc breaks here by itself
            self.used = height

    # --- cells --------------------------------------------------------------------

    def font(self, size: float | None = None, bold: bool = False) -> Font:
        from openpyxl.styles import Font

        return Font(name=FONT, size=size or self.s.font_size, bold=bold)

    def border(self, outline: tuple[bool, bool, bool, bool] = (False,) * 4) -> Border:
        """A table cell's border; `outline` says which of its edges (l r t b) lie on the
        table's outline (drawn medium with border='medium_outline')."""
        from openpyxl.styles import Border, Side

        s = self.s.border
        sides = []
        for i, edge in enumerate(outline):
            if s == "medium_outline" and edge:
                sides.append(Side(style="medium"))
            elif s == "hair_inner" and not edge and i >= 2:  # inner horizontal rules
                sides.append(Side(style="hair"))
            else:
                sides.append(Side(style="thin"))
        return Border(left=sides[0], right=sides[1], top=sides[2], bottom=sides[3])

    def put(
        self,
        c0: int,
        c1: int,
        r0: int,
        r1: int,
        value: CellValue,
        *,
        font: Font | None = None,
        fill: str | None = None,
        border: Border | None = None,
        halign: str = "left",
        valign: str = "top",
        wrap: bool = True,
        number_format: str | None = None,
    ) -> None:
        """Write `value` into columns c0..c1-1 (0-based grid units), rows r0..r1."""
        from openpyxl.styles import Alignment, PatternFill

        ws = self.ws
        cell = ws.cell(row=r0, column=c0 + 1)
        cell.value = value
        cell.font = font or self.font()
        cell.alignment = Alignment(horizontal=halign, vertical=valign, wrap_text=wrap)
        if number_format:
            cell.number_format = number_format
        styled = [(r, c) for r in range(r0, r1 + 1) for c in range(c0 + 1, c1 + 1)]
        for r, c in styled:
            target = ws.cell(row=r, column=c)
            if fill:
                target.fill = PatternFill("solid", fgColor=fill)
            if border is not None:
                target.border = border
        if c1 - c0 > 1 or r1 > r0:
            ws.merge_cells(start_row=r0, start_column=c0 + 1, end_row=r1, end_column=c1)

    # --- blocks -------------------------------------------------------------------

    def text_height(self, text: str, size: float, width: float) -> float:
        lines = wrap_count(text, width - 2 * CELL_PAD, size)
        return lines * size * self.s.line_factor + 4

    def gap(self, height: float | None = None) -> None:
        h = self.s.gap if height is None else height
        if h <= 0 or self.used == 0:
            return
        self.set_height(self.row, h)
        self.row += 1

    def text_row(self, text: str, kind: str) -> None:
        s = self.s
        size = {
            "title": s.title_size,
            "heading": s.heading_size,
            "part": s.heading_size + 1,
            "field_heading": s.heading_size,
            "section": s.heading_size,
            "paragraph": s.font_size + 0.5,
            "footnote": max(s.font_size - 1, 7.0),
        }[kind]
        bold = kind in ("title", "heading", "part", "field_heading", "section")
        n = s.grid_cols
        h = self.text_height(text, size, self.sheet_w) + (4 if kind == "section" else 0)
        shaded = kind == "section"
        self.put(
            0,
            n,
            self.row,
            self.row,
            text,
            font=self.font(size, bold),
            fill=s.section_fill if shaded else None,
            border=self.border((True, True, True, True)) if shaded else None,
            halign="center" if kind == "title" else "left",
            valign="center",
        )
        self.set_height(self.row, h)
        self.row += 1

    def value_row(self, v: Value) -> None:
        s = self.s
        n = s.grid_cols
        label_w = max(4, round(n * 0.14))
        width = (n - label_w) * self.unit_pt
        h = max(
            self.text_height(v.text, s.font_size + 0.5, width),
            self.text_height(v.label, s.font_size, label_w * self.unit_pt),
        )
        self.put(
            0,
            label_w,
            self.row,
            self.row,
            v.label,
            font=self.font(s.font_size, True),
            fill=s.label_fill,
            border=self.border((True, False, True, True)),
            halign="center",
            valign="center",
        )
        self.put(
            label_w,
            n,
            self.row,
            self.row,
            v.text,
            font=self.font(s.font_size + 0.5),
            border=self.border((False, True, True, True)),
            valign="center",
        )
        self.set_height(self.row, h)
        self.row += 1

    def grid_heights(self, grid: Grid) -> list[float]:
        bounds = column_bounds(grid.weights, self.s.grid_cols)
        heights = []
        for cells in grid.rows:
            h = self.s.font_size * self.s.line_factor + 4
            for c in cells:
                if c.rowspan > 1:
                    continue
                width = (bounds[c.col + c.span] - bounds[c.col]) * self.unit_pt
                text = c.text + (" " + c.share if c.share else "")
                h = max(h, self.text_height(text, self.s.font_size, width))
            heights.append(h)
        return heights

    def grid(self, grid: Grid) -> None:
        s = self.s
        bounds = column_bounds(grid.weights, s.grid_cols)
        heights = self.grid_heights(grid)
        top = self.row
        nrows = len(grid.rows)
        for i, (cells, h) in enumerate(zip(grid.rows, heights, strict=True)):
            r = top + i
            body = i >= grid.header_rows
            total = grid.total_row and i == nrows - 1
            band = body and not total and s.zebra_fill and grid.kind == "field"
            band = band and (i - grid.header_rows) % 2 == 1
            for c in cells:
                c0, c1 = bounds[c.col], bounds[c.col + c.span]
                r1 = r + c.rowspan - 1
                outline = (c0 == 0, c1 == s.grid_cols, i == 0, i + c.rowspan == nrows)
                fill: str | None
                if c.header:
                    fill = s.header_fill
                elif total:
                    fill = s.total_fill
                elif band:
                    fill = s.zebra_fill
                else:
                    fill = None
                self.cell(c, c0, c1, r, r1, fill, self.border(outline))
            self.set_height(r, h)
        self.row = top + nrows

    def cell(
        self, c: Cell, c0: int, c1: int, r0: int, r1: int, fill: str | None, border: Border
    ) -> None:
        s = self.s
        width = (c1 - c0) * self.unit_pt
        valign = "center" if c.header else s.body_valign
        font = self.font(bold=c.bold or (c.header and False))
        if c.share:
            self.summary_cell(c, c0, c1, r0, fill, border)
            return
        value: CellValue = c.text
        fmt = None
        number = as_number(c.text) if s.numbers else None
        if number is not None and text_width(c.text, s.font_size) < width - 2 * CELL_PAD - 2:
            value, fmt = number
        self.put(
            c0, c1, r0, r1, value, font=font, fill=fill, border=border,
            halign=c.align, valign=valign, number_format=fmt,
        )  # fmt: skip

    def summary_cell(
        self, c: Cell, c0: int, c1: int, r: int, fill: str | None, border: Border
    ) -> None:
        """A count printed bold followed by its share: one rich-text cell, or two cells
        without a rule between them (count right-aligned, share left-aligned)."""
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
        from openpyxl.styles import Border

        s = self.s
        width = (c1 - c0) * self.unit_pt
        count = as_number(c.text) if s.numbers else None
        share = as_number(c.share) if s.numbers else None
        if s.summary_share == "split" and c1 - c0 >= 2:
            mid = c0 + (c1 - c0 + 1) // 2
            left = Border(left=border.left, top=border.top, bottom=border.bottom)
            right = Border(right=border.right, top=border.top, bottom=border.bottom)
            fits = width / 2 - 2 * CELL_PAD - 2
            cv, cf = count if count and text_width(c.text, s.font_size) < fits else (c.text, None)
            sv, sf = share if share and text_width(c.share, s.font_size) < fits else (c.share, None)
            self.put(
                c0, mid, r, r, cv, font=self.font(bold=c.bold), fill=fill, border=left,
                halign="right", valign="center", number_format=cf,
            )  # fmt: skip
            self.put(
                mid, c1, r, r, sv, font=self.font(), fill=fill, border=right,
                halign="left", valign="center", number_format=sf,
            )  # fmt: skip
            return
        size = s.font_size
        rich = CellRichText(
            TextBlock(InlineFont(rFont=FONT, sz=size, b=c.bold), c.text),
            TextBlock(InlineFont(rFont=FONT, sz=size), " " + c.share),
        )
        self.put(
            c0, c1, r, r, rich, font=self.font(bold=c.bold), fill=fill, border=border,
            halign="center", valign="center",
        )  # fmt: skip
