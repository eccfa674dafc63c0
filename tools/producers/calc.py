"""A producer of the DX report the way a prefecture's Excel sheet prints it: an .xlsx
made with openpyxl (an "Excel 方眼紙": many narrow equal columns, every table cell a
merged range of them), converted to PDF by LibreOffice Calc.

    python tools/producers/calc.py       # rewrites tests/fixtures/producers/calc_fy20{23,24}.pdf

Each sheet prints on A4 fitted to the page width (as many pages high as it needs),
IPAexGothic throughout; header cells merged and shaded, thin borders on table cells,
wrapped text in rows whose heights are estimated here (Calc keeps the heights it is
given); printed numbers stored as numbers with a number format that prints them
exactly ('52事業' is 52 in 0"事業", '68%' is 0.68 in 0%); section headings in merged
shaded rows right above their tables; part titles and paragraphs as merged rows
without borders; manual page breaks where the content has a PageBreak (optional) and
where a heading would otherwise be left at the foot of a page.
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fy2023_content import Report
from producers.calc_sheet import SheetWriter
from producers.office_common import check, page_count, producer_main, soffice_convert
from producers.office_flat import Break, Flat, Grid, GridOptions, Text, Value, Widths, flatten

if TYPE_CHECKING:
    from openpyxl import Workbook


Orientation = Literal["portrait", "landscape"]


@dataclass(frozen=True)
class Style:
    orientation: Orientation = "landscape"
    grid_cols: int = 48  # the 方眼紙 columns
    sheet_width: float = 1.0  # sheet width / printable width (fit-to-width shrinks it)
    font_size: float = 9.0
    title_size: float = 14.0
    heading_size: float = 11.0
    header_fill: str = "DDEBF7"
    section_fill: str = "BDD7EE"
    label_fill: str = "FFF2CC"  # 新しい価値
    zebra_fill: str | None = None  # every other body row of the field tables
    total_fill: str | None = "F2F2F2"
    border: str = "thin"  # thin, medium_outline, hair_inner
    widths: Widths = field(default_factory=Widths)
    field_keys_span_rows: bool = False
    value_align: str = "right"
    body_valign: str = "top"
    numbers: bool = True  # printed numbers as numbers with number formats
    summary_share: str = "rich"  # rich (one cell, bold count), split (two cells, no rule)
    honour_breaks: bool = True
    sheets: str = "per_part"  # single, per_part
    margins: tuple[float, float, float, float] = (0.5, 0.5, 0.6, 0.6)  # l r t b, inches
    footer: bool = True  # page number
    line_factor: float = 1.3  # row height per wrapped line, in font sizes
    gap: float = 8.0  # pt of empty row between blocks
    kpi_gap: float = 0.0  # pt between an initiative table and its KPI table
    center_horizontally: bool = False


DEFAULT = Style()

PALE_FILLS = ("DDEBF7", "D9D9D9", "E2EFDA", "FCE4D6", "FFF2CC", "DEEAF6", "EDEDED", "D9E1F2")
STRONG_FILLS = ("BDD7EE", "C6E0B4", "F8CBAD", "B4C6E7", "D0CECE", "FFE699")


def random_style(seed: int) -> Style:
    rng = random.Random(f"calc-{seed}")

    def jitter(ws: tuple[float, ...], amount: float = 0.25) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(1 - amount, 1 + amount), 3) for w in ws)

    def margin() -> float:  # inches
        return round(rng.uniform(0.3, 0.8), 2)

    orientation: Orientation = rng.choice(("portrait", "landscape", "landscape"))
    w = Widths()
    widths = Widths(jitter(w.summary), jitter(w.field), jitter(w.item), jitter(w.kpi))
    header = rng.choice(PALE_FILLS)
    return Style(
        orientation=orientation,
        grid_cols=rng.choice((30, 40, 48, 60, 64)),
        sheet_width=round(rng.uniform(0.95, 1.35), 2),
        font_size=rng.choice((8.0, 9.0, 9.0, 10.0, 10.5, 11.0)),
        title_size=rng.choice((12.0, 14.0, 16.0)),
        heading_size=rng.choice((10.0, 11.0, 12.0)),
        header_fill=header,
        section_fill=rng.choice((*STRONG_FILLS, header)),
        label_fill=rng.choice(PALE_FILLS),
        zebra_fill=rng.choice((None, None, "F2F2F2", "EEF3FA")),
        total_fill=rng.choice((None, "F2F2F2", header)),
        border=rng.choice(("thin", "thin", "medium_outline", "hair_inner")),
        widths=widths,
        field_keys_span_rows=rng.random() < 0.4,
        value_align=rng.choice(("right", "right", "center")),
        body_valign=rng.choice(("top", "top", "center")),
        numbers=rng.random() < 0.85,
        summary_share=rng.choice(("rich", "split")),
        honour_breaks=rng.random() < 0.7,
        sheets=rng.choice(("single", "per_part")),
        margins=(margin(), margin(), margin(), margin()),
        footer=rng.random() < 0.7,
        line_factor=round(rng.uniform(1.25, 1.6), 2),
        gap=rng.choice((4.0, 8.0, 12.0, 16.0)),
        kpi_gap=rng.choice((0.0, 0.0, 4.0, 8.0)),
        center_horizontally=rng.random() < 0.3,
    )


def _sheet_name(block: Text, used: set[str]) -> str:
    text = block.text
    if "【" in text and "】" in text:
        text = text[text.index("【") + 1 : text.index("】")]
    for ch in "[]:*?/\\":
        text = text.replace(ch, "")
    name = text[:28] or "Sheet"
    base, n = name, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


def build_workbook(report: Report, style: Style) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    opts = GridOptions(style.widths, style.field_keys_span_rows, style.value_align)
    flat = flatten(report, opts)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = "概要"
    book = _Book(wb, SheetWriter(ws, style), style, flat)
    for i, block in enumerate(flat):
        book.add(i, block)
    for w in book.writers:
        w.finish()
    return wb


HEADING_KINDS = ("part", "field_heading", "section", "heading")


class _Book:
    """The workbook being written block by block: its sheets' writers (the last one
    current), the sheet names used, the last part title, and whether the last block was
    a heading (which reserved room for what follows)."""

    def __init__(self, wb: Workbook, writer: SheetWriter, style: Style, flat: list[Flat]) -> None:
        self.wb, self.writer, self.style, self.flat = wb, writer, style, flat
        self.writers = [writer]
        self.used = {"概要"}
        self.last_part: str | None = None
        self.headed = False

    def add(self, i: int, block: Flat) -> None:
        self._new_sheet_for(block)
        if isinstance(block, Break):
            if self.style.honour_breaks:
                self.writer.page_break()
        elif isinstance(block, Text):
            self._text(i, block)
        elif isinstance(block, Value):
            self.writer.gap(4.0)
            self.writer.value_row(block)
        elif isinstance(block, Grid):
            self._grid(i, block)

    def _new_sheet_for(self, block: Flat) -> None:
        """With a sheet per part: a new sheet for a field table's heading and a new
        part title (unless the current sheet is still empty)."""
        new_sheet = False
        if isinstance(block, Text) and block.kind == "field_heading":
            new_sheet = True
        elif isinstance(block, Text) and block.kind == "part":
            new_sheet = block.text != self.last_part
            self.last_part = block.text
        if new_sheet and self.style.sheets == "per_part" and self.writer.row > 1:
            assert isinstance(block, Text)
            sheet = self.wb.create_sheet(_sheet_name(block, self.used))
            self.writer = SheetWriter(sheet, self.style)
            self.writers.append(self.writer)

    def _text(self, i: int, block: Text) -> None:
        writer = self.writer
        if block.kind in HEADING_KINDS and not self.headed:
            writer.reserve(_lookahead(writer, self.flat, i))
        writer.gap()
        writer.text_row(block.text, block.kind)
        if block.kind == "section":
            writer.gap(2.0)
        self.headed = block.kind in HEADING_KINDS or (self.headed and block.kind == "paragraph")

    def _grid(self, i: int, block: Grid) -> None:
        writer = self.writer
        if block.attached:
            writer.gap(self.style.kpi_gap)
        else:
            if not self.headed:
                writer.reserve(_keep_height(writer, self.flat, i))
            writer.gap(self.style.gap / 2)
        writer.grid(block)
        self.headed = False


def _keep_height(writer: SheetWriter, flat: list[Flat], i: int) -> float:
    """What must stay together from the table at flat[i]: all of it when it takes less
    than half a page (else its header and two rows), an initiative table with its KPI
    table and footnote."""
    grid = flat[i]
    assert isinstance(grid, Grid)
    heights = writer.grid_heights(grid)
    if sum(heights) < writer.page_capacity / 2:
        h = sum(heights)
    else:
        h = sum(heights[: grid.header_rows + 2])
    for nxt in flat[i + 1 :]:
        if isinstance(nxt, Grid) and nxt.attached:
            h += writer.s.kpi_gap + sum(writer.grid_heights(nxt))
        elif isinstance(nxt, Text) and nxt.kind == "footnote":
            h += writer.text_height(nxt.text, writer.s.font_size, writer.sheet_w) + writer.s.gap
            break
        else:
            break
    return h + writer.s.gap


def _lookahead(writer: SheetWriter, flat: list[Flat], i: int) -> float:
    """Height of the heading at flat[i] and what must stay on its page: the texts and
    value rows after it up to and including the first table (its first rows)."""
    s = writer.s
    h = 0.0
    for block in flat[i:]:
        if isinstance(block, Break):
            break
        if isinstance(block, Text):
            h += writer.text_height(block.text, s.heading_size + 1, writer.sheet_w) + s.gap + 4
        elif isinstance(block, Value):
            h += writer.text_height(block.text, s.font_size + 0.5, writer.sheet_w * 0.8) + 4
        elif isinstance(block, Grid):
            h += _keep_height(writer, flat, flat.index(block, i))
            break
    return h


# ---------------------------------------------------------------------------------


def render(report: Report, out_pdf: Path, style: Style | None = None) -> int:
    style = style or DEFAULT
    out_pdf = Path(out_pdf)
    wb = build_workbook(report, style)
    with tempfile.TemporaryDirectory(prefix="calc-") as tmp:
        src = Path(tmp) / (out_pdf.stem + ".xlsx")
        wb.save(src)
        pdf = soffice_convert(src, Path(tmp))
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        out_pdf.write_bytes(pdf.read_bytes())
    return page_count(out_pdf)


def main(argv: list[str] | None = None) -> int:
    return producer_main("calc", __doc__ or "", render, random_style, argv)


__all__ = ["DEFAULT", "Style", "check", "random_style", "render", "replace"]

if __name__ == "__main__":
    raise SystemExit(main())
