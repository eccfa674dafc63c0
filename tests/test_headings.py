"""Section headings drawn as rows of a table (classify.row_to_heading): a merged,
shaded heading cell that the columns of the rows under it cut into pieces."""

from __future__ import annotations

from itertools import pairwise

import pytest

from dxextract.extract.cells import Cell, Row, Table
from dxextract.extract.classify import row_to_heading
from dxextract.extract.geometry import Box

COLUMNS = (50.0, 160.0, 300.0, 420.0, 560.0)  # a KPI or initiative table's borders


def _row(*texts: str) -> tuple[Row, Table]:
    cells = tuple(
        Cell(Box(x0, 100.0, x1, 115.0), text)
        for (x0, x1), text in zip(pairwise(COLUMNS), texts, strict=True)
    )
    row = Row(1, Box(COLUMNS[0], 100.0, COLUMNS[-1], 115.0), cells)
    return row, Table(1, Box(COLUMNS[0], 60.0, COLUMNS[-1], 300.0), (row,), "mixed")


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (("II-1 市町村に求められるデジタル変革", "", "", ""), "II-1"),
        # the cut between the code and the name (Excel)
        (("II-1", "市町村に求められるデジタル変革", "", ""), "II-1"),
        # the cut inside the name, before a digit (browser, Writer)
        (("I-4 I-1〜I-", "3の取組を支える基盤整備", "", ""), "I-4"),
        (("Ⅲ - 2 健康", "・医療・福祉", "", ""), "III-2"),
    ],
)
def test_a_cut_heading_row_is_a_heading(texts: tuple[str, ...], code: str) -> None:
    row, table = _row(*texts)
    heading = row_to_heading(row, table)
    assert heading is not None and (heading.kind, heading.value) == ("section", code)


@pytest.mark.parametrize(
    "texts",
    [
        # a KPI row: every column printed
        ("I-4に関する指標", "3件", "4件", "達成"),
        # text that does not start in the first column
        ("", "I-4 I-1〜I-", "3の取組を支える基盤整備", ""),
        # a row with a gap between its texts is cells, not one cut line
        ("I-4 基盤", "", "整備", ""),
        # a field row whose last cell was lost: it prints values
        ("Ⅲ-4 産業振興", "18事業", "12事業", ""),
    ],
)
def test_rows_of_cells_are_not_headings(texts: tuple[str, ...]) -> None:
    row, table = _row(*texts)
    assert row_to_heading(row, table) is None
