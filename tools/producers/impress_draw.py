"""The impress producer's drawing: the planned slides (impress_plan.py) as a .pptx made
with python-pptx, text boxes and real tables (`add_table`), every run in IPAexGothic.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from producers.impress_plan import Layout, Placed, SlidePlan
from producers.office_flat import Cell, Grid, Text, Value
from producers.office_text import FONT

if TYPE_CHECKING:
    from pptx.dml.color import RGBColor
    from pptx.slide import Slide
    from pptx.table import Table, _Cell
    from pptx.text.text import TextFrame, _Run
    from pptx.util import Length
    from producers.impress import Style

EMU_PER_PT = 12700


# ---------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------


def _emu(pt: float) -> Length:
    from pptx.util import Emu

    return Emu(round(pt * EMU_PER_PT))


def _rgb(hexcolor: str) -> RGBColor:
    from pptx.dml.color import RGBColor

    # python-pptx 1.0 leaves RGBColor (its constructor and from_string) unannotated
    rgb: RGBColor = RGBColor.from_string(hexcolor)  # type: ignore[no-untyped-call]
    return rgb


def _font(run: _Run, size: float, bold: bool = False, color: str = "000000") -> None:
    from pptx.oxml.ns import qn

    f = run.font
    f.size = _emu(size)
    f.bold = bold
    f.color.rgb = _rgb(color)
    f.name = FONT
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
        el = rpr.makeelement(qn(tag), {"typeface": FONT})
        rpr.append(el)


def _set_text(
    tf: TextFrame, runs: list[tuple[str, bool]], size: float, align: str, color: str = "000000"
) -> None:
    from pptx.enum.text import PP_ALIGN

    tf.word_wrap = True
    p = tf.paragraphs[0]
    p.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
    for text, bold in runs:
        r = p.add_run()
        r.text = text
        _font(r, size, bold, color)


def _textbox(slide: Slide, x: float, y: float, w: float, h: float, text: str, size: float, *,
             bold: bool = False, fill: str | None = None, color: str = "000000",
             align: str = "left", anchor: str = "middle", inset: float = 6.0) -> None:  # fmt: skip
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    if fill:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(x), _emu(y), _emu(w), _emu(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
        shape.line.fill.background()
        style = shape._element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}style"
        )
        if style is not None:  # the theme's effect (a shadow) and font references
            shape._element.remove(style)
    else:
        shape = slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))
    tf = shape.text_frame
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = _emu(inset)
    tf.margin_top = tf.margin_bottom = _emu(2)
    tf.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}[anchor]
    _set_text(tf, [(text, bold)], size, align, color)


def _line(slide: Slide, x0: float, y: float, x1: float, color: str, width: float) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR

    ln = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(x0), _emu(y), _emu(x1), _emu(y))
    ln.line.color.rgb = _rgb(color)
    ln.line.width = _emu(width)


def _borders(cell: _Cell, edges: dict[str, str | None], width: float = 0.75) -> None:
    """Set the cell's four edges (lnL lnR lnT lnB): a colour, or None for no line;
    they must precede the fill in a:tcPr."""
    from pptx.oxml.ns import qn

    tcPr = cell._tc.get_or_add_tcPr()
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        for old in tcPr.findall(qn(tag)):
            tcPr.remove(old)
    for i, tag in enumerate(("a:lnL", "a:lnR", "a:lnT", "a:lnB")):
        color = edges[tag[-1]]
        ln = tcPr.makeelement(
            qn(tag), {"w": str(_emu(width)), "cap": "flat", "cmpd": "sng", "algn": "ctr"}
        )
        if color is None:
            ln.append(ln.makeelement(qn("a:noFill"), {}))
        else:
            sf = ln.makeelement(qn("a:solidFill"), {})
            sf.append(sf.makeelement(qn("a:srgbClr"), {"val": color}))
            ln.append(sf)
            ln.append(ln.makeelement(qn("a:prstDash"), {"val": "solid"}))
        tcPr.insert(i, ln)


def _collapsed(grid: Grid, rows: list[int]) -> Grid:
    """The grid with only the column boundaries the drawn rows use: an initiative or
    KPI table whose cells all span the same columns needs no merged cells (a separate
    table sized to the spans looks the same). Impress 7.4 misplaces a horizontally
    merged cell in a table's last row when an earlier row has one too, so merges are
    kept to the header rows of the summary and field tables."""
    cuts = sorted({b for r in rows for c in grid.rows[r] for b in (c.col, c.col + c.span)})
    index = {b: i for i, b in enumerate(cuts)}
    weights = [sum(grid.weights[a:b]) for a, b in itertools.pairwise(cuts)]
    drawn = set(rows)
    new_rows = [
        [replace(c, col=index[c.col], span=index[c.col + c.span] - index[c.col]) for c in cells]
        if r in drawn
        else []
        for r, cells in enumerate(grid.rows)
    ]
    return replace(grid, weights=weights, rows=new_rows)


def draw_table(slide: Slide, lay: Layout, p: Placed) -> None:
    s = lay.s
    assert isinstance(p.block, Grid)
    grid = _collapsed(p.block, p.rows)
    widths = lay.col_widths(grid)
    x = s.margin
    shape = slide.shapes.add_table(
        len(p.rows), len(widths), _emu(x), _emu(p.y), _emu(lay.content_w), _emu(p.height)
    )
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = _emu(w)
    for i, h in enumerate(p.heights):
        table.rows[i].height = _emu(h)
    _grid_positions(table, s, grid, p, len(widths))
    for i, r in enumerate(p.rows):
        for c in grid.rows[r]:
            _cell(table, i, r, c, s, grid, p)


def _grid_positions(table: Table, s: Style, grid: Grid, p: Placed, ncols: int) -> None:
    """Every grid position, covered or not, gets fill and edges."""
    nrows = len(p.rows)
    covered: dict[tuple[int, int], tuple[Cell, int, int]] = {}
    for i, r in enumerate(p.rows):
        for c in grid.rows[r]:
            for di in range(c.rowspan):
                for dj in range(c.span):
                    covered[(i + di, c.col + dj)] = (c, i, r)
    for i, r in enumerate(p.rows):
        body_index = r - grid.header_rows
        for j in range(ncols):
            c, _, r0 = covered.get((i, j), (Cell(j, ""), i, r))
            cell = table.cell(i, j)
            _borders(cell, _edges(s, i, nrows), 0.75 if s.rules != "white" else 1.0)
            cell.fill.solid()  # type: ignore[no-untyped-call]  # unannotated in python-pptx 1.0
            cell.fill.fore_color.rgb = _rgb(_fill(s, grid, c, r0, body_index))


def _fill(s: Style, grid: Grid, c: Cell, r0: int, body_index: int) -> str:
    """The fill of a grid position covered by `c` (of grid row `r0`)."""
    if c.header:
        return s.header_fill
    if grid.total_row and r0 == len(grid.rows) - 1:
        return s.band_fill or "F2F2F2"
    if s.band_fill and body_index >= 0 and body_index % 2 == 1 and grid.kind == "field":
        return s.band_fill
    if r0 < grid.header_rows:  # an empty header cell (the summary corner, KPI lead)
        return s.header_fill if grid.kind == "summary" else s.body_fill
    return s.body_fill


def _edges(s: Style, i: int, nrows: int) -> dict[str, str | None]:
    """The edges of a position in row `i`: all in the rule colour, or ('horizontal')
    rules above and below only, black at the table's top and bottom."""
    rule = {"grid": "000000", "white": "FFFFFF", "horizontal": "7F7F7F"}[s.rules]
    if s.rules != "horizontal":
        return {"L": rule, "R": rule, "T": rule, "B": rule}
    edges: dict[str, str | None] = {"L": None, "R": None, "T": rule, "B": rule}
    if i == 0:
        edges["T"] = "000000"
    if i == nrows - 1:
        edges["B"] = "000000"
    return edges


def _cell(table: Table, i: int, r: int, c: Cell, s: Style, grid: Grid, p: Placed) -> None:
    """Grid row `r`'s cell `c` in table row `i`: merged, its margins, anchor and text."""
    from pptx.enum.text import MSO_ANCHOR

    cell = table.cell(i, c.col)
    if c.span > 1 or c.rowspan > 1:
        cell.merge(table.cell(min(i + c.rowspan - 1, len(p.rows) - 1), c.col + c.span - 1))
    mx, my = s.cell_margin
    cell.margin_left = cell.margin_right = _emu(mx)
    cell.margin_top = cell.margin_bottom = _emu(my)
    cell.vertical_anchor = (
        MSO_ANCHOR.MIDDLE if c.header or s.body_anchor == "middle" else MSO_ANCHOR.TOP
    )
    color = (
        s.header_text if c.header or (grid.kind == "summary" and r < grid.header_rows) else "000000"
    )
    runs = [(c.text, c.bold)] + ([(" " + c.share, False)] if c.share else [])
    _set_text(cell.text_frame, runs, p.size, c.align, color)


def draw(slides: list[SlidePlan], lay: Layout, path: Path) -> None:
    from pptx import Presentation

    s = lay.s
    prs = Presentation()
    prs.slide_width, prs.slide_height = _emu(lay.w), _emu(lay.h)
    blank = prs.slide_layouts[6]
    for n, sp in enumerate(slides, 1):
        slide = prs.slides.add_slide(blank)
        th = lay.title_height(sp.title)
        if s.title_bar:
            _textbox(slide, 0, 10, lay.w, th, "\n".join(sp.title), s.title_size, bold=True,
                     fill=s.title_fill, color="FFFFFF", inset=s.margin)  # fmt: skip
        else:
            _textbox(slide, s.margin - 6, 10, lay.content_w + 12, th, "\n".join(sp.title),
                     s.title_size, bold=True, color="000000")  # fmt: skip
            _line(slide, s.margin, 10 + th + 2, lay.w - s.margin, s.title_fill, 2.0)
        for p in sp.items:
            b = p.block
            if p.kind == "table":
                draw_table(slide, lay, p)
            elif p.kind == "value":
                assert isinstance(b, Value)
                lw = lay.content_w * 0.16
                size = s.font_size + 1
                _textbox(slide, s.margin, p.y, lw, p.height, b.label, size, bold=True,
                         fill=s.label_fill, align="center")  # fmt: skip
                _textbox(slide, s.margin + lw, p.y, lay.content_w - lw, p.height, b.text, size)
            else:
                assert isinstance(b, Text)
                size = lay.text_size(b.kind)
                if b.kind == "section":
                    _textbox(slide, s.margin, p.y, lay.content_w, p.height, b.text, size,
                             bold=True, fill=s.section_fill)  # fmt: skip
                else:
                    bold = b.kind not in ("paragraph", "footnote")
                    _textbox(slide, s.margin - 6, p.y, lay.content_w + 12, p.height, b.text, size,
                             bold=bold, anchor="top")  # fmt: skip
        if s.page_numbers:
            _textbox(slide, lay.w - 90, lay.h - 24, 70, 16, str(n), 9, align="right")
    prs.save(str(path))
