"""Store validated Documents in SQLite (sqlite-utils) and read them back.

One table per record list of the contract (shared/data-contract.md) plus
`reports`, whose primary key is the PDF's sha256. Every record table carries
`report_id`; `kpis` also carry `initiative_id`, so Datasette can follow
kpis → initiatives → reports. A report is written or replaced in one
transaction: a failed ingest leaves nothing of that document behind.
"""

from __future__ import annotations

import enum
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlite_utils import Database

from dxextract import editions
from dxextract.checks import document_findings, edition_findings
from dxextract.directions import load_directions
from dxextract.errors import StoreError
from dxextract.models import (
    AreaSummary,
    Document,
    FieldRow,
    FieldTotal,
    Finding,
    Initiative,
    Kpi,
    Report,
)
from dxextract.search import SEARCH_TABLES, TRIGRAM_SQLITE_VERSION, record_to_search_row
from dxextract.views import VIEWS

M = TypeVar("M", bound=BaseModel)

# How long a writer waits for another connection's lock before giving up.
# Datasette may be reading the file while an ingest runs (WAL lets readers and
# one writer proceed together), and two ingests may overlap; one report is a
# few hundred rows written in well under a second, so 10 s outlasts any other
# writer's transaction yet still reports a stuck lock instead of hanging.
DEFAULT_BUSY_TIMEOUT_MS = 10_000

# Published numbers (68, 67.4, 32000000) are int or float in the models, and
# must come back as the same type so the JSON prints 1000, not 1000.0. The
# declared type "ANY" gives NUMERIC affinity in an ordinary (non-STRICT)
# table (https://www.sqlite.org/datatype3.html §3.1, rule 5): an int is stored
# as INTEGER and 67.4 as REAL. NUMERIC rather than no affinity (BLOB) because
# Datasette binds filter values as text (`?target=1000`, `?target__gt=67.4`)
# and only a numeric affinity converts that text for the comparison. The price:
# a float with no fractional part (100.0) is stored as the integer 100 (same
# page, §3.4), so it reads back as an int of equal value.
NUMBER = "ANY"

TABLES = ("reports", "area_summaries", "fields", "field_totals", "initiatives", "kpis")

BBOX_COLUMNS = ("bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom")

# Column name → sqlite-utils column type, in table order; after the keys, each
# record table lists the contract's fields in the contract's order.
_KEYS: dict[str, Any] = {"id": int, "report_id": str}
COLUMNS: dict[str, dict[str, Any]] = {
    "reports": {
        "id": str,  # the PDF's sha256
        "file": str,
        "title": str,
        "results_fiscal_year": int,
        "plan_fiscal_year": int,
        "pages": int,
    },
    "area_summaries": {
        **_KEYS,
        "area": str,
        "fiscal_year": int,
        "projects": int,
        "kpi_projects": int,
        "achieved": int,
        "achieved_pct": NUMBER,
        "partially_achieved": int,
        "partially_achieved_pct": NUMBER,
        "page": int,
    },
    "fields": {
        **_KEYS,
        "area": str,
        "code": str,
        "name": str,
        "fiscal_year": int,
        "projects": int,
        "kpi_projects": int,
        "achieved": int,
        "achieved_pct": NUMBER,
        "page": int,
    },
    "field_totals": {
        **_KEYS,
        "area": str,
        "fiscal_year": int,
        "projects": int,
        "kpi_projects": int,
        "achieved": int,
        "achieved_pct": NUMBER,
        "page": int,
    },
    "initiatives": {
        **_KEYS,
        "seq": int,  # 0-based position in the report's initiatives
        "area": str,
        "field_code": str,
        "section_code": str,
        "title": str,
        "activities": str,
        "outcomes": str,
        "next_activities": str,
        "kpi_applicable": int,  # 0/1
        "page": int,
        **dict.fromkeys(BBOX_COLUMNS, float),
    },
    "kpis": {
        **_KEYS,
        "initiative_id": int,
        "seq": int,  # 0-based position in its initiative's kpis
        "name": str,
        "fiscal_year": int,
        "target": NUMBER,
        "target_text": str,
        "actual": NUMBER,
        "actual_text": str,
        "unit": str,
        "status": str,
        "next_fiscal_year": int,
        "next_target": NUMBER,
        "next_target_text": str,
        "page": int,
    },
}

# The models' optional fields; every other column is NOT NULL.
NULLABLE = frozenset(
    {
        "projects",
        "kpi_projects",
        "achieved",
        "achieved_pct",
        "partially_achieved",
        "partially_achieved_pct",
        "target",
        "actual",
        "unit",
        "status",
        "next_fiscal_year",
        "next_target",
    }
)

_TO_REPORTS = ("report_id", "reports", "id")
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "reports": [],
    "area_summaries": [_TO_REPORTS],
    "fields": [_TO_REPORTS],
    "field_totals": [_TO_REPORTS],
    "initiatives": [_TO_REPORTS],
    "kpis": [_TO_REPORTS, ("initiative_id", "initiatives", "id")],
}

# What researchers filter by, plus the keys the store itself looks up.
INDEXES: dict[str, list[tuple[str, ...]]] = {
    "reports": [("title", "results_fiscal_year", "plan_fiscal_year")],
    "area_summaries": [("report_id",), ("fiscal_year",)],
    "fields": [("report_id",), ("fiscal_year",), ("code",)],
    "field_totals": [("report_id",), ("fiscal_year",)],
    "initiatives": [("report_id",), ("field_code",)],
    "kpis": [("report_id",), ("initiative_id",), ("fiscal_year",), ("status",)],
}
# Document order is part of the data: one position per parent.
UNIQUE_INDEXES: dict[str, list[tuple[str, ...]]] = {
    "initiatives": [("report_id", "seq")],
    "kpis": [("initiative_id", "seq")],
}


# The consistency findings of checks.py, beside the records they locate (the
# lead's schema, shared by the Datasette metadata). Not a contract table: it is
# created after them and deleted before them.
FINDINGS = "findings"
FINDINGS_COLUMNS: dict[str, Any] = {
    "id": int,
    "report_id": str,  # the later edition for a rule across editions
    "rule": str,
    "severity": str,
    "area": str,
    "fiscal_year": int,
    "field_code": str,
    "initiative_id": int,
    "kpi_id": int,
    "initiative_title": str,
    "kpi_name": str,
    "page": int,
    "printed": str,
    "expected": str,
    "message": str,
}
FINDINGS_NOT_NULL = ("report_id", "rule", "severity", "message")
FINDINGS_FOREIGN_KEYS = [
    _TO_REPORTS,
    ("initiative_id", "initiatives", "id"),
    ("kpi_id", "kpis", "id"),
]
FINDINGS_INDEXES = [("report_id",), ("rule",), ("severity",)]
# The one rule across editions: recomputed whenever an edition is added or replaced.
EDITION_RULE = "target_changed"


class StoreOutcome(enum.StrEnum):
    """What store_document did with a document."""

    ADDED = "added"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@dataclass(frozen=True)
class StoreResult:
    """The outcome, and for REPLACED the file name of the edition it replaced."""

    outcome: StoreOutcome
    replaced_file: str | None = None


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the database at `path`, ready for store_document."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory {path.parent}: {exc}") from exc
    try:
        db = Database(path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
        db.enable_wal()
        # Per connection, off by default: https://www.sqlite.org/foreignkeys.html §2
        db.execute("PRAGMA foreign_keys = ON")
        ensure_schema(db)
    except sqlite3.Error as exc:  # "file is not a database", read-only, locked …
        db.close()
        raise StoreError(f"cannot open {path} as a dxextract database: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db


def ensure_schema(db: Database) -> None:
    """Create the tables and indexes that are missing; refuse tables of another shape."""
    try:
        # A write transaction from the start: two ingests opening a new file at
        # once would otherwise both read "no table" and one fail to write.
        with _write_transaction(db):
            for name in TABLES:
                _ensure_table(db, name)
            for name in TABLES:
                table = db.table(name)
                for columns in INDEXES.get(name, []):
                    table.create_index(columns, if_not_exists=True)
                for columns in UNIQUE_INDEXES.get(name, []):
                    table.create_index(columns, unique=True, if_not_exists=True)
            _ensure_findings_table(db)
            editions.ensure_schema(db.conn)
        # After the transaction above: enable_fts runs executescript, which commits.
        ensure_search_and_views(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot create the tables: {exc}") from exc


def _ensure_table(db: Database, name: str) -> None:
    table = db.table(name)
    expected = list(COLUMNS[name])
    if table.exists():
        found = [column.name for column in table.columns]
        if found != expected:
            raise StoreError(
                f"table {name} has columns {found}, expected {expected}: "
                "the database was written by another version of dxextract; use a new file"
            )
        return
    table.create(
        COLUMNS[name],
        pk="id",
        foreign_keys=FOREIGN_KEYS[name],
        not_null=[column for column in expected if column not in NULLABLE],
        strict=False,  # NUMBER relies on non-STRICT affinity, see above
    )


@contextmanager
def _write_transaction(db: Database) -> Iterator[None]:
    # BEGIN IMMEDIATE takes the write lock up front, so a concurrent writer
    # waits (busy timeout) instead of failing: a deferred transaction that
    # reads first and then writes gets SQLITE_BUSY without waiting if another
    # connection committed meanwhile (https://www.sqlite.org/lang_transaction.html).
    # sqlite-utils' db.atomic() issues a plain BEGIN; the inserts below nest
    # inside this transaction as savepoints.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    else:
        db.commit()


def report_exists(db: Database, sha256: str) -> bool:
    """True when a PDF with these bytes is stored: a re-run can skip it unread."""
    try:
        return bool(db.table("reports").count_where("id = ?", [sha256]))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the reports table: {exc}") from exc


def store_document(db: Database, doc: Document) -> StoreResult:
    """Store `doc` in one transaction; a corrected re-issue replaces its edition.

    Same sha256 already stored → UNCHANGED, nothing written. Same title and
    fiscal years but other bytes → the earlier edition's rows are deleted and
    the new ones inserted → REPLACED. Otherwise → ADDED.
    """
    try:
        with _write_transaction(db):
            return _add_or_replace(db, doc)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot store {doc.report.file}: {exc}") from exc


def _add_or_replace(db: Database, doc: Document) -> StoreResult:
    report = doc.report
    reports = db.table("reports")
    if reports.count_where("id = ?", [report.sha256]):
        return StoreResult(StoreOutcome.UNCHANGED)
    # At most one row: every store replaces the edition it matches.
    earlier = list(
        reports.rows_where(
            "title = ? and results_fiscal_year = ? and plan_fiscal_year = ?",
            [report.title, report.results_fiscal_year, report.plan_fiscal_year],
            order_by="id",
        )
    )
    for row in earlier:
        _delete_report(db, row["id"])
    _insert_document(db, doc)
    _insert_findings(db, doc)
    editions.insert_keys(db.conn, report.sha256)
    _pause_if_testing()
    if earlier:
        return StoreResult(StoreOutcome.REPLACED, earlier[0]["file"])
    return StoreResult(StoreOutcome.ADDED)


def _delete_report(db: Database, report_id: str) -> None:
    # Children before parents, as the foreign keys require.
    db.table(FINDINGS).delete_where("report_id = ?", [report_id])
    delete_search_rows(db, report_id)
    editions.delete_keys(db.conn, report_id)
    for name in reversed(TABLES[1:]):
        db.table(name).delete_where("report_id = ?", [report_id])
    db.table("reports").delete(report_id)


def _record_row(record: BaseModel, report_id: str, **extra: object) -> dict[str, object]:
    # model_dump() keeps int and float apart; Python ints and floats are
    # bound as SQLite INTEGER and REAL.
    return {"report_id": report_id, **extra, **record.model_dump(exclude={"bbox", "kpis"})}


def _insert_document(db: Database, doc: Document) -> None:
    report = doc.report
    report_id = report.sha256
    db.table("reports").insert({"id": report_id, **report.model_dump(exclude={"sha256"})})
    for name, records in (
        ("area_summaries", doc.area_summaries),
        ("fields", doc.fields),
        ("field_totals", doc.field_totals),
    ):
        db.table(name).insert_all(_record_row(record, report_id) for record in records)
    initiatives = db.table("initiatives")
    kpi_rows: list[dict[str, object]] = []
    for seq, initiative in enumerate(doc.initiatives):
        row = _record_row(initiative, report_id, seq=seq)
        row["kpi_applicable"] = int(initiative.kpi_applicable)
        row.update(zip(BBOX_COLUMNS, initiative.bbox, strict=True))
        initiative_id = initiatives.insert(row).last_pk
        kpi_rows.extend(
            _record_row(kpi, report_id, initiative_id=initiative_id, seq=kpi_seq)
            for kpi_seq, kpi in enumerate(initiative.kpis)
        )
    db.table("kpis").insert_all(kpi_rows)
    insert_search_rows(db, report_id)


def load_documents(db: Database) -> list[Document]:
    """Every stored report as a Document, by results year, title, then file."""
    try:
        reports = list(
            db.table("reports").rows_where(order_by="results_fiscal_year, title, file, id")
        )
        return [_load_document(db, row) for row in reports]
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the stored reports: {exc}") from exc


def _rows(db: Database, name: str, report_id: str, order_by: str) -> list[dict[str, Any]]:
    return list(db.table(name).rows_where("report_id = ?", [report_id], order_by=order_by))


def _fields_of(row: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    return {name: row[name] for name in model.model_fields if name in row}


def _load_document(db: Database, report_row: Mapping[str, Any]) -> Document:
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
                    "bbox": tuple(row[column] for column in BBOX_COLUMNS),
                    "kpis": tuple(kpis_by_initiative.get(row["id"], ())),
                }
            )
            for row in _rows(db, "initiatives", report_id, "seq")
        ]
        return Document(
            report=Report.model_validate({**_fields_of(report_row, Report), "sha256": report_id}),
            area_summaries=_load_records(db, "area_summaries", AreaSummary, report_id),
            fields=_load_records(db, "fields", FieldRow, report_id),
            field_totals=_load_records(db, "field_totals", FieldTotal, report_id),
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


def _load_records(db: Database, name: str, model: type[M], report_id: str) -> tuple[M, ...]:
    # Inserted in document order, so the rowid gives that order back.
    return tuple(
        model.model_validate(_fields_of(row, model)) for row in _rows(db, name, report_id, "id")
    )


def count_rows(db: Database) -> dict[str, int]:
    """Number of rows in each table, in TABLES order."""
    try:
        return {name: db.table(name).count for name in TABLES}
    except sqlite3.Error as exc:
        raise StoreError(f"cannot count the stored rows: {exc}") from exc


def _ensure_findings_table(db: Database) -> None:
    table = db.table(FINDINGS)
    expected = list(FINDINGS_COLUMNS)
    if table.exists():
        found = [column.name for column in table.columns]
        if found != expected:
            raise StoreError(
                f"table {FINDINGS} has columns {found}, expected {expected}: "
                "the database was written by another version of dxextract; use a new file"
            )
    else:
        table.create(
            FINDINGS_COLUMNS,
            pk="id",
            foreign_keys=FINDINGS_FOREIGN_KEYS,
            not_null=FINDINGS_NOT_NULL,
        )
    for columns in FINDINGS_INDEXES:
        table.create_index(columns, if_not_exists=True)


def _insert_findings(db: Database, doc: Document) -> None:
    """The findings of `doc`, and the rule across editions recomputed for all reports.

    Runs inside store_document's transaction, after `doc`'s rows are inserted.
    """
    findings = document_findings(doc, load_directions())
    db.table(FINDINGS).delete_where("rule = ?", [EDITION_RULE])
    findings.extend(edition_findings(load_documents(db)))
    db.table(FINDINGS).insert_all(_finding_row(db, finding) for finding in findings)


def _finding_row(db: Database, finding: Finding) -> dict[str, object]:
    initiative_id = kpi_id = None
    if finding.initiative_seq is not None:
        initiative_id = _id_where(
            db, "initiatives", "report_id = ? and seq = ?", [finding.sha256, finding.initiative_seq]
        )
    if initiative_id is not None and finding.kpi_seq is not None:
        kpi_id = _id_where(
            db, "kpis", "initiative_id = ? and seq = ?", [initiative_id, finding.kpi_seq]
        )
    row = finding.model_dump(exclude={"sha256", "file", "initiative_seq", "kpi_seq"})
    return {
        "report_id": finding.sha256,
        **row,
        "initiative_id": initiative_id,
        "kpi_id": kpi_id,
    }


def _id_where(db: Database, name: str, where: str, args: list[object]) -> int | None:
    rows = list(db.table(name).rows_where(where, args, select="id"))
    return rows[0]["id"] if rows else None


def ensure_search_and_views(db: Database) -> None:
    """Search tables with their trigram FTS5 index (search.py), and the views (views.py).

    Also fills the search tables for records stored before they existed, so a
    database written by an earlier dxextract becomes searchable when opened.
    """
    if sqlite3.sqlite_version_info < TRIGRAM_SQLITE_VERSION:
        need = ".".join(map(str, TRIGRAM_SQLITE_VERSION))
        raise StoreError(
            f"SQLite {sqlite3.sqlite_version} has no trigram tokenizer for Japanese search; "
            f"use a Python built with SQLite {need} or later"
        )
    for search_table, (source, columns) in SEARCH_TABLES.items():
        table = db.table(search_table)
        if not table.exists():
            table.create(
                {"id": int, "report_id": str, **dict.fromkeys(columns, str)},
                pk="id",
                foreign_keys=[("id", source, "id"), _TO_REPORTS],
            )
            table.create_index(["report_id"], if_not_exists=True)
        if table.detect_fts() is None:
            # Triggers keep the index in step within the storing transaction.
            table.enable_fts(list(columns), tokenize="trigram", create_triggers=True)
    with db.atomic():
        for search_table, (source, columns) in SEARCH_TABLES.items():
            missing = db.table(source).rows_where(f"id not in (select id from [{search_table}])")
            db.table(search_table).insert_all(record_to_search_row(row, columns) for row in missing)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


def insert_search_rows(db: Database, report_id: str) -> None:
    """Normalised copies of one stored report's searchable text (same transaction)."""
    for search_table, (source, columns) in SEARCH_TABLES.items():
        rows = db.table(source).rows_where("report_id = ?", [report_id])
        db.table(search_table).insert_all(record_to_search_row(row, columns) for row in rows)


def delete_search_rows(db: Database, report_id: str) -> None:
    """Remove one report's search rows (its FTS entries go with them, by trigger)."""
    for search_table in SEARCH_TABLES:
        db.table(search_table).delete_where("report_id = ?", [report_id])


def describe_objects(db: Database) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Every table and view → its columns; and (file, title) of each stored report."""
    try:
        objects = {
            name: [column.name for column in db[name].columns]
            for name in (*db.table_names(), *db.view_names())
        }
        reports = [
            (row["file"], row["title"])
            for row in db.table("reports").rows_where(order_by="results_fiscal_year, file")
        ]
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the database's tables: {exc}") from exc
    return objects, reports


# Test hook (tests/test_bad_input.py, the SIGKILL case): when this variable names
# a file, store_document creates it once every row of the report is written but
# not committed, then sleeps, so that a test can kill the process inside the
# write transaction deterministically. Never set it outside the tests.
TEST_PAUSE_ENV = "DXEXTRACT_TEST_PAUSE_IN_TRANSACTION"
# Long enough for the test to notice the file and kill the process.
DEFAULT_TEST_PAUSE_S = 60.0


def _pause_if_testing() -> None:
    marker = os.environ.get(TEST_PAUSE_ENV)
    if marker:
        Path(marker).touch()
        time.sleep(DEFAULT_TEST_PAUSE_S)


def edition_changes(db: Database, report_id: str) -> editions.EditionChanges | None:
    """Initiatives of a stored report unmatched in the edition before it (editions.py)."""
    try:
        return editions.edition_changes(db.conn, report_id)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot compare with the earlier edition: {exc}") from exc
