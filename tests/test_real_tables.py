"""`dxextract tables` on real Excel-made government PDFs (tests/fixtures/real/,
copies of ../shared/real-pdfs/ with their README): every reference row is read
as a person reads it.

A reference row counts when some output row has the same first cell and the
same following values after NFKC, whitespace removal and footnote-mark (`※…`)
removal (the README's rule); the references were made by others (camelot output
published with the MHLW PDFs, and one written by hand from the rendered page).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from dxtest import ROOT

from dxextract.debug.cleantables import CleanTable
from dxextract.debug.dump import NOTE_SUFFIX, pdf_to_clean_tables

REAL = ROOT / "tests" / "fixtures" / "real"
MHLW = ["mhlw_betsushi1_20210201", "mhlw_betsushi1_20210601", "mhlw_betsushi1_20211201"]
KAMEITEN = REAL / "cashless_kameiten_list_20190821.pdf"
TOKYO = "tokyo_sokuhou_20210323"


def squash(text: str) -> str:
    """The README's comparison: NFKC, no whitespace, no footnote marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"※[0-9]*", "", "".join(text.split()))


def reference_rows(stem: str) -> list[list[str]]:
    """A reference's lines (two header lines first), each cell squashed."""
    lines = (REAL / f"{stem}.reference.txt").read_text(encoding="utf-8").splitlines()
    return [[squash(c) for c in line.split("|")] for line in lines if "|" in line]


def output_rows(tables: list[CleanTable]) -> list[list[str]]:
    """Every table's header and rows, squashed, note columns left out."""
    out = []
    for t in tables:
        keep = [i for i, name in enumerate(t.header) if NOTE_SUFFIX not in name]
        for row in (t.header, *t.rows):
            out.append([squash(row[i]) for i in keep])
    return out


def matches(ref: list[str], rows: list[list[str]]) -> bool:
    return any(row[: len(ref)] == ref for row in rows)


@pytest.fixture(scope="module", params=[False, True], ids=["notes-dropped", "strip-notes"])
def strip(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.mark.parametrize("stem", MHLW)
def test_mhlw_every_reference_row_is_read(stem: str, strip: bool) -> None:
    data = reference_rows(stem)[2:]
    assert len(data) == 49  # 47 prefectures, その他, 合計
    rows = output_rows(pdf_to_clean_tables(REAL / f"{stem}.pdf", strip_notes=strip))
    missing = [ref for ref in data if not matches(ref, rows)]
    assert not missing, missing[:5]


@pytest.mark.parametrize("stem", MHLW)
def test_mhlw_total_row_is_the_column_sums(stem: str) -> None:
    """Over all the page's tables of that header (the older layout prints the
    prefectures in two tables side by side, the 合計 under the second)."""
    tables = pdf_to_clean_tables(REAL / f"{stem}.pdf", strip_notes=True)
    rows = [r for t in tables if t.header == tables[0].header for r in t.rows]
    (total,) = [r for r in rows if squash(r[0]) == "合計"]
    body = [r for r in rows if r is not total]
    assert len(body) == 48
    checked = 0
    for col in range(1, len(tables[0].header)):
        printed = squash(total[col]).replace(",", "")
        if not printed.isdigit():
            continue  # a percentage is not a sum
        numbers = [squash(r[col]).replace(",", "") for r in body]
        assert sum(int(n) for n in numbers if n.isdigit()) == int(printed), tables[0].header[col]
        checked += 1
    assert checked >= 2


@pytest.mark.parametrize("stem", ["mhlw_betsushi1_20210601", "mhlw_betsushi1_20211201"])
def test_mhlw_confirming_box_is_joined_whatever_the_page_size(stem: str) -> None:
    """The 確認中 box stands 6 pt from the table on an A4 page and 15.9 pt on a
    1009 × 1427 pt page: the same gap in row heights, joined on both."""
    (table,) = pdf_to_clean_tables(REAL / f"{stem}.pdf", strip_notes=True)
    assert table.joined == 1
    assert table.header[-1] == "確認中（人）"
    assert all(squash(r[-1]).replace(",", "").isdigit() for r in table.rows)


def test_mhlw_small_text_over_a_glyph_is_not_read() -> None:
    """A 1-pt 「長崎船」 lies over the 10.95-pt そ of その他: a person reads その他."""
    rows = output_rows(pdf_to_clean_tables(REAL / "mhlw_betsushi1_20210201.pdf"))
    firsts = {r[0] for r in rows}
    assert "その他" in firsts
    assert not any("長崎船" in cell for row in rows for cell in row)


def test_tokyo_every_reference_line_is_a_row() -> None:
    rows = output_rows(pdf_to_clean_tables(REAL / f"{TOKYO}.pdf", strip_notes=True))
    lines = reference_rows(TOKYO)[1:]  # the first line names the format
    missing = [ref for ref in lines if not matches(ref, rows)]
    assert not missing, missing


def test_tokyo_age_table_header_is_its_printed_header() -> None:
    tables = pdf_to_clean_tables(REAL / f"{TOKYO}.pdf", strip_notes=True)
    ages = [t for t in tables if "10代" in t.header]
    assert len(ages) == 1
    assert ages[0].header[0] == "10歳未満" and ages[0].header[-1] == "不明"
    assert ages[0].rows == (("9", "30", "86", "46", "41", "43", "19", "29", "24", "10", "0", "0"),)


@pytest.fixture(scope="module")
def kameiten() -> list[CleanTable]:
    return pdf_to_clean_tables(KAMEITEN, strip_notes=True)


HEADER = ("No.", "都道府県", "市区町村", "事業所名（屋号）", "業種/1", "業種/2", "還元率")


def test_kameiten_first_rows_as_a_person_reads_them(kameiten: list[CleanTable]) -> None:
    """The README's three rows (a space is a printed gap between words)."""
    first = kameiten[0]
    assert first.page == 1 and first.header == HEADER
    rows = [
        "23,351|埼玉県|さいたま市浦和区|庵 浮雨 ｕｎ ｐｅｕ アンプウ|サービス|飲食業|5%",
        "23,352|埼玉県|さいたま市浦和区|イズムヘアー ｉｓｍ ｈａｉｒ|サービス|理容・美容業|5%",
        "23,353|埼玉県|さいたま市浦和区|ＶＩＳＯＵＲＩＲＥ|サービス|理容・美容業|5%",
    ]
    assert first.rows[:3] == tuple(tuple(r.split("|")) for r in rows)


def test_kameiten_every_row_of_every_page_has_its_columns(kameiten: list[CleanTable]) -> None:
    assert sorted({t.page for t in kameiten}) == list(range(1, 11))
    numbers = []
    for table in kameiten:
        assert table.header == HEADER, table.page
        for row in table.rows:
            no, pref, city, name, kind, sub, rate = row
            numbers.append(int(no.replace(",", "")))
            assert pref == "埼玉県", row
            assert re.search("[市区町村]$", city), row  # nothing of the next cell
            assert name and not re.match("[区市町村]", name), row  # nothing of the one before
            assert kind and sub and re.fullmatch(r"[0-9]+%", rate), row
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))  # no gap
    assert len(numbers) >= 450


# The kameiten list (hundreds of rows to read before the refusal) in the slow tier.
@pytest.mark.parametrize(
    "pdf",
    [
        pytest.param(p, marks=pytest.mark.slow) if p.stem.startswith("cashless_kameiten") else p
        for p in sorted(REAL.glob("*.pdf"))
    ],
    ids=lambda p: p.stem,
)
def test_ingest_refuses_each_real_pdf_and_writes_nothing(pdf: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dxextract.cli import cli

    db = tmp_path / "dx.db"
    args = ["ingest", str(pdf), "--db", str(db), "--silent", "--jobs", "1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line.startswith(f"error: {pdf}: not a DX report: ")
    if db.exists():
        import sqlite3

        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from reports").fetchone() == (0,)


def test_tokyo_label_rows_are_rows_not_header_levels() -> None:
    """直近７日間移動平均 over 前週7日間移動平均, one width in one column: two
    labels of rows, not a parent and its child."""
    tables = pdf_to_clean_tables(REAL / f"{TOKYO}.pdf", strip_notes=True)
    (box,) = [t for t in tables if "対前週比" in t.header]
    assert box.header == ("直近７日間移動平均", "対前週比")
    assert box.rows[0][0] == "前週7日間移動平均"
    assert ("308.1", "106.6%") in box.rows
