"""The rearranged editions' story: the flowables of one edition, block by block (texts,
summary, field tables, initiatives; mixed_pages' page breaks and landscape page).
"""

from __future__ import annotations

from typing import Unpack
from xml.sax.saxutils import escape

from fixturegen.fonts import FONT, register_font, text_width
from fixturegen.grids import field_grid, initiative_grids, summary_grid
from fixturegen.platypus import ParagraphArgs
from fixturegen.wrapping import wrap_text
from fy2023_content import (
    Block,
    FieldTable,
    Initiative,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
)
from producers.rearranged_style import EDITIONS, Color, Style, hex_color, rl_color
from producers.rearranged_tables import (
    Tables,
    area_summary_grids,
    field_order_grid,
    kpi_inside_grid,
)
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph


class _Rule(Flowable):
    def __init__(self, width: float, color: Color, thickness: float = 0.8) -> None:
        super().__init__()
        self.width, self.color, self.thickness = width, color, thickness
        self.height = 3.0

    def draw(self) -> None:
        self.canv.setStrokeColorRGB(*self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 1.5, self.width, 1.5)


class _FillTo(Flowable):
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


class Story:
    """Text flowables of one Style (titles, headings, part bars, notes)."""

    def __init__(self, st: Style, width: float) -> None:
        self.st, self.width = st, width
        fs = st.font_size

        def ps(name: str, size: float, **kw: Unpack[ParagraphArgs]) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.35, **kw)

        self.title = ps("title", fs + 6, alignment=1, spaceAfter=2)
        self.heading = ps("heading", fs + 2.5, spaceBefore=8, spaceAfter=3)
        self.section = ps("section", fs + 2.5, spaceBefore=8, spaceAfter=1)
        self.part = ps(
            "part",
            fs + 3,
            spaceBefore=6,
            spaceAfter=6,
            textColor=rl_color((1.0, 1.0, 1.0)),
            backColor=rl_color(st.bar_fill),
            # reportlab takes (top, right, bottom, left) too; its stubs say float only
            borderPadding=(3, 4, 4, 4),  # type: ignore[arg-type]
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
            f'<font color="{hex_color(self.st.accent)}">{escape(nv.label)}</font> {body}', style
        )


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
