"""Editions' tables: the same KPI and the same initiative across yearly reports.

A KPI is the same across editions when its name, normalised, and its field
code are: `kpi_key`. An initiative is the same when its title, normalised and
stripped of spaces and punctuation, is: `title_key` (a re-worded
`書面規制、押印、対面規制の見直し` → `書面規制・押印・対面規制の見直し` still
matches; a new word does not). The editions of one report are those whose
titles are the same but for their numbers: `series_key`. The keys themselves
are text.py's; this module stores them. They live in tables of their own, `kpi_keys`,
`initiative_keys` and `report_keys`, and the `kpi_history` view joins them to
the contract's tables, whose columns stay exactly as the contract says. With
`report_keys` indexed by series and year, finding a report's edition before
it costs the same with 5 or 500 reports stored. This module works on the
store's sqlite3 connection inside the store's transaction; store/documents.py calls it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dxextract.text import kpi_key, series_key, title_key

# The tables this module adds after the contract's (store.TABLES).
TABLES = ("kpi_keys", "initiative_keys", "report_keys")

SCHEMA = """
create table if not exists kpi_keys (
    kpi_id integer primary key references kpis(id),
    report_id text not null references reports(id),
    kpi_key text not null
);
create index if not exists idx_kpi_keys_kpi_key on kpi_keys (kpi_key);
create index if not exists idx_kpi_keys_report_id on kpi_keys (report_id);
create table if not exists initiative_keys (
    initiative_id integer primary key references initiatives(id),
    report_id text not null references reports(id),
    title_key text not null
);
create index if not exists idx_initiative_keys_title_key on initiative_keys (title_key);
create index if not exists idx_initiative_keys_report_id on initiative_keys (report_id);
create view if not exists kpi_history as
select
    kpi_keys.kpi_key,
    initiatives.area,
    initiatives.field_code,
    kpis.name,
    kpis.fiscal_year,
    kpis.target,
    kpis.target_text,
    kpis.actual,
    kpis.actual_text,
    kpis.unit,
    kpis.status,
    kpis.next_fiscal_year,
    kpis.next_target,
    kpis.next_target_text,
    kpis.id as kpi_id,
    kpis.report_id,
    reports.file,
    kpis.page
from kpis
join kpi_keys on kpi_keys.kpi_id = kpis.id
join initiatives on initiatives.id = kpis.initiative_id
join reports on reports.id = kpis.report_id
order by kpi_keys.kpi_key, kpis.fiscal_year, reports.file, kpis.id;
"""


@dataclass(frozen=True)
class InitiativeRef:
    """An initiative as the ingest line names it."""

    field_code: str
    title: str

    @property
    def key(self) -> str:
        return title_key(self.title)


@dataclass(frozen=True)
class EditionChanges:
    """Initiatives of a report with no match in the edition before it, and vice versa."""

    earlier_file: str
    new: tuple[InitiativeRef, ...]
    gone: tuple[InitiativeRef, ...]


def unmatched_initiatives(
    earlier: Sequence[InitiativeRef], later: Sequence[InitiativeRef]
) -> tuple[list[InitiativeRef], list[InitiativeRef]]:
    """(later ones with no match in earlier, earlier ones with none in later), in order.

    A title printed twice in one edition (one initiative under two fields) is
    matched occurrence by occurrence.
    """
    return _left_over(later, Counter(i.key for i in earlier)), _left_over(
        earlier, Counter(i.key for i in later)
    )


def _left_over(refs: Iterable[InitiativeRef], available: Counter[str]) -> list[InitiativeRef]:
    out = []
    for ref in refs:
        if available[ref.key] > 0:
            available[ref.key] -= 1
        else:
            out.append(ref)
    return out


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the key tables and the view if missing, and key rows stored before them.

    Runs inside the caller's write transaction (store.ensure_schema).
    """
    if not _has_schema(conn):
        # Statement by statement: executescript() would commit the caller's
        # transaction (the store creates its schema in one).
        for statement in SCHEMA.split(";\n"):
            if statement.strip():
                conn.execute(statement)
    missing = conn.execute(
        "select distinct report_id from kpis where id not in (select kpi_id from kpi_keys) "
        "union select distinct report_id from initiatives "
        "where id not in (select initiative_id from initiative_keys)"
    ).fetchall()
    for (report_id,) in missing:  # (report_keys come with schema step m005_series)
        _delete_record_keys(conn, report_id)
        _insert_record_keys(conn, report_id)


# The series of each stored report (schema step m005_series).
REPORT_KEYS_SCHEMA = """
create table report_keys (
    report_id text primary key references reports(id),
    series_key text not null,
    results_fiscal_year integer not null
);
create index idx_report_keys_series on report_keys (series_key, results_fiscal_year)
"""


def ensure_report_keys(conn: sqlite3.Connection) -> None:
    """Create `report_keys` and key every report stored before it (inside the
    caller's write transaction: statement by statement, as ensure_schema)."""
    for statement in REPORT_KEYS_SCHEMA.split(";\n"):
        conn.execute(statement)
    rows = conn.execute("select id, title, results_fiscal_year from reports").fetchall()
    conn.executemany(
        "insert into report_keys (report_id, series_key, results_fiscal_year) values (?, ?, ?)",
        [(report_id, series_key(title), year) for report_id, title, year in rows],
    )


def _has_schema(conn: sqlite3.Connection) -> bool:
    names = {
        row[0]
        for row in conn.execute(
            "select name from sqlite_master where name in "
            "('kpi_keys', 'initiative_keys', 'kpi_history')"
        )
    }
    return len(names) == 3


def insert_keys(conn: sqlite3.Connection, report_id: str) -> None:
    """Key rows for a stored report and every KPI and initiative of it."""
    conn.execute(
        "insert into report_keys (report_id, series_key, results_fiscal_year) "
        "select id, ?, results_fiscal_year from reports where id = ?",
        [series_key(_title(conn, report_id)), report_id],
    )
    _insert_record_keys(conn, report_id)


def _insert_record_keys(conn: sqlite3.Connection, report_id: str) -> None:
    kpis = conn.execute(
        "select kpis.id, kpis.name, initiatives.field_code from kpis "
        "join initiatives on initiatives.id = kpis.initiative_id where kpis.report_id = ?",
        [report_id],
    ).fetchall()
    conn.executemany(
        "insert into kpi_keys (kpi_id, report_id, kpi_key) values (?, ?, ?)",
        [(kpi_id, report_id, kpi_key(name, code)) for kpi_id, name, code in kpis],
    )
    initiatives = conn.execute(
        "select id, title from initiatives where report_id = ?", [report_id]
    ).fetchall()
    conn.executemany(
        "insert into initiative_keys (initiative_id, report_id, title_key) values (?, ?, ?)",
        [(init_id, report_id, title_key(title)) for init_id, title in initiatives],
    )


def delete_keys(conn: sqlite3.Connection, report_id: str) -> None:
    """Remove a report's key rows (before its KPIs and initiatives, for the foreign keys)."""
    conn.execute("delete from report_keys where report_id = ?", [report_id])
    _delete_record_keys(conn, report_id)


def _delete_record_keys(conn: sqlite3.Connection, report_id: str) -> None:
    conn.execute("delete from kpi_keys where report_id = ?", [report_id])
    conn.execute("delete from initiative_keys where report_id = ?", [report_id])


def edition_changes(conn: sqlite3.Connection, report_id: str) -> EditionChanges | None:
    """How a stored report's initiatives differ from the edition a year before it.

    The edition before is the stored report of the same series (series_key)
    with the latest results year earlier than this one's; None when there is none.
    """
    earlier = conn.execute(
        "select r.id, r.file from report_keys k join report_keys e "
        "on e.series_key = k.series_key and e.results_fiscal_year < k.results_fiscal_year "
        "join reports r on r.id = e.report_id where k.report_id = ? "
        "order by e.results_fiscal_year desc, r.file, r.id limit 1",
        [report_id],
    ).fetchone()
    if earlier is None:
        return None
    new, gone = unmatched_initiatives(_refs(conn, earlier[0]), _refs(conn, report_id))
    return EditionChanges(earlier[1], tuple(new), tuple(gone))


def neighbour_ids(conn: sqlite3.Connection, report_id: str, years: Sequence[int]) -> list[str]:
    """The stored reports of a report's series whose results year is one of
    `years` (the report among them if its year is), by results year, file, id."""
    marks = ", ".join("?" * len(years))
    rows = conn.execute(
        "select e.report_id from report_keys k join report_keys e on e.series_key = k.series_key "
        "join reports r on r.id = e.report_id where k.report_id = ? "
        f"and e.results_fiscal_year in ({marks}) order by e.results_fiscal_year, r.file, r.id",
        [report_id, *years],
    )
    return [row[0] for row in rows]


def _title(conn: sqlite3.Connection, report_id: str) -> str:
    row = conn.execute("select title from reports where id = ?", [report_id]).fetchone()
    return str(row[0])


def _refs(conn: sqlite3.Connection, report_id: str) -> list[InitiativeRef]:
    rows = conn.execute(
        "select field_code, title from initiatives where report_id = ? order by seq", [report_id]
    )
    return [InitiativeRef(code, title) for code, title in rows]
