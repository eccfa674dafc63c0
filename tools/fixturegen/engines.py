"""Render the reconstructed DX report (tools/fy2023_content.py) into fixture PDFs.

Run `python tools/make_fixture_pdfs.py` (or `make fixtures`) to rewrite
raw_pdfs/fukushima_dx_r5.pdf (SLIDES: landscape slides, shaded headers, few ruling
lines, drawn on a canvas) and tests/fixtures/fukushima_dx_r5_grid.pdf (GRID: portrait
A4 through reportlab platypus, fully ruled tables, the 地域 field table continuing on
the next page with its two header rows repeated). `random_layout(seed)` gives more
layouts of the same content for property tests, among them layouts whose tables
continue on the next page, with or without their header rows repeated (`split_tables`,
`repeat_header`), and platypus ones (`random_platypus_layout`). Random layouts also
reproduce the text-layer pitfalls of real editions (the shared pitfalls.md), each
on at random: fake bold (every character twice), Kangxi-radical look-alikes, letter-
spaced labels, a 'bands' table style without any vertical edge, headings in two boxes,
field codes and years in other forms (`Layout.fake_bold` … `fullwidth_codes`).

Every layout obeys the wrapping rules the extractor relies on (see `wrap_text`), keeps
each text inside its cell and draws all text as real Unicode text (an embedded subset
of IPAexGothic with a ToUnicode map), so pdfplumber reads it back.  Output is
byte-for-byte reproducible (reportlab's `invariant=1`).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color as RLColor
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as PdfParagraph

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or imported
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from fy2023_content import (
    REPORT,
    FieldTable,
    Initiative,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
    SummaryCell,
)

ROOT = Path(__file__).resolve().parents[1]
SLIDES_PDF = Path("raw_pdfs/fukushima_dx_r5.pdf")
GRID_PDF = Path("tests/fixtures/fukushima_dx_r5_grid.pdf")

FONT = "IPAexGothic"
SYSTEM_FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
# IPAexGothic's ascender is 1802/2048 of the em: where a baseline goes in its line box.
ASCENT = 0.88

Color = tuple[float, float, float]
WHITE: Color = (1.0, 1.0, 1.0)
BLACK: Color = (0.0, 0.0, 0.0)


# ---------------------------------------------------------------------------------
# Font
# ---------------------------------------------------------------------------------


def find_font() -> Path:
    """ipaexg.ttf from the japanize-matplotlib package (found, never imported), else
    Debian's fonts-ipaexfont-gothic."""
    candidates = []
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec is not None and spec.origin is not None:
        candidates.append(Path(spec.origin).parent / "fonts" / "ipaexg.ttf")
    candidates.append(SYSTEM_FONT)
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        "IPAexGothic (ipaexg.ttf) not found: install the dev extras "
        "(pip install -e '.[dev]', which brings japanize-matplotlib) "
        f"or Debian's fonts-ipaexfont-gothic; looked in {', '.join(map(str, candidates))}"
    )


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(find_font())))
    return FONT


@cache
def _em_width(font: str, text: str) -> float:
    """Width of `text` at 1 pt (reportlab adds glyph widths: no kerning, no shaping)."""
    return float(pdfmetrics.stringWidth(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    return sum(_em_width(font, ch) for ch in text) * size


# ---------------------------------------------------------------------------------
# Wrapping
# ---------------------------------------------------------------------------------

# Kinsoku (JIS X 4051, the common subset): no line starts with these …
NO_START = frozenset("、。，．）〕］｝」』】〉》・ー～…‥！？％：；々ゝゞヽヾ")
# … and none ends with these.
NO_END = frozenset("（〔［｛「『【〈《")


def _is_ascii_word_char(ch: str) -> bool:
    return "!" <= ch <= "~"


def _units(text: str) -> Iterator[str]:
    """Unbreakable units: a maximal run of ASCII non-space characters, one space, or
    one other character."""
    i = 0
    while i < len(text):
        j = i + 1
        if _is_ascii_word_char(text[i]):
            while j < len(text) and _is_ascii_word_char(text[j]):
                j += 1
        yield text[i:j]
        i = j


def wrap_text(
    text: str,
    font: str,
    size: float,
    width: float,
    kinsoku: bool = True,
    char_space: float = 0.0,
) -> list[str]:
    """Break `text` into lines no wider than `width`, by the rules the extractor joins by.

    - Never between two ASCII non-space characters: 'ICT', '30,748', '(3,662' stay
      whole; a break goes before or after such a run.
    - A space may be a break; the space is then dropped (lines never start or end with
      one). Between two ASCII words this is the only way to break.
    - Anywhere else between two characters, except (with `kinsoku`) before 、。）」 …
      or after （「 …, in which case the last character moves to the next line.
    - '\\n' forces a break. A unit wider than `width` gets a line of its own (callers
      size columns so that this does not happen).

    `char_space` (em) is letter spacing: every character counts that much wider.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, size, width, kinsoku, char_space))
    return lines


def _wrap_paragraph(
    text: str, font: str, size: float, width: float, kinsoku: bool, char_space: float
) -> list[str]:
    def w(unit: str) -> float:
        if char_space:
            return text_width(unit, font, size) + char_space * size * len(unit)
        return text_width(unit, font, size)

    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for unit in _units(text):
        if unit == " ":
            if cur:
                cur.append(unit)
                cur_w += w(unit)
            continue
        unit_w = w(unit)
        if cur and cur_w + unit_w > width + 1e-6:
            carry: list[str] = []
            if kinsoku:
                # Move characters down while the new line would start with 、。）… or the
                # old one end with （「…, if what moves still fits on the new line.
                kept, moved, head = list(cur), list[str](), unit
                while (
                    len(kept) > 1
                    and kept[-1] != " "
                    and (head[0] in NO_START or kept[-1] in NO_END)
                ):
                    head = kept.pop()
                    moved.insert(0, head)
                if moved and sum(map(w, moved)) + unit_w <= width + 1e-6:
                    cur, carry = kept, moved
            while cur and cur[-1] == " ":
                cur.pop()
            if cur:
                lines.append("".join(cur))
            cur = carry
            cur_w = sum(map(w, cur))
        cur.append(unit)
        cur_w += unit_w
    while cur and cur[-1] == " ":
        cur.pop()
    if cur:
        lines.append("".join(cur))
    return lines


def min_unit_width(text: str, font: str, size: float) -> float:
    """The narrowest width at which `wrap_text` keeps every line of `text` inside it:
    the width of its widest unbreakable unit."""
    return max((text_width(u, font, size) for u in _units(text) if u != " "), default=0.0)


# ---------------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------
# Text-layer pitfalls: what a label or heading is printed as (both engines)
# ---------------------------------------------------------------------------------

# Look-alike code points that Word/PowerPoint exports print for unified ideographs
# (Kangxi radicals; 長 from the CJK radicals supplement). IPAexGothic maps every one to
# the ideograph's own glyph, so the page looks the same and only the text layer differs.
LOOKALIKES = {
    "目": "\u2f6c",  # ⽬
    "行": "\u2f8f",  # ⾏
    "人": "\u2f08",  # ⼈
    "月": "\u2f49",  # ⽉
    "日": "\u2f47",  # ⽇
    "入": "\u2f0a",  # ⼊
    "用": "\u2f64",  # ⽤
    "高": "\u2fbc",  # ⾼
    "手": "\u2f3f",  # ⼿
    "支": "\u2f40",  # ⽀
    "長": "\u2ed1",  # ⻑
    "大": "\u2f24",  # ⼤
    "生": "\u2f63",  # ⽣
    "一": "\u2f00",  # ⼀
}

SHORT_LABEL = 6  # letter spacing only for labels of at most this many characters

# A field code as printed: I-1, I - 2, II, IV, Ⅲ-1, Ⅴ (then a space or the end).
CODE_RE = re.compile(r"(?P<roman>[IVX]+|[\u2160-\u216b])(?:\s*-\s*(?P<num>[0-9]+))?(?=\s|$)")
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
FULLWIDTH = str.maketrans("IVX0123456789-", "ＩＶＸ０１２３４５６７８９－")
YEAR_RE = re.compile(r"令和([0-9]+)年度")


def _rng(layout: Layout, *key: object) -> random.Random:
    """A generator for one choice of one layout (seeded by a string: reproducible)."""
    return random.Random("|".join(map(str, (layout.name, *key))))


@cache
def _lookalike_table(layout: Layout) -> dict[int, str]:
    """The layout's look-alikes: each ideograph of LOOKALIKES with chance 0.7."""
    rr = _rng(layout, "lookalikes")
    return {ord(k): v for k, v in LOOKALIKES.items() if rr.random() < 0.7}


def _lookalike(text: str, layout: Layout) -> str:
    return text.translate(_lookalike_table(layout)) if layout.lookalikes else text


def _split_code(heading: str) -> tuple[str, str] | None:
    """('I - 2', '行政サービスの向上に向けた取組') for a heading starting with a code."""
    m = CODE_RE.match(heading)
    if m is None or not heading[m.end() :].startswith(" "):
        return None
    return heading[: m.end()], heading[m.end() :].lstrip(" ")


def _code_form(code: str, layout: Layout, where: str) -> str:
    """A field code in one of its printed forms (with `fullwidth_codes`, a choice per
    code and place): full-width ＩＩＩ－１, Roman-numeral characters Ⅲ-1, spaced III - 1."""
    m = CODE_RE.fullmatch(code)
    if not layout.fullwidth_codes or m is None:
        return code
    roman = m["roman"]
    n = ord(roman) - 0x215F if roman[0] >= "\u2160" else ROMAN.index(roman)
    form = _rng(layout, "code", where, code).choice(["fullwidth", "roman", "spaced"])
    if form == "fullwidth":
        head, sep = ROMAN[n].translate(FULLWIDTH), "－"
    elif form == "roman":
        head, sep = chr(0x215F + n), "-"
    else:
        head, sep = ROMAN[n], " - "
    if m["num"] is None:
        return head
    num = m["num"].translate(FULLWIDTH) if form == "fullwidth" else m["num"]
    return head + sep + num


def _year_form(text: str, layout: Layout, where: str) -> str:
    """令和5年度 in a header cell as 令和５年度, 2023年度 or unchanged (with
    `fullwidth_codes`, a choice per cell)."""
    if not layout.fullwidth_codes:
        return text

    def form(m: re.Match[str]) -> str:
        choice = _rng(layout, "year", where, m[0]).choice(["fullwidth", "western", "kept"])
        if choice == "fullwidth":
            return f"令和{m[1].translate(FULLWIDTH)}年度"
        if choice == "western":
            return f"{2018 + int(m[1])}年度"
        return m[0]

    return YEAR_RE.sub(form, text)


def _spaced(text: str, layout: Layout, where: str) -> tuple[str, float]:
    """(text, char_space) of a short label: letter-spaced with `letter_spacing`; 合計
    sometimes 「合 計」 with a real space instead, as the report prints it; in platypus
    (no letter spacing in Paragraphs) always with real spaces."""
    if not layout.letter_spacing or not 2 <= len(text) <= SHORT_LABEL or " " in text:
        return text, 0.0
    if layout.engine == "platypus" or (
        text == "合計" and _rng(layout, "total", where).random() < 0.5
    ):
        return " ".join(text), 0.0
    return text, layout.letter_spacing


def _label(
    col: int,
    text: str,
    layout: Layout,
    where: str,
    align: Align = "center",
    span: int = 1,
    *,
    header: bool = True,
    bold: bool | None = None,
    rowspan: int = 1,
) -> Cell:
    """A header cell (`header`) or a row label, as the layout prints it: years in other
    forms, look-alikes, letter spacing; bold (by default: header cells with
    `fake_bold`)."""
    if header:
        text = _year_form(text, layout, where)
    text, char_space = _spaced(_lookalike(text, layout), layout, where)
    if bold is None:
        bold = header and layout.fake_bold
    return Cell(col, span, ((text, bold),), align, rowspan=rowspan, char_space=char_space)


# ---------------------------------------------------------------------------------
# Tables as grids of cells (shared by both engines)
# ---------------------------------------------------------------------------------

Align = Literal["left", "center", "right"]


@dataclass
class Cell:
    """Text of one cell before wrapping; `runs` > 1 only for the summary's 'count share'."""

    col: int
    span: int
    runs: tuple[tuple[str, bool], ...]  # (text, bold)
    align: Align = "left"
    rowspan: int = 1
    char_space: float = 0.0  # em; letter-spaced labels such as 「合 計」
    lines: list[tuple[tuple[str, bool], ...]] = field(default_factory=list)


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False
    total: bool = False
    height: float = 0.0


@dataclass
class Grid:
    kind: str  # summary, field, item, kpi
    weights: list[float]  # relative column widths before min-width fitting
    rows: list[Row]
    header_rows: int
    scale: float = 1.0  # table width / frame width


def _text(col: int, text: str, align: Align = "left", span: int = 1, bold: bool = False) -> Cell:
    return Cell(col, span, ((text, bold),), align)


def summary_grid(report: Report, layout: Layout) -> Grid:
    s = report.summary
    first = [Cell(0, 1, (("", False),), "center", rowspan=2)]
    second: list[Cell] = []
    col = 1
    for area in s.areas:
        first.append(_label(col, area, layout, f"summary-{col}", span=len(s.years)))
        for year in s.years:
            second.append(_label(col, report.fill(year), layout, f"summary-{col}"))
            col += 1
    rows = [Row(first, header=True), Row(second, header=True)]
    for r in s.rows:
        cells = [_label(0, r.label, layout, "summary", "left", header=False, bold=True)]
        cells += [_summary_cell(i + 1, c) for i, c in enumerate(r.cells)]
        rows.append(Row(cells))
    return Grid("summary", list(layout.summary_widths), rows, 2, layout.summary_scale)


def _summary_cell(col: int, cell: SummaryCell) -> Cell:
    runs = ((cell.count, cell.bold),) + (((cell.share, False),) if cell.share else ())
    return Cell(col, 1, runs, "center")


def field_grid(table: FieldTable, report: Report, layout: Layout) -> Grid:
    keys = 2 if layout.field_keys_span_rows and table.groups[0].span > 2 else 0
    at = table.heading
    first: list[Cell] = [
        _label(i, table.columns[i], layout, f"{at}-{i}", rowspan=2) for i in range(keys)
    ]
    col = keys
    for i, group in enumerate(table.groups):
        span = group.span - keys if i == 0 else group.span
        first.append(_label(col, report.fill(group.label), layout, f"{at}-{col}", span=span))
        col += span
    second = [
        _label(i, label, layout, f"{at}-{i}") for i, label in enumerate(table.columns) if i >= keys
    ]
    rows = [Row(first, header=True), Row(second, header=True)]
    va = layout.value_align
    for r in table.rows:
        code = _code_form(r.code, layout, "cell")
        cells = [_text(0, code, "center"), _label(1, r.name, layout, at, "left", header=False)]
        cells += [_text(i + 2, v, va) for i, v in enumerate(r.values)]
        rows.append(Row(cells))
    t = table.total
    if t.letter_spaced:  # printed 「合 計」 by the report itself
        total = Cell(1, 1, ((_lookalike(t.label, layout), False),), "center", char_space=1.0)
    else:
        total = _label(1, t.label, layout, at, header=False)
    cells = [_text(0, "", "center"), total]
    cells += [_text(i + 2, v, va) for i, v in enumerate(t.values)]
    rows.append(Row(cells, total=True))
    return Grid("field", list(layout.field_widths), rows, 2)


def initiative_grids(item: Initiative, report: Report, layout: Layout) -> tuple[Grid, Grid | None]:
    """The initiative table and its KPI table on one grid of columns, reproducing the
    printed merged cells (Spans); a KPI table that does not fit the grid gets its own."""
    spans = item.spans
    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    weights: list[float] = []
    head: list[Cell] = []
    body: list[Cell] = []
    for label, value, span, w in zip(labels, values, spans.item, layout.item_widths, strict=True):
        col = len(weights)
        weights += [w / span] * span
        head.append(_label(col, label, layout, f"item-{col}", span=span))
        body.append(_text(col, value, "left", span))
    grid = Grid("item", weights, [Row(head, header=True), Row(body)], 1)
    if not item.kpis:
        return grid, None
    kpi_labels = [report.fill(x) for x in report.labels.kpi_columns]
    if spans.kpi_fits():
        kpi_weights, kspans, col = weights, spans.kpi, spans.kpi_lead
    else:
        kpi_weights, kspans, col = list(layout.kpi_widths), (1, 1, 1, 1, 1), 0
    lead = [_text(i, "", "center") for i in range(col)]
    head, starts = list(lead), []
    for label, span in zip(kpi_labels, kspans, strict=True):
        head.append(_label(col, label, layout, f"kpi-{col}", span=span))
        starts.append((col, span))
        col += span
    rows = [Row(head, header=True)]
    for k in item.kpis:
        cells = list(lead)
        aligns: list[Align] = ["left", layout.value_align, layout.value_align, "center"]
        aligns.append(layout.value_align)
        for (c, span), text, align in zip(
            starts, (k.name, k.target, k.actual, k.status, k.next_target), aligns, strict=True
        ):
            cells.append(_text(c, text, align, span))
        rows.append(Row(cells))
    return grid, Grid("kpi", list(kpi_weights), rows, 1)


def _cell_min(cell: Cell, size: float, pad: float) -> float:
    texts = [t for t, _ in cell.runs]
    if cell.char_space:  # letter-spaced: never wrapped
        return _run_width(cell.runs, size, cell.char_space) + 2 * pad + 0.5
    return max(min_unit_width(t, FONT, size) for t in texts) + 2 * pad + 0.5


def fit_widths(grid: Grid, total: float, size: float, pad: float) -> list[float]:
    """Column widths proportional to the grid's weights, widened where a cell's widest
    unbreakable unit would not fit (taking the room from the other columns)."""
    n = len(grid.weights)
    need = [2 * pad + size] * n
    for row in grid.rows:
        for cell in row.cells:
            share = _cell_min(cell, size, pad) / cell.span
            for c in range(cell.col, cell.col + cell.span):
                need[c] = max(need[c], share)
    widths = [w / sum(grid.weights) * total for w in grid.weights]
    for _ in range(n):
        short = [c for c in range(n) if widths[c] < need[c] - 1e-6]
        if not short:
            break
        for c in short:
            widths[c] = need[c]
        free = [c for c in range(n) if c not in short and widths[c] > need[c]]
        excess = sum(widths) - total
        room = sum(widths[c] - need[c] for c in free)
        if room <= 0:
            break
        for c in free:
            widths[c] -= excess * (widths[c] - need[c]) / room
    return widths


def _run_width(runs: Sequence[tuple[str, bool]], size: float, char_space: float) -> float:
    w = sum(text_width(t, FONT, size) + char_space * size * max(0, len(t) - 1) for t, _ in runs)
    return w + 0.5 * size * (len(runs) - 1)


def wrap_cells(grid: Grid, widths: list[float], layout: Layout) -> None:
    """Fill every cell's `lines` for its column width."""
    size, pad = layout.font_size, layout.padding
    for row in grid.rows:
        for cell in row.cells:
            inner = sum(widths[cell.col : cell.col + cell.span]) - 2 * pad
            if len(cell.runs) > 1 and _run_width(cell.runs, size, 0.0) > inner:
                cell.lines = [(run,) for run in cell.runs]
            elif len(cell.runs) > 1 or cell.char_space:
                cell.lines = [cell.runs]
            else:
                text, bold = cell.runs[0]
                lines = wrap_text(text, FONT, size, inner, layout.kinsoku)
                cell.lines = [((line, bold),) for line in lines]


# ---------------------------------------------------------------------------------
# Canvas engine: measured items, pagination, drawing
# ---------------------------------------------------------------------------------


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
            w = _run_width(runs, size, char_space)
            if w > width + 0.01:
                self.overflows.append("".join(t for t, _ in runs))
            dx = {"left": 0.0, "center": (width - w) / 2, "right": width - w}[align]
            baseline = top + i * leading + (leading - size) / 2 + ASCENT * size
            cx = x + dx
            for text, bold in runs:
                self.text(cx, baseline, text, size, color, bold, char_space)
                cx += text_width(text, FONT, size) + char_space * size * max(0, len(text) - 1)
                cx += 0.5 * size


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
        self.code_w = _run_width(((code, False),), size, char_space) + 2 * pad
        room = width - self.code_w - 2 * pad
        self.lines = wrap_text(text, FONT, size, room, layout.kinsoku, char_space)
        widest = max(_run_width(((line, False),), size, char_space) for line in self.lines)
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

    def draw(self, p: Painter, x: float, top: float) -> None:
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


def build_items(report: Report, layout: Layout, width: float) -> list[Item]:
    """The report as a flat list of measured items, in reading order."""
    lay = layout
    gap = lay.block_gap
    items: list[Item] = []
    cs = lay.letter_spacing  # headings

    def heading(
        text: str,
        size: float,
        marker: Literal["", "square", "dot"] = "square",
        code: bool = False,
    ) -> None:
        boxed = _boxed_heading(text, size, width, lay, gap) if code else None
        if boxed is not None:
            items.append(boxed)
            return
        text = _heading_text(text, lay, code)
        bold = lay.fake_bold
        t = TextItem(
            [text], size, width, lay, marker=marker, bold=bold, gap_before=gap, char_space=cs
        )
        t.keep_with_next = True
        items.append(t)

    def page_title(lines: Sequence[str], size: float, page_top: bool) -> None:
        lines = [_lookalike(x, lay) for x in lines]
        if lay.title_bar:
            bar = BarItem(lines, size, width, lay, page_top, bold=lay.fake_bold, char_space=cs)
            bar.gap_before, bar.keep_with_next = gap, True
            items.append(bar)
        else:
            t = TextItem(lines, size, width, lay, bold=True, gap_before=gap, char_space=cs)
            t.keep_with_next = True
            items.append(t)

    title = [_lookalike(report.fill(x), lay) for x in report.title_lines]
    if lay.title_bar:
        bar = BarItem(title, lay.title_size, width, lay, True, bold=lay.fake_bold)
        bar.keep_with_next = True
        items.append(bar)
    else:
        t = TextItem(title, lay.title_size, width, lay, align="center", bold=True)
        t.keep_with_next = True
        items.append(t)
    heading(report.fill(report.heading), lay.heading_size)
    items.append(TableItem(summary_grid(report, lay), width, lay, gap))
    field_tables = 0
    for block in report.blocks:
        if isinstance(block, PageBreak):
            items.append(BreakItem())
        elif isinstance(block, FieldTable):
            page_title([block.heading], lay.bar_size, page_top=False)
            table = TableItem(field_grid(block, report, lay), width, lay, gap)
            if lay.split_tables and field_tables == lay.continued_field_table:
                last = len(table.rows) - table.head - 1  # all data rows but one
                table.continue_rows = max(1, min(lay.continue_rows, last))
            field_tables += 1
            items.append(table)
        elif isinstance(block, PartTitle):
            page_title([report.fill(block.text)], lay.bar_size, page_top=lay.title_bar)
        elif isinstance(block, Paragraph):
            marker: Literal["", "square", "dot"] = "dot" if block.bullet else ""
            size = lay.font_size + 1.5
            items.append(TextItem([block.text], size, width, lay, marker=marker, gap_before=gap))
        elif isinstance(block, NewValue):
            items.append(NewValueItem(block, width, lay, gap))
        elif isinstance(block, Section):
            heading(block.heading, lay.heading_size, code=True)
            if block.new_value is not None:
                items.append(NewValueItem(block.new_value, width, lay, gap / 2))
            for item in block.initiatives:
                grid, kpi = initiative_grids(item, report, lay)
                items.append(TableItem(grid, width, lay, gap))
                if kpi is not None:
                    items.append(TableItem(kpi, width, lay, lay.kpi_gap, sticky=True))
                if item.footnote:
                    note = TextItem([item.footnote], lay.font_size, width, lay, gap_before=2.0)
                    note.sticky = True
                    items.append(note)
    return items


def _heading_text(text: str, layout: Layout, code: bool = False) -> str:
    """A heading as printed: look-alikes; with `code`, its leading field code in the
    form the layout prints it."""
    split = _split_code(text) if code and layout.fullwidth_codes else None
    if split is not None:
        text = f"{_code_form(split[0], layout, 'heading')} {split[1]}"
    return _lookalike(text, layout)


def _boxed_heading(
    text: str, size: float, width: float, layout: Layout, gap: float
) -> BoxedHeadingItem | None:
    """A section heading in two boxes (`boxed_headings`), None if it has no code."""
    split = _split_code(text) if layout.boxed_headings else None
    if split is None:
        return None
    code = _code_form(split[0], layout, "heading")
    rest = _lookalike(split[1], layout)
    return BoxedHeadingItem(code, rest, size, width, layout, gap, layout.letter_spacing)


def _groups(items: list[Item], layout: Layout) -> Iterator[list[Item]]:
    """Units placed together: headings with what follows them, tables with their KPI
    tables (unless one table per page) and footnotes."""
    i = 0
    while i < len(items):
        group = [items[i]]
        i += 1
        while group[-1].keep_with_next and i < len(items) and not isinstance(items[i], BreakItem):
            group.append(items[i])
            i += 1
        while i < len(items) and items[i].sticky:
            if items[i].tables and layout.max_tables_per_page == 1:
                break
            group.append(items[i])
            i += 1
        yield group


Placed = list[tuple[Item, float]]


def paginate(items: list[Item], layout: Layout, usable: float) -> list[Placed]:
    pages: list[Placed] = [[]]
    y = 0.0
    tables = 0
    limit = usable * layout.fill_fraction
    max_tables = layout.max_tables_per_page

    def new_page() -> None:
        nonlocal y, tables
        if pages[-1]:
            pages.append([])
        y, tables = 0.0, 0

    def place(item: Item) -> None:
        nonlocal y, tables
        if pages[-1]:
            y += item.gap_before
        pages[-1].append((item, y))
        y += item.height
        tables += item.tables

    def extent(group: list[Item]) -> float:
        h = sum(it.height + it.gap_before for it in group)
        return h - (group[0].gap_before if not pages[-1] else 0.0)

    def split_group(group: list[Item], bottom: float) -> tuple[list[Item], list[Item]] | None:
        """(what goes on this page, what continues on the next): the group broken between
        two rows of one of its tables, so that the continuation starts with table rows
        (what follows a table, e.g. a footnote, never starts a page alone). None if not
        even the first data row of the group's first table fits."""
        room = bottom - y
        used = 0.0
        for k, it in enumerate(group):
            gap = it.gap_before if pages[-1] or k else 0.0
            if not isinstance(it, TableItem):
                used += gap + it.height
                if used > room:
                    return None
                continue
            nxt = next((j for j in range(k + 1, len(group)) if group[j].tables), len(group))
            upto = used + gap + it.height + sum(g.gap_before + g.height for g in group[k + 1 : nxt])
            if upto <= room and nxt < len(group):
                used += gap + it.height
                continue  # this table and what follows it fit: break in a later table
            parts = it.split(room - used - gap, layout.repeat_header)
            if parts is not None:
                return [*group[:k], parts[0]], [parts[1], *group[k + 1 :]]
            if k and isinstance(group[k - 1], TableItem):
                return group[:k], group[k:]  # a KPI table under its initiative table
            return None
        return None

    def leave_room(group: list[Item]) -> bool:
        """For a group whose first table has `continue_rows`: move `y` down (to the next
        page first if need be) so that the table breaks after that many data rows at
        the page's fill. False (nothing moved) for other groups, or if they do not fit."""
        nonlocal y
        k = next((j for j, it in enumerate(group) if it.tables), -1)
        table = group[k] if k >= 0 else None
        if not isinstance(table, TableItem) or not table.continue_rows:
            return False
        first = table.rows[: table.head + table.continue_rows]

        def need() -> float:
            return extent(group[: k + 1]) - table.height + sum(r.height for r in first)

        if need() + 0.5 > limit:
            return False
        if pages[-1] and y + need() + 0.5 > limit:
            new_page()
        y = max(y, limit - need() - 0.5)
        return True

    for group in _groups(items, layout):
        if isinstance(group[0], BreakItem):
            if layout.honor_page_breaks:
                new_page()
            continue
        n_tables = sum(it.tables for it in group)
        if pages[-1] and (group[0].page_top or (max_tables and tables + n_tables > max_tables)):
            new_page()
        if layout.split_tables and leave_room(group):
            # Down to where its first `continue_rows` data rows end at the page's fill.
            broken = split_group(group, limit)
            if broken is not None:
                for it in broken[0]:
                    place(it)
                group = broken[1]
                new_page()
        elif (pages[-1] or layout.split_tables) and y + extent(group) > limit:
            # Past the page's fill: to the next page (unless the page is empty), or with
            # `split_tables` its first rows down to the fill, the rest on the next page.
            broken = split_group(group, limit) if layout.split_tables else None
            if broken is not None:
                for it in broken[0]:
                    place(it)
                group = broken[1]
            new_page()
        while layout.split_tables and y + extent(group) > usable:  # taller than a page
            broken = split_group(group, usable)
            if broken is None and not pages[-1]:
                break  # a row taller than a page: raises below
            if broken is not None:
                for it in broken[0]:
                    place(it)
                group = broken[1]
            new_page()
        if y + extent(group) <= usable:
            for it in group:
                place(it)
            continue
        for it in group:  # taller than a page: item by item, tables split between rows
            pending: Item | None = it
            while pending is not None:
                cur, pending = pending, None
                room = usable - y - (cur.gap_before if pages[-1] else 0.0)
                if cur.height <= room:
                    place(cur)
                    continue
                repeat = layout.repeat_header
                parts = cur.split(room, repeat) if isinstance(cur, TableItem) else None
                if parts is not None:
                    place(parts[0])
                    new_page()
                    pending = parts[1]
                elif pages[-1]:
                    new_page()
                    pending = cur
                else:
                    raise ValueError(f"{layout.name}: a table row is taller than a page")
    return [page for page in pages if page]


def canvas_pages(report: Report, layout: Layout) -> list[Placed]:
    """The canvas engine's pages: each a list of (item, y below the top margin)."""
    page_w, page_h = landscape(A4) if layout.landscape else portrait(A4)
    m = layout.margin
    footer = 18.0
    usable = page_h - 2 * m - footer
    return paginate(build_items(report, layout, page_w - 2 * m), layout, usable)


def _render_canvas(report: Report, path: Path, layout: Layout) -> int:
    size = landscape(A4) if layout.landscape else portrait(A4)
    page_w, page_h = size
    m = layout.margin
    pages = canvas_pages(report, layout)
    c = Canvas(str(path), pagesize=size, invariant=1, pageCompression=1)
    c.setTitle(" ".join(report.fill(x) for x in report.title_lines))
    c.setAuthor("dxextract fixture generator")
    p = Painter(c, page_h, layout.fake_bold_offset if layout.fake_bold else 0.0)
    for number, page in enumerate(pages, start=1):
        for item, y in page:
            item.draw(p, m, m + y)
        p.text(
            page_w / 2 - text_width(str(number), FONT, 9) / 2,
            page_h - m / 2 - 2,
            str(number),
            9,
            (0.3, 0.3, 0.3),
        )
        c.showPage()
    if p.overflows:
        raise ValueError(f"{layout.name}: text wider than its box: {p.overflows[:3]}")
    c.save()
    return len(pages)


# ---------------------------------------------------------------------------------
# Platypus engine (GRID)
# ---------------------------------------------------------------------------------


def _pstyle(layout: Layout, size: float, name: str, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=size * layout.leading,
        splitLongWords=0,
        **kw,
    )


def _ptable(grid: Grid, total: float, layout: Layout, repeat: bool = False) -> Table:
    """A platypus Table: pre-wrapped Paragraph cells, a full grid, SPANs as printed."""
    pad = layout.padding
    widths = fit_widths(grid, total * grid.scale, layout.font_size, pad)
    # The Paragraphs get exactly the wrapped lines: shave a hair so that platypus never
    # re-wraps a line that `wrap_text` found just fitting.
    wrap_cells(grid, [w - 0.5 for w in widths], layout)
    styles = {
        a: _pstyle(
            layout, layout.font_size, f"cell-{a}", alignment={"left": 0, "center": 1, "right": 2}[a]
        )
        for a in ("left", "center", "right")
    }
    n = len(widths)
    data: list[list[object]] = [["" for _ in range(n)] for _ in grid.rows]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), layout.rule_width, RLColor(*layout.rule_color)),
        ("FONT", (0, 0), (-1, -1), FONT, layout.font_size),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("VALIGN", (0, 0), (-1, -1), "TOP" if layout.valign == "top" else "MIDDLE"),
    ]
    for r, row in enumerate(grid.rows):
        if row.header:
            commands.append(("BACKGROUND", (0, r), (-1, r), RLColor(*layout.header_fill)))
            commands.append(("VALIGN", (0, r), (-1, r), "MIDDLE"))
        for cell in row.cells:
            text = "<br/>".join(
                " ".join(_pmarkup(t, b, cell.char_space) for t, b in runs) for runs in cell.lines
            )
            par = PdfParagraph(text, styles[cell.align])
            bold = all(b for runs in cell.lines for _, b in runs)
            if layout.fake_bold and bold and text:
                par = _Doubled(par, layout.fake_bold_offset)
            data[r][cell.col] = par
            if cell.span > 1 or cell.rowspan > 1:
                end = (cell.col + cell.span - 1, r + cell.rowspan - 1)
                commands.append(("SPAN", (cell.col, r), end))
    repeat_rows = grid.header_rows if repeat else 0
    table = Table(data, colWidths=widths, repeatRows=repeat_rows, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table


def _pmarkup(text: str, bold: bool, char_space: float) -> str:
    if char_space:
        # Paragraphs have no letter spacing: a printed 「合 計」 gets a real space instead.
        text = " ".join(text)
    return escape(text)


class _Doubled(Flowable):  # type: ignore[misc]
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


class _ItemFlowable(Flowable):  # type: ignore[misc]
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


class _Rule(Flowable):  # type: ignore[misc]
    """A thin full-width line (under part titles)."""

    def __init__(self, width: float, color: Color) -> None:
        super().__init__()
        self.width, self.color = width, color
        self.height = 2.0

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(*self.color)
        self.canv.setLineWidth(1.0)
        self.canv.line(0, 1, self.width, 1)


class _LeaveRoom(Flowable):  # type: ignore[misc]
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
        need += sum(self.table._rowHeights[: self.head + self.rows]) + 1.0
        self.height = avail_h - need if avail_h >= need else avail_h + 1.0
        return avail_w, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        return None


def _render_platypus(report: Report, path: Path, layout: Layout) -> int:
    if layout.table_style == "bands":
        raise ValueError(f"{layout.name}: the 'bands' table style is drawn by the canvas engine")
    size = landscape(A4) if layout.landscape else portrait(A4)
    m = layout.margin
    width = size[0] - 2 * m
    lay = layout
    title_style = _pstyle(lay, lay.title_size, "title", alignment=1, spaceAfter=4)
    heading_style = _pstyle(lay, lay.heading_size, "heading", spaceBefore=8, spaceAfter=4)
    part_style = _pstyle(lay, lay.bar_size, "part", spaceBefore=10, spaceAfter=2)
    body_style = _pstyle(lay, lay.font_size + 1, "body", spaceBefore=2, spaceAfter=4, leftIndent=8)
    note_style = _pstyle(lay, lay.font_size, "note", spaceBefore=2)
    hexa = "#" + "".join(f"{round(v * 255):02x}" for v in lay.accent)

    # Paragraphs get the frame's width less its padding (6 pt each side); tables are
    # `width` wide, centred over the padding.
    text_w = width - 12.0

    def para(text: str, style: ParagraphStyle) -> PdfParagraph:
        lines = wrap_text(text, FONT, style.fontSize, text_w - style.leftIndent - 0.5, lay.kinsoku)
        return PdfParagraph("<br/>".join(escape(x) for x in lines), style)

    def head(text: str, style: ParagraphStyle, code: bool = False, title: bool = False) -> Flowable:
        """A title or heading, with the layout's pitfalls (as the canvas engine draws
        them where a Paragraph cannot: fake bold, letter spacing, boxes)."""
        size = style.fontSize
        boxed = _boxed_heading(text, size, text_w - 0.5, lay, 0.0) if code else None
        if boxed is not None:
            return _ItemFlowable(boxed, text_w, style, lay)
        text = _heading_text(text, lay, code)
        cs = 0.0 if title else lay.letter_spacing
        if not lay.fake_bold and not cs:
            return para(text, style)
        align: Align = "center" if style.alignment == 1 else "left"
        bold = lay.fake_bold
        item = TextItem([text], size, text_w - 0.5, lay, align=align, bold=bold, char_space=cs)
        return _ItemFlowable(item, text_w, style, lay)

    story: list[Flowable] = [
        head(report.fill(x), title_style, title=True) for x in report.title_lines
    ]
    story.append(head(report.fill(report.heading), heading_style))
    story.append(_ptable(summary_grid(report, lay), width, lay))
    # Part titles, section headings and 新しい価値 lines wait here and go into the next
    # initiative's KeepTogether, so that none ends a page without its table.
    # (Style keepWithNext would not do: platypus does not join it with a KeepTogether.)
    lead: list[Flowable] = []
    field_tables = 0
    for block in report.blocks:
        if isinstance(block, FieldTable):
            story += lead
            lead = []
            heading = head(block.heading, heading_style)
            grid = field_grid(block, report, lay)
            table = _ptable(grid, width, lay, repeat=lay.repeat_header)
            if field_tables == lay.continued_field_table:
                data_rows = len(grid.rows) - grid.header_rows
                rows = max(1, min(lay.continue_rows, data_rows - 1))
                story.append(_LeaveRoom(heading, table, grid.header_rows, rows))
            story += [heading, table]
            field_tables += 1
        elif isinstance(block, PartTitle):
            lead += [head(report.fill(block.text), part_style), _Rule(width, lay.accent)]
        elif isinstance(block, Paragraph):
            lead.append(para(block.text, body_style))
        elif isinstance(block, NewValue):
            lead.append(_new_value_line(block, body_style, text_w, hexa, lay))
        elif isinstance(block, Section):
            lead.append(head(block.heading, heading_style, code=True))
            if block.new_value is not None:
                lead.append(_new_value_line(block.new_value, body_style, text_w, hexa, lay))
            for item in block.initiatives:
                grid, kpi = initiative_grids(item, report, lay)
                parts: list[Flowable] = [*lead, _ptable(grid, width, lay)]
                lead = []
                if kpi is not None:
                    parts.append(_ptable(kpi, width, lay))
                if item.footnote:
                    parts.append(para(item.footnote, note_style))
                parts.append(Spacer(1, 6))
                story.append(KeepTogether(parts))
    story += lead

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(size[0] / 2, m / 2, str(doc.page))

    title = " ".join(report.fill(x) for x in report.title_lines)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=m,
        rightMargin=m,
        topMargin=m,
        bottomMargin=m,
        invariant=1,
        pageCompression=1,
        title=title,
        author="dxextract fixture generator",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def _new_value_line(
    nv: NewValue, style: ParagraphStyle, width: float, hexa: str, lay: Layout
) -> PdfParagraph:
    """「新しい価値 …」 as one labelled line (the label coloured)."""
    room = width - style.leftIndent - text_width(nv.label + " ", FONT, style.fontSize) - 0.5
    lines = wrap_text(nv.text, FONT, style.fontSize, room, lay.kinsoku)
    body = "<br/>".join(escape(x) for x in lines)
    return PdfParagraph(f'<font color="{hexa}">{escape(nv.label)}</font> {body}', style)


# ---------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------


def render_report(report: Report, path: Path | str, layout: Layout) -> int:
    """Write `report` drawn with `layout` to `path`; return the number of pages."""
    register_font()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if layout.engine == "platypus":
        return _render_platypus(report, path, layout)
    return _render_canvas(report, path, layout)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="write raw_pdfs/ and tests/fixtures/ under this folder",
    )
    args = parser.parse_args(argv)
    for rel, layout in ((SLIDES_PDF, SLIDES), (GRID_PDF, GRID)):
        out = args.root / rel
        pages = render_report(REPORT, out, layout)
        print(f"{out}: {pages} pages ({layout.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
