"""Rearranged editions of the DX report: the same printed texts, laid out the way a
next year's report might rearrange them, to test the extractor on.

    python tools/producers/rearranged.py          # writes tests/fixtures/producers/*.pdf

Editions (each for FY2023 `REPORT` and FY2024 `REPORT_FY2024`):

- ``kpi_inside`` (portrait A4): every initiative is ONE bordered table: its header row
  (項目 | R5取組内容 | R5成果・効果 | R6取組内容), its row, then a shaded sub-header row
  (指標名 | 目標値(R5年度) | 実績値(R5年度) | 指標の達成状況 | 目標値(R6年度)) re-dividing
  the same width into five columns (SPANs over a common grid of columns) and the KPI
  rows under it. The summary is two tables, one per area (行政のDX, then 地域のDX), each
  with its own header showing the two fiscal years.
- ``mixed_pages`` (portrait A4 with one landscape page): the 行政 field table is split
  right before its 合計 row (a manual page break under the summary), the 合計 row on
  the next page under the repeated two header rows; the first page of the
  【市町村支援・連携】 part (its paragraph and II-1) is a landscape page; the 地域 field
  table starts at the bottom of the II-2 page and continues on the next page without
  its header (the continuation starts with the Ⅲ-6 data row); KPI tables are separate
  tables under their initiative, with the printed merged cells (Spans).
- ``field_order`` (portrait A4): the field tables print 達成率(B)/(A) before 達成(B)
  (values moved with their column) and break their header words over lines
  (うちKPI設定 / 事業数 / (A), 達成率 / (B)/(A), 達成 / (B)); otherwise like
  ``mixed_pages`` without the forced splits and the landscape page.

`render(report, out_pdf, edition, style)` returns the page count; `random_style(seed)`
varies font size (7–10 pt), padding, margins, column widths and borders (full grid,
horizontal rules, shaded cells) for a sweep; `check(report, pdf)` lists the printed
strings that cannot be found in the PDF (and any text drawn off the page).
Output is deterministic (reportlab `invariant=1`).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/

from fixturegen.fonts import FONT, register_font, text_width
from fixturegen.grids import (
    Cell,
    Grid,
    Row,
    field_grid,
    fit_widths,
    initiative_grids,
    summary_grid,
    wrap_cells,
)
from fixturegen.layouts import Layout
from fixturegen.wrapping import wrap_text
from fy2023_content import (
    REPORT,
    Block,
    FieldTable,
    Initiative,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
    printed_strings,
)
from fy2024_synthetic import REPORT_FY2024
from reportlab.lib.colors import Color as RLColor
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "tests" / "fixtures" / "producers"
EDITIONS = ("kpi_inside", "mixed_pages", "field_order")
REPORTS = {"fy2023": REPORT, "fy2024": REPORT_FY2024}

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


# ---------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------


def _rl(c: Color) -> RLColor:
    return RLColor(*c)


def _hex(c: Color) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in c)


class Tables:
    """Platypus tables from fixturegen Grids, in one Style."""

    def __init__(self, st: Style) -> None:
        self.st, self.lay = st, st.layout()
        size = st.font_size
        self.cell_styles = {
            (a, h): ParagraphStyle(
                f"cell-{a}-{h}",
                fontName=FONT,
                fontSize=size,
                leading=size * st.leading,
                alignment={"left": 0, "center": 1, "right": 2}[a],
                splitLongWords=0,
                textColor=_rl(st.header_text if h else (0.0, 0.0, 0.0)),
            )
            for a in ("left", "center", "right")
            for h in (False, True)
        }

    def widths(self, grid: Grid, total: float) -> list[float]:
        widths = fit_widths(grid, total * grid.scale, self.st.font_size, self.st.padding)
        # Paragraphs get exactly the wrapped lines; shave a hair so that platypus never
        # re-wraps a line that wrap_text found just fitting.
        wrap_cells(grid, [w - 0.5 for w in widths], self.lay)
        return widths

    def table(
        self,
        grid: Grid,
        widths: list[float],
        rows: Sequence[int] | None = None,
        sub_rows: frozenset[int] = frozenset(),
        repeat: int = 0,
    ) -> Table:
        """The grid's `rows` (all by default) as one Table; `sub_rows` (grid indices)
        are header rows shaded lighter; `repeat` header rows repeat on a split."""
        st = self.st
        rows = list(range(len(grid.rows))) if rows is None else list(rows)
        n = len(widths)
        data: list[list[object]] = [["" for _ in range(n)] for _ in rows]
        cmds: list[tuple[object, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, st.font_size),
            ("LEFTPADDING", (0, 0), (-1, -1), st.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), st.padding),
            ("TOPPADDING", (0, 0), (-1, -1), st.padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), st.padding),
            ("VALIGN", (0, 0), (-1, -1), st.valign),
        ]
        line = (st.rule_width, _rl(st.rule_color))
        data_n = 0
        for i, r in enumerate(rows):
            row = grid.rows[r]
            if row.header:
                fill = st.sub_fill if r in sub_rows else st.header_fill
                cmds += [
                    ("BACKGROUND", (0, i), (-1, i), _rl(fill)),
                    ("VALIGN", (0, i), (-1, i), "MIDDLE"),
                ]
            elif row.total:
                cmds.append(("BACKGROUND", (0, i), (-1, i), _rl(st.total_fill)))
            else:
                if st.borders == "shaded" and data_n % 2 == 1:
                    cmds.append(("BACKGROUND", (0, i), (-1, i), _rl(st.zebra_fill)))
                data_n += 1
            self._cells(data[i], cmds, i, row, head=row.header and r not in sub_rows)
            if st.borders == "rules":
                cmds.append(("LINEBELOW", (0, i), (-1, i), *line))
                if row.header:
                    cmds.append(("LINEAFTER", (0, i), (-2, i), *line))
        cmds += self._frame_commands()
        t = Table(data, colWidths=widths, repeatRows=repeat, hAlign="CENTER")
        t.setStyle(TableStyle(cmds))
        return t

    def _cells(
        self, data: list[object], cmds: list[tuple[object, ...]], i: int, row: Row, head: bool
    ) -> None:
        """Row `i`'s cells as Paragraphs into `data`, their SPANs into `cmds`."""
        for cell in row.cells:
            text = "<br/>".join(
                " ".join(_markup(t, cell.char_space) for t, _ in runs) for runs in cell.lines
            )
            data[cell.col] = PdfParagraph(text, self.cell_styles[(cell.align, head)])
            if cell.span > 1 or cell.rowspan > 1:
                end = (cell.col + cell.span - 1, i + cell.rowspan - 1)
                cmds.append(("SPAN", (cell.col, i), end))

    def _frame_commands(self) -> list[tuple[object, ...]]:
        """The style's grid lines and the box around the table."""
        st = self.st
        cmds: list[tuple[object, ...]] = []
        if st.borders == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), st.rule_width, _rl(st.rule_color)))
        elif st.borders == "shaded":
            cmds.append(("INNERGRID", (0, 0), (-1, -1), 1.0, _rl((1.0, 1.0, 1.0))))
        cmds.append(("BOX", (0, 0), (-1, -1), st.box_width, _rl(st.rule_color)))
        return cmds


def _markup(text: str, char_space: float) -> str:
    if char_space:  # letter-spaced (「合 計」): Paragraphs get a real space
        text = " ".join(text)
    return escape(text)


def _cell(col: int, text: str, align: str = "left", span: int = 1, rowspan: int = 1) -> Cell:
    return Cell(col, span, ((text, False),), align, rowspan=rowspan)  # type: ignore[arg-type]


def area_summary_grids(report: Report, st: Style) -> list[Grid]:
    """kpi_inside: one summary table per area, each with its own two year headers."""
    s = report.summary
    years = len(s.years)
    grids = []
    for a, area in enumerate(s.areas):
        first = [_cell(0, "", "center", rowspan=2), _cell(1, area, "center", span=years)]
        second = [_cell(1 + y, report.fill(year), "center") for y, year in enumerate(s.years)]
        rows = [Row(first, header=True), Row(second, header=True)]
        for r in s.rows:
            cells = [_cell(0, r.label)]
            for y in range(years):
                c = r.cells[a * years + y]
                runs = ((c.count, c.bold),) + (((c.share, False),) if c.share else ())
                cells.append(Cell(1 + y, 1, runs, "center"))
            rows.append(Row(cells))
        grids.append(Grid("summary", list(st.summary_widths), rows, 2, st.summary_scale))
    return grids


def kpi_inside_grid(item: Initiative, report: Report, st: Style) -> tuple[Grid, frozenset[int]]:
    """One grid for an initiative and its KPIs: the four initiative cells and the five
    KPI cells span columns of a common grid (the union of both sets of boundaries)."""

    def bounds(ws: tuple[float, ...]) -> list[float]:
        total, acc, out = sum(ws), 0.0, [0.0]
        for w in ws:
            acc += w
            out.append(acc / total)
        return out

    ib = bounds(st.item_widths)
    kb = bounds(st.kpi_widths) if item.kpis else []
    # A KPI boundary very close to an initiative boundary becomes that boundary (no
    # sliver columns).
    kb = [
        min(ib, key=lambda b: abs(b - x)) if min(abs(b - x) for b in ib) < 0.03 else x for x in kb
    ]
    cuts = sorted(set(ib) | set(kb))
    weights = [b - a for a, b in pairwise(cuts)]

    def cells(texts: Sequence[str], bs: list[float], aligns: Sequence[str]) -> list[Cell]:
        out = []
        for text, x0, x1, al in zip(texts, bs[:-1], bs[1:], aligns, strict=True):
            c0, c1 = cuts.index(x0), cuts.index(x1)
            out.append(_cell(c0, text, al, span=c1 - c0))
        return out

    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    rows = [
        Row(cells(labels, ib, ["center"] * 4), header=True),
        Row(cells(values, ib, ["left"] * 4)),
    ]
    sub: set[int] = set()
    if item.kpis:
        klabels = [report.fill(x) for x in report.labels.kpi_columns]
        sub.add(len(rows))
        rows.append(Row(cells(klabels, kb, ["center"] * 5), header=True))
        for k in item.kpis:
            texts = (k.name, k.target, k.actual, k.status, k.next_target)
            rows.append(Row(cells(texts, kb, ["left", "right", "right", "center", "right"])))
    return Grid("item", weights, rows, 1), frozenset(sub)


FIELD_HEADER_LINES = {
    "うちKPI設定事業数(A)": "うちKPI設定\n事業数\n(A)",
    "うちKPI設定事業数": "うちKPI設定\n事業数",
    "達成率(B)/(A)": "達成率\n(B)/(A)",
    "達成(B)": "達成\n(B)",
    "達成事業(B)": "達成事業\n(B)",
}


def field_order_grid(table: FieldTable, report: Report, st: Style) -> Grid:
    """field_order: 達成率 before 達成 (values move with their column); header words
    broken over lines as a spreadsheet prints them."""
    grid = field_grid(table, report, st.layout())
    cols = list(table.columns)
    ach = next(i for i, c in enumerate(cols) if c.startswith("達成") and "率" not in c)
    rate = next(i for i, c in enumerate(cols) if c.startswith("達成率"))
    order = list(range(len(cols)))
    order[ach], order[rate] = order[rate], order[ach]
    where = {old: new for new, old in enumerate(order)}  # old column -> new column
    for r, row in enumerate(grid.rows):
        if r == 0:  # the fiscal-year group row: unchanged
            continue
        for cell in row.cells:
            cell.col = where.get(cell.col, cell.col)
            if row.header:
                text, bold = cell.runs[0]
                cell.runs = ((FIELD_HEADER_LINES.get(text, text), bold),)
        row.cells.sort(key=lambda c: c.col)
    grid.weights = [grid.weights[o] for o in order]
    return grid


# ---------------------------------------------------------------------------------
# Flowables
# ---------------------------------------------------------------------------------


class _Rule(Flowable):  # type: ignore[misc]
    def __init__(self, width: float, color: Color, thickness: float = 0.8) -> None:
        super().__init__()
        self.width, self.color, self.thickness = width, color, thickness
        self.height = 3.0

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(*self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 1.5, self.width, 1.5)


class _FillTo(Flowable):  # type: ignore[misc]
    """Blank space down to where `flowables` just fit above the frame's bottom (so the
    table after them continues on the next page). With less room than that it does not
    fit: platypus moves it to the next page, where it leaves the room from the top."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self.flowables = flowables
        self.height = 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        need = 2.0
        for f in self.flowables:
            _, h = f.wrap(avail_w, 1e6)
            need += h + f.getSpaceBefore() + f.getSpaceAfter()
        self.height = avail_h - need if avail_h >= need else avail_h + 1.0
        return avail_w, self.height

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        return None


# ---------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------


class Story:
    """Text flowables of one Style (titles, headings, part bars, notes)."""

    def __init__(self, st: Style, width: float) -> None:
        self.st, self.width = st, width
        fs = st.font_size

        def ps(name: str, size: float, **kw: object) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.35, **kw)

        self.title = ps("title", fs + 6, alignment=1, spaceAfter=2)
        self.heading = ps("heading", fs + 2.5, spaceBefore=8, spaceAfter=3)
        self.section = ps("section", fs + 2.5, spaceBefore=8, spaceAfter=1)
        self.part = ps(
            "part",
            fs + 3,
            spaceBefore=6,
            spaceAfter=6,
            textColor=_rl((1.0, 1.0, 1.0)),
            backColor=_rl(st.bar_fill),
            borderPadding=(3, 4, 4, 4),
        )
        self.body = ps("body", fs + 1, spaceBefore=2, spaceAfter=4, leftIndent=10)
        self.note = ps("note", fs, spaceBefore=2)

    def para(self, text: str, style: ParagraphStyle, indent: float = 0.0) -> PdfParagraph:
        room = self.width - style.leftIndent - indent - 0.5
        lines = wrap_text(text, FONT, style.fontSize, room)
        return PdfParagraph("<br/>".join(escape(x) for x in lines), style)

    def part_title(self, text: str) -> PdfParagraph:
        return self.para(text, self.part, indent=10)

    def section_heading(self, text: str) -> list[Flowable]:
        return [self.para(text, self.section), _Rule(self.width, self.st.accent)]

    def new_value(self, nv: NewValue) -> PdfParagraph:
        style = self.body
        label_w = text_width(nv.label + " ", FONT, style.fontSize)
        room = self.width - style.leftIndent - label_w - 0.5
        lines = wrap_text(nv.text, FONT, style.fontSize, room)
        body = "<br/>".join(escape(x) for x in lines)
        return PdfParagraph(
            f'<font color="{_hex(self.st.accent)}">{escape(nv.label)}</font> {body}', style
        )


def _doc(path: Path, report: Report, st: Style) -> BaseDocTemplate:
    m = st.margin

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        w, _ = canvas._pagesize
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(w / 2, m / 2, str(doc.page))

    templates = []
    for name, size in (("portrait", portrait(A4)), ("landscape", landscape(A4))):
        frame = Frame(m, m, size[0] - 2 * m, size[1] - 2 * m, 0, 0, 0, 0, id=name)
        templates.append(PageTemplate(name, [frame], onPage=footer, pagesize=size))
    doc = BaseDocTemplate(
        str(path),
        pagesize=portrait(A4),
        leftMargin=m,
        rightMargin=m,
        topMargin=m,
        bottomMargin=m,
        invariant=1,
        pageCompression=1,
        title=" ".join(report.fill(x) for x in report.title_lines),
        author="dxextract rearranged producer",
    )
    doc.addPageTemplates(templates)
    return doc


def _frame_width(st: Style, orientation: str = "portrait") -> float:
    size = portrait(A4) if orientation == "portrait" else landscape(A4)
    return size[0] - 2 * st.margin


def build_story(report: Report, edition: str, st: Style) -> list[Flowable]:
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: one of {', '.join(EDITIONS)}")
    register_font()
    edition_story = _EditionStory(report, edition, st)
    for n, block in enumerate(edition_story.blocks):
        edition_story.block(n, block)
    return edition_story.finish()


class _EditionStory:
    """The story of one edition, block by block.

    Part titles, section headings and 新しい価値 lines wait in `lead` and go into the
    next initiative's KeepTogether, so that none ends a page without its table.
    """

    def __init__(self, report: Report, edition: str, st: Style) -> None:
        self.report, self.edition, self.st = report, edition, st
        self.width = _frame_width(st)
        self.text = Story(st, self.width)
        self.tables = Tables(st)
        self.blocks = list(report.blocks)
        self.lead: list[Flowable] = []
        self.field_n = 0  # field tables so far
        self.part_n = 0  # 市町村支援 part titles so far
        self.landscape_now = False
        text = self.text
        self.story: list[Flowable] = [
            text.para(report.fill(x), text.title) for x in report.title_lines
        ]
        self.story.append(Spacer(1, 6))
        self.story.append(text.para(report.fill(report.heading), text.heading))
        self._summary()

    def _summary(self) -> None:
        """One table per area (kpi_inside), else the summary table at full width."""
        tables, width, st = self.tables, self.width, self.st
        if self.edition == "kpi_inside":
            for grid in area_summary_grids(self.report, st):
                self.story += [tables.table(grid, tables.widths(grid, width)), Spacer(1, 8)]
        else:
            grid = summary_grid(self.report, st.layout())
            grid.weights, grid.scale = list(st.summary_full_widths), 1.0
            self.story += [tables.table(grid, tables.widths(grid, width)), Spacer(1, 8)]

    def finish(self) -> list[Flowable]:
        self.story += self.lead
        return self.story

    def block(self, n: int, block: Block) -> None:
        text = self.text
        match block:
            case PageBreak():
                self.page_break(n)
            case FieldTable():
                self.field_table(block)
            case PartTitle():
                self.lead.append(text.part_title(self.report.fill(block.text)))
            case Paragraph():
                self.lead.append(text.para(block.text, text.body))
            case NewValue():
                self.lead.append(text.new_value(block))
            case Section():
                self.section(block)

    def page_break(self, n: int) -> None:
        """The content's page break at blocks[n] (mixed_pages: some moved or dropped,
        one to a landscape page and back)."""
        if self.edition == "mixed_pages" and self._mixed_page_break(n):
            return
        self.story += [*self.lead, PdfPageBreak()]
        self.lead = []

    def _mixed_page_break(self, n: int) -> bool:
        """mixed_pages: whether the page break at blocks[n] is dealt with (dropped, or
        a change of orientation)."""
        blocks = self.blocks
        nxt = blocks[n + 1] if n + 1 < len(blocks) else None
        if n > 0 and isinstance(blocks[n - 1], FieldTable):
            return True  # the part follows a split field table's continuation
        if isinstance(nxt, FieldTable) and self.field_n in (0, 1):
            # the 行政 field table follows the summary on page 1, the 地域 field table
            # goes at the bottom of the II-2 page
            return True
        if isinstance(nxt, PartTitle) and "市町村支援" in nxt.text:
            self.part_n += 1
            if self.part_n == 1:  # the part's first page: landscape
                self._turn("landscape")
                return True
        if self.landscape_now:
            self._turn("portrait")
            return True
        return False

    def _turn(self, orientation: str) -> None:
        """A page break to a page of `orientation`; texts and tables as wide as its frame."""
        self.story += [*self.lead, NextPageTemplate(orientation), PdfPageBreak()]
        self.lead, self.landscape_now = [], orientation == "landscape"
        self.width = _frame_width(self.st, orientation)
        self.text = Story(self.st, self.width)

    def field_table(self, block: FieldTable) -> None:
        st, text, tables = self.st, self.text, self.tables
        self.story += self.lead
        self.lead = []
        heading = text.para(block.heading, text.heading)
        if self.edition == "field_order":
            grid = field_order_grid(block, self.report, st)
        else:
            grid = field_grid(block, self.report, st.layout())
        widths = tables.widths(grid, self.width)
        h, last = grid.header_rows, len(grid.rows) - 1
        if self.edition == "mixed_pages" and self.field_n == 0:
            # Split right before 合計 (a manual break); the header repeats over it.
            self.story.append(KeepTogether([heading, tables.table(grid, widths, range(last))]))
            self.story.append(PdfPageBreak())
            self.story.append(tables.table(grid, widths, [*range(h), last]))
        elif self.edition == "mixed_pages" and self.field_n == 1:
            # At the bottom of the page after five data rows; the continuation is
            # data rows only (no header), 合計 included.
            cut = h + 5
            first = tables.table(grid, widths, range(cut))
            self.story += [_FillTo([heading, first]), heading, first, PdfPageBreak()]
            self.story.append(tables.table(grid, widths, range(cut, last + 1)))
        else:
            self.story += [heading, tables.table(grid, widths, repeat=h)]
        self.story.append(Spacer(1, 6))
        self.field_n += 1

    def section(self, block: Section) -> None:
        text = self.text
        self.lead += text.section_heading(block.heading)
        if block.new_value is not None:
            self.lead.append(text.new_value(block.new_value))
        for item in block.initiatives:
            parts: list[Flowable] = [*self.lead, Spacer(1, 3)]
            self.lead = []
            parts += self._initiative_tables(item)
            if item.footnote:
                parts.append(text.para(item.footnote, text.note))
            parts.append(Spacer(1, 6))
            self.story.append(KeepTogether(parts))

    def _initiative_tables(self, item: Initiative) -> list[Flowable]:
        """The initiative's table with its KPI rows inside (kpi_inside), else its table
        and KPI table."""
        tables, width, st = self.tables, self.width, self.st
        if self.edition == "kpi_inside":
            grid, sub = kpi_inside_grid(item, self.report, st)
            return [tables.table(grid, tables.widths(grid, width), sub_rows=sub)]
        grid, kpi = initiative_grids(item, self.report, st.layout())
        out: list[Flowable] = [tables.table(grid, tables.widths(grid, width))]
        if kpi is not None:
            out.append(Spacer(1, 2))
            out.append(tables.table(kpi, tables.widths(kpi, width)))
        return out


def render(report: Report, out_pdf: Path, edition: str, style: Style | None = None) -> int:
    """Write `report` as `edition` (kpi_inside, mixed_pages, field_order) to `out_pdf`;
    return the page count."""
    st = style or DEFAULT_STYLE
    out_pdf = Path(out_pdf)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    story = build_story(report, edition, st)
    doc = _doc(out_pdf, report, st)
    doc.build(story)
    return int(doc.page)


# ---------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(text.split())


def check(report: Report, pdf: Path) -> list[str]:
    """Problems: printed strings not found in the PDF's text (pdfplumber chars in
    drawing order, whitespace removed on both sides), chars drawn off the page."""
    import pdfplumber

    problems: list[str] = []
    pages: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            pages.append(_squash("".join(c["text"] for c in page.chars)))
            for c in page.chars:
                if c["x0"] < 0 or c["x1"] > page.width or c["top"] < 0 or c["bottom"] > page.height:
                    problems.append(f"p.{n}: {c['text']!r} drawn off the page")
                    break
    whole = "".join(pages)
    for s in printed_strings(report):
        if _squash(s) not in whole:
            problems.append(f"missing: {s!r}")
    return problems


def out_path(edition: str, year: str) -> Path:
    return OUT_DIR / f"rearranged_{edition}_{year}.pdf"


def main(argv: Sequence[str] | None = None) -> int:
    failed = 0
    for edition in EDITIONS:
        for year, report in REPORTS.items():
            out = out_path(edition, year)
            pages = render(report, out, edition)
            problems = check(report, out)
            failed += bool(problems)
            status = "ok" if not problems else f"{len(problems)} problems: {problems[:3]}"
            print(f"{out.relative_to(ROOT)}: {pages} pages, check {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
