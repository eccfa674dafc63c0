"""A producer of the DX report the way a prefecture's PowerPoint deck prints it: a
.pptx made with python-pptx, converted to PDF by LibreOffice Impress.

    python tools/producers/impress.py    # rewrites tests/fixtures/producers/impress_fy20{23,24}.pdf

Slides 16:9 or 4:3; each starts with a title text box (the part title, the field
table's heading, or the section heading); real pptx tables (`add_table`) with a
shaded header row, cells merged as the content's `Spans` say, body rows white or
banded, ruled in black or in white lines as PowerPoint's default table style; every
run in IPAexGothic (latin and East-Asian typeface). One slide per PageBreak group,
more when a group does not fit: a table too long for a slide continues on the next
one under its header rows repeated, the slide titled with the section heading again
(as the content itself repeats headings). python-pptx does not lay anything out,
so the heights of rows, text boxes and tables are estimated here from wrapped line
counts, generously, since Impress grows a row that needs more room.
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import itertools

from fy2023_content import Report
from producers.office_common import (
    FONT,
    Break,
    Cell,
    Flat,
    Grid,
    GridOptions,
    Text,
    Value,
    Widths,
    check,
    flatten,
    page_count,
    producer_main,
    soffice_convert,
    wrap_count,
)

EMU_PER_PT = 12700
# Impress widens the space between CJK and Latin letters/digits (about 0.2 em)
LATIN_GAP = 0.3


@dataclass(frozen=True)
class Style:
    aspect: str = "16:9"  # 16:9, 4:3
    font_size: float = 9.0  # table text
    title_size: float = 18.0
    heading_size: float = 12.0  # section headings
    margin: float = 24.0  # slide side margin, pt
    cell_margin: tuple[float, float] = (4.0, 2.5)  # left/right, top/bottom, pt
    header_fill: str = "1F4E79"
    header_text: str = "FFFFFF"
    band_fill: str | None = "DEEAF6"  # every other body row; None: white
    body_fill: str = "FFFFFF"
    rules: str = "grid"  # grid (black lines), white (white lines on fills), horizontal
    title_bar: bool = True  # the title on a filled bar (else text over a rule)
    title_fill: str = "1F4E79"
    section_fill: str = "BDD7EE"
    label_fill: str = "FFE699"
    widths: Widths = field(default_factory=Widths)
    field_keys_span_rows: bool = False
    value_align: str = "right"
    body_anchor: str = "top"  # top, middle
    honour_breaks: bool = True
    line_factor: float = 1.3  # estimated row height per wrapped line, in font sizes
    gap: float = 8.0  # between blocks
    kpi_gap: float = 0.0  # between an initiative table and its KPI table
    page_numbers: bool = True


DEFAULT = Style()

DARK = ("1F4E79", "2F5597", "385723", "7F6000", "203864", "3B3838", "4472C4")
PALE = ("DEEAF6", "E2EFDA", "FBE5D6", "EDEDED", "DAE3F3", "FFF2CC")
MID = ("BDD7EE", "C5E0B4", "F8CBAD", "D9D9D9", "B4C7E7", "FFE699")


def random_style(seed: int) -> Style:
    rng = random.Random(f"impress-{seed}")

    def jitter(ws: tuple[float, ...], amount: float = 0.25) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(1 - amount, 1 + amount), 3) for w in ws)

    w = Widths()
    dark_header = rng.random() < 0.6
    dark = rng.choice(DARK)
    rules = rng.choice(("grid", "grid", "white", "horizontal"))
    band = rng.choice((None, rng.choice(PALE)))
    if rules == "white" and band is None:
        band = rng.choice(PALE)
    aspect = rng.choice(("16:9", "16:9", "4:3"))
    return Style(
        aspect=aspect,
        font_size=rng.choice((8.0, 9.0, 9.0, 10.0, 10.5) if aspect == "16:9" else (8.0, 9.0)),
        title_size=rng.choice((16.0, 18.0, 20.0, 24.0)),
        heading_size=rng.choice((11.0, 12.0, 14.0)),
        margin=rng.choice((18.0, 24.0, 30.0, 36.0)),
        cell_margin=(rng.choice((3.0, 4.0, 7.2)), rng.choice((2.0, 3.6))),
        header_fill=dark if dark_header else rng.choice(MID),
        header_text="FFFFFF" if dark_header else "000000",
        band_fill=band,
        body_fill="FFFFFF" if rules != "white" else rng.choice(("FFFFFF", "F2F2F2")),
        rules=rules,
        title_bar=rng.random() < 0.6,
        title_fill=dark,
        section_fill=rng.choice(MID),
        label_fill=rng.choice(PALE + MID),
        widths=Widths(jitter(w.summary), jitter(w.field), jitter(w.item), jitter(w.kpi)),
        field_keys_span_rows=rng.random() < 0.4,
        value_align=rng.choice(("right", "right", "center")),
        body_anchor=rng.choice(("top", "top", "middle")),
        honour_breaks=rng.random() < 0.75,
        line_factor=round(rng.uniform(1.3, 1.55), 2),
        gap=rng.choice((6.0, 8.0, 12.0)),
        kpi_gap=rng.choice((0.0, 0.0, 4.0, 8.0)),
        page_numbers=rng.random() < 0.7,
    )


# ---------------------------------------------------------------------------------
# Layout: which blocks go on which slide, where
# ---------------------------------------------------------------------------------


@dataclass
class Placed:
    kind: str  # title, text, value, table
    y: float
    height: float
    block: Flat
    rows: list[int] = field(default_factory=list)  # table: which rows (headers included)
    heights: list[float] = field(default_factory=list)  # table: row heights
    size: float = 0.0  # table: font size


@dataclass
class SlidePlan:
    title: list[str]
    items: list[Placed] = field(default_factory=list)


TEXT_SIZES = {"heading": 1.25, "part": 1.3, "field_heading": 1.3, "section": 1.0}


class Layout:
    def __init__(self, style: Style) -> None:
        self.s = style
        self.w, self.h = (960.0, 540.0) if style.aspect == "16:9" else (720.0, 540.0)
        self.content_w = self.w - 2 * style.margin
        self.bottom = self.h - (30.0 if style.page_numbers else 18.0)
        self.slides: list[SlidePlan] = []
        self.y = 0.0

    # --- measuring ----------------------------------------------------------------

    def title_height(self, lines: list[str]) -> float:
        size = self.s.title_size
        n = sum(wrap_count(t, self.content_w - 20, size, LATIN_GAP) for t in lines)
        return n * size * 1.3 + 14

    def text_size(self, kind: str) -> float:
        s = self.s
        if kind == "section":
            return s.heading_size
        if kind in ("paragraph", "footnote"):
            return s.font_size + (1.0 if kind == "paragraph" else -0.5)
        return s.heading_size * TEXT_SIZES.get(kind, 1.0)

    def text_height(self, t: Text) -> float:
        size = self.text_size(t.kind)
        n = wrap_count(t.text, self.content_w - 16, size, LATIN_GAP)
        return n * size * 1.3 + (12 if t.kind == "section" else 8)

    def value_height(self, v: Value) -> float:
        size = self.s.font_size + 1
        n = wrap_count(v.text, self.content_w * 0.82 - 16, size, LATIN_GAP)
        return n * size * 1.3 + 10

    def col_widths(self, grid: Grid) -> list[float]:
        total = sum(grid.weights)
        return [self.content_w * w / total for w in grid.weights]

    def row_heights(self, grid: Grid, size: float) -> list[float]:
        s = self.s
        widths = self.col_widths(grid)
        mx, my = s.cell_margin
        out = []
        for cells in grid.rows:
            h = size * s.line_factor + 2 * my + 2
            for c in cells:
                if c.rowspan > 1:
                    continue
                w = sum(widths[c.col : c.col + c.span]) - 2 * mx - 2
                text = c.text + (" " + c.share if c.share else "")
                n = wrap_count(text, w * 0.94, size, LATIN_GAP)
                h = max(h, n * size * s.line_factor + 2 * my + 2)
            out.append(h)
        return out

    def block_height(self, b: Flat) -> float:
        if isinstance(b, Text):
            return self.text_height(b)
        if isinstance(b, Value):
            return self.value_height(b)
        if isinstance(b, Grid):
            return sum(self.row_heights(b, self.s.font_size))
        return 0.0

    # --- placing ------------------------------------------------------------------

    def new_slide(self, title: list[str]) -> None:
        self.slides.append(SlidePlan(title))
        self.y = 14.0 + self.title_height(title) + 10.0

    def room(self) -> float:
        return self.bottom - self.y

    def fresh_room(self, title: list[str]) -> float:
        return self.bottom - (14.0 + self.title_height(title) + 10.0)

    def place(self, kind: str, b: Flat, h: float, **kw: object) -> None:
        self.slides[-1].items.append(Placed(kind, self.y, h, b, **kw))  # type: ignore[arg-type]
        self.y += h

    def gap(self, g: float) -> None:
        if self.slides[-1].items:
            self.y += g


def _group_title(group: list[Flat]) -> tuple[list[str], int]:
    """The slide title of a PageBreak group: its leading title, part or field-table
    heading texts, else its leading section heading; and how many blocks it takes."""
    n = 0
    while (
        n < len(group)
        and isinstance(group[n], Text)
        and group[n].kind
        in (  # type: ignore[union-attr]
            "title",
            "part",
            "field_heading",
        )
    ):
        n += 1
        if group[n - 1].kind != "title":  # type: ignore[union-attr]
            break
    if n == 0 and group and isinstance(group[0], Text) and group[0].kind == "section":
        n = 1
    return [g.text for g in group[:n]], n  # type: ignore[union-attr]


def plan(report: Report, style: Style) -> list[SlidePlan]:
    o = GridOptions(style.widths, style.field_keys_span_rows, style.value_align)
    flat = flatten(report, o)
    groups: list[list[Flat]] = [[]]
    for b in flat:
        if isinstance(b, Break):
            if style.honour_breaks and groups[-1]:
                groups.append([])
        else:
            groups[-1].append(b)
    lay = Layout(style)
    for group in groups:
        if group:
            _plan_group(lay, group)
    return lay.slides


def _plan_group(lay: Layout, group: list[Flat]) -> None:
    """The slides of one PageBreak group: a slide titled by its leading titles, then
    every block placed, a new slide where it does not fit (titled by the section or
    slide it continues)."""
    title, n = _group_title(group)
    lay.new_slide(title)
    context = title if n and isinstance(group[0], Text) and group[0].kind == "section" else []
    slide_title = title
    rest = group[n:]
    for i, b in enumerate(rest):
        if isinstance(b, Text) and b.kind == "section":
            context = [b.text]
        elif isinstance(b, Text) and b.kind in ("part", "field_heading"):
            # a part title or field-table heading inside a group (PageBreaks not
            # honoured) starts a slide and is its title, never a text box
            context, slide_title = [], [b.text]
            if lay.slides[-1].items or lay.slides[-1].title != slide_title:
                lay.new_slide(slide_title)
            continue

        def continuation() -> list[str]:
            return context or slide_title  # noqa: B023

        _place(lay, b, rest[i + 1 :], continuation)


def _keep(b: Flat, after: list[Flat], lay: Layout) -> float:
    """Height that must go on the same slide as `b`: a heading or value row keeps the
    blocks after it up to the first table (its header and first body row); an
    initiative table keeps its KPI table and footnote."""
    s = lay.s
    if isinstance(b, Grid):
        h = 0.0
        for nxt in after:
            if isinstance(nxt, Grid) and nxt.attached:
                h += s.kpi_gap + lay.block_height(nxt)
            elif isinstance(nxt, Text) and nxt.kind == "footnote":
                h += 2 + lay.block_height(nxt)
                break
            else:
                break
        return h
    h = 0.0
    for nxt in after:
        if isinstance(nxt, Grid):
            rows = lay.row_heights(nxt, s.font_size)
            k = nxt.header_rows + 1
            whole = len(rows) <= k or nxt.kind == "item"
            h += s.gap + (sum(rows) if whole else sum(rows[:k]))
            if nxt.kind == "item":
                h += _keep(nxt, after[after.index(nxt) + 1 :], lay)
            break
        h += s.gap + lay.block_height(nxt)
    return h


def _place(lay: Layout, b: Flat, after: list[Flat], continuation) -> None:  # type: ignore[no-untyped-def]
    s = lay.s
    gap = (
        s.kpi_gap
        if isinstance(b, Grid) and b.attached
        else (2.0 if isinstance(b, Text) and b.kind == "footnote" else s.gap)
    )
    if isinstance(b, (Text, Value)):
        h = lay.block_height(b)
        need = h + (0.0 if isinstance(b, Text) and b.kind == "footnote" else _keep(b, after, lay))
        if (
            lay.slides[-1].items
            and gap + need > lay.room()
            and need <= lay.fresh_room(continuation())
        ):
            if isinstance(b, Text) and b.kind == "section":  # the heading becomes the title
                lay.new_slide([b.text])
                return
            lay.new_slide(continuation())
        lay.gap(gap)
        lay.place("value" if isinstance(b, Value) else "text", b, h)
        return
    assert isinstance(b, Grid)
    size = s.font_size
    heights = lay.row_heights(b, size)
    fresh = lay.fresh_room(continuation())
    head = b.header_rows
    # a row that does not fit on an empty slide: this table gets a smaller font
    while max(sum(heights[:head]) + h for h in heights[head:]) > fresh and size > 6:
        size -= 0.5
        heights = lay.row_heights(b, size)
    total = sum(heights)
    keep = _keep(b, after, lay)
    if lay.slides[-1].items and gap + total + keep > lay.room():
        splittable = len(heights) > head + 1
        first_fit = gap + sum(heights[: head + 1]) <= lay.room()
        whole = not (splittable and first_fit and total > lay.room()) or b.attached
        if whole and (total + keep <= fresh or total > lay.room()):
            lay.new_slide(continuation())
    lay.gap(gap)
    rows = list(range(len(heights)))
    start = head
    while True:
        fit = head
        y = sum(heights[:head])
        while start + (fit - head) < len(rows) and y + heights[start + fit - head] <= lay.room():
            y += heights[start + fit - head]
            fit += 1
        take = list(range(head)) + rows[start : start + fit - head]
        lay.place("table", b, y, rows=take, heights=[heights[r] for r in take], size=size)
        start += fit - head
        if start >= len(rows):
            return
        lay.new_slide(continuation())


# ---------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------


def _emu(pt: float) -> int:
    return round(pt * EMU_PER_PT)


def _rgb(hexcolor: str):  # type: ignore[no-untyped-def]
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hexcolor)


def _font(run, size: float, bold: bool = False, color: str = "000000") -> None:  # type: ignore[no-untyped-def]
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
    tf, runs: list[tuple[str, bool]], size: float, align: str, color: str = "000000"
) -> None:  # type: ignore[no-untyped-def]
    from pptx.enum.text import PP_ALIGN

    tf.word_wrap = True
    p = tf.paragraphs[0]
    p.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
    for text, bold in runs:
        r = p.add_run()
        r.text = text
        _font(r, size, bold, color)


def _textbox(slide, x: float, y: float, w: float, h: float, text: str, size: float, *,  # type: ignore[no-untyped-def]
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


def _line(slide, x0: float, y: float, x1: float, color: str, width: float) -> None:  # type: ignore[no-untyped-def]
    from pptx.enum.shapes import MSO_CONNECTOR

    ln = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(x0), _emu(y), _emu(x1), _emu(y))
    ln.line.color.rgb = _rgb(color)
    ln.line.width = _emu(width)


def _borders(cell, edges: dict[str, str | None], width: float = 0.75) -> None:  # type: ignore[no-untyped-def]
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


def draw_table(slide, lay: Layout, p: Placed) -> None:  # type: ignore[no-untyped-def]
    s = lay.s
    grid = _collapsed(p.block, p.rows)  # type: ignore[arg-type]
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


def _grid_positions(table, s: Style, grid: Grid, p: Placed, ncols: int) -> None:  # type: ignore[no-untyped-def]
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
            cell.fill.solid()
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


def _cell(table, i: int, r: int, c: Cell, s: Style, grid: Grid, p: Placed) -> None:  # type: ignore[no-untyped-def]
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


def render(report: Report, out_pdf: Path, style: Style | None = None) -> int:
    style = style or DEFAULT
    out_pdf = Path(out_pdf)
    lay = Layout(style)
    slides = plan(report, style)
    with tempfile.TemporaryDirectory(prefix="impress-") as tmp:
        src = Path(tmp) / (out_pdf.stem + ".pptx")
        draw(slides, lay, src)
        pdf = soffice_convert(src, Path(tmp))
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        out_pdf.write_bytes(pdf.read_bytes())
    return page_count(out_pdf)


def main(argv: list[str] | None = None) -> int:
    return producer_main("impress", __doc__ or "", render, random_style, argv)


__all__ = ["DEFAULT", "Style", "check", "random_style", "render", "replace"]

if __name__ == "__main__":
    raise SystemExit(main())
