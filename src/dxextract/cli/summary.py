"""What `ingest` prints at the end: one screen on what the database now holds.

The store counts (store.report_overviews: SQL, no record read as a model), this
module words the counts: the summary of 500 stored reports costs what their
rows' counts cost, not what loading 500 documents would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from dxextract.store.overview import ReportOverview


def overview_to_lines(report: ReportOverview) -> list[str]:
    """Three lines per report: edition, per-area results, initiatives and KPI statuses."""
    r = report
    lines = [
        f"{r.title}",
        f"  {r.file}: FY{r.results_fiscal_year} results, "
        f"FY{r.plan_fiscal_year} plan, {r.pages} pages",
    ]
    areas = []
    for s in r.areas:
        pct = f" ({s.achieved_pct}%)" if s.achieved_pct is not None else ""
        areas.append(
            f"{s.area} {s.projects} projects, {s.kpi_projects} with KPIs, "
            f"{s.achieved} achieved{pct}"
        )
    if areas:
        lines.append("  " + " · ".join(areas))
    statuses = Counter(status or "—" for status in r.statuses)
    status_text = ", ".join(f"{status} {n}" for status, n in statuses.most_common())
    lines.append(
        f"  {r.initiatives} initiatives ({r.without_kpis} without KPIs), "
        f"{len(r.statuses)} KPIs" + (f": {status_text}" if r.statuses else "")
    )
    return lines


def overviews_to_summary(reports: Sequence[ReportOverview], where: str) -> list[str]:
    head = f"{where}: {len(reports)} report{'s' if len(reports) != 1 else ''}"
    return [head, *(line for report in reports for line in overview_to_lines(report))]
