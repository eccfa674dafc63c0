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
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from dxextract import __version__
from dxextract.errors import StoreError
from dxextract.models import (
    BBOX_COLUMNS,
    AreaSummary,
    Document,
    FieldRow,
    FieldTotal,
    Finding,
    Initiative,
    Kpi,
    Report,
    bbox_columns,
)
from dxextract.store import editions
from dxextract.store.findings import NO_CHECKS, Checks, insert_findings
from dxextract.store.reissue import (
    IssueChanges,
    is_later_issue,
    issue_changes,
    partial_issue,
    record_counts,
)
from dxextract.store.schema import (
    FILES,
    FINDINGS,
    TABLES,
    ensure_schema,
    schema_problem,
    schema_state,
    write_transaction,
)
from dxextract.store.search import SEARCH_TABLES, record_to_search_row
from dxextract.store.sqlite import Database

M = TypeVar("M", bound=BaseModel)

# How long a writer waits for another connection's lock before giving up.
# Datasette may be reading the file while an ingest runs (WAL lets readers and
# one writer proceed together), and two ingests may overlap; one report is a
# few hundred rows written in well under a second, so 10 s outlasts any other
# writer's transaction yet still reports a stuck lock instead of hanging.
DEFAULT_BUSY_TIMEOUT_MS = 10_000
# Between two tries of the switch to WAL while another process holds a new file.
DEFAULT_WAL_RETRY_S = 0.05


class StoreOutcome(enum.StrEnum):
    """What store_document did with a document."""

    ADDED = "added"  # the first issue of its edition: current
    UNCHANGED = "unchanged"  # these bytes are stored already
    REPLACED = "replaced"  # a later issue of its edition: current now
    EARLIER = "earlier"  # an earlier issue of a stored edition: remembered, not stored
    PARTIAL = "partial"  # fewer records than the current issue: refused
    REREAD = "reread"  # these bytes read again gave other records: replaced


@dataclass(frozen=True)
class StoreResult:
    """The outcome; `other_file`: the issue it replaced (REPLACED) or the one that
    stays current (EARLIER, PARTIAL); `changes`: what replacing changed;
    `reason`: why a PARTIAL issue was refused."""

    outcome: StoreOutcome
    other_file: str | None = None
    changes: IssueChanges | None = None
    reason: str | None = None
    before: dict[str, int] | None = None  # REREAD: the records stored before, by kind


class SeenFile(NamedTuple):
    """What became of a file read before (the `files` table)."""

    status: str  # current, superseded or refused
    file: str
    reason: str | None
    current_file: str | None
    version: str


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the database at `path`, ready for store_document."""
    return open_db_upgrading(path)[0]


def open_db_upgrading(path: str | Path) -> tuple[Database, list[str]]:
    """`open_db`, and the schema steps it applied to a file of an older dxextract."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory {path.parent}: {exc}") from exc
    try:
        # No sqlite-utils plugins: the store calls no SQL function they could add,
        # and looking for them (entry points) costs every command some 13 ms.
        db = Database(path, execute_plugins=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
        # Checked before the switch to WAL, which rewrites the file's header.
        if schema_state(db) in ("foreign", "newer"):
            raise StoreError(schema_problem(db) or "not a dxextract database")
        _ensure_wal(db)
        # Per connection, off by default: https://www.sqlite.org/foreignkeys.html §2
        db.execute("PRAGMA foreign_keys = ON")
        upgraded = ensure_schema(db)
    except sqlite3.Error as exc:  # "file is not a database", read-only, locked …
        db.close()
        raise StoreError(f"cannot open {path} as a dxextract database: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db, upgraded


def open_db_readonly(path: str | Path) -> Database:
    """Open the database at `path` for reading only: nothing in the file changes.

    SQLite's `mode=ro`; on a read-only file system, where a WAL database cannot be
    opened so (it would need its -shm file), `immutable=1`, which is what that
    medium guarantees. A file that is not a dxextract database, or whose schema
    is older or newer than this dxextract's, is refused with the reason.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError("no such database; run `dxextract ingest` first")
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    try:
        try:
            conn = sqlite3.connect(uri, uri=True)
            conn.execute("select 1 from sqlite_master limit 1").fetchall()
        except sqlite3.OperationalError:
            if not _on_read_only_fs(path):
                raise
            conn = sqlite3.connect(uri.replace("?mode=ro", "?immutable=1"), uri=True)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
        problem = schema_problem(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path} as a dxextract database: {exc}") from exc
    if problem is not None:
        db.close()
        raise StoreError(problem)
    return db


@contextmanager
def reading_db(path: str | Path) -> Iterator[Database]:
    """The database at `path` opened read-only (open_db_readonly) for the block,
    the connection closed after it, whatever happens."""
    db = open_db_readonly(path)
    try:
        yield db
    finally:
        db.close()


def read_documents(path: str | Path) -> list[Document]:
    """Every stored report of the database at `path`, read-only, the connection closed."""
    with reading_db(path) as db:
        return load_documents(db)


def _on_read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _ensure_wal(db: Database) -> None:
    """Put the file in WAL mode (once per file; it stays so).

    The switch needs the file to itself, and SQLite may answer "database is
    locked" at once, without waiting out the busy timeout, while another
    process opening the same new file holds it: try again until the timeout.
    """
    deadline = time.monotonic() + DEFAULT_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(DEFAULT_WAL_RETRY_S)


def seen_file(db: Database, sha256: str) -> SeenFile | None:
    """What became of the file with these bytes when it was read before; None if never."""
    try:
        row = db.execute(
            f"select f.status, f.file, f.reason, c.file, f.version from [{FILES}] f "
            f"left join [{FILES}] c on c.id = f.current_id where f.id = ?",
            [sha256],
        ).fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the files table: {exc}") from exc
    return None if row is None else SeenFile(*row)


def remember_refusal(db: Database, sha256: str, file: str, reason: str) -> None:
    """Remember that the file with these bytes was refused, and why (one line)."""
    try:
        with write_transaction(db):
            _remember(db, sha256, file, "refused", reason=reason)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the files table: {exc}") from exc


def _remember(
    db: Database,
    sha256: str,
    file: str,
    status: str,
    report: Report | None = None,
    reason: str | None = None,
    current_id: str | None = None,
    vocabulary: str | None = None,
) -> None:
    db.table(FILES).upsert(
        {
            "id": sha256,
            "file": file,
            "status": status,
            "reason": reason,
            "current_id": current_id,
            "title": report.title if report else None,
            "results_fiscal_year": report.results_fiscal_year if report else None,
            "plan_fiscal_year": report.plan_fiscal_year if report else None,
            "issued": report.issued if report else None,
            "version": __version__,
            "read_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vocabulary": vocabulary,
        },
        pk="id",
    )


def reread_document(
    db: Database,
    doc: Document,
    unread: Sequence[Finding] = (),
    vocabulary: str = "default",
    checks: Checks = NO_CHECKS,
) -> StoreResult:
    """Replace the records of a stored report with those of the same bytes read
    again (`ingest --reread`, with `vocabulary`: `default` or its file's sha256),
    in one transaction; UNCHANGED, nothing written, when they are the same.
    `changes` says what changed. A file not stored as current is stored as new."""
    report = doc.report
    try:
        with write_transaction(db):
            rows = list(db.table("reports").rows_where("id = ?", [report.sha256]))
            if not rows:
                return _add_or_replace(db, doc, unread, False, vocabulary, checks)
            stored = _load_document(db, rows[0])
            if stored == doc:  # the records stay as they are (and their row ids)
                if _vocabulary_of(db, report.sha256) != vocabulary:
                    db.execute(
                        f"update [{FILES}] set vocabulary = ? where id = ?",
                        [vocabulary, report.sha256],
                    )
                return StoreResult(StoreOutcome.UNCHANGED)
            _delete_report(db, report.sha256)
            _store_current(db, doc, unread, vocabulary, checks)
            changes = issue_changes(stored, doc)
            return StoreResult(
                StoreOutcome.REREAD, report.file, changes, before=record_counts(stored)
            )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot store {report.file}: {exc}") from exc


def _vocabulary_of(db: Database, sha256: str) -> str | None:
    row = db.execute(f"select vocabulary from [{FILES}] where id = ?", [sha256]).fetchone()
    return row[0] if row else None


def store_document(
    db: Database,
    doc: Document,
    unread: Sequence[Finding] = (),
    replace: bool = False,
    vocabulary: str = "default",
    checks: Checks = NO_CHECKS,
) -> StoreResult:
    """Store `doc` in one transaction, as the current issue of its edition or not.

    Same sha256 already stored → UNCHANGED, nothing written. The first issue of
    its edition (title and fiscal years) → ADDED. A later issue of a stored
    edition (reissue.is_later_issue) replaces the stored one's records →
    REPLACED, with what changed; an earlier one is remembered, not stored →
    EARLIER; a later one with fewer records of some kind → PARTIAL, refused.
    `replace` makes `doc` current whatever its date and size. `unread`: what the
    extraction says it could not read (rule `unread`), stored with the findings
    of `checks` (none by default: `dxextract.ingest.checks` gives check/rules.py's).
    """
    try:
        with write_transaction(db):
            return _add_or_replace(db, doc, unread, replace, vocabulary, checks)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot store {doc.report.file}: {exc}") from exc


def _add_or_replace(
    db: Database,
    doc: Document,
    unread: Sequence[Finding],
    replace: bool,
    vocabulary: str,
    checks: Checks,
) -> StoreResult:
    report = doc.report
    reports = db.table("reports")
    if reports.count_where("id = ?", [report.sha256]):
        return StoreResult(StoreOutcome.UNCHANGED)
    # At most one row: the edition's current issue.
    stored = [
        _load_document(db, row)
        for row in reports.rows_where(
            "title = ? and results_fiscal_year = ? and plan_fiscal_year = ?",
            [report.title, report.results_fiscal_year, report.plan_fiscal_year],
            order_by="id",
        )
    ]
    current = stored[-1] if stored else None
    if current is not None and not replace:
        other = current.report
        if not is_later_issue(report, other):
            _remember(db, report.sha256, report.file, "superseded", report, current_id=other.sha256)
            return StoreResult(StoreOutcome.EARLIER, other.file)
        short = partial_issue(doc, current)
        if short is not None:
            reason = (
                f"looks like a partial issue of {report.title} ({short}); "
                "pass --replace to make it current"
            )
            _remember(db, report.sha256, report.file, "refused", report, reason=reason)
            return StoreResult(StoreOutcome.PARTIAL, other.file, reason=reason)
    for earlier in stored:
        _delete_report(db, earlier.report.sha256)
    _store_current(db, doc, unread, vocabulary, checks)
    for earlier in stored:
        _remember(
            db,
            earlier.report.sha256,
            earlier.report.file,
            "superseded",
            earlier.report,
            current_id=report.sha256,
        )
    # Earlier issues point at the current one.
    if stored:
        db.execute(
            f"update [{FILES}] set current_id = ? where status = 'superseded' and current_id in "
            f"({', '.join('?' * len(stored))})",
            [report.sha256, *(d.report.sha256 for d in stored)],
        )
    if current is not None:
        return StoreResult(StoreOutcome.REPLACED, current.report.file, issue_changes(current, doc))
    return StoreResult(StoreOutcome.ADDED)


def _store_current(
    db: Database, doc: Document, unread: Sequence[Finding], vocabulary: str, checks: Checks
) -> None:
    """Insert `doc` as its edition's current issue: its records, its file as
    current (read with `vocabulary`), its findings and its edition keys."""
    report = doc.report
    _insert_document(db, doc)
    _remember(db, report.sha256, report.file, "current", report, vocabulary=vocabulary)
    editions.insert_keys(db.conn, report.sha256)
    # The rule across editions pairs a report with its series' edition a year
    # before: only the pairs this edition is part of change (its own, and the
    # next year's). Their KPIs are what it reads of them (_edition_document).
    year = report.results_fiscal_year
    neighbours = [
        doc if other == report.sha256 else _edition_document(db, other)
        for other in editions.neighbour_ids(db.conn, report.sha256, (year - 1, year, year + 1))
    ]
    insert_findings(db, doc, neighbours, checks, unread)


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
    # bound as SQLite INTEGER and REAL. The printed region is four columns.
    row = {"report_id": report_id, **extra, **record.model_dump(exclude={"bbox", "kpis"})}
    row.update(bbox_columns(record))
    return row


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
        initiative_id = initiatives.insert(row).last_pk
        kpi_rows.extend(
            _record_row(kpi, report_id, initiative_id=initiative_id, seq=kpi_seq)
            for kpi_seq, kpi in enumerate(initiative.kpis)
        )
    db.table("kpis").insert_all(kpi_rows)
    insert_search_rows(db, report_id)


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


def count_rows(db: Database) -> dict[str, int]:
    """Number of rows in each table, in TABLES order."""
    try:
        return {name: db.table(name).count for name in TABLES}
    except sqlite3.Error as exc:
        raise StoreError(f"cannot count the stored rows: {exc}") from exc


def insert_search_rows(db: Database, report_id: str) -> None:
    """Normalised copies of one stored report's searchable text (same transaction)."""
    for search_table, (source, columns) in SEARCH_TABLES.items():
        rows = db.table(source).rows_where("report_id = ?", [report_id])
        db.table(search_table).insert_all(record_to_search_row(row, columns) for row in rows)


def delete_search_rows(db: Database, report_id: str) -> None:
    """Remove one report's search rows (its FTS entries go with them, by trigger)."""
    for search_table in SEARCH_TABLES:
        db.table(search_table).delete_where("report_id = ?", [report_id])


def edition_changes(db: Database, report_id: str) -> editions.EditionChanges | None:
    """Initiatives of a stored report unmatched in the edition before it (editions.py)."""
    try:
        return editions.edition_changes(db.conn, report_id)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot compare with the earlier edition: {exc}") from exc
