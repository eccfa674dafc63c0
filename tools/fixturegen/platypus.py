"""The platypus engine (GRID and random platypus layouts): the report as a story of
pre-wrapped Paragraphs and Tables, built by reportlab's SimpleDocTemplate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack
from xml.sax.saxutils import escape

from fy2023_content import (
    Block,
    FieldTable,
    NewValue,
    Paragraph,
    PartTitle,
    Report,
    Section,
)
from reportlab.lib.colors import Color as RLColor
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
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

from .flowables import Doubled, ItemFlowable, LeaveRoom, Rule
from .fonts import FONT, text_width
from .grids import Align, Grid, field_grid, fit_widths, initiative_grids, summary_grid, wrap_cells
from .items import TextItem, boxed_heading
from .layouts import Layout
from .pitfalls import heading_text
from .wrapping import wrap_text

if TYPE_CHECKING:
    from .engines import RenderOptions

# Makes a Paragraph of markup in a style.
MakeParagraph = Callable[[str, ParagraphStyle], PdfParagraph]

# A TableStyle command: its name, first and last cell (column, row), its arguments.
TableCommand = tuple[str, tuple[int, int], tuple[int, int], *tuple[object, ...]]

# ParagraphStyle's `alignment` for a cell's Align.
ALIGNMENT: dict[Align, Literal[0, 1, 2]] = {"left": 0, "center": 1, "right": 2}


class ParagraphArgs(TypedDict, total=False):
    """The ParagraphStyle keywords our styles set besides font, size and leading (here
    and in tools/producers/rearranged_story.py), typed as reportlab's stubs type them."""

    alignment: Literal[0, 1, 2]
    spaceBefore: float
    spaceAfter: float
    leftIndent: float
    textColor: RLColor
    backColor: RLColor | None
    borderPadding: float


def _pstyle(layout: Layout, size: float, name: str, **kw: Unpack[ParagraphArgs]) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=size * layout.leading,
        splitLongWords=0,
        **kw,
    )


def _ptable(
    grid: Grid, total: float, layout: Layout, paragraph: MakeParagraph, repeat: bool = False
) -> Table:
    """A platypus Table: pre-wrapped Paragraph cells (made by `paragraph`), a full grid,
    SPANs as printed."""
    pad = layout.padding
    widths = fit_widths(grid, total * grid.scale, layout.font_size, pad)
    # The Paragraphs get exactly the wrapped lines: shave a hair so that platypus never
    # re-wraps a line that `wrap_text` found just fitting.
    wrap_cells(grid, [w - 0.5 for w in widths], layout)
    styles = {
        a: _pstyle(layout, layout.font_size, f"cell-{a}", alignment=ALIGNMENT[a]) for a in ALIGNMENT
    }
    n = len(widths)
    data: list[list[object]] = [["" for _ in range(n)] for _ in grid.rows]
    commands: list[TableCommand] = [
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
            par: Flowable = paragraph(text, styles[cell.align])
            bold = all(b for runs in cell.lines for _, b in runs)
            if layout.fake_bold and bold and text:
                par = Doubled(par, layout.fake_bold_offset)
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


def render_platypus(report: Report, path: Path, layout: Layout, options: RenderOptions) -> int:
    if layout.table_style == "bands":
        raise ValueError(f"{layout.name}: the 'bands' table style is drawn by the canvas engine")
    story = _Story(report, layout, options)
    flowables = story.build()
    size, m = story.size, layout.margin

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
        **options.canvas_args(),
    )
    doc.build(flowables, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


class _Story:
    """The report as platypus flowables in one layout, block by block.

    Part titles, section headings and 新しい価値 lines wait in `lead` and go into the
    next initiative's KeepTogether, so that none ends a page without its table.
    (Style keepWithNext would not do: platypus does not join it with a KeepTogether.)
    """

    def __init__(self, report: Report, layout: Layout, options: RenderOptions) -> None:
        lay = self.lay = layout
        self.report, self.options = report, options
        self.size = landscape(A4) if layout.landscape else portrait(A4)
        self.width = self.size[0] - 2 * layout.margin
        # Paragraphs get the frame's width less its padding (6 pt each side); tables are
        # `width` wide, centred over the padding.
        self.text_w = self.width - 12.0
        self.title_style = _pstyle(lay, lay.title_size, "title", alignment=1, spaceAfter=4)
        self.heading_style = _pstyle(lay, lay.heading_size, "heading", spaceBefore=8, spaceAfter=4)
        self.part_style = _pstyle(lay, lay.bar_size, "part", spaceBefore=10, spaceAfter=2)
        self.body_style = _pstyle(
            lay, lay.font_size + 1, "body", spaceBefore=2, spaceAfter=4, leftIndent=8
        )
        self.note_style = _pstyle(lay, lay.font_size, "note", spaceBefore=2)
        self.hexa = "#" + "".join(f"{round(v * 255):02x}" for v in lay.accent)
        self.story: list[Flowable] = []
        self.lead: list[Flowable] = []
        self.field_tables = 0  # so far

    def build(self) -> list[Flowable]:
        report, lay = self.report, self.lay
        self.story = [
            self.head(report.fill(x), self.title_style, title=True) for x in report.title_lines
        ]
        self.story.append(self.head(report.fill(report.heading), self.heading_style))
        self.story.append(self.table(summary_grid(report, lay)))
        for block in report.blocks:
            self.block(block)
        self.story += self.lead
        return self.story

    def block(self, block: Block) -> None:
        match block:
            case FieldTable():
                self.field_table(block)
            case PartTitle():
                title = self.head(self.report.fill(block.text), self.part_style)
                self.lead += [title, Rule(self.width, self.lay.accent)]
            case Paragraph():
                self.lead.append(self.para(block.text, self.body_style))
            case NewValue():
                self.lead.append(self.new_value_line(block))
            case Section():
                self.section(block)

    def para(self, text: str, style: ParagraphStyle) -> PdfParagraph:
        """`text` wrapped by `wrap_text`, the lines joined by <br/>."""
        room = self.text_w - style.leftIndent - 0.5
        lines = wrap_text(text, FONT, style.fontSize, room, self.lay.kinsoku)
        return self.paragraph("<br/>".join(escape(x) for x in lines), style)

    def paragraph(self, text: str, style: ParagraphStyle) -> PdfParagraph:
        """A Paragraph of `text` (markup), shown to the options' `on_paragraph`."""
        par = PdfParagraph(text, style)
        if self.options.on_paragraph is not None:
            self.options.on_paragraph(text, par)
        return par

    def table(self, grid: Grid, repeat: bool = False) -> Table:
        return _ptable(grid, self.width, self.lay, self.paragraph, repeat)

    def new_value_line(self, nv: NewValue) -> PdfParagraph:
        """「新しい価値 …」 as one labelled line (the label coloured)."""
        style = self.body_style
        label_w = text_width(nv.label + " ", FONT, style.fontSize)
        room = self.text_w - style.leftIndent - label_w - 0.5
        lines = wrap_text(nv.text, FONT, style.fontSize, room, self.lay.kinsoku)
        body = "<br/>".join(escape(x) for x in lines)
        return self.paragraph(f'<font color="{self.hexa}">{escape(nv.label)}</font> {body}', style)

    def head(
        self, text: str, style: ParagraphStyle, code: bool = False, title: bool = False
    ) -> Flowable:
        """A title or heading, with the layout's pitfalls (as the canvas engine draws
        them where a Paragraph cannot: fake bold, letter spacing, boxes)."""
        lay, text_w, size = self.lay, self.text_w, style.fontSize
        boxed = boxed_heading(text, size, text_w - 0.5, lay, 0.0) if code else None
        if boxed is not None:
            return ItemFlowable(boxed, text_w, style, lay)
        text = heading_text(text, lay, code)
        cs = 0.0 if title else lay.letter_spacing
        if not lay.fake_bold and not cs:
            return self.para(text, style)
        align: Align = "center" if style.alignment == 1 else "left"
        bold = lay.fake_bold
        item = TextItem([text], size, text_w - 0.5, lay, align=align, bold=bold, char_space=cs)
        return ItemFlowable(item, text_w, style, lay)

    def field_table(self, block: FieldTable) -> None:
        """Its heading and table (after what waits in `lead`); the one the layout
        continues on the next page after blank space down to where it breaks."""
        lay = self.lay
        self.story += self.lead
        self.lead = []
        heading = self.head(block.heading, self.heading_style)
        grid = field_grid(block, self.report, lay)
        table = self.table(grid, repeat=lay.repeat_header)
        if self.field_tables == lay.continued_field_table:
            data_rows = len(grid.rows) - grid.header_rows
            rows = max(1, min(lay.continue_rows, data_rows - 1))
            self.story.append(LeaveRoom(heading, table, grid.header_rows, rows))
        self.story += [heading, table]
        self.field_tables += 1

    def section(self, block: Section) -> None:
        """Its heading and 新しい価値 into `lead`; each initiative (its table, KPI table,
        footnote) kept together with what waits in `lead`."""
        lay = self.lay
        self.lead.append(self.head(block.heading, self.heading_style, code=True))
        if block.new_value is not None:
            self.lead.append(self.new_value_line(block.new_value))
        for item in block.initiatives:
            grid, kpi = initiative_grids(item, self.report, lay)
            parts: list[Flowable] = [*self.lead, self.table(grid)]
            self.lead = []
            if kpi is not None:
                parts.append(self.table(kpi))
            if item.footnote:
                parts.append(self.para(item.footnote, self.note_style))
            parts.append(Spacer(1, 6))
            self.story.append(KeepTogether(parts))
