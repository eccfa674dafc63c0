"""Clean tables: what `dxextract tables` gives of any PDF, and its output formats.

dump.py reads them from a PDF (in the child process that reads it); this module
holds only the values and their CSV and JSON, so that the command's own process
writes them without importing the PDF machinery.
"""

from __future__ import annotations

# Imported here, in the command's own process before its workers are forked:
# pdfplumber imports csv and json too, and the workers then share these.
import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from dxextract.contract import CSV_ENCODING
from dxextract.extract.cells import TableMethod

# CleanTable's values, in the order it is made, compared and shown.
_FIELDS = ("page", "index", "bbox", "method", "caption", "header", "rows", "joined")


class CleanTable:
    """One table as clean rows: `header` names every column of every row.

    A plain class with slots, not a dataclass: `tables` makes this class at
    every start, where a frozen dataclass costs 0.9 ms to create (bench/).
    Its values are not to be changed; two tables are equal when all are."""

    __slots__ = _FIELDS

    def __init__(
        self,
        page: int,
        index: int,  # 1-based, per page, top to bottom
        bbox: tuple[float, float, float, float],
        method: TableMethod,
        caption: tuple[str, ...],  # text rows printed above the header inside the table's box
        header: tuple[str, ...],
        rows: tuple[tuple[str, ...], ...],
        joined: int = 0,  # how many side columns were joined to it
    ) -> None:
        self.page, self.index, self.bbox, self.method = page, index, bbox, method
        self.caption, self.header, self.rows, self.joined = caption, header, rows, joined

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CleanTable):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"CleanTable({shown})"

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "index": self.index,
            "bbox": list(self.bbox),
            "method": self.method,
            "caption": list(self.caption),
            "header": list(self.header),
            "rows": [list(r) for r in self.rows],
            "joined_columns": self.joined,
        }


class TableDump(NamedTuple):
    """A PDF's clean tables, and what of it was not read: one line each."""

    tables: tuple[CleanTable, ...]
    notes: tuple[str, ...]


def clean_table_to_csv(table: CleanTable) -> str:
    """The header row and the data rows (caption rows are left out) as CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buf.getvalue()


def clean_tables_to_json(file: str, tables: Sequence[CleanTable]) -> dict[str, Any]:
    return {"file": file, "tables": [t.as_json() for t in tables]}


def documents_to_json(documents: Sequence[dict[str, Any]]) -> str:
    """What `tables --format json` prints: every PDF's tables, one list."""
    return json.dumps(documents, ensure_ascii=False, indent=2)


def csv_name(stem: str, table: CleanTable) -> str:
    return f"{stem}-p{table.page}-t{table.index}.csv"


def write_tables(path: Path, tables: Sequence[CleanTable], fmt: str, out: Path) -> list[Path]:
    """Write one PDF's tables into `out`: `<stem>-p<N>-t<K>.csv` (UTF-8 with BOM,
    for Excel) per table, or one `<stem>.tables.json`."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        target = out / f"{path.stem}.tables.json"
        data = clean_tables_to_json(path.name, tables)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [target]
    written = []
    for table in tables:
        target = out / csv_name(path.stem, table)
        target.write_text(clean_table_to_csv(table), encoding=CSV_ENCODING)
        written.append(target)
    return written
