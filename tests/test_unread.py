"""Never lose a part silently: what a rendering printed but the pipeline did not
read is an `unread` warning on the ingest line, a stored finding and a line of
`dxextract check`, with its page; a clean rendering gives none."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import fy2023_content as content
import make_fixture_pdfs as gen
import pdfplumber
import pytest
from click.testing import CliRunner
from dxtest import GRID_PDF, SLIDES_PDF, SYNTHETIC_PDF, WRITER_PDF, Extracted

from dxextract.cli import cli
from dxextract.errors import UnreadableTableError
from dxextract.extract.cells import Cell, Row, Table, TextLine
from dxextract.extract.classify import items_to_events
from dxextract.extract.geometry import Box, Word
from dxextract.extract.pipeline import pdf_to_extraction
from dxextract.extract.reading import events_to_read

CLEAN = [SLIDES_PDF, GRID_PDF, WRITER_PDF, SYNTHETIC_PDF]


@pytest.mark.parametrize("pdf", CLEAN, ids=lambda p: p.stem)
def test_clean_renderings_give_no_unread_warning(pdf: Path, extracted: Extracted) -> None:
    assert extracted(pdf).unread == ()


def _reworded_kpi_header() -> content.Report:
    labels = content.REPORT.labels
    return replace(
        content.REPORT, labels=replace(labels, kpi_columns=("評価指標", *labels.kpi_columns[1:]))
    )


def _without_section(code: str) -> content.Report:
    blocks = list(content.REPORT.blocks)
    k = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, content.Section) and b.heading.replace(" ", "").startswith(code)
    )
    section = blocks[k]
    assert isinstance(section, content.Section)
    blocks[k] = replace(section, initiatives=())
    return replace(content.REPORT, blocks=tuple(blocks))


# The committed renderings of the unchanged REPORT in each layout
# (test_fixture_generator checks that they are what the generator writes).
COMMITTED = {gen.SLIDES: SLIDES_PDF, gen.GRID: GRID_PDF}


# Each case renders its PDFs: the slides layout in the fast tier, the grid in the slow one.
@pytest.fixture(scope="module", params=["slides", pytest.param("grid", marks=pytest.mark.slow)])
def layout(request: pytest.FixtureRequest) -> gen.Layout:
    return gen.SLIDES if request.param == "slides" else gen.GRID


@pytest.fixture(scope="module")
def without_i3(layout: gen.Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """REPORT without the tables of section I-3, rendered in `layout` (read only)."""
    pdf = tmp_path_factory.mktemp("without_i3") / "no_i3.pdf"
    gen.render_report(_without_section("I-3"), pdf, layout)
    return pdf


def test_a_reworded_header_is_one_warning_per_page_of_its_tables(
    layout: gen.Layout, tmp_path_factory: pytest.TempPathFactory, extracted: Extracted
) -> None:
    reworded = tmp_path_factory.mktemp("reworded") / "reworded.pdf"
    gen.render_report(_reworded_kpi_header(), reworded, layout)
    clean = extracted(COMMITTED[layout]).document
    kpi_pages = sorted({k.page for i in clean.initiatives for k in i.kpis})
    unread = pdf_to_extraction(reworded).unread
    assert [f.page for f in unread] == kpi_pages
    assert all(f.rule == "unread" and f.severity == "warning" for f in unread)
    assert all("評価指標" in f.message for f in unread)


def test_a_section_without_its_tables_is_one_warning_at_its_heading(without_i3: Path) -> None:
    pdf = without_i3
    (finding,) = pdf_to_extraction(pdf).unread
    assert "section I-3: nothing was read under its heading" in finding.message
    assert finding.page is not None
    with pdfplumber.open(pdf) as doc:
        text = "".join(c["text"] for c in doc.pages[finding.page - 1].chars)
    assert "公務能率の向上に向けた取組" in text


def test_unread_is_on_the_ingest_line_stored_and_checked(tmp_path: Path, without_i3: Path) -> None:
    pdf = without_i3
    db = tmp_path / "dx.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(pdf), "--db", str(db), "--silent", "--jobs", "1"])
    assert result.exit_code == 0
    line, warning = result.output.splitlines()
    assert line.endswith("; 1 warning: not all of it was read")
    assert warning.startswith("  warning: page ") and "section I-3" in warning
    checked = runner.invoke(cli, ["check", "--db", str(db), "--format", "json"])
    assert checked.exit_code == 0  # a warning does not fail at --fail-on error
    assert '"rule": "unread"' in checked.output
    from_pdf = runner.invoke(cli, ["check", str(pdf), "--fail-on", "warning"])
    assert from_pdf.exit_code == 1
    assert "section I-3: nothing was read" in from_pdf.output


def _cell(x0: float, top: float, x1: float, text: str) -> Cell:
    """A cell 20 pt high holding its text as one word (8 pt, within its padding)."""
    box = Box(x0, top, x1, top + 20)
    words = (Word(text, Box(x0 + 3, top + 6, min(x0 + 3 + 8 * len(text), x1 - 3), top + 14), 8.0),)
    return Cell(box, text, words if text else ())


def _rows(page: int, xs: tuple[float, ...], top: float, *rows: tuple[str, ...]) -> list[Row]:
    """Rows of cells between the borders `xs`, 20 pt each, from `top` down."""
    out = []
    for i, texts in enumerate(rows):
        y = top + 20 * i
        cells = tuple(_cell(a, y, b, t) for (a, b), t in zip(pairwise(xs), texts, strict=True))
        out.append(Row(page, Box(xs[0], y, xs[-1], y + 20), cells))
    return out


def _table(page: int, *rows: tuple[str, ...]) -> Table:
    """A ruled table of 4 columns, one row per tuple of texts."""
    xs = (50.0, 150.0, 300.0, 420.0, 560.0)
    box = Box(xs[0], 100.0, xs[-1], 100.0 + 20 * len(rows))
    return Table(page, box, tuple(_rows(page, xs, 100.0, *rows)), "ruled")


def test_rows_of_a_table_whose_header_was_not_found_are_one_warning_per_page() -> None:
    # A table continued on a page whose rows line up with no header read before
    # them: its rows are no record, and never a silent loss.
    orphan = _table(
        5, ("行政手続のオンライン化", "ポータルを構築する。", "構築した。", "拡大を図る。")
    )
    events = items_to_events([orphan])
    _, unread = events_to_read(events, 2023, 2024, [orphan])
    assert unread == [
        (
            5,
            "a table row under no header that was read "
            "('行政手続のオンライン化 ポータルを構築する。 構築した。 拡' …)",
        )
    ]


def test_a_labelled_note_box_is_no_orphan_row() -> None:
    # `新しい価値 | ● …` is a box of two cells of text, printed on every page.
    note = _table(3, ("新しい価値", "● デジタル変革の自走", "", ""))
    _, unread = events_to_read(items_to_events([note]), 2023, 2024, [note])
    assert not any("under no header" in what for _, what in unread)


def test_a_continued_row_closed_by_a_kpi_sub_table_continues_the_table_above() -> None:
    # Chromium: an initiative table's header at the foot of one page, its row at
    # the top of the next, drawn in one piece with the KPI sub-table under it.
    header = _table(4, ("項目", "R5取組内容", "R5成果・効果", "R6取組内容"))
    kpi_rows = _rows(
        5,
        (50.0, 200.0, 280.0, 360.0, 440.0, 560.0),  # the KPI sub-table's own columns
        120.0,
        ("指標名", "目標値(R5年度)", "実績値(R5年度)", "指標の達成状況", "目標値(R6年度)"),
        ("オンライン利用率", "67.4%", "43.1%", "一部達成", "73.7%"),
    )
    row = _table(
        5, ("行政手続のオンライン化", "ポータルを構築する。", "構築した。", "拡大を図る。")
    )
    continued = Table(5, Box(50.0, 100.0, 560.0, 160.0), (*row.rows, *kpi_rows), "ruled")
    heading = TextLine(4, Box(50.0, 80.0, 300.0, 92.0), "I-2 行政サービスの向上に向けた取組", 12.0)
    events = items_to_events([heading, header, continued])
    state, unread = events_to_read(events, 2023, 2024, [header, continued])
    assert unread == []
    assert [(d.title, len(k)) for d, k in zip(state.initiatives, state.kpis, strict=True)] == [
        ("行政手続のオンライン化", 1)
    ]


def test_a_table_header_whose_row_was_not_read_is_a_warning() -> None:
    # Impress: the initiative's row stands between its header strip and the KPI
    # sub-table, on no rule; had it not been read, the header alone says so.
    heading = TextLine(4, Box(50.0, 80.0, 300.0, 92.0), "I-2 行政サービスの向上に向けた取組", 12.0)
    header = _table(4, ("項目", "R5取組内容", "R5成果・効果", "R6取組内容"))
    kpis = Table(
        4,
        Box(50.0, 200.0, 560.0, 240.0),
        tuple(
            _rows(
                4,
                (50.0, 200.0, 280.0, 360.0, 440.0, 560.0),
                200.0,
                ("指標名", "目標値(R5年度)", "実績値(R5年度)", "指標の達成状況", "目標値(R6年度)"),
                ("オンライン利用率", "67.4%", "43.1%", "一部達成", "73.7%"),
            )
        ),
        "ruled",
    )
    events = items_to_events([heading, header, kpis])
    with pytest.raises(UnreadableTableError, match="no initiative table above it"):
        events_to_read(events, 2023, 2024, [header, kpis])
    # Under an initiative read before it, the KPI is filed there: the header
    # left without its row is the warning.
    first = _table(
        4, ("項目", "R5取組内容", "R5成果・効果", "R6取組内容"), ("電子申請", "a", "b", "c")
    )
    events = items_to_events([heading, first, header, kpis])
    _, unread = events_to_read(events, 2023, 2024, [first, header, kpis])
    assert unread == [(4, "a table header (initiative table) with no row read under it")]


def test_rows_found_from_text_alone_under_a_header_strip_continue_its_table() -> None:
    # Word (sweep seed 1021): a field table's header strip with one row claimed
    # under it, its other rows spaced out further than any rule of closeness
    # reaches, found from their text alone (their box is their text's, inside
    # the table's sides): each cell's text inside one of the header's columns,
    # they are the table's rows, not a table whose header was not found.
    xs = (50.0, 150.0, 300.0, 420.0, 560.0)
    heading = TextLine(4, Box(50.0, 80.0, 300.0, 92.0), "I-2 行政サービスの向上に向けた取組", 12.0)
    header = _table(
        4, ("項目", "R5取組内容", "R5成果・効果", "R6取組内容"), ("電子申請", "a", "b", "c")
    )
    rows = _rows(4, xs, 160.0, ("キャッシュレス決済", "導入する。", "導入した。", "広げる。"))
    text_box = Box(53.0, 166.0, 500.0, 174.0)  # the words' extent, not the table's sides
    spaced = Table(4, text_box, tuple(rows), "text")
    events = items_to_events([heading, header, spaced])
    state, unread = events_to_read(events, 2023, 2024, [header, spaced])
    assert unread == []
    assert [d.title for d in state.initiatives] == ["電子申請", "キャッシュレス決済"]
    # A cell whose text runs across one of the header's borders is no such row.
    across = _rows(
        4,
        (50.0, 260.0, 300.0, 420.0, 560.0),
        160.0,
        ("キャッシュレス決済の導入と普及啓発", "x", "y", "z"),
    )
    misfit = Table(4, text_box, tuple(across), "text")
    events = items_to_events([heading, header, misfit])
    _, unread = events_to_read(events, 2023, 2024, [header, misfit])
    assert any("under no header" in what for _, what in unread)


def test_a_year_label_over_one_column_of_its_group_gives_the_whole_group_its_year() -> None:
    # reportlab (layout seed 63): a field table's year row prints 令和5年度 over
    # the first column of its group and 令和6年度 over the last of the next, not
    # spanning them: each group of columns, from its 事業数 on, takes the year
    # printed over any of its columns (the second 事業数 is 令和6年度's).
    xs = (50.0, 80.0, 200.0, 250.0, 300.0, 350.0, 400.0, 450.0, 500.0)
    years = ("", "", "令和5年度", "", "", "", "", "令和6年度")
    header: tuple[str, ...] = ("項番", "分野", "事業数", "うちKPI設定事業数(A)", "達成(B)")
    header += ("達成率(B)/(A)", "事業数", "うちKPI設定事業数")
    data = ("I-1", "まず始めに", "7事業", "1事業", "1事業", "100%", "7事業", "2事業")
    total = ("", "合計", "52事業", "19事業", "13事業", "68%", "51事業", "21事業")
    rows = _rows(2, xs, 100.0, years, header, data, total)
    table = Table(2, Box(xs[0], 100.0, xs[-1], 180.0), tuple(rows), "ruled")
    heading = TextLine(
        2, Box(50.0, 80.0, 300.0, 92.0), "行政のデジタル変革（DX）分野ごとの達成状況", 12.0
    )
    state, _ = events_to_read(items_to_events([heading, table]), 2023, 2024, [table])
    assert [(t.fiscal_year, t.projects, t.kpi_projects) for t in state.totals] == [
        (2023, 52, 19),
        (2024, 51, 21),
    ]
