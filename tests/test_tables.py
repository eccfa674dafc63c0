"""Table finding on small hand-made pages: ruled, banded and rule-less tables."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import make_fixture_pdfs
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from dxextract.extract.cells import Table
from dxextract.extract.pdf import read_layouts
from dxextract.extract.tables import layout_to_items

ROWS = [
    ["項番", "分野", "事業数", "達成率"],
    ["I-1", "まず始めに実施すべき取組", "7事業", "100%"],
    ["I-2", "行政サービスの向上", "11事業", "25%"],
    ["II", "【市町村支援・連携】", "9事業", "60%"],
]
X = [40, 90, 260, 330]  # left edges of the columns
WIDTHS = [50, 170, 70, 70]


def _canvas(path: Path, size: tuple[float, float] = (500, 400)) -> Canvas:
    """A reportlab canvas writing `path`, IPAex Gothic 10 pt set."""
    pdfmetrics.registerFont(TTFont("IPAexGothic", str(make_fixture_pdfs.find_font())))
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    canvas.setFont("IPAexGothic", 10)
    return canvas


def _tables(path: Path) -> list[Table]:
    """The tables found on the first page of `path`."""
    layouts = read_layouts(path).layouts
    return [it for it in layout_to_items(layouts[0]) if isinstance(it, Table)]


def _page(path: Path, style: str) -> None:
    canvas = _canvas(path)
    canvas.drawString(40, 370, "行政のデジタル変革（DX）分野ごとの達成状況")
    top, pitch = 340, 24
    for r, row in enumerate(ROWS):
        y = top - r * pitch
        if style == "bands" and r == 0:
            canvas.setFillColorRGB(0.8, 0.85, 0.9)
            canvas.rect(X[0] - 4, y - 8, sum(WIDTHS), pitch, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
        if style in ("bands", "grid"):
            canvas.line(X[0] - 4, y - 8, X[0] - 4 + sum(WIDTHS), y - 8)
        if style == "grid":
            canvas.line(X[0] - 4, y + pitch - 8, X[0] - 4 + sum(WIDTHS), y + pitch - 8)
            for x in [*X, X[0] - 4 + sum(WIDTHS)]:
                canvas.line(x - 4 if x in X else x, y - 8, x - 4 if x in X else x, y + pitch - 8)
        for x, text in zip(X, row, strict=True):
            canvas.drawString(x, y, text)
    canvas.save()


@pytest.mark.parametrize(
    ("style", "method"), [("grid", "ruled"), ("bands", "aligned"), ("plain", "text")]
)
def test_table_is_found_whatever_draws_it(style: str, method: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{style}.pdf"
    _page(pdf, style)
    tables = _tables(pdf)
    assert len(tables) == 1
    assert tables[0].method == method
    assert [row.texts for row in tables[0].rows] == ROWS


def test_a_lone_row_between_rules_drawn_in_pieces_has_the_pieces_as_its_cells(
    tmp_path: Path,
) -> None:
    # Chromium: an initiative's row continued at the top of a page, drawn by its
    # cells' top and bottom borders only (one piece per grid column, a cell over
    # two grid columns has two), no side borders.
    pdf = tmp_path / "lone_row.pdf"
    canvas = _canvas(pdf)
    grid = [40, 130, 180, 230, 320, 460]  # the pieces' ends
    for y in (350, 300):
        for a, b in pairwise(grid):
            canvas.line(a, y, b, y)
    # Cells at 40-130, 130-230 (over two grid columns), 230-460 (over two).
    cells = [
        (44, "リモートワーク"),
        (134, "都市部において人材"),
        (234, "副業プロジェクトに171人が参加した"),
    ]
    for x, text in cells:
        canvas.drawString(x, 330, text)
    canvas.save()
    (table,) = _tables(pdf)
    assert table.rows[0].texts == [text for _, text in cells]


def _strip(canvas: Canvas, y: float, cells: list[tuple[float, float, str]]) -> None:
    """A header strip of shaded boxes side by side (Chromium's `th` cells), its
    labels centred, from `y` (the strip's bottom) 18 pt up."""
    for x0, x1, label in cells:
        canvas.setFillColorRGB(0.93, 0.93, 0.93)
        canvas.rect(x0, y, x1 - x0, 18, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawCentredString((x0 + x1) / 2, y + 5, label)


def test_a_heading_between_a_kpi_row_and_the_next_table_is_no_row_of_either(
    tmp_path: Path,
) -> None:
    # Chromium (sweep seed 1142): a KPI table's header strip, its row in plain
    # text, then flush with the tables' left side a heading and a labelled line
    # each a line's space apart, then the next table's header strip: only the
    # KPI row is the first table's; the heading is one run of text.
    pdf = tmp_path / "heading_between.pdf"
    canvas = _canvas(pdf)
    _strip(canvas, 340, [(40, 240, "指標名"), (240, 320, "目標値"), (320, 400, "実績値")])
    canvas.drawString(44, 326, "ふくしま健民アプリのダウンロード数")
    canvas.drawRightString(316, 326, "78,441件")
    canvas.drawRightString(396, 326, "80,266件")
    canvas.setFont("IPAexGothic", 11.5)
    canvas.drawString(40, 304, "Ⅲ-6 安全・安心、環境")
    canvas.drawString(40, 284, "新しい価値 社会の強靱化")
    canvas.setFont("IPAexGothic", 10)
    _strip(canvas, 262, [(40, 140, "項目"), (140, 270, "R5取組内容"), (270, 400, "R5成果")])
    canvas.drawString(44, 248, "避難行動の支援")
    canvas.drawString(144, 248, "防災アプリを構築")
    canvas.drawString(274, 248, "防災情報の通知")
    canvas.save()
    tables = _tables(pdf)
    assert [row.texts for row in tables[0].rows] == [
        ["指標名", "目標値", "実績値"],
        ["ふくしま健民アプリのダウンロード数", "78,441件", "80,266件"],
    ]


def test_a_closing_bracket_over_a_border_stays_in_its_cell(tmp_path: Path) -> None:
    # Chromium (sweep seed 302): kinsoku keeps `）` on its line, past the cell's
    # right border by the blank half of its box, and the next cell's text goes
    # on at the advance in the same run. The rows under a header strip are
    # still the table's, each cell's text its own.
    pdf = tmp_path / "bracket.pdf"
    canvas = _canvas(pdf)
    _strip(canvas, 340, [(40, 140, "項目"), (140, 300, "R5成果・効果"), (300, 460, "R6取組内容")])
    head = "点検・見直し方針」（R5.6月策定"
    x = 295 - pdfmetrics.stringWidth(head, "IPAexGothic", 10)  # `）` from 295 to 305
    assert 143 < x < 147
    canvas.drawString(44, 326, "書面規制")
    canvas.drawString(144, 326, "「アナログ規制」")
    canvas.drawString(304, 326, "アナログ規制見直し工程表")
    canvas.drawString(x, 314, head + "）に基づき各規制の見直しを")
    canvas.drawString(304, 302, "行う。")
    canvas.save()
    (table,) = _tables(pdf)
    assert [row.texts for row in table.rows] == [
        ["項目", "R5成果・効果", "R6取組内容"],
        [
            "書面規制",
            "「アナログ規制」点検・見直し方針」（R5.6月策定）",
            "アナログ規制見直し工程表に基づき各規制の見直しを行う。",
        ],
    ]


def test_a_lone_row_between_two_whole_rules_is_a_row_of_cells(tmp_path: Path) -> None:
    # Word (sweep seed 523): a KPI row continued at the top of a page between
    # two rules drawn whole, no side border: its text stands in five columns,
    # so it is a row of cells (the KPI header on the page before takes it),
    # where a box of one or two runs of text (a labelled note) is none.
    pdf = tmp_path / "lone_whole_row.pdf"
    canvas = _canvas(pdf)
    for y in (360, 316):
        canvas.line(40, y, 460, y)
    canvas.drawString(44, 346, "先端ICT関連産業集積")
    canvas.drawString(44, 334, "推進事業の新規雇用者数")
    for x, text in ((220, "63人"), (290, "63人"), (350, "達成"), (420, "63人")):
        canvas.drawString(x, 346, text)
    for y in (260, 230):
        canvas.line(40, y, 460, y)
    canvas.drawString(44, 242, "※ KPIの設定がなじまない取組項目")
    canvas.save()
    tables = _tables(pdf)
    assert [row.texts for t in tables for row in t.rows] == [
        ["先端ICT関連産業集積推進事業の新規雇用者数", "63人", "63人", "達成", "63人"]
    ]


def _text_page(path: Path, lines: list[tuple[float, list[tuple[float, str]]]]) -> list[Table]:
    """A page of text only (no rule, no shading), each line (baseline, runs), and
    the tables found on it."""
    canvas = _canvas(path)
    for y, runs in lines:
        for x, text in runs:
            canvas.drawString(x, y, text)
    canvas.save()
    return _tables(path)


def test_a_text_tables_first_line_of_full_cells_is_its_rows(tmp_path: Path) -> None:
    # Chromium (sweep seed 554): an initiative's row continued at a page's top,
    # no rule at all; its first line fills every cell, so the runs are less
    # than a column gap apart — but they start where the columns' runs start
    # on the lines below: the line is the row's, not a lone line of text.
    xs = (44.0, 150.0, 290.0, 400.0)
    full = [
        "職員の意識改革と行動",
        "仕事の仕組みや進め方、意思",
        "本庁各課及び出先機関",
        "デジタル変革推進",
    ]
    rest = [["変容", "決定", "に配置", "研修を行う"], ["", "改革につなげる", "努めた", ""]]
    lines = [(350.0, list(zip(xs, full, strict=True)))]
    lines += [
        (350.0 - 14 * (i + 1), [(x, t) for x, t in zip(xs, texts, strict=True) if t])
        for i, texts in enumerate(rest)
    ]
    (table,) = _text_page(tmp_path / "full_first_line.pdf", lines)
    # The first line's runs stand less than a column gap (1.5 em) apart.
    for x, text, nxt in zip(xs, full, xs[1:], strict=False):
        assert nxt - (x + pdfmetrics.stringWidth(text, "IPAexGothic", 10)) < 15
    assert [c.text for c in table.rows[0].cells] == [
        "職員の意識改革と行動変容",
        "仕事の仕組みや進め方、意思決定改革につなげる",
        "本庁各課及び出先機関に配置努めた",
        "デジタル変革推進研修を行う",
    ]


def test_one_line_of_values_alone_is_a_row_but_a_spaced_heading_is_not(tmp_path: Path) -> None:
    # Chromium (sweep seed 554): a KPI row continued at a page's top, its name
    # wrapped to a second line, alone: a row of values with units. A heading
    # set letter-spaced (`I - 4  I - 1～I - 3の取組…`) prints digits in runs a
    # column apart too, but no value with a unit.
    row = [(44.0, "ICT支援員による学校訪問割合"), (240.0, "100%"), (300.0, "100%")]
    row += [(360.0, "達成"), (430.0, "100%")]
    lines = [(350.0, row), (336.0, [(44.0, "（訪問した学校数）")])]
    (table,) = _text_page(tmp_path / "lone_values.pdf", lines)
    assert [c.text for c in table.rows[0].cells] == [
        "ICT支援員による学校訪問割合（訪問した学校数）",
        "100%",
        "100%",
        "達成",
        "100%",
    ]
    spaced = [(44.0 + 24 * i, t) for i, t in enumerate(["I", "-", "4", "I", "-", "1～I", "-"])]
    heading = [(350.0, [*spaced, (44.0 + 24 * 7, "3の取組を支える基盤整備")])]
    assert _text_page(tmp_path / "spaced_heading.pdf", heading) == []


def test_evenly_spaced_rows_under_a_header_are_cut_at_every_row(tmp_path: Path) -> None:
    # Impress (sweep seed 322, its positions): a summary whose body rules are
    # drawn white, the vertical ones kept; its one-line rows evenly spaced, the
    # gaps between them a hair either side of the header's cell padding. Each
    # line printing a label and values is a row of its own (not `うちKPI設定
    # 事業数` and `達成` read as one row).
    pdf = tmp_path / "evenly_spaced.pdf"
    height = 300.0
    canvas = _canvas(pdf, (720, height))
    canvas.setFillColorRGB(0.27, 0.45, 0.77)
    for x0, top, x1, bottom in [
        (18.0, 138.6, 184.9, 179.6),
        (184.9, 138.6, 419.6, 155.5),
        (419.6, 138.6, 701.9, 155.5),
        (184.9, 155.5, 308.2, 179.6),
        (308.2, 155.5, 419.6, 179.6),
        (419.6, 155.5, 567.8, 179.6),
        (567.8, 155.5, 701.9, 179.6),
    ]:
        canvas.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    canvas.setStrokeColorRGB(0.5, 0.5, 0.5)
    canvas.setLineWidth(0.5)
    for y in (138.6, 155.5, 179.6):
        canvas.line(17.6, height - y, 702.4, height - y)
    for x, top in ((18.0, 138.2), (184.9, 138.2), (308.2, 155.1), (419.6, 138.2)):
        canvas.line(x, height - top, x, height - 247.5)
    for x, top in ((567.8, 155.1), (701.9, 138.2)):
        canvas.line(x, height - top, x, height - 247.5)
    canvas.setFont("IPAexGothic", 8)
    canvas.setFillColorRGB(1, 1, 1)
    header = [(283.6, 150.1, "行政のDX"), (542.1, 150.1, "地域のDX")]
    header += [
        (x, 170.6, "令和6年度" if i % 2 == 0 else "令和7年度")
        for i, x in enumerate((226.3, 343.7, 473.6, 614.7))
    ]
    for x, bottom, text in header:
        canvas.drawString(x, height - bottom + 1.0, text)
    canvas.setFillColorRGB(0, 0, 0)
    rows = [
        (
            188.7,
            [
                (25.2, "事業数"),
                (232.7, "53事業"),
                (350.1, "52事業"),
                (479.8, "81事業"),
                (621.0, "84事業"),
            ],
        ),
        (
            205.6,
            [
                (25.2, "うちKPI設定事業数"),
                (232.7, "20事業"),
                (350.1, "21事業"),
                (479.8, "53事業"),
                (621.0, "53事業"),
            ],
        ),
        (
            222.4,
            [
                (25.2, "達成"),
                (222.3, "14事業"),
                (253.8, "70%"),
                (360.1, "—"),
                (469.5, "30事業"),
                (501.0, "57%"),
                (631.0, "—"),
            ],
        ),
        (
            239.3,
            [
                (25.2, "一部達成"),
                (224.8, "6事業"),
                (251.3, "30%"),
                (360.1, "—"),
                (469.5, "23事業"),
                (501.0, "43%"),
                (631.0, "—"),
            ],
        ),
    ]
    for bottom, cells in rows:
        for x, text in cells:
            canvas.drawString(x, height - bottom + 1.0, text)
    canvas.save()
    (table,) = _tables(pdf)
    assert [row.texts[0] for row in table.rows[-4:]] == [
        "事業数",
        "うちKPI設定事業数",
        "達成",
        "一部達成",
    ]
