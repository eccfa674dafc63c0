"""`ingest`'s closing summary is counted by SQL (store.report_overviews): it must
say what the stored records say."""

from __future__ import annotations

from sqlite_utils import Database

from dxextract.cli.summary import overviews_to_summary
from dxextract.models import Document, Kpi
from dxextract.store import report_overviews, store_document
from dxextract.store.overview import AreaOverview, ReportOverview


def _overview_of(doc: Document) -> ReportOverview:
    """The counts, taken from the records themselves."""
    r = doc.report
    return ReportOverview(
        r.title,
        r.file,
        r.results_fiscal_year,
        r.plan_fiscal_year,
        r.pages,
        tuple(
            AreaOverview(s.area, s.projects, s.kpi_projects, s.achieved, s.achieved_pct)
            for s in doc.area_summaries
            if s.fiscal_year == r.results_fiscal_year
        ),
        len(doc.initiatives),
        sum(1 for i in doc.initiatives if not i.kpis),
        tuple(k.status for i in doc.initiatives for k in i.kpis),
    )


def _with_statuses(doc: Document, statuses: list[str | None]) -> Document:
    """`doc` with its KPIs' statuses replaced in order (and a new sha256)."""
    left = iter(statuses)

    def kpis(found: tuple[Kpi, ...]) -> tuple[Kpi, ...]:
        return tuple(k.model_copy(update={"status": next(left, k.status)}) for k in found)

    return doc.model_copy(
        update={
            "report": doc.report.model_copy(
                update={"sha256": "f" * 64, "file": "z.pdf", "results_fiscal_year": 2031}
            ),
            "initiatives": tuple(
                i.model_copy(update={"kpis": kpis(i.kpis)}) for i in doc.initiatives
            ),
        }
    )


def test_the_counted_summary_is_what_the_records_say(db: Database, slides_doc: Document) -> None:
    # A status printed later first outnumbers one printed earlier; a KPI with no status.
    odd = _with_statuses(slides_doc, [None, "一部達成", "一部達成", "一部達成", "達成"])
    for doc in (odd, slides_doc):
        store_document(db, doc)
    got = report_overviews(db)
    assert got == [_overview_of(slides_doc), _overview_of(odd)]  # by results year
    lines = overviews_to_summary(got, "dx.db")
    assert lines[0] == "dx.db: 2 reports"
    assert lines[-1] == ("  24 initiatives (5 without KPIs), 19 KPIs: 達成 11, 一部達成 7, — 1")


def test_an_empty_database_is_counted_as_such(db: Database) -> None:
    assert report_overviews(db) == []
    assert overviews_to_summary([], "dx.db") == ["dx.db: 0 reports"]
