"""The stored reports in counts, by SQL: what `ingest` says the database holds.

Four queries whatever the number of reports, no record read as a model: a
re-run over 500 unchanged files says what is stored in milliseconds.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import NamedTuple

from dxextract.errors import StoreError
from dxextract.models import Number
from dxextract.store.schema import ensure_schema
from dxextract.store.sqlite import Database


class AreaOverview(NamedTuple):
    """An area's summary of the results year, as printed."""

    area: str
    projects: int | None
    kpi_projects: int | None
    achieved: int | None
    achieved_pct: Number | None


class ReportOverview(NamedTuple):
    """A stored report in counts: what its summary lines say."""

    title: str
    file: str
    results_fiscal_year: int
    plan_fiscal_year: int
    pages: int
    areas: tuple[AreaOverview, ...]
    initiatives: int
    without_kpis: int
    statuses: tuple[str | None, ...]  # each KPI's, in the report's order


# The order load_documents gives.
_REPORTS = (
    "select id, title, file, results_fiscal_year, plan_fiscal_year, pages from reports "
    "order by results_fiscal_year, title, file, id"
)
# Each report's area summaries of its results year, in document order.
_AREAS = (
    "select a.report_id, a.area, a.projects, a.kpi_projects, a.achieved, a.achieved_pct "
    "from area_summaries a join reports r on r.id = a.report_id "
    "and a.fiscal_year = r.results_fiscal_year order by a.id"
)
_INITIATIVES = (
    "select report_id, count(*), sum(not exists "
    "(select 1 from kpis k where k.initiative_id = i.id)) from initiatives i group by report_id"
)
# Every KPI's status, in each report's order (initiative, then KPI).
_STATUSES = (
    "select k.report_id, k.status from kpis k join initiatives i on i.id = k.initiative_id "
    "order by i.seq, k.seq"
)


def report_overviews(db: Database) -> list[ReportOverview]:
    """Every stored report in counts, by results year, title, then file."""
    try:
        areas: dict[str, list[AreaOverview]] = defaultdict(list)
        for report_id, *area in db.execute(_AREAS):
            areas[report_id].append(AreaOverview(*area))
        initiatives: dict[str, tuple[int, int]] = {
            report_id: (count, without) for report_id, count, without in db.execute(_INITIATIVES)
        }
        statuses: dict[str, list[str | None]] = defaultdict(list)
        for report_id, status in db.execute(_STATUSES):
            statuses[report_id].append(status)
        out = []
        for report_id, title, file, results, plan, pages in db.execute(_REPORTS):
            count, without = initiatives.get(report_id, (0, 0))
            out.append(
                ReportOverview(
                    title,
                    file,
                    results,
                    plan,
                    pages,
                    tuple(areas[report_id]),
                    count,
                    without,
                    tuple(statuses[report_id]),
                )
            )
        return out
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the stored reports: {exc}") from exc


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


def schema_columns() -> dict[str, list[str]]:
    """Every table and view of a database this dxextract creates → its columns
    (made in memory): what the Datasette metadata labels before a file has them."""
    db = Database(memory=True, execute_plugins=False)
    try:
        ensure_schema(db)
        return describe_objects(db)[0]
    finally:
        db.close()
