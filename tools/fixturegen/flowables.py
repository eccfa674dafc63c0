"""Platypus flowables of the generator's own: fake bold, canvas items in a story, rules,
and the blank that makes a table continue on the next page.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table

from .items import Item
from .layouts import Color, Layout
from .painter import Painter


class Doubled(Flowable):
    """Fake bold: a flowable drawn twice, the copy `dx` pt to the right."""

    def __init__(self, inner: Flowable, dx: float) -> None:
        super().__init__()
        self.inner, self.dx = inner, dx

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(avail_w, avail_h)
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, 0)
        self.inner.drawOn(self.canv, self.dx, 0)


class ItemFlowable(Flowable):
    """A canvas item (a letter-spaced, fake-bold or boxed heading) in a platypus story."""

    def __init__(self, item: Item, width: float, style: ParagraphStyle, layout: Layout) -> None:
        super().__init__()
        self.item, self.width, self.height = item, width, item.height
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.fake_bold = layout.fake_bold_offset if layout.fake_bold else 0.0
        self.layout_name = layout.name

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        p = Painter(self.canv, self.height, self.fake_bold)
        self.item.draw(p, 0.0, 0.0)
        if p.overflows:
            raise ValueError(f"{self.layout_name}: text wider than its box: {p.overflows[:3]}")


class Rule(Flowable):
    """A thin full-width line (under part titles)."""

    def __init__(self, width: float, color: Color) -> None:
        super().__init__()
        self.width, self.color = width, color
        self.height = 2.0

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(*self.color)
        self.canv.setLineWidth(1.0)
        self.canv.line(0, 1, self.width, 1)


class LeaveRoom(Flowable):
    """Blank space down to where `heading`, the `head` header rows and the first `rows`
    data rows of `table` just fit above the frame's bottom, so that the table continues
    on the next page (a continuation for the extractor to stitch). When the frame has
    less room than that, it does not fit (nor split): platypus moves it to the next
    page, where it leaves the room from there."""

    def __init__(self, heading: Flowable, table: Table, head: int, rows: int) -> None:
        super().__init__()
        self.heading, self.table, self.head, self.rows = heading, table, head, rows
        self.height = 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        _, h = self.heading.wrap(avail_w, 1e6)
        need = h + self.heading.getSpaceBefore() + self.heading.getSpaceAfter()
        self.table.wrap(avail_w, 1e6)
        # the row heights wrap() found: reportlab keeps them in a private attribute
        heights = self.table._rowHeights  # type: ignore[attr-defined]  # not in the stubs
        need += sum(heights[: self.head + self.rows]) + 1.0
        self.height = avail_h - need if avail_h >= need else avail_h + 1.0
        return avail_w, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        return None
