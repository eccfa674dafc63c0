"""The database's shape: the contract's tables, the findings table, search and views.

Column types, keys and indexes in one place. The shape grows by migrations
(sqlite-utils' `Migrations`, recorded in `_sqlite_migrations`): `ensure_schema`
applies the pending ones in the caller's write transaction (a new file gets them
all; a file of an older dxextract is upgraded) and refuses a file that is not a
dxextract database or was written by a newer one; `schema_problem` says the same
without writing, for the commands that only read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel

from dxextract.errors import StoreError
from dxextract.models import (
    BBOX_COLUMNS,
    AreaSummary,
    FieldRow,
    FieldTotal,
    Initiative,
    Kpi,
    Report,
)
from dxextract.store import editions
from dxextract.store.search import SEARCH_TABLES, TRIGRAM_SQLITE_VERSION, record_to_search_row
from dxextract.store.sqlite import Database, Migrations
from dxextract.store.views import VIEWS

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
# Every file ingest has read, by sha256, and what became of it (not a contract table).
FILES = "files"


# The record tables' models, in TABLES order.
MODELS: dict[str, type[BaseModel]] = {
    "reports": Report,
    "area_summaries": AreaSummary,
    "fields": FieldRow,
    "field_totals": FieldTotal,
    "initiatives": Initiative,
    "kpis": Kpi,
}
# The keys before each table's fields: the row id and the report's (its sha256
# is the reports' own id); a record's 0-based position in its report's
# initiatives or in its initiative's kpis.
_KEYS: dict[str, dict[str, Any]] = {
    "reports": {"id": str},
    "initiatives": {"id": int, "report_id": str, "seq": int},
    "kpis": {"id": int, "report_id": str, "initiative_id": int, "seq": int},
}
_RECORD_KEYS = {"id": int, "report_id": str}
# Fields stored elsewhere: the sha256 is the id, the KPIs have their table.
_NOT_COLUMNS = frozenset({"sha256", "kpis"})


def _column_type(annotation: Any) -> Any:
    """A model field's type → sqlite-utils' column type (bool stored as 0/1)."""
    kinds = tuple(t for t in get_args(annotation) if t is not type(None)) or (annotation,)
    if set(kinds) == {int, float}:
        return NUMBER
    (kind,) = kinds
    return int if kind is bool else kind


def _model_columns(model: type[BaseModel]) -> dict[str, Any]:
    """The columns of a model's fields, in the contract's order; the printed
    region as its four columns (m004)."""
    columns: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "bbox":
            columns.update(dict.fromkeys(BBOX_COLUMNS, float))
        elif name not in _NOT_COLUMNS:
            columns[name] = _column_type(field.annotation)
    return columns


# Column name → sqlite-utils column type, in table order: the keys, then the
# contract's fields in the contract's order, derived from the models.
COLUMNS: dict[str, dict[str, Any]] = {
    name: {**_KEYS.get(name, _RECORD_KEYS), **_model_columns(model)}
    for name, model in MODELS.items()
}

# The models' optional fields (the region apart: null for records stored by a
# dxextract before the contract asked for it); every other column is NOT NULL.
NULLABLE = frozenset(
    name
    for model in MODELS.values()
    for name, field in model.model_fields.items()
    if type(None) in get_args(field.annotation) and name != "bbox"
)

# What became of a file: its records are the edition's current ones; an issue
# of the same edition judged earlier (its records not stored); refused with a
# reason (not a DX report, unreadable, a partial issue).
FILE_STATUSES = ("current", "superseded", "refused")
FILES_COLUMNS: dict[str, Any] = {
    "id": str,  # the file's sha256
    "file": str,  # its name when it was read
    "status": str,
    "reason": str,  # refused: the one line that said why
    "current_id": str,  # superseded: the sha256 of the edition's current issue
    "title": str,
    "results_fiscal_year": int,
    "plan_fiscal_year": int,
    "issued": str,
    "version": str,  # the dxextract that read it (a refusal is tried again by another)
    "read_at": str,  # ISO 8601, UTC
}
FILES_NOT_NULL = ("id", "file", "status", "version", "read_at")

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


# The consistency findings (check/rules.py, computed by whoever stores a report),
# beside the records they locate; the Datasette metadata labels these columns.
# Not a contract table: it is created after them and deleted before them.
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


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
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


MIGRATIONS = Migrations("dxextract")
# The names of MIGRATIONS' steps, in order (sqlite-utils keeps its list private):
# a file that records a step not in it was written by a newer dxextract.
STEPS: list[str] = []
_Step = TypeVar("_Step", bound=Callable[[Database], None])


def _step(fn: _Step) -> _Step:
    STEPS.append(fn.__name__)
    return MIGRATIONS()(fn)


@_step
def m001_records(db: Database) -> None:
    """The contract's tables, the findings and the edition keys: the shape of
    every database written before migrations were recorded (idempotent: on such
    a file it only checks the shape)."""
    for name in TABLES:
        columns = COLUMNS[name]
        if name == "reports":
            columns = {k: v for k, v in columns.items() if k != "issued"}  # m002
        if name in BBOX_ADDED:
            columns = {k: v for k, v in columns.items() if k not in BBOX_COLUMNS}  # m004
        _ensure_table(
            db,
            name,
            columns,
            FOREIGN_KEYS[name],
            [column for column in columns if column not in NULLABLE],
        )
    for name in TABLES:
        table = db.table(name)
        for columns_ in INDEXES.get(name, []):
            table.create_index(columns_, if_not_exists=True)
        for columns_ in UNIQUE_INDEXES.get(name, []):
            table.create_index(columns_, unique=True, if_not_exists=True)
    _ensure_table(db, FINDINGS, FINDINGS_COLUMNS, FINDINGS_FOREIGN_KEYS, FINDINGS_NOT_NULL)
    for columns_ in FINDINGS_INDEXES:
        db.table(FINDINGS).create_index(columns_, if_not_exists=True)
    editions.ensure_schema(db.conn)


@_step
def m002_issues(db: Database) -> None:
    """`reports.issued` (the contract's), and `files`: every file read, with what
    became of it; the reports already stored are their editions' current issues."""
    db.table("reports").add_column("issued", str)
    db.table(FILES).create(FILES_COLUMNS, pk="id", not_null=list(FILES_NOT_NULL))
    db.table(FILES).create_index(["status"])
    db.execute(
        f"insert into [{FILES}] (id, file, status, title, results_fiscal_year, "
        "plan_fiscal_year, version, read_at) select id, file, 'current', title, "
        "results_fiscal_year, plan_fiscal_year, 'before 0.2', '' from reports"
    )


@_step
def m003_vocabulary(db: Database) -> None:
    """`files.vocabulary`: which vocabulary a current report was read with (the
    sha256 of the user's file, or `default`); what is stored was read with the
    package's."""
    db.table(FILES).add_column("vocabulary", str)
    db.execute(f"update [{FILES}] set vocabulary = 'default' where status = 'current'")


# The tables whose records gained their printed region in m004 (initiatives had it).
BBOX_ADDED = ("area_summaries", "fields", "field_totals", "kpis")


@_step
def m004_regions(db: Database) -> None:
    """Every record's printed region (the contract's `bbox`): the area summaries,
    field rows, 合計 rows and KPIs gain `bbox_x0 … bbox_bottom`; records stored
    before are left without one (`ingest --reread` reads their files again)."""
    for name in BBOX_ADDED:
        for column in BBOX_COLUMNS:
            db.table(name).add_column(column, float)


@_step
def m005_series(db: Database) -> None:
    """`report_keys`: each report's series (its title with the numbers blanked)
    and results year, indexed, so that a report's editions before and after it
    are found without reading every stored report; and the findings indexed by
    report and rule, so that replacing a report's findings of the rule across
    editions does not scan every report's."""
    editions.ensure_report_keys(db.conn)
    db.table(FINDINGS).create_index(["report_id", "rule"], if_not_exists=True)


def _table_names(db: Database) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "order by name"
        )
    ]


SchemaState = Literal["empty", "foreign", "newer", "older", "current"]


def schema_state(db: Database) -> SchemaState:
    """What the file holds: no table yet, another application's tables, or
    dxextract's of a newer, older or this version (read only: nothing written)."""
    names = _table_names(db)
    if "reports" not in names:
        return "foreign" if names else "empty"
    if _unknown_migrations(db):
        return "newer"
    return "older" if MIGRATIONS.pending(db) else "current"


def schema_problem(db: Database) -> str | None:
    """Why the file cannot be read as it is (None: it can), in one line."""
    state = schema_state(db)
    if state == "empty":
        return "not a dxextract database (it holds no tables); run `dxextract ingest` first"
    if state == "foreign":
        names = _table_names(db)
        shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        return f"not a dxextract database (it holds the tables {shown})"
    if state == "newer":
        return (
            f"written by a newer dxextract (schema step {_unknown_migrations(db)[0]}); "
            "upgrade dxextract to read it"
        )
    if state == "older":
        pending = ", ".join(m.name for m in MIGRATIONS.pending(db))
        return (
            f"written by an older dxextract (schema steps {pending} not applied); "
            "`dxextract upgrade` (or any `dxextract ingest` into it) brings it up to date"
        )
    return None


def _unknown_migrations(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in STEPS]


def ensure_schema(db: Database) -> list[str]:
    """Bring the database to the current shape in one write transaction; the
    migrations applied to a file that held reports already (an upgrade, for the
    caller to say), else [].

    A file holding other tables and no `reports` is not a dxextract database and
    is refused untouched; so is one written by a newer dxextract.
    """
    try:
        # A write transaction from the start: two ingests opening a new file at
        # once would otherwise both read "no table" and one fail to write.
        with write_transaction(db):
            state = schema_state(db)
            if state in ("foreign", "newer"):
                raise StoreError(schema_problem(db) or state)
            pending = [m.name for m in MIGRATIONS.pending(db)]
            MIGRATIONS.apply(db)  # each step a savepoint inside this transaction
            # In the same transaction: sqlite-utils runs enable_fts' script
            # statement by statement when a transaction is open, so a search
            # index is made whole or not at all, and a concurrent opener waits.
            ensure_search_and_views(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot create the tables: {exc}") from exc
    return pending if state == "older" else []


def _ensure_table(
    db: Database,
    name: str,
    columns: dict[str, Any],
    foreign_keys: Sequence[tuple[str, str, str]],
    not_null: Sequence[str],
) -> None:
    table = db.table(name)
    expected = list(columns)
    if table.exists():
        found = [column.name for column in table.columns]
        if found != expected:
            raise StoreError(
                f"table {name} has columns {found}, expected {expected}: "
                "the database was written by another version of dxextract; use a new file"
            )
        return
    table.create(
        columns,
        pk="id",
        foreign_keys=list(foreign_keys),
        not_null=list(not_null),
        strict=False,  # NUMBER relies on non-STRICT affinity, see above
    )


def ensure_search_and_views(db: Database) -> None:
    """Search tables with their trigram FTS5 index (search.py), and the views (views.py).

    Also fills the search tables for records stored before they existed, so a
    database written by an earlier dxextract becomes searchable when opened.
    Runs inside ensure_schema's write transaction.
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
        _ensure_view(db, name, sql.strip())


def _ensure_view(db: Database, name: str, sql: str) -> None:
    # Recreated only when its SQL changed (a newer dxextract): opening a
    # database otherwise writes nothing.
    create = f"CREATE VIEW {name} AS {sql}"
    found = db.execute("select sql from sqlite_master where type = 'view' and name = ?", [name])
    row = found.fetchone()
    if row is None or row[0] != create:
        if row is not None:
            db.execute(f"DROP VIEW [{name}]")
        db.execute(create)
