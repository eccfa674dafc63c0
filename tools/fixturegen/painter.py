"""Drawing on a reportlab canvas in top-down coordinates: boxes, rules and text
(letter-spaced, fake or stroked bold).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from .fonts import ASCENT, FONT, run_width, text_width
from .grids import Align
from .layouts import Color


class Painter:
    """Drawing helpers in top-down coordinates (y grows downwards from the page top)."""

    def __init__(self, c: Canvas, page_h: float, fake_bold: float = 0.0) -> None:
        self.c = c
        self.h = page_h
        self.fake_bold = fake_bold  # > 0: bold is a second copy this far to the right
        self.overflows: list[str] = []  # lines drawn wider than their box

    def rect(self, x: float, top: float, w: float, h: float, fill: Color) -> None:
        self.c.setFillColorRGB(*fill)
        self.c.rect(x, self.h - top - h, w, h, stroke=0, fill=1)

    def frame(self, x: float, top: float, w: float, h: float, color: Color, lw: float) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(lw)
        self.c.rect(x, self.h - top - h, w, h, stroke=1, fill=0)

    def hline(self, x0: float, x1: float, y: float, color: Color, lw: float) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(lw)
        self.c.line(x0, self.h - y, x1, self.h - y)

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        size: float,
        color: Color,
        bold: bool = False,
        char_space: float = 0.0,
    ) -> None:
        if not text:
            return
        # Fake bold: the whole text again, shifted (stream order: text, then its copy).
        copies = (x, x + self.fake_bold) if bold and self.fake_bold else (x,)
        stroke = bold and not self.fake_bold
        if not stroke and not char_space:
            self.c.setFillColorRGB(*color)
            self.c.setFont(FONT, size)
            for cx in copies:
                self.c.drawString(cx, self.h - baseline, text)
            return
        # Bold: fill and stroke the outlines (render mode 2) — no doubled characters
        # in the text layer. saveState scopes Tr and Tc, which outlive BT/ET.
        self.c.saveState()
        for cx in copies:
            t = self.c.beginText(cx, self.h - baseline)
            t.setFont(FONT, size)
            t.setFillColorRGB(*color)
            if stroke:
                t.setStrokeColorRGB(*color)
                self.c.setLineWidth(size * 0.04)
                t.setTextRenderMode(2)
            if char_space:
                t.setCharSpace(char_space * size)
            t.textOut(text)
            self.c.drawText(t)
        self.c.restoreState()

    def lines(
        self,
        lines: Sequence[tuple[tuple[str, bool], ...]],
        x: float,
        top: float,
        width: float,
        size: float,
        leading: float,
        align: Align,
        color: Color,
        char_space: float = 0.0,
    ) -> None:
        for i, runs in enumerate(lines):
            w = run_width(runs, size, char_space)
            if w > width + 0.01:
                self.overflows.append("".join(t for t, _ in runs))
            dx = {"left": 0.0, "center": (width - w) / 2, "right": width - w}[align]
            baseline = top + i * leading + (leading - size) / 2 + ASCENT * size
            cx = x + dx
            for text, bold in runs:
                self.text(cx, baseline, text, size, color, bold, char_space)
                cx += text_width(text, FONT, size) + char_space * size * max(0, len(text) - 1)
                cx += 0.5 * size
