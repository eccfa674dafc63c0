"""Store validated Documents in SQLite (sqlite-utils) and read them back.

One table per record list of the contract (shared/data-contract.md) plus
`reports`, whose primary key is the PDF's sha256. Every record table carries
`report_id`; `kpis` also carry `initiative_id`, so Datasette can follow
kpis → initiatives → reports. A report is written or replaced in one
transaction: a failed ingest leaves nothing of that document behind.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from pydantic import BaseModel

from dxextract import __version__
from dxextract.errors import StoreError
from dxextract.models import (
    Document,
    Finding,
    Report,
    bbox_columns,
)
from dxextract.store import editions
from dxextract.store.findings import NO_CHECKS, Checks, insert_findings
from dxextract.store.loading import (
    _edition_document,
    _load_document,
)
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
    write_transaction,
)
from dxextract.store.search import SEARCH_TABLES, record_to_search_row
from dxextract.store.sqlite import Database


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
