"""What `ingest` prints at the end: one screen on what the database now holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .models import Document


def document_to_lines(doc: Document) -> list[str]:
    """Three lines per report: edition, per-area results, initiatives and KPI statuses."""
    r = doc.report
    lines = [
        f"{r.title}",
        f"  {r.file}: FY{r.results_fiscal_year} results, "
        f"FY{r.plan_fiscal_year} plan, {r.pages} pages",
    ]
    areas = []
    for s in doc.area_summaries:
        if s.fiscal_year != r.results_fiscal_year:
            continue
        pct = f" ({s.achieved_pct}%)" if s.achieved_pct is not None else ""
        areas.append(
            f"{s.area} {s.projects} projects, {s.kpi_projects} with KPIs, "
            f"{s.achieved} achieved{pct}"
        )
    if areas:
        lines.append("  " + " · ".join(areas))
    kpis = [k for i in doc.initiatives for k in i.kpis]
    statuses = Counter(k.status or "—" for k in kpis)
    status_text = ", ".join(f"{status} {n}" for status, n in statuses.most_common())
    lines.append(
        f"  {len(doc.initiatives)} initiatives ({sum(1 for i in doc.initiatives if not i.kpis)} "
        f"without KPIs), {len(kpis)} KPIs" + (f": {status_text}" if kpis else "")
    )
    return lines


def documents_to_summary(docs: Sequence[Document], where: str) -> list[str]:
    head = f"{where}: {len(docs)} report{'s' if len(docs) != 1 else ''}"
    return [head, *(line for doc in docs for line in document_to_lines(doc))]
