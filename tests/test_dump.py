"""`dxextract tables`: any PDF's tables as clean rows, checked against a real
government table (MHLW 別紙1) and its independent reference, and the FY2023 KPIs."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import GRID_PDF, ROOT, SLIDES_PDF, WRITER_PDF

from dxextract.cli import cli
from dxextract.debug.cleantables import CleanTable
from dxextract.debug.dump import pdf_to_clean_tables, split_notes

MHLW_PDF = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20211201.pdf"
# camelot's extraction of the same table (oktopus1959/camelot-mhlw), pipe-separated.
MHLW_REFERENCE = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20211201.reference.txt"


def _reference() -> tuple[list[str], list[list[str]]]:
    """The reference's two header rows flattened (a parent carried over the empty
    cells to its right: `入院治療等を要する者（人）/うち重症`) and its data rows."""
    lines = [ln.split("|") for ln in MHLW_REFERENCE.read_text(encoding="utf-8").splitlines()]
    top, sub, data = lines[0], lines[1], lines[2:]
    header, parent = [], ""
    for upper, lower in zip(top, sub, strict=True):
        parent = upper or parent
        header.append(f"{parent}/{lower}" if lower else parent)
    return header, data


@pytest.fixture(scope="module")
def mhlw() -> CleanTable:
    (table,) = pdf_to_clean_tables(MHLW_PDF, strip_notes=True)
    return table


def test_mhlw_header_is_flattened_and_the_side_column_joined(mhlw: CleanTable) -> None:
    header, _ = _reference()
    assert list(mhlw.header) == [*header, "確認中（人）"]
    assert "入院治療等を要する者（人）/うち重症" in mhlw.header
    assert mhlw.joined == 1
    assert mhlw.caption == ("2021/11/30 24時時点",)


def test_mhlw_rows_equal_the_reference_cell_for_cell(mhlw: CleanTable) -> None:
    _, data = _reference()
    assert len(data) == 49  # 47 prefectures, その他, 合計
    assert [list(row[: len(data[0])]) for row in mhlw.rows] == data


def test_mhlw_side_column_is_joined_to_every_row(mhlw: CleanTable) -> None:
    confirming = [row[-1] for row in mhlw.rows]
    assert len(confirming) == 49 and all(v.isdigit() for v in confirming)
    by_name = {row[0]: row[-1] for row in mhlw.rows}
    # Read off the PDF: the rows of the 確認中 box line up with these prefectures.
    assert (by_name["三重"], by_name["石川"], by_name["北海道"]) == ("327", "22", "6")


def test_mhlw_total_row_is_the_column_sums(mhlw: CleanTable) -> None:
    *rows, total = mhlw.rows
    assert total[0] == "合計"
    for col in range(1, len(mhlw.header)):
        column_sum = sum(int(row[col].replace(",", "")) for row in rows)
        assert column_sum == int(total[col].replace(",", "")), mhlw.header[col]


def test_mhlw_footnote_marks_are_kept_in_a_companion_column() -> None:
    (table,) = pdf_to_clean_tables(MHLW_PDF)
    header = list(table.header)
    assert header[:2] == ["都道府県名", "都道府県名/注"]
    assert "PCR検査実施人数/注※1" in header
    rows = {row[0]: row[1] for row in table.rows}
    assert (rows["その他（その他）"], rows["東京"], rows["北海道"]) == ("※３", "※４", "")


@pytest.mark.parametrize(
    ("text", "value", "marks"),
    [
        ("岩手※3※4※5", "岩手", "※3※4※5"),
        ("その他（その他）※３", "その他（その他）", "※３"),
        ("確認中※2（人）", "確認中（人）", "※2"),
        ("1,722,664", "1,722,664", ""),
        ("※ 1", "", "※1"),
    ],
)
def test_split_notes(text: str, value: str, marks: str) -> None:
    assert split_notes(text) == (value, marks)


@pytest.mark.parametrize("pdf", [SLIDES_PDF, GRID_PDF, WRITER_PDF], ids=lambda p: p.stem)
def test_every_golden_kpi_is_a_row_of_a_kpi_table(pdf: Path, golden: dict[str, Any]) -> None:
    rows = {
        row
        for table in pdf_to_clean_tables(pdf)
        if table.header and table.header[0].startswith("指標")
        for row in table.rows
    }
    for initiative in golden["initiatives"]:
        for k in initiative["kpis"]:
            want = (
                k["name"], k["target_text"], k["actual_text"], k["status"] or "",
                k["next_target_text"],
            )  # fmt: skip
            assert want in rows


def test_cli_tables_writes_csv_files(runner: CliRunner, tmp_path: Path, mhlw: CleanTable) -> None:
    result = runner.invoke(cli, ["tables", str(MHLW_PDF), "--out", str(tmp_path), "--strip-notes"])
    target = tmp_path / "mhlw_betsushi1_20211201-p1-t1.csv"
    assert result.exit_code == 0, result.output
    assert result.output == f"{target}\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads Japanese
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [list(mhlw.header), *map(list, mhlw.rows)]


def test_cli_tables_json_to_stdout(runner: CliRunner, mhlw: CleanTable) -> None:
    result = runner.invoke(cli, ["tables", str(MHLW_PDF), "--format", "json", "--strip-notes"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)
    assert doc["file"] == "mhlw_betsushi1_20211201.pdf"
    (table,) = doc["tables"]
    assert table["header"] == list(mhlw.header)
    assert table["rows"] == [list(r) for r in mhlw.rows]


def test_cli_tables_json_file_per_pdf(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["tables", str(GRID_PDF), str(MHLW_PDF), "--format", "json", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["fukushima_dx_r5_grid.tables.json", "mhlw_betsushi1_20211201.tables.json"]


def test_cli_tables_csv_to_stdout_names_each_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["tables", str(MHLW_PDF)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# mhlw_betsushi1_20211201.pdf page 1 table 1"
    assert lines[2].startswith("北海道,,")


def test_cli_tables_bad_file_is_reported_and_the_others_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["tables", str(bad), str(MHLW_PDF), "--out", str(out)])
    assert result.exit_code == 1
    assert f"error: {bad}: not a PDF (no %PDF- header)\n" in result.output
    assert (out / "mhlw_betsushi1_20211201-p1-t1.csv").is_file()


def test_cli_tables_folder_without_pdfs_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["tables", str(tmp_path)])
    assert result.exit_code == 2
    assert f"Error: no PDF files in {tmp_path}" in result.output


def test_two_pdfs_with_one_stem_are_refused_with_out(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    copy = other / MHLW_PDF.name
    copy.write_bytes(MHLW_PDF.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(cli, ["tables", str(MHLW_PDF), str(copy), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{MHLW_PDF} and {copy} would write the same files into {out}" in result.output
    assert not out.exists()


def test_values_printed_apart_in_one_cell_stay_apart() -> None:
    # The summary prints 13事業 and 68% side by side in one cell: two values, not
    # one wrapped text; wrapped Japanese text elsewhere still joins without a space.
    summary = next(
        t for t in pdf_to_clean_tables(SLIDES_PDF) if t.rows and t.rows[0][0] == "事業数"
    )
    achieved = next(row for row in summary.rows if row[0] == "達成")
    assert achieved[1:] == ("13事業 68%", "—", "30事業 57%", "—")
