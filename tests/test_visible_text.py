"""Text a person cannot read is not cell text; text across borders is split where
a person sees two cells; a table of separate boxes is one table.

Each case is drawn with reportlab on a page of its own, the way a producer
draws it (a ruled table, text positioned by hand), and read with the table
finder (`dxextract tables`' own path).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from dxextract.cli import cli
from dxextract.debug.dump import pdf_to_clean_tables, pdf_to_table_dump
from dxextract.errors import NoTextLayerError
from dxextract.extract.pdf import read_layouts

FONT = "IPAexGothic"
SIZE = 10.0
Draw = Callable[[Canvas], None]


def _font() -> None:
    import make_fixture_pdfs

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(make_fixture_pdfs.find_font())))


def grid_pdf(
    path: Path,
    rows: list[list[str]],
    widths: list[float],
    extra: Draw | None = None,
    pad: float = 4.0,
) -> Path:
    """A fully ruled table at the top left of an A4 page, one text per cell,
    left-aligned with `pad` points of padding; `extra` draws more on top."""
    _font()
    c = Canvas(str(path), pagesize=(595, 842), invariant=1)
    x0, top, h = 50.0, 792.0, 20.0
    c.setLineWidth(0.5)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    for r in range(len(rows) + 1):
        c.line(x0, top - r * h, xs[-1], top - r * h)
    for x in xs:
        c.line(x, top, x, top - len(rows) * h)
    c.setFont(FONT, SIZE)
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            c.drawString(xs[k] + pad, top - (r + 1) * h + 6, text)
    if extra is not None:
        extra(c)
    c.showPage()
    c.save()
    return path


ROWS = [
    ["都道府県", "陽性者数", "検査人数"],
    ["北海道", "17,445", "319,815"],
    ["青森", "717", "13,197"],
]
WIDTHS = [90.0, 80.0, 80.0]


def test_plain_grid_reads_as_printed(tmp_path: Path) -> None:
    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "g.pdf", ROWS, WIDTHS))
    assert [list(table.header), *map(list, table.rows)] == ROWS


def test_white_text_on_white_is_not_read(tmp_path: Path) -> None:
    def hidden(c: Canvas) -> None:
        c.setFillColorRGB(1, 1, 1)
        c.setFont(FONT, SIZE)
        c.drawString(54 + 40, 792 - 60 + 6, "非表示")  # beside 青森, in its cell

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "w.pdf", ROWS, WIDTHS, hidden))
    assert table.rows[1][0] == "青森"


def test_white_text_on_a_dark_header_is_read(tmp_path: Path) -> None:
    def dark_header(c: Canvas) -> None:
        c.setFillColorRGB(0.1, 0.2, 0.5)
        c.rect(50, 772, 250, 20, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(FONT, SIZE)
        for x, text in ((54, "都道府県"), (144, "陽性者数"), (224, "検査人数")):
            c.drawString(x, 778, text)

    rows = [["", "", ""], *ROWS[1:]]
    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "d.pdf", rows, WIDTHS, dark_header))
    assert list(table.header) == ROWS[0]


def test_invisible_text_over_visible_text_is_not_read(tmp_path: Path) -> None:
    def invisible(c: Canvas) -> None:
        t = c.beginText(54 + 32, 792 - 40 + 6)
        t.setFont(FONT, SIZE)
        t.setTextRenderMode(3)
        t.textOut("隠れ")
        c.drawText(t)

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "i.pdf", ROWS, WIDTHS, invisible))
    assert table.rows[0][0] == "北海道"


def test_tiny_text_over_a_glyph_is_not_read(tmp_path: Path) -> None:
    """The MHLW その他 case, drawn anew: a 1-pt text over the first glyph."""

    def tiny(c: Canvas) -> None:
        c.setFont(FONT, 1.0)
        c.drawString(55, 792 - 60 + 9, "長崎船")

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "t.pdf", ROWS, WIDTHS, tiny))
    assert table.rows[1][0] == "青森"


def test_small_text_beside_other_text_is_read(tmp_path: Path) -> None:
    """Shrink-to-fit text is small but overlaps nothing: it is printed text."""
    rows = [ROWS[0], ["北海道", "17,445", "319,815"], ["", "717", "13,197"]]

    def small(c: Canvas) -> None:
        c.setFont(FONT, 3.0)
        c.drawString(54, 792 - 60 + 6, "青森県の離島を含む")

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "s.pdf", rows, WIDTHS, small))
    assert table.rows[1][0] == "青森県の離島を含む"


def test_text_clipped_away_is_not_read(tmp_path: Path) -> None:
    def clipped(c: Canvas) -> None:
        c.saveState()
        path = c.beginPath()
        path.rect(400, 400, 50, 50)
        c.clipPath(path, stroke=0, fill=0)
        c.setFont(FONT, SIZE)
        c.drawString(54 + 40, 792 - 40 + 6, "切取")  # in 北海道's cell, outside the clip
        c.restoreState()

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "c.pdf", ROWS, WIDTHS, clipped))
    assert table.rows[0][0] == "北海道"


def scanned_page(c: Canvas, text: str) -> None:
    """A page as a scanner makes it: an image over the whole page, its OCR text
    drawn invisible (rendering mode 3) over it."""
    buf = io.BytesIO()
    Image.new("L", (60, 85), 255).save(buf, format="PNG")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, 595, 842)
    t = c.beginText(60, 700)
    t.setFont(FONT, SIZE)
    t.setTextRenderMode(3)
    t.textOut(text)
    c.drawText(t)
    c.showPage()


def test_scanned_page_with_an_ocr_layer_is_said_and_not_read(tmp_path: Path) -> None:
    _font()
    path = tmp_path / "scan.pdf"
    c = Canvas(str(path), pagesize=(595, 842), invariant=1)
    scanned_page(c, "都道府県 陽性者数 北海道 17,445")
    c.save()
    with pytest.raises(NoTextLayerError, match="1 of 1 pages are scans with an OCR text layer"):
        read_layouts(path)


def test_scanned_page_among_printed_pages_is_one_line(tmp_path: Path) -> None:
    _font()
    path = tmp_path / "mixed.pdf"
    c = Canvas(str(path), pagesize=(595, 842), invariant=1)
    c.setFont(FONT, SIZE)
    c.drawString(60, 700, "表紙")
    c.showPage()
    scanned_page(c, "OCR の文字")
    c.save()
    dump = pdf_to_table_dump(path)
    assert "page 2: scanned page with an OCR text layer; not read" in dump.notes


def test_calc_text_touching_across_a_border_is_split(tmp_path: Path) -> None:
    """Calc leaves ~2 pt between one cell's text and the next, the rule in the
    gap: one run for pdfplumber, two cells for a person."""
    rows = [["分野", "事業数"], ["", ""], ["", ""]]

    def touching(c: Canvas) -> None:
        c.setFont(FONT, SIZE)
        # 「まず始めに」 ends 1 pt before the border at x=140, 「7事業」 starts 1 pt after.
        w = pdfmetrics.stringWidth("まず始めに", FONT, SIZE)
        c.drawString(139 - w, 792 - 40 + 6, "まず始めに")
        c.drawString(141, 792 - 40 + 6, "7事業")
        c.drawString(139 - w, 792 - 60 + 6, "まず始めに")
        c.drawString(141, 792 - 60 + 6, "11事業")

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "k.pdf", rows, [90.0, 80.0], touching))
    assert [list(r) for r in table.rows] == [["まず始めに", "7事業"], ["まず始めに", "11事業"]]


def test_text_overflowing_into_an_empty_cell_stays_whole(tmp_path: Path) -> None:
    """Excel shows a long text over an empty neighbour: it is the first cell's text."""
    rows = [["名称", "備考", "件数"], ["", "", "3"], ["青森", "", "4"]]

    def overflow(c: Canvas) -> None:
        c.setFont(FONT, SIZE)
        c.drawString(54, 792 - 40 + 6, "長い事業所の名称です")

    (table,) = pdf_to_clean_tables(grid_pdf(tmp_path / "o.pdf", rows, [60.0, 60.0, 60.0], overflow))
    assert table.rows[0] == ("長い事業所の名称です", "", "3")


def boxes_pdf(path: Path, gap: float) -> Path:
    """A slide whose table is drawn as filled boxes with white gaps, no lines."""
    _font()
    c = Canvas(str(path), pagesize=(960, 540), invariant=1)
    c.setFont(FONT, 24)
    c.drawString(40, 490, "行政のDXの進捗")
    rows = [["分野", "事業数", "達成率"], ["I-1", "7事業", "100%"], ["I-2", "11事業", "25%"]]
    widths, h = [260.0, 160.0, 160.0], 40.0
    for r, row in enumerate(rows):
        y, x = 430 - r * (h + gap), 60.0
        for k, text in enumerate(row):
            c.setFillColorRGB(*((0.2, 0.35, 0.6) if r == 0 else (0.85, 0.89, 0.95)))
            c.rect(x, y - h, widths[k], h, stroke=0, fill=1)
            c.setFillColorRGB(*((1, 1, 1) if r == 0 else (0, 0, 0)))
            c.setFont(FONT, 16)
            c.drawString(x + 10, y - h + 13, text)
            x += widths[k] + gap
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("gap", [6.0, 16.0])
def test_table_of_separate_boxes_is_one_table(tmp_path: Path, gap: float) -> None:
    (table,) = pdf_to_clean_tables(boxes_pdf(tmp_path / "b.pdf", gap))
    assert table.header == ("分野", "事業数", "達成率")
    assert table.rows == (("I-1", "7事業", "100%"), ("I-2", "11事業", "25%"))


def test_no_table_found_is_one_line_and_exit_0(tmp_path: Path) -> None:
    _font()
    path = tmp_path / "x.pdf"
    c = Canvas(str(path), pagesize=(595, 842), invariant=1)
    c.setFont(FONT, SIZE)
    c.drawString(60, 700, "お知らせ：表はありません。")
    c.showPage()
    c.save()
    result = CliRunner().invoke(cli, ["tables", str(path)])
    assert result.exit_code == 0
    assert result.stderr == f"{path}: no table found on 1 page\n"
    assert result.stdout == ""


def test_white_text_on_a_filled_shape_is_read(tmp_path: Path) -> None:
    """Impress draws a title bar as a filled path, not a rectangle: the white
    title on it is printed text (it names the area of the table under it)."""
    _font()
    path = tmp_path / "bar.pdf"
    c = Canvas(str(path), pagesize=(960, 540), invariant=1)
    c.setFillColorRGB(0.1, 0.2, 0.45)
    c.roundRect(20, 480, 920, 40, 6, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(FONT, 20)
    c.drawString(40, 492, "行政のデジタル変革（DX）分野ごとの達成状況")
    c.showPage()
    c.save()
    (layout,) = read_layouts(path).layouts
    assert "".join(w.text for w in layout.words) == "行政のデジタル変革（DX）分野ごとの達成状況"
