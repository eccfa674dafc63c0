"""The rearranged editions' names and their Style: how an edition is drawn (font, padding,
margins, column widths, borders, colours), the default and a random one per seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Literal

from fixturegen.layouts import Layout
from reportlab.lib.colors import Color as RLColor

EDITIONS = ("kpi_inside", "mixed_pages", "field_order")

Color = tuple[float, float, float]
Borders = Literal["grid", "rules", "shaded"]


@dataclass(frozen=True)
class Style:
    """How an edition is drawn (never what is printed)."""

    font_size: float = 8.0
    padding: float = 3.0
    margin: float = 36.0
    leading: float = 1.3
    borders: Borders = "grid"
    rule_width: float = 0.5
    box_width: float = 1.0
    rule_color: Color = (0.15, 0.15, 0.15)
    header_fill: Color = (0.80, 0.86, 0.94)
    header_text: Color = (0.0, 0.0, 0.0)
    sub_fill: Color = (0.91, 0.94, 0.98)  # kpi_inside: the KPI sub-header row
    total_fill: Color = (0.95, 0.95, 0.95)
    zebra_fill: Color = (0.96, 0.97, 0.99)  # 'shaded' borders: every other data row
    bar_fill: Color = (0.12, 0.27, 0.52)  # part titles
    accent: Color = (0.85, 0.40, 0.05)  # 新しい価値 label, rule under section headings
    summary_scale: float = 0.62  # kpi_inside: each area's summary table / frame width
    summary_widths: tuple[float, ...] = (1.7, 1.0, 1.0)
    summary_full_widths: tuple[float, ...] = (1.6, 1.0, 1.0, 1.0, 1.0)
    field_widths: tuple[float, ...] = (0.55, 2.4, 0.85, 1.35, 0.95, 1.05, 0.85, 1.35)
    item_widths: tuple[float, ...] = (1.0, 1.6, 1.6, 1.6)
    kpi_widths: tuple[float, ...] = (2.4, 1.0, 1.0, 1.1, 1.0)
    valign: Literal["TOP", "MIDDLE"] = "TOP"

    def layout(self) -> Layout:
        """The fixturegen Layout its grid builders and wrapping read."""
        return Layout(
            name="rearranged",
            engine="platypus",
            landscape=False,
            font_size=self.font_size,
            padding=self.padding,
            leading=self.leading,
            value_align="right",
            summary_widths=self.summary_full_widths,
            field_widths=self.field_widths,
            item_widths=self.item_widths,
            kpi_widths=self.kpi_widths,
        )


DEFAULT_STYLE = Style()


def random_style(seed: int) -> Style:
    """A random but readable style: font 7–10 pt, padding, margins, widths, borders."""
    rng = random.Random(seed)

    def jitter(ws: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(0.85, 1.15), 3) for w in ws)

    dark = rng.random() < 0.3
    return replace(
        DEFAULT_STYLE,
        font_size=rng.choice((7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0)),
        padding=rng.choice((2.0, 2.5, 3.0, 4.0, 5.0)),
        margin=rng.choice((28.0, 36.0, 42.0, 50.0)),
        leading=rng.choice((1.2, 1.3, 1.4)),
        borders=rng.choice(("grid", "rules", "shaded")),
        rule_width=rng.choice((0.3, 0.5, 0.75)),
        header_fill=(0.22, 0.40, 0.66)
        if dark
        else rng.choice(((0.80, 0.86, 0.94), (0.88, 0.88, 0.88), (0.85, 0.93, 0.85))),
        header_text=(1.0, 1.0, 1.0) if dark else (0.0, 0.0, 0.0),
        summary_scale=rng.uniform(0.5, 0.8),
        field_widths=jitter(DEFAULT_STYLE.field_widths),
        item_widths=jitter(DEFAULT_STYLE.item_widths),
        kpi_widths=jitter(DEFAULT_STYLE.kpi_widths),
        valign=rng.choice(("TOP", "MIDDLE")),
    )


def rl_color(c: Color) -> RLColor:
    """A Style colour as reportlab's Color."""
    return RLColor(*c)


def hex_color(c: Color) -> str:
    """A Style colour as #rrggbb (Paragraph markup)."""
    return "#" + "".join(f"{round(v * 255):02x}" for v in c)
