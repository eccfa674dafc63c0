"""The canvas engine's items: something drawn at full frame width whose height is known
before pagination (headings, paragraphs, title bars, boxed headings, 新しい価値).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from fy2023_content import NewValue

from .fonts import FONT, run_width, text_width
from .grids import Align
from .layouts import BLACK, WHITE, Color, Layout
from .painter import Painter
from .pitfalls import code_form, lookalike, split_code
from .wrapping import wrap_text


class Item:
    """Something drawn at full frame width; `height` is known before pagination."""

    height: float = 0.0
    gap_before: float = 0.0
    tables: int = 0
    keep_with_next: bool = False  # headings stay with what follows
    sticky: bool = False  # KPI tables, footnotes stay with what precedes
    continue_rows: int = 0  # > 0: a table placed to continue after this many data rows
    page_top: bool = False  # title bars start a page

    def draw(self, p: Painter, x: float, top: float) -> None:
        """Draw with the item's top-left corner at (x, top)."""


class BreakItem(Item):
    """The original's page break (honoured only by layouts that say so)."""


class TextItem(Item):
    """A heading, paragraph, footnote or title: wrapped lines, optional drawn marker."""

    def __init__(
        self,
        text_lines: Sequence[str],
        size: float,
        width: float,
        layout: Layout,
        *,
        marker: Literal["", "square", "dot"] = "",
        align: Align = "left",
        bold: bool = False,
        gap_before: float = 0.0,
        char_space: float = 0.0,
    ) -> None:
        self.size, self.layout, self.marker, self.align, self.bold = (
            size,
            layout,
            marker,
            align,
            bold,
        )
        self.char_space = char_space
        self.indent = size * 1.1 if marker else 0.0
        self.width = width
        self.lines: list[str] = []
        for line in text_lines:
            room = width - self.indent
            self.lines += wrap_text(line, FONT, size, room, layout.kinsoku, char_space)
        self.leading = size * layout.leading
        self.height = len(self.lines) * self.leading
        self.gap_before = gap_before

    def draw(self, p: Painter, x: float, top: float) -> None:
        s = self.size
        if self.marker == "square":
            p.rect(x, top + (self.leading - 0.7 * s) / 2, 0.7 * s, 0.7 * s, self.layout.accent)
        elif self.marker == "dot":
            p.rect(x + 0.2 * s, top + (self.leading - 0.35 * s) / 2, 0.35 * s, 0.35 * s, BLACK)
        runs = [((line, self.bold),) for line in self.lines]
        w = self.width - self.indent
        p.lines(runs, x + self.indent, top, w, s, self.leading, self.align, BLACK, self.char_space)


class BarItem(Item):
    """A filled title bar with the text in it."""

    def __init__(
        self,
        text_lines: Sequence[str],
        size: float,
        width: float,
        layout: Layout,
        page_top: bool,
        fill: Color | None = None,
        bold: bool = False,
        char_space: float = 0.0,
    ) -> None:
        self.size, self.layout, self.width = size, layout, width
        self.bold, self.char_space = bold, char_space
        self.pad = size * 0.45
        self.lines: list[str] = []
        for line in text_lines:
            room = width - 4 * self.pad
            self.lines += wrap_text(line, FONT, size, room, layout.kinsoku, char_space)
        self.leading = size * 1.3
        self.height = len(self.lines) * self.leading + 2 * self.pad
        self.page_top = page_top
        self.fill = fill or layout.bar_fill

    def draw(self, p: Painter, x: float, top: float) -> None:
        p.rect(x, top, self.width, self.height, self.fill)
        runs = [((line, self.bold),) for line in self.lines]
        p.lines(
            runs,
            x + 2 * self.pad,
            top + self.pad,
            self.width - 4 * self.pad,
            self.size,
            self.leading,
            "left",
            self.layout.bar_text,
            self.char_space,
        )


def _tint(color: Color, t: float) -> Color:
    """`color` mixed with white (t = 1: white)."""
    r, g, b = (v + (1.0 - v) * t for v in color)
    return (r, g, b)


class BoxedHeadingItem(Item):
    """A section heading as two adjacent filled boxes: its code (white on the bar
    colour) and, in a lighter box right beside it, the heading text."""

    def __init__(
        self,
        code: str,
        text: str,
        size: float,
        width: float,
        layout: Layout,
        gap_before: float,
        char_space: float = 0.0,
    ) -> None:
        self.code, self.size, self.layout, self.char_space = code, size, layout, char_space
        self.pad = pad = size * 0.4
        self.leading = size * layout.leading
        self.code_w = run_width(((code, False),), size, char_space) + 2 * pad
        room = width - self.code_w - 2 * pad
        self.lines = wrap_text(text, FONT, size, room, layout.kinsoku, char_space)
        widest = max(run_width(((line, False),), size, char_space) for line in self.lines)
        self.text_w = min(widest + 3 * pad, width - self.code_w)
        self.height = len(self.lines) * self.leading + 2 * pad
        self.gap_before = gap_before
        self.keep_with_next = True

    def draw(self, p: Painter, x: float, top: float) -> None:
        lay, s, pad, bold = self.layout, self.size, self.pad, self.layout.fake_bold
        p.rect(x, top, self.code_w, self.height, lay.bar_fill)
        p.rect(x + self.code_w, top, self.text_w, self.height, _tint(lay.bar_fill, 0.82))
        p.lines(
            [((self.code, bold),)],
            x + pad,
            top + (self.height - self.leading) / 2,
            self.code_w - 2 * pad,
            s,
            self.leading,
            "left",
            lay.bar_text,
            self.char_space,
        )
        p.lines(
            [((line, bold),) for line in self.lines],
            x + self.code_w + pad,
            top + pad,
            self.text_w - 2 * pad,
            s,
            self.leading,
            "left",
            BLACK,
            self.char_space,
        )


class NewValueItem(Item):
    """新しい価値: a label box and a shaded text box, or a labelled line."""

    def __init__(self, nv: NewValue, width: float, layout: Layout, gap_before: float) -> None:
        self.nv, self.layout, self.width = nv, layout, width
        self.size = layout.font_size + 1.0
        self.pad = layout.padding + 1.0
        self.label_w = text_width(nv.label, FONT, self.size) + 2 * self.pad
        self.inner = width - self.label_w - 3 * self.pad
        self.lines = wrap_text(nv.text, FONT, self.size, self.inner, layout.kinsoku)
        self.leading = self.size * layout.leading
        self.height = len(self.lines) * self.leading + 2 * self.pad
        self.gap_before = gap_before
        self.keep_with_next = True

    def draw(self, p: Painter, x: float, top: float) -> None:
        lay, s, pad = self.layout, self.size, self.pad
        if lay.new_value_box:
            g = lay.cell_gap
            p.rect(x, top, self.label_w, self.height, lay.accent)
            p.rect(
                x + self.label_w + g,
                top,
                self.width - self.label_w - g,
                self.height,
                (0.99, 0.94, 0.86),
            )
            label_color = WHITE
        else:
            p.hline(x, x + self.width, top + self.height, lay.accent, 1.0)
            label_color = lay.accent
        label_top = top + (self.height - self.leading) / 2
        p.lines(
            [((self.nv.label, True),)],
            x + pad,
            label_top,
            self.label_w - 2 * pad,
            s,
            self.leading,
            "left",
            label_color,
        )
        runs = [((line, False),) for line in self.lines]
        p.lines(
            runs, x + self.label_w + 2 * pad, top + pad, self.inner, s, self.leading, "left", BLACK
        )


def boxed_heading(
    text: str, size: float, width: float, layout: Layout, gap: float
) -> BoxedHeadingItem | None:
    """A section heading in two boxes (`boxed_headings`), None if it has no code."""
    split = split_code(text) if layout.boxed_headings else None
    if split is None:
        return None
    code = code_form(split[0], layout, "heading")
    rest = lookalike(split[1], layout)
    return BoxedHeadingItem(code, rest, size, width, layout, gap, layout.letter_spacing)
