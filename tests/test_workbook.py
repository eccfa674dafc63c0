"""`export --format xlsx`: a workbook per report (and one of every report with
--combined), opened by LibreOffice Calc headless and read back as CSV: the same
values as `--format csv`, Japanese headers, numbers as numbers."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import GRID_PDF, ROOT
from openpyxl import load_workbook
from producers.office_common import soffice_convert

from dxextract.cli import cli
from dxextract.export.files import RECORD_COLUMNS
from dxextract.export.workbook import SHEETS, TOTAL_LABEL, display_width

FY2024_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r6_synthetic.pdf"
# LibreOffice's CSV filter: comma, quote, UTF-8, from line 1, every sheet (-1)
# into <stem>-<sheet>.csv.
CALC_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
# Sheet → the CSV export's files whose rows it holds, in order.
CSV_KINDS = {sheet: kinds for sheet, kinds in SHEETS.items() if kinds != ("findings",)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions ingested, exported as CSV and as workbooks (and combined)."""
    root = tmp_path_factory.mktemp("workbook")
    db = root / "dx.db"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ingest", "--db", str(db), "--silent", str(GRID_PDF), str(FY2024_PDF)]
    )
    assert result.exit_code == 0, result.output
    for args in (["--format", "csv"], ["--format", "xlsx"], ["--format", "xlsx", "--combined"]):
        result = runner.invoke(cli, ["export", "--db", str(db), "--out", str(root / "out"), *args])
        assert result.exit_code == 0, result.output
    return root / "out"


def _calc_to_csv(book: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of `book` as LibreOffice Calc (headless) saves it as CSV."""
    assert shutil.which("soffice"), "LibreOffice is installed by `make test`"
    # UTF-8, first line 1, every sheet (-1) into <stem>-<sheet>.csv.
    soffice_convert(
        book, out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    )
    sheets = {}
    for sheet in SHEETS:
        path = out / f"{book.stem}-{sheet}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[sheet] = list(csv.reader(handle))
    return sheets


def _value(text: str) -> Any:
    """A cell as CSV prints it, compared: numbers as numbers to 9 significant
    digits (Calc writes 15, Python's repr 17; a percentage as the printed
    number), true/false either case, the rest as text."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    number = text[:-1] if text.endswith("%") else text
    try:
        value = float(number.replace(",", "")) if re.fullmatch(r"-?[0-9.,]+", number) else None
    except ValueError:
        value = None
    if value is None:
        return text
    return float(f"{value:.9g}")


def _csv_rows(out: Path, stem: str, kinds: tuple[str, ...]) -> list[list[Any]]:
    rows = []
    columns = [c for kind in kinds for c in RECORD_COLUMNS[kind]]
    columns = list(dict.fromkeys(columns))
    for kind in kinds:
        with (out / f"{stem}.{kind}.csv").open(encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle):
                if kind == "field_totals":
                    record["code"] = TOTAL_LABEL
                rows.append([_value(record.get(c, "")) for c in columns])
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("pdf", [GRID_PDF, FY2024_PDF], ids=lambda p: p.name)
def test_calc_reads_the_workbook_as_the_csv_export_says(
    exported: Path, tmp_path: Path, pdf: Path
) -> None:
    sheets = _calc_to_csv(exported / f"{pdf.stem}.xlsx", tmp_path)
    assert list(sheets) == ["概要", "分野", "取組", "指標", "指摘"]
    for sheet, kinds in CSV_KINDS.items():
        header, *rows = sheets[sheet]
        assert all(re.search(r"[^\x00-\x7f]", h) for h in header), header  # Japanese labels
        want = _csv_rows(exported, pdf.stem, kinds)
        assert [[_value(v) for v in row] for row in rows] == want, sheet
        assert len(rows) > 3
    assert sheets["指標"][0][4] == "指標名"


def test_numbers_are_numbers_and_percentages_keep_their_printed_precision(
    exported: Path,
) -> None:
    book = load_workbook(exported / f"{GRID_PDF.stem}.xlsx")
    summaries = book["概要"]
    header = [c.value for c in summaries[1]]
    projects = header.index("事業数") + 1
    rate = header.index("達成率") + 1
    assert isinstance(summaries.cell(row=2, column=projects).value, int)
    cell = summaries.cell(row=2, column=rate)
    assert cell.value == pytest.approx(0.68) and cell.number_format == "0%"
    kpis = book["指標"]
    header = [c.value for c in kpis[1]]
    actual = header.index("実績値") + 1
    printed = header.index("実績値（表記）") + 1
    values = {
        kpis.cell(row=r, column=printed).value: kpis.cell(row=r, column=actual).value
        for r in range(2, kpis.max_row + 1)
    }
    assert values["43.1%"] == pytest.approx(43.1) and values["64,169件"] == 64169
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    # Widths fitted to Japanese text: a column of long titles is wider than one of years.
    initiatives = book["取組"]
    header = [c.value for c in initiatives[1]]
    title = initiatives.column_dimensions[chr(ord("A") + header.index("項目"))].width
    assert title > 2 * display_width("2023")


def test_the_combined_workbook_holds_every_edition_with_its_year(exported: Path) -> None:
    book = load_workbook(exported / "combined.xlsx")
    assert book.sheetnames == ["概要", "分野", "取組", "指標", "指摘"]
    kpis = book["指標"]
    header = [c.value for c in kpis[1]]
    assert header[:2] == ["ファイル", "実績年度"]
    years = {kpis.cell(row=r, column=2).value for r in range(2, kpis.max_row + 1)}
    files = {kpis.cell(row=r, column=1).value for r in range(2, kpis.max_row + 1)}
    assert years == {2023, 2024} and files == {GRID_PDF.name, FY2024_PDF.name}
    single = load_workbook(exported / f"{GRID_PDF.stem}.xlsx")["指標"].max_row - 1
    assert kpis.max_row - 1 > single


def test_combined_is_for_xlsx_only(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(tmp_path / "dx.db"), "--format", "csv", "--combined"]
    )
    assert result.exit_code == 2 and "--combined is for --format xlsx" in result.output
