"""How a report is drawn: `Layout`, the named layouts (SLIDES, GRID) and
`random_layout(seed)` (canvas or platypus, with random text-layer pitfalls).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Literal

Color = tuple[float, float, float]
WHITE: Color = (1.0, 1.0, 1.0)
BLACK: Color = (0.0, 0.0, 0.0)


TableStyleName = Literal["rules", "grid", "shaded", "bands"]


@dataclass(frozen=True)
class Layout:
    """How a report is drawn. The content and its reading order never depend on it."""

    name: str
    engine: Literal["canvas", "platypus"] = "canvas"
    landscape: bool = True
    # rules: shaded header cells + thin horizontal rules between data rows (no verticals);
    # grid: every cell ruled; shaded: every cell a filled box, no lines at all;
    # bands (canvas only): each header row one filled band as wide as the table, data
    # rows divided by horizontal rules (or, with `zebra`, every other one in a light
    # band, no rules): no vertical line or cell edge anywhere.
    table_style: TableStyleName = "rules"
    zebra: bool = False
    font_size: float = 10.0  # table cells
    heading_size: float = 13.0
    title_size: float = 18.0
    bar_size: float = 15.0  # text in a title bar (part titles, field-table headings)
    padding: float = 3.5  # inside every cell
    margin: float = 28.0
    leading: float = 1.3  # line height / font size
    cell_gap: float = 1.2  # white gap between shaded cells
    rule_width: float = 0.5
    valign: Literal["top", "middle"] = "middle"
    value_align: Literal["center", "right"] = "center"
    kinsoku: bool = True
    title_bar: bool = True  # part titles and page titles in a filled bar
    new_value_box: bool = True  # 新しい価値 as a shaded box (else a labelled line)
    field_keys_span_rows: bool = False  # 項番/分野 span both header rows of field tables
    summary_scale: float = 0.8  # summary table width / frame width
    summary_widths: tuple[float, ...] = (1.6, 1.0, 1.0, 1.0, 1.0)
    field_widths: tuple[float, ...] = (0.6, 2.6, 0.9, 1.2, 0.9, 1.0, 0.9, 1.2)
    item_widths: tuple[float, ...] = (1.0, 1.6, 1.6, 1.6)  # 項目, R5取組, R5成果, R6取組
    kpi_widths: tuple[float, ...] = (2.5, 1.0, 1.0, 1.0, 1.0)  # when a KPI has no grid
    kpi_gap: float = 0.0  # between an initiative table and its KPI table
    block_gap: float = 9.0
    fill_fraction: float = 1.0  # fill a page up to this share of its height
    honor_page_breaks: bool = True  # the original's page breaks (PageBreak blocks)
    max_tables_per_page: int = 0  # 0: no limit
    # The field table with this index starts low enough on its page that it continues
    # on the next one after `continue_rows` data rows (at most all but one); platypus
    # always, canvas with `split_tables` (then at the page's fill).
    continued_field_table: int = -1
    continue_rows: int = 4
    # canvas: a table (field, summary, initiative with its KPI table) that does not fit in
    # the rest of the page is split between two rows, the rest continuing at the top of the
    # next page, instead of moving whole to the next page (if at least one data row fits).
    split_tables: bool = False
    # Whether a continuation repeats the table's header rows (both engines; also for
    # tables taller than a page). Without them it is data rows only: in the 'rules'
    # style no shading and no vertical line at all, as real editions print it.
    repeat_header: bool = True
    header_fill: Color = (0.22, 0.40, 0.66)
    header_text: Color = WHITE
    data_fill: Color = (0.93, 0.95, 0.98)  # 'shaded' style data cells, 合計 rows
    bar_fill: Color = (0.10, 0.25, 0.50)
    bar_text: Color = WHITE
    accent: Color = (0.90, 0.45, 0.10)  # heading markers, 新しい価値 label
    rule_color: Color = (0.45, 0.45, 0.45)
    # Text-layer pitfalls of real editions (pitfalls.md), all off by default. They change
    # only what is drawn, never the content or its reading order:
    # - fake_bold: bold text (title, headings, header cells, summary labels and counts)
    #   drawn twice, the copy `fake_bold_offset` pt to the right: every character twice
    #   in the text layer, as Word/PowerPoint print "bold" in a font without a bold face.
    fake_bold: bool = False
    fake_bold_offset: float = 0.3
    # - lookalikes: in header cells, headings and row labels, some ideographs (a choice
    #   per layout, see LOOKALIKES) printed as Kangxi radicals: ⽬標値, ⾏政のDX.
    lookalikes: bool = False
    # - letter_spacing (em, 0 = off): short labels (header cells, row labels such as 合計,
    #   事業数; at most SHORT_LABEL characters) and headings letter-spaced (charSpace;
    #   platypus cells get real spaces); 合計 sometimes printed 「合 計」 with a space.
    letter_spacing: float = 0.0
    # - boxed_headings: a section heading as a filled box holding its code, the heading
    #   text in a lighter box beside it.
    boxed_headings: bool = False
    # - fullwidth_codes: field codes in tables and headings printed ＩＩＩ－１, Ⅰ-2 or
    #   I - 2 (a choice per code), header years 令和５年度 or 2023年度 (per cell).
    fullwidth_codes: bool = False


SLIDES = Layout(name="slides")


GRID = Layout(
    name="grid",
    engine="platypus",
    landscape=False,
    table_style="grid",
    font_size=7.5,
    heading_size=10.5,
    title_size=14.0,
    bar_size=11.0,
    padding=3.0,
    margin=40.0,
    leading=1.28,
    valign="top",
    value_align="right",
    title_bar=False,
    new_value_box=False,
    summary_scale=1.0,
    summary_widths=(1.3, 1.0, 1.0, 1.0, 1.0),
    field_widths=(0.55, 2.3, 0.85, 1.35, 0.95, 1.05, 0.85, 1.35),
    item_widths=(1.15, 1.5, 1.7, 1.45),
    block_gap=6.0,
    honor_page_breaks=False,
    continued_field_table=1,
    header_fill=(0.92, 0.92, 0.92),
    header_text=BLACK,
    rule_color=BLACK,
)


def random_layout(seed: int) -> Layout:
    """A random but well-formed layout. Mostly (75 %) a canvas layout: orientation,
    table style, font size, padding, column widths (±25 %), page filling, tables per
    page, title bars …, in 40 % of them with tables split across pages (`split_tables`,
    header rows repeated or not). Else (25 %) a platypus layout, see
    `random_platypus_layout`. Then, in either, the text-layer pitfalls, each on or off
    independently (see `_random_pitfalls`)."""
    rng = random.Random(seed)

    def jitter(weights: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(0.75, 1.25), 3) for w in weights)

    style: TableStyleName = rng.choice(["rules", "grid", "shaded"])
    dark = rng.random() < 0.6
    hue = rng.choice([(0.22, 0.40, 0.66), (0.15, 0.45, 0.30), (0.45, 0.25, 0.45)])
    light = (0.85, 0.88, 0.92)
    font_size = round(rng.uniform(7.0, 10.0), 1)
    # Drawn in the order of the first version, so that a seed keeps these values.
    layout = Layout(
        name=f"random-{seed}",
        landscape=rng.random() < 0.5,
        table_style=style,
        font_size=font_size,
        heading_size=round(font_size + rng.uniform(1.5, 4.0), 1),
        title_size=round(rng.uniform(14.0, 20.0), 1),
        bar_size=round(rng.uniform(11.0, 15.0), 1),
        padding=round(rng.uniform(1.5, 5.0), 1),
        margin=round(rng.uniform(20.0, 45.0), 1),
        leading=round(rng.uniform(1.2, 1.45), 2),
        cell_gap=round(rng.uniform(0.6, 2.0), 1),
        valign=rng.choice(["top", "middle"]),
        value_align=rng.choice(["center", "right"]),
        kinsoku=rng.random() < 0.7,
        title_bar=rng.random() < 0.5,
        new_value_box=rng.random() < 0.5,
        field_keys_span_rows=rng.random() < 0.5,
        summary_scale=round(rng.uniform(0.6, 1.0), 2),
        summary_widths=jitter(SLIDES.summary_widths),
        field_widths=jitter(SLIDES.field_widths),
        item_widths=jitter(SLIDES.item_widths),
        kpi_widths=jitter(SLIDES.kpi_widths),
        kpi_gap=rng.choice([0.0, 2.0, 6.0]),
        block_gap=round(rng.uniform(5.0, 14.0), 1),
        fill_fraction=round(rng.uniform(0.55, 1.0), 2),
        honor_page_breaks=False,
        max_tables_per_page=rng.choice([1, 2, 0]),
        header_fill=hue if dark else light,
        header_text=WHITE if dark else BLACK,
        bar_fill=hue,
    )
    if rng.random() < 0.25:
        layout = random_platypus_layout(seed, rng)
    elif rng.random() < 0.4:
        # Tables split where they reach the page's fill; one field table (random) is
        # placed so that it surely does, after a random number of data rows.
        layout = replace(
            layout,
            split_tables=True,
            repeat_header=rng.random() < 0.5,
            continued_field_table=rng.choice([0, 1]),
            continue_rows=rng.randint(1, 5),
        )
    return _random_pitfalls(layout, rng)


PITFALL_CHANCE = 0.25


def _random_pitfalls(layout: Layout, rng: random.Random) -> Layout:
    """The text-layer pitfalls, each on with PITFALL_CHANCE, independently. Drawn after
    everything else (a fixed number of draws), so that a seed keeps its other values;
    'bands' replaces the table style drawn before (canvas layouts only)."""
    fake_bold = rng.random() < PITFALL_CHANCE
    offset = round(rng.uniform(0.2, 0.5), 2)
    lookalikes = rng.random() < PITFALL_CHANCE
    spaced = rng.random() < PITFALL_CHANCE
    spacing = round(rng.uniform(0.3, 1.0), 2)
    bands = rng.random() < PITFALL_CHANCE and layout.engine == "canvas"
    zebra = rng.random() < 0.5
    boxed = rng.random() < PITFALL_CHANCE
    fullwidth = rng.random() < PITFALL_CHANCE
    return replace(
        layout,
        fake_bold=fake_bold,
        fake_bold_offset=offset if fake_bold else layout.fake_bold_offset,
        lookalikes=lookalikes,
        letter_spacing=spacing if spaced else 0.0,
        table_style="bands" if bands else layout.table_style,
        zebra=bands and zebra,
        boxed_headings=boxed,
        fullwidth_codes=fullwidth,
    )


def random_platypus_layout(seed: int, rng: random.Random) -> Layout:
    """GRID's route, randomised: orientation, font size, padding, margins, column widths
    (±25 %), header shading; one of the two field tables (random) continues on the next
    page after a random number of data rows, its header rows repeated or not."""

    def jitter(weights: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(0.75, 1.25), 3) for w in weights)

    font_size = round(rng.uniform(6.5, 9.0), 1)
    return replace(
        GRID,
        name=f"random-{seed}",
        landscape=rng.random() < 0.5,
        font_size=font_size,
        heading_size=round(font_size + rng.uniform(2.0, 4.0), 1),
        title_size=round(rng.uniform(12.0, 18.0), 1),
        bar_size=round(rng.uniform(10.0, 13.0), 1),
        padding=round(rng.uniform(2.0, 4.5), 1),
        margin=round(rng.uniform(25.0, 50.0), 1),
        leading=round(rng.uniform(1.2, 1.4), 2),
        rule_width=rng.choice([0.25, 0.5, 0.75]),
        valign=rng.choice(["top", "middle"]),
        value_align=rng.choice(["center", "right"]),
        kinsoku=rng.random() < 0.7,
        # (no field_keys_span_rows: platypus would draw 項番/分野 before 令和5年度)
        summary_scale=round(rng.uniform(0.7, 1.0), 2),
        summary_widths=jitter(GRID.summary_widths),
        field_widths=jitter(GRID.field_widths),
        item_widths=jitter(GRID.item_widths),
        kpi_widths=jitter(GRID.kpi_widths),
        header_fill=rng.choice([(0.92, 0.92, 0.92), (0.85, 0.88, 0.92), (0.88, 0.94, 0.88)]),
        rule_color=rng.choice([BLACK, (0.45, 0.45, 0.45)]),
        continued_field_table=rng.choice([0, 1]),
        continue_rows=rng.randint(1, 5),
        split_tables=True,
        repeat_header=rng.random() < 0.5,
    )
