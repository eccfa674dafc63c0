"""SQL views for the questions researchers ask of the database.

Views, not tables: they are always in step with the records and add nothing
to the contract's six tables. store/schema.py creates them; Datasette shows them.
"""

from __future__ import annotations

# One row per KPI with what a reader needs beside it: its initiative, field,
# area, the numbers, and where it is printed (file + page, for the PDF link).
# actual_to_target is actual ÷ target (null when either is unpublished or the
# target is 0); whether more is better is the KPI's own business.
KPI_RESULTS = """
select
  k.id as kpi_id,
  k.name,
  k.initiative_id,
  i.title as initiative,
  i.area,
  i.field_code,
  (select f.name from fields f
    where f.report_id = k.report_id and f.area = i.area and f.code = i.field_code
    order by f.fiscal_year limit 1) as field_name,
  k.fiscal_year,
  k.target,
  k.target_text,
  k.actual,
  k.actual_text,
  k.unit,
  k.status,
  case when k.target is not null and k.actual is not null and k.target != 0
    then round(1.0 * k.actual / k.target, 4) end as actual_to_target,
  k.next_fiscal_year,
  k.next_target,
  k.next_target_text,
  r.file,
  k.page,
  k.report_id
from kpis k
join initiatives i on i.id = k.initiative_id
join reports r on r.id = k.report_id
order by r.results_fiscal_year, k.report_id, i.seq, k.seq
"""

# Per field and fiscal year, the printed 達成率 beside the one recomputed from
# the printed counts with the report's rounding (the rule stated in
# checks.rounded_pct, here in SQL for Datasette): half up to a whole percent
# (19 KPI projects, 13 achieved → 68.4 → 68; 1 of 8 → 12.5 → 13). Integer
# arithmetic, so a .5 is never lost to floating point: ⌊(200a + k) / 2k⌋.
FIELD_ACHIEVEMENT = """
select
  f.area,
  f.code as field_code,
  f.name as field_name,
  f.fiscal_year,
  f.projects,
  f.kpi_projects,
  f.achieved,
  f.achieved_pct as printed_pct,
  case when f.achieved is not null and f.kpi_projects > 0
    then (200 * f.achieved + f.kpi_projects) / (2 * f.kpi_projects) end as recomputed_pct,
  r.file,
  f.page,
  f.report_id
from fields f
join reports r on r.id = f.report_id
order by r.results_fiscal_year, f.report_id, f.id
"""

VIEWS: dict[str, str] = {
    "kpi_results": KPI_RESULTS,
    "field_achievement": FIELD_ACHIEVEMENT,
}
