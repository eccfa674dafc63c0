"""The Word document of the docx producer (python-docx): `build_docx(report, style)`,
its styles, paragraphs and tables, and the OOXML it sets that python-docx has no API
for (East-Asian fonts, cell shading, table borders and margins, header rows repeated,
rows that never split).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from docx import Document  # (python-docx)
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from fy2023_content import Report
from producers.docbrowser_common import fit_widths
from producers.docbrowser_flow import (
    Break,
    Cell,
    FlowBlock,
    Heading,
    Row,
    Table,
    TableBlock,
    Text,
    Title,
    Value,
    flow,
    page_break_wanted,
)

if TYPE_CHECKING:
    from producers.docx import Style


# ---------------------------------------------------------------------------------
# OOXML helpers
# ---------------------------------------------------------------------------------


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), v)
    return e


def _replace_child(parent: BaseOxmlElement, tag: str, new: BaseOxmlElement) -> None:
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    parent.append(new)


def set_fonts(rpr: BaseOxmlElement, latin: str, east_asia: str) -> None:
    """w:rFonts with explicit ascii/hAnsi/eastAsia (theme fonts removed: they win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(a)) is not None:
            del fonts.attrib[qn(a)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)


def style_fonts(style: ParagraphStyle, font: str, size: float | None = None) -> None:
    style.font.name = font
    set_fonts(style.element.get_or_add_rPr(), font, font)
    if size is not None:
        style.font.size = Pt(size)


def shade(tc_pr: BaseOxmlElement, fill: str) -> None:
    _replace_child(
        tc_pr, "w:shd", _el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill})
    )


def set_borders(tbl_pr: BaseOxmlElement, spec: dict[str, str | None]) -> None:
    """Table borders: side -> 'single' (0.5 pt) or None (nil)."""
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        kind = spec.get(side)
        if kind is None:
            borders.append(_el(f"w:{side}", **{"w:val": "nil"}))
        else:
            sz = "8" if kind == "thick" else "4"
            borders.append(
                _el(
                    f"w:{side}",
                    **{"w:val": "single", "w:sz": sz, "w:space": "0", "w:color": "000000"},
                )
            )
    _replace_child(tbl_pr, "w:tblBorders", borders)


# ---------------------------------------------------------------------------------
# Document
# ---------------------------------------------------------------------------------


def _setup(doc: WordDocument, st: Style) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    t, r, b, left = st.margins_mm
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = (
        Mm(t), Mm(r), Mm(b), Mm(left),
    )  # fmt: skip
    styles = doc.styles
    # docDefaults: Japanese language, the body font for every script.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, st.body_font, st.body_font)
    _replace_child(rpr, "w:lang", _el("w:lang", **{"w:val": "en-US", "w:eastAsia": "ja-JP"}))
    normal = styles["Normal"]
    style_fonts(normal, st.body_font, st.body_size)
    pf = normal.paragraph_format
    pf.space_after, pf.line_spacing = Pt(st.space_after), st.line_spacing
    ppr = normal.element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        _replace_child(ppr, tag, _el(tag, **{"w:val": "1" if st.autospace else "0"}))
    for name, size in (
        ("Title", st.title_size),
        ("Heading 1", st.h1_size),
        ("Heading 2", st.h2_size),
    ):
        s = styles[name]
        style_fonts(s, st.heading_font, size)
        s.font.bold = True
        s.font.color.rgb = RGBColor.from_string(st.heading_color)
        s.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    title_ppr = title.element.get_or_add_pPr()
    for old in title_ppr.findall(qn("w:pBdr")):  # the template's blue rule under Title
        title_ppr.remove(old)
    h1 = styles["Heading 1"]
    h1.paragraph_format.space_before, h1.paragraph_format.space_after = Pt(12), Pt(6)
    if st.heading_rule:
        bdr = _el("w:pBdr")
        bdr.append(
            _el(
                "w:bottom",
                **{"w:val": "single", "w:sz": "8", "w:space": "1", "w:color": st.heading_color},
            )
        )
        _replace_child(h1.element.get_or_add_pPr(), "w:pBdr", bdr)
    h2 = styles["Heading 2"]
    h2.paragraph_format.space_before, h2.paragraph_format.space_after = Pt(10), Pt(4)
    # Table text: no spacing, single lines (what Japanese Word tables look like).
    cell = styles.add_style("Table Text", 1)
    cell.base_style = normal
    style_fonts(cell, st.table_font, st.table_size)
    cell.paragraph_format.space_after, cell.paragraph_format.space_before = Pt(0), Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    note = styles.add_style("Note", 1)
    note.base_style = normal
    style_fonts(note, st.body_font, max(8.0, st.table_size - 0.5))
    note.paragraph_format.space_before = Pt(2)
    grid = styles["Table Grid"]
    set_fonts(grid.element.get_or_add_rPr(), st.table_font, st.table_font)
    lb = styles["List Bullet"]
    style_fonts(lb, st.body_font, st.body_size)


def _table(
    doc: WordDocument, table: Table, st: Style, text_width_pt: float, size: float, row_h: float
) -> WordTable:
    n = table.columns
    total = text_width_pt * st.table_width
    pad = st.cell_pad_mm * 72 / 25.4
    if table.kind == "field" and st.field_weights is not None:
        table = replace(table, weights=st.field_weights)
    widths = fit_widths(table, total, size, pad)
    t: WordTable = doc.add_table(rows=len(table.rows), cols=n)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _table_properties(t._tbl.tblPr, total, st)
    for i, col in enumerate(t.columns):
        col.width = Pt(widths[i])
    for row in t.rows:
        for i, c in enumerate(row.cells):
            c.width = Pt(widths[i])
    # Merges first (python-docx keeps the widths summed), then the text.
    targets = _merged_cells(t, table)
    body_index = 0
    for r, row in enumerate(table.rows):
        _row_properties(t.rows[r]._tr.get_or_add_trPr(), row.header, st, row_h)
        if not row.header:
            body_index += 1
        fill = _row_fill(row, st, body_index)
        for rr, _, cell, a in targets:
            if rr == r:
                _cell_content(doc, a, row, cell, fill, st, size)
    return t


def _table_properties(tbl_pr: BaseOxmlElement, total: float, st: Style) -> None:
    """Width, fixed layout, cell margins and borders of the table style."""
    _replace_child(
        tbl_pr, "w:tblW", _el("w:tblW", **{"w:w": str(round(total * 20)), "w:type": "dxa"})
    )
    _replace_child(tbl_pr, "w:tblLayout", _el("w:tblLayout", **{"w:type": "fixed"}))
    mar = _el("w:tblCellMar")
    v, h = str(round(st.cell_pad_v_mm * 56.7)), str(round(st.cell_pad_mm * 56.7))
    for side, val in (("top", v), ("left", h), ("bottom", v), ("right", h)):
        mar.append(_el(f"w:{side}", **{"w:w": val, "w:type": "dxa"}))
    _replace_child(tbl_pr, "w:tblCellMar", mar)
    if st.borders == "rules":
        set_borders(tbl_pr, {"top": "thick", "bottom": "thick", "insideH": "single"})
    elif st.borders == "shading":
        set_borders(tbl_pr, {})


def _merged_cells(t: WordTable, table: Table) -> list[tuple[int, Row, Cell, _Cell]]:
    """(row index, row, cell, its docx cell): spanning cells merged."""
    targets = []
    for r, row in enumerate(table.rows):
        for cell in row.cells:
            a = t.cell(r, cell.col)
            if cell.span > 1 or cell.rowspan > 1:
                a = a.merge(t.cell(r + cell.rowspan - 1, cell.col + cell.span - 1))
            targets.append((r, row, cell, a))
    return targets


def _row_properties(tr_pr: BaseOxmlElement, header: bool, st: Style, row_h: float) -> None:
    """Rows never split; header rows repeated (if the style says so); data rows at
    least `row_h` mm high."""
    tr_pr.append(_el("w:cantSplit"))
    if header and st.repeat_header:
        tr_pr.append(_el("w:tblHeader"))
    if row_h and not header:
        tr_pr.append(_el("w:trHeight", **{"w:val": str(round(row_h * 56.7)), "w:hRule": "atLeast"}))


def _row_fill(row: Row, st: Style, body_index: int) -> str | None:
    if row.header:
        return st.header_fill
    if row.total and st.total_fill:
        return st.total_fill
    if st.zebra and body_index % 2 == 0:
        return st.zebra
    return None


def _cell_content(
    doc: WordDocument, a: _Cell, row: Row, cell: Cell, fill: str | None, st: Style, size: float
) -> None:
    """A cell's shading, vertical alignment and paragraph with its runs."""
    tc_pr = a._tc.get_or_add_tcPr()
    if fill:
        shade(tc_pr, fill)
    _replace_child(
        tc_pr, "w:vAlign", _el("w:vAlign", **{"w:val": "center" if row.header else "top"})
    )
    p = a.paragraphs[0]
    p.style = doc.styles["Table Text"]
    p.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[cell.align]
    runs = cell.runs
    if cell.letter_spaced and st.total_label == "space":
        runs = tuple(("\u3000".join(text), b) for text, b in runs)
    for k, (text, bold) in enumerate(runs):
        if not text:
            continue
        run = p.add_run(" " + text if k > 0 else text)
        run.font.size = Pt(size)
        if bold or (row.header and st.bold_headers):
            run.bold = True
        if cell.letter_spaced and st.total_label == "expanded":
            run._r.get_or_add_rPr().append(_el("w:spacing", **{"w:val": str(round(size * 20))}))


def build_docx(report: Report, st: Style) -> WordDocument:
    doc = Document()
    _setup(doc, st)
    sec = doc.sections[0]
    width, left, right = sec.page_width, sec.left_margin, sec.right_margin
    assert width is not None and left is not None and right is not None  # _setup sets them
    text_width_pt = (width - left - right) / 12700
    pending_break = False
    last_was_table = False
    for block in flow(report, st.item_weights, st.kpi_weights, st.value_align):
        if isinstance(block, Break):
            if page_break_wanted(block, st.page_breaks):
                pending_break = True
            continue
        if isinstance(block, Title):
            _add_title(doc, block)
        elif isinstance(block, TableBlock):
            _add_table(doc, block, st, text_width_pt, last_was_table)
        else:  # a page break goes before the next paragraph (not a title or table)
            p = _add_paragraph(doc, block, st)
            if pending_break:
                p.paragraph_format.page_break_before = True
                pending_break = False
        last_was_table = isinstance(block, TableBlock)
    return doc


def _add_title(doc: WordDocument, block: Title) -> None:
    p = doc.add_paragraph(style="Title")
    for i, line in enumerate(block.lines):
        run = p.add_run(line)
        if i + 1 < len(block.lines):
            run.add_break(WD_BREAK.LINE)


def _add_paragraph(doc: WordDocument, block: FlowBlock, st: Style) -> Paragraph:
    """A heading, text or 新しい価値 as a paragraph."""
    if isinstance(block, Heading):
        return doc.add_paragraph(block.text, style=f"Heading {block.level}")
    if isinstance(block, Text):
        return _add_text(doc, block, st)
    if isinstance(block, Value):
        p = doc.add_paragraph()
        label = p.add_run(block.label)
        label.bold = True
        label.font.color.rgb = RGBColor.from_string("C55A11")
        p.add_run("\u3000" + block.text)
        p.paragraph_format.keep_with_next = True
        return p
    raise TypeError(block)  # pragma: no cover


def _add_text(doc: WordDocument, block: Text, st: Style) -> Paragraph:
    if block.kind == "note":
        return doc.add_paragraph(block.text, style="Note")
    if block.kind == "bullet" and st.bullet == "list":
        return doc.add_paragraph(block.text, style="List Bullet")
    if block.kind == "bullet":
        return doc.add_paragraph("・" + block.text)
    return doc.add_paragraph(block.text)


def _add_table(
    doc: WordDocument, block: TableBlock, st: Style, text_width_pt: float, last_was_table: bool
) -> None:
    """A table; a KPI table `under` its initiative table kept apart from it by a thin
    paragraph (two tables that touch become one in Word)."""
    table = block.table
    if block.under:
        gap = doc.add_paragraph(style="Table Text")
        gap.paragraph_format.line_spacing = Pt(st.gap_between_tables)
        gap.paragraph_format.keep_with_next = True
        _keep_table_with_next(doc.tables[-1])
    elif last_was_table:
        doc.add_paragraph(style="Table Text").paragraph_format.space_after = Pt(6)
    size = st.field_size if table.kind == "field" else st.table_size
    row_h = st.row_height_mm if table.kind == "field" else 0.0
    t = _table(doc, table, st, text_width_pt, size, row_h)
    if table.kind == "item":
        _keep_table_with_next(t, last_row=False)


def _keep_table_with_next(t: WordTable, last_row: bool = True) -> None:
    """keepNext on the paragraphs of a table's rows (Word's way of keeping a table with
    what follows); with `last_row` False, all rows but the last."""
    rows = t.rows if last_row else t.rows[:-1]
    for row in rows:
        for c in row.cells:
            for p in c.paragraphs:
                p.paragraph_format.keep_with_next = True
