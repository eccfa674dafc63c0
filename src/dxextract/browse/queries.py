"""Canned queries: the questions researchers ask, one click each in Datasette.

Search queries normalise the query with `nfkc()`, a SQL function the
dxextract Datasette plugin registers, so half-width ｶﾅ finds full-width text
the same way the table search box does.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from dxextract.store.search import DEFAULT_MIN_FTS_CHARS

# (name, title, description, sql, tables it reads). The short search matches
# substrings with instr() rather than LIKE, so that % and _ in a query are
# plain characters; lower() folds ASCII case as the trigram index does.
_QUERIES: tuple[tuple[str, str, str, str, frozenset[str]], ...] = (
    (
        "search",
        "全文検索（取組と指標）",
        f"{DEFAULT_MIN_FTS_CHARS}文字以上の語で取組（項目・取組内容・成果・次年度）と指標名を検索。"
        "全角・半角は区別しない",
        """
select '取組' as kind, i.id as id, i.title as text, i.area, i.field_code, r.file, i.page
from initiatives_search_fts f
join initiatives i on i.id = f.rowid
join reports r on r.id = i.report_id
where initiatives_search_fts match fts_terms(nfkc(:q))
union all
select '指標', k.id, k.name, i.area, i.field_code, r.file, k.page
from kpis_search_fts f
join kpis k on k.id = f.rowid
join initiatives i on i.id = k.initiative_id
join reports r on r.id = k.report_id
where kpis_search_fts match fts_terms(nfkc(:q))
order by kind, id
""",
        frozenset({"initiatives_search_fts", "kpis_search_fts"}),
    ),
    (
        "search_short",
        "短い語の検索（1〜2文字）",
        f"全文検索（trigram）は{DEFAULT_MIN_FTS_CHARS}文字未満の語では何も見つけないので、"
        "部分一致で取組と指標名を探す。全角・半角、英字の大文字・小文字は区別しない",
        """
select '取組' as kind, i.id as id, i.title as text, i.area, i.field_code, r.file, i.page
from initiatives_search s
join initiatives i on i.id = s.id
join reports r on r.id = i.report_id
where nfkc(:q) != '' and (
  instr(lower(s.title), lower(nfkc(:q))) or instr(lower(s.activities), lower(nfkc(:q)))
  or instr(lower(s.outcomes), lower(nfkc(:q)))
  or instr(lower(s.next_activities), lower(nfkc(:q))))
union all
select '指標', k.id, k.name, i.area, i.field_code, r.file, k.page
from kpis_search s
join kpis k on k.id = s.id
join initiatives i on i.id = k.initiative_id
join reports r on r.id = k.report_id
where nfkc(:q) != '' and instr(lower(s.name), lower(nfkc(:q)))
order by kind, id
""",
        frozenset({"initiatives_search", "kpis_search"}),
    ),
    (
        "status_contradictions",
        "達成状況が数値と矛盾する指標",
        "検査（rule = status）で、公表された達成状況が目標値・実績値と合わないとされた指標",
        """
select f.kpi_id, k.name, k.initiative, k.field_code, k.fiscal_year, k.target_text,
  k.actual_text, k.status, f.expected, f.severity, f.message, k.file, k.page
from findings f
join kpi_results k on k.kpi_id = f.kpi_id
where f.rule = 'status' and f.severity = 'error'  -- not the unknown-direction warnings
order by k.fiscal_year, k.report_id, f.id
""",
        frozenset({"findings", "kpi_results"}),
    ),
    (
        "kpis_not_achieved",
        "達成していない指標（分野別）",
        "達成状況が「達成」でない指標を、報告書の分野（項番）の順に。項番を入れるとその分野だけ",
        """
select field_code, field_name, name, initiative, fiscal_year, target_text, actual_text,
  unit, status, actual_to_target, file, page
from kpi_results
where (status is null or status != '達成')
  and (:field_code = '' or field_code = nfkc(:field_code))
order by fiscal_year, report_id,
  (select min(f.id) from fields f where f.report_id = kpi_results.report_id
    and f.area = kpi_results.area and f.code = kpi_results.field_code),
  kpi_id
""",
        frozenset({"kpi_results"}),
    ),
    (
        "initiatives_without_kpis",
        "指標のない取組",
        "指標（KPI）が1つもない取組。kpi_applicable = 0 は「KPIの設定がなじまない取組項目」",
        """
select i.id, i.area, i.field_code, i.title, i.kpi_applicable, r.file, i.page
from initiatives i
join reports r on r.id = i.report_id
where not exists (select 1 from kpis k where k.initiative_id = i.id)
order by r.results_fiscal_year, i.report_id, i.seq
""",
        frozenset({"initiatives", "kpis", "reports"}),
    ),
)

QUERY_NAMES = tuple(q[0] for q in _QUERIES)


def canned_queries(tables: Set[str]) -> dict[str, dict[str, Any]]:
    """Datasette `queries:` entries whose tables all exist in `tables`."""
    return {
        name: {"title": title, "description": description, "sql": sql.strip() + "\n"}
        for name, title, description, sql, needs in _QUERIES
        if needs <= tables
    }
