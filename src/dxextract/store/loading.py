"""Stored reports read back as the contract's Documents."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from dxextract.errors import StoreError
from dxextract.models import (
    BBOX_COLUMNS,
    AreaSummary,
    Document,
    FieldRow,
    FieldTotal,
    Initiative,
    Kpi,
    Report,
)
from dxextract.store.connection import reading_db
from dxextract.store.sqlite import Database

M = TypeVar("M", bound=BaseModel)


def read_documents(path: str | Path) -> list[Document]:
    """Every stored report of the database at `path`, read-only, the connection closed."""
    with reading_db(path) as db:
        return load_documents(db)


def load_documents(db: Database, results_years: Sequence[int] | None = None) -> list[Document]:
    """Every stored report (or those whose results year is one of `results_years`)
    as a Document, by results year, title, then file."""
    where: str | None = None
    args: list[object] = []
    if results_years is not None:
        where = f"results_fiscal_year in ({', '.join('?' * len(results_years))})"
        args = list(results_years)
    try:
        reports = list(
            db.table("reports").rows_where(
                where, args, order_by="results_fiscal_year, title, file, id"
            )
        )
        return [_load_document(db, row) for row in reports]
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the stored reports: {exc}") from exc


def _rows(db: Database, name: str, report_id: str, order_by: str) -> list[dict[str, Any]]:
    return list(db.table(name).rows_where("report_id = ?", [report_id], order_by=order_by))


def _fields_of(row: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """A stored row's values of a model's fields; the region from its four columns
    (None when stored without one, by a dxextract before the contract asked)."""
    values = {name: row[name] for name in model.model_fields if name in row}
    if "bbox" in model.model_fields and BBOX_COLUMNS[0] in row:
        bbox = tuple(row[column] for column in BBOX_COLUMNS)
        values["bbox"] = None if None in bbox else bbox
    return values


def _edition_document(db: Database, report_id: str) -> Document:
    """A stored report with its initiatives and KPIs only: what the rule across
    editions reads (checks.target_changed_findings); the other lists empty."""
    (row,) = db.table("reports").rows_where("id = ?", [report_id])
    return _load_document(db, row, summaries=False)


def _load_document(db: Database, report_row: Mapping[str, Any], summaries: bool = True) -> Document:
    """A stored report as a Document (`summaries=False`: without its area
    summaries, field rows and 合計 rows)."""
    report_id: str = report_row["id"]
    kpis_by_initiative: dict[int, list[Kpi]] = {}
    try:
        for row in _rows(db, "kpis", report_id, "initiative_id, seq"):
            kpi = Kpi.model_validate(_fields_of(row, Kpi))
            kpis_by_initiative.setdefault(row["initiative_id"], []).append(kpi)
        initiatives = [
            Initiative.model_validate(
                {
                    **_fields_of(row, Initiative),
                    "kpi_applicable": bool(row["kpi_applicable"]),
                    "kpis": tuple(kpis_by_initiative.get(row["id"], ())),
                }
            )
            for row in _rows(db, "initiatives", report_id, "seq")
        ]
        return Document(
            report=Report.model_validate({**_fields_of(report_row, Report), "sha256": report_id}),
            area_summaries=_load_records(db, "area_summaries", AreaSummary, report_id, summaries),
            fields=_load_records(db, "fields", FieldRow, report_id, summaries),
            field_totals=_load_records(db, "field_totals", FieldTotal, report_id, summaries),
            initiatives=tuple(initiatives),
        )
    except ValidationError as exc:
        raise StoreError(
            f"stored rows of {report_row['file']} do not form a valid document: {_first_error(exc)}"
        ) from exc


def _first_error(exc: ValidationError) -> str:
    # pydantic's own message spans several lines; errors here are one line.
    first = exc.errors()[0]
    where = ".".join(str(part) for part in (exc.title, *first["loc"]))
    more = exc.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (and {more} more)" if more else "")


def _load_records(
    db: Database, name: str, model: type[M], report_id: str, wanted: bool = True
) -> tuple[M, ...]:
    # Inserted in document order, so the rowid gives that order back.
    if not wanted:
        return ()
    return tuple(
        model.model_validate(_fields_of(row, model)) for row in _rows(db, name, report_id, "id")
    )
