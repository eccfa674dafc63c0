"""The findings of check/rules.py stored beside the records they locate.

Written inside store_document's transaction, after the report's rows, so a
finding's initiative and KPI are found by their positions in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from dxextract.models import Document, Finding
from dxextract.store.schema import EDITION_RULE, FINDINGS
from dxextract.store.sqlite import Database


class Checks(NamedTuple):
    """The rules a stored report's findings come from, chosen by the caller
    (`dxextract.ingest.checks`: check/rules.py with the user's direction table,
    the same that `check` runs); the store only stores what they give."""

    document: Callable[[Document], Sequence[Finding]]  # the rules over one report
    editions: Callable[[Sequence[Document]], Sequence[Finding]]  # the rule across editions


def _none(_: object) -> tuple[Finding, ...]:
    return ()


# Store the records only (and what extraction could not read).
NO_CHECKS = Checks(_none, _none)


def insert_findings(
    db: Database,
    doc: Document,
    neighbours: list[Document],
    checks: Checks = NO_CHECKS,
    unread: Sequence[Finding] = (),
) -> None:
    """The findings of `doc`, and the rule across editions recomputed for the
    stored reports of its series of `doc`'s results year and the year after.

    `neighbours`: every stored report of `doc`'s series (text.series_key)
    of its results year (`doc` among them) and of the years before and after, so
    that each recomputed report has the edition it is compared with. Runs
    inside store_document's transaction, after `doc`'s rows are inserted.
    """
    findings = [*checks.document(doc), *unread]
    year = doc.report.results_fiscal_year
    later = [d.report.sha256 for d in neighbours if d.report.results_fiscal_year >= year]
    marks = ", ".join("?" * len(later))
    db.table(FINDINGS).delete_where(f"rule = ? and report_id in ({marks})", [EDITION_RULE, *later])
    findings.extend(f for f in checks.editions(neighbours) if f.sha256 in later)
    ids = _RecordIds(db)
    db.table(FINDINGS).insert_all(_finding_row(finding, ids) for finding in findings)


class _RecordIds:
    """The row ids of a stored report's initiatives and KPIs by their positions,
    read once per report (one query each), not once per finding."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.by_report: dict[str, tuple[dict[int, int], dict[tuple[int, int], int]]] = {}

    def of(self, report_id: str) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
        if report_id not in self.by_report:
            initiatives = dict(
                self.db.execute(
                    "select seq, id from initiatives where report_id = ?", [report_id]
                ).fetchall()
            )
            kpis = {
                (initiative_seq, seq): kpi_id
                for initiative_seq, seq, kpi_id in self.db.execute(
                    "select i.seq, k.seq, k.id from kpis k join initiatives i "
                    "on i.id = k.initiative_id where k.report_id = ?",
                    [report_id],
                )
            }
            self.by_report[report_id] = (initiatives, kpis)
        return self.by_report[report_id]


def _finding_row(finding: Finding, ids: _RecordIds) -> dict[str, object]:
    initiative_id = kpi_id = None
    if finding.initiative_seq is not None:
        initiatives, kpis = ids.of(finding.sha256)
        initiative_id = initiatives.get(finding.initiative_seq)
        if initiative_id is not None and finding.kpi_seq is not None:
            kpi_id = kpis.get((finding.initiative_seq, finding.kpi_seq))
    row = finding.model_dump(exclude={"sha256", "file", "initiative_seq", "kpi_seq"})
    return {
        "report_id": finding.sha256,
        **row,
        "initiative_id": initiative_id,
        "kpi_id": kpi_id,
    }


def load_unread_findings(db: Database) -> list[Finding]:
    """The stored `unread` findings: what extraction could not read is not
    recomputed from the records (`check --db` reports them as stored)."""
    return load_findings(db, "unread")


def load_findings(db: Database, rule: str | None = None) -> list[Finding]:
    """The stored findings (of `rule` only, if given), by file and page."""
    where = "where f.rule = ?" if rule is not None else ""
    sql = (
        f"select f.*, r.file from {FINDINGS} f join reports r on r.id = f.report_id "
        f"{where} order by r.file, f.page, f.id"
    )
    fields = set(Finding.model_fields)
    return [
        Finding.model_validate(
            {k: v for k, v in row.items() if k in fields} | {"sha256": row["report_id"]}
        )
        for row in db.query(sql, [rule] if rule is not None else [])
    ]
