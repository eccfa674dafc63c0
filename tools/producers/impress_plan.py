"""The impress producer's slide plan: which blocks go on which slide, where. python-pptx
does not lay anything out, so the heights of rows, text boxes and tables are estimated
here from wrapped line counts, generously, since Impress grows a row that needs more
room.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fy2023_content import Report
from producers.office_flat import Break, Flat, Grid, GridOptions, Text, Value, flatten
from producers.office_text import wrap_count

if TYPE_CHECKING:
    from producers.impress import Style

# Impress widens the space between CJK and Latin letters/digits (about 0.2 em)
LATIN_GAP = 0.3


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

    def place(
        self,
        kind: str,
        b: Flat,
        h: float,
        *,
        rows: list[int] | None = None,
        heights: list[float] | None = None,
        size: float = 0.0,
    ) -> None:
        """`b` placed at the current height, `h` high (a table: which of its rows, their
        heights, its font size)."""
        self.slides[-1].items.append(Placed(kind, self.y, h, b, rows or [], heights or [], size))
        self.y += h

    def gap(self, g: float) -> None:
        if self.slides[-1].items:
            self.y += g


def _group_title(group: list[Flat]) -> tuple[list[str], int]:
    """The slide title of a PageBreak group: its leading title, part or field-table
    heading texts, else its leading section heading; and how many blocks it takes."""
    texts: list[str] = []
    for b in group:
        if not (isinstance(b, Text) and b.kind in ("title", "part", "field_heading")):
            break
        texts.append(b.text)
        if b.kind != "title":
            break
    if not texts and group and isinstance(group[0], Text) and group[0].kind == "section":
        texts = [group[0].text]
    return texts, len(texts)


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


def _place(lay: Layout, b: Flat, after: list[Flat], continuation: Callable[[], list[str]]) -> None:
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
