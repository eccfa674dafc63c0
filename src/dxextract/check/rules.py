"""Consistency of published numbers: rules over Documents → Finding records.

Each rule is a pure function of one report (or, for `target_changed`, of two
editions) that returns what it finds. A bad published number is a finding,
never an exception: the report is what it is, and the researcher needs to know.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dxextract.check.directions import DirectionRule, kpi_direction_rule, load_directions
from dxextract.models import Document, Finding, Initiative, Kpi, Number, Rule
from dxextract.text import kpi_key, nfkc_spaced, series_key

ACHIEVED = "達成"
NOT_ACHIEVED = ("一部達成", "未達成")

# The counted columns of the summary and field tables, with their printed labels.
COUNT_COLUMNS = (("projects", "事業数"), ("kpi_projects", "KPI設定事業数"), ("achieved", "達成"))


# --- the rounding rule ---------------------------------------------------------


def rounded_pct(part: int, whole: int, decimals: int = 0) -> Decimal:
    """`part / whole` as a percentage, rounded half up to `decimals` places.

    The one rounding rule of every check. The FY2023 report rounds half up to
    whole percent: 13/19 → 68, 6/7 → 86, 23/53 → 43, and 5/8 = 62.5 → 63 where
    Python's round() (half to even) would give 62. A percentage printed with k
    decimals is compared with the ratio rounded half up to k decimals.
    """
    ratio = Decimal(part) * 100 / Decimal(whole)
    return ratio.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def printed_decimals(value: Number) -> int:
    """Decimal places a parsed percentage was printed with (68 → 0, 67.4 → 1)."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --- helpers -------------------------------------------------------------------


def _finding(doc: Document, rule: Rule, message: str, **where: Any) -> Finding:
    severity = where.pop("severity", "error")
    return Finding(
        sha256=doc.report.sha256,
        file=doc.report.file,
        rule=rule,
        severity=severity,
        message=message,
        **where,
    )


def _pct(value: Number | Decimal) -> str:
    return f"{value}%"


def _kpi_where(initiative: Initiative, seq: int, kpi: Kpi, kpi_seq: int) -> dict[str, Any]:
    return {
        "area": initiative.area,
        "fiscal_year": kpi.fiscal_year,
        "field_code": initiative.field_code,
        "initiative_seq": seq,
        "kpi_seq": kpi_seq,
        "initiative_title": initiative.title,
        "kpi_name": kpi.name,
        "page": kpi.page,
    }


def _iter_kpis(doc: Document) -> Iterator[tuple[int, Initiative, int, Kpi]]:
    for seq, initiative in enumerate(doc.initiatives):
        for kpi_seq, kpi in enumerate(initiative.kpis):
            yield seq, initiative, kpi_seq, kpi


# --- rules over one report -----------------------------------------------------


def sum_findings(doc: Document) -> list[Finding]:
    """`sum`: the field rows add up to the printed 合計, per area, year and column."""
    out: list[Finding] = []
    for total in doc.field_totals:
        rows = [r for r in doc.fields if (r.area, r.fiscal_year) == (total.area, total.fiscal_year)]
        for column, label in COUNT_COLUMNS:
            printed = getattr(total, column)
            values = [getattr(r, column) for r in rows if getattr(r, column) is not None]
            if printed is None or not values or sum(values) == printed:
                continue
            terms = " + ".join(str(v) for v in values)
            out.append(
                _finding(
                    doc,
                    "sum",
                    f"{total.area} {total.fiscal_year} 合計 {label} is printed {printed}, "
                    f"but its field rows add up to {terms} = {sum(values)}.",
                    area=total.area,
                    fiscal_year=total.fiscal_year,
                    page=total.page,
                    printed=str(printed),
                    expected=str(sum(values)),
                )
            )
    return out


def _rate_finding(
    doc: Document, record: Any, label: str, part: int | None, whole: int | None, printed: Any
) -> Finding | None:
    if printed is None or part is None or whole is None:
        return None
    if whole == 0:
        expected = "—"
        reason = "its KPI設定事業数 is 0"
    else:
        value = rounded_pct(part, whole, printed_decimals(printed))
        if Decimal(str(printed)) == value:
            return None
        expected = _pct(value)
        reason = f"{part}/{whole} rounds half up to {expected}"
    return _finding(
        doc,
        "rate",
        f"{record.area} {record.fiscal_year} {label} is printed {_pct(printed)}, but {reason}.",
        area=record.area,
        fiscal_year=record.fiscal_year,
        field_code=getattr(record, "code", None),
        page=record.page,
        printed=_pct(printed),
        expected=expected,
    )


def rate_findings(doc: Document) -> list[Finding]:
    """`rate`: every printed percentage matches its counts (達成率, 一部達成 %)."""
    cases: list[tuple[Any, str, int | None, int | None, Any]] = []
    for row in doc.fields:
        label = f"{row.code} 達成率 (達成/KPI設定事業数)"
        cases.append((row, label, row.achieved, row.kpi_projects, row.achieved_pct))
    for total in doc.field_totals:
        label = "合計 達成率 (達成/KPI設定事業数)"
        cases.append((total, label, total.achieved, total.kpi_projects, total.achieved_pct))
    for s in doc.area_summaries:
        label = "summary 達成 % (達成/KPI設定事業数)"
        cases.append((s, label, s.achieved, s.kpi_projects, s.achieved_pct))
        label = "summary 一部達成 % (一部達成/KPI設定事業数)"
        part, pct = s.partially_achieved, s.partially_achieved_pct
        cases.append((s, label, part, s.kpi_projects, pct))
    found = (_rate_finding(doc, *case) for case in cases)
    return [f for f in found if f is not None]


def summary_vs_total_findings(doc: Document) -> list[Finding]:
    """`summary_vs_total`: each area summary equals its field table's 合計."""
    out: list[Finding] = []
    totals = {(t.area, t.fiscal_year): t for t in doc.field_totals}
    for summary in doc.area_summaries:
        total = totals.get((summary.area, summary.fiscal_year))
        if total is None:
            continue
        for column, label in COUNT_COLUMNS:
            printed, expected = getattr(summary, column), getattr(total, column)
            if printed is None or expected is None or printed == expected:
                continue
            out.append(
                _finding(
                    doc,
                    "summary_vs_total",
                    f"{summary.area} {summary.fiscal_year} summary {label} is printed {printed}, "
                    f"but the field table's 合計 (page {total.page}) says {expected}.",
                    area=summary.area,
                    fiscal_year=summary.fiscal_year,
                    page=summary.page,
                    printed=str(printed),
                    expected=str(expected),
                )
            )
    return out


def partition_findings(doc: Document) -> list[Finding]:
    """`partition`: 達成 + 一部達成 = KPI設定事業数 in the summary."""
    out: list[Finding] = []
    for s in doc.area_summaries:
        parts = (s.achieved, s.partially_achieved, s.kpi_projects)
        if s.achieved is None or s.partially_achieved is None or s.kpi_projects is None:
            continue
        added = s.achieved + s.partially_achieved
        if added == s.kpi_projects:
            continue
        out.append(
            _finding(
                doc,
                "partition",
                f"{s.area} {s.fiscal_year} summary: 達成 {parts[0]} + 一部達成 {parts[1]} = "
                f"{added}, but KPI設定事業数 is printed {parts[2]}.",
                area=s.area,
                fiscal_year=s.fiscal_year,
                page=s.page,
                printed=f"{s.achieved} + {s.partially_achieved} = {added}",
                expected=str(s.kpi_projects),
            )
        )
    return out


def status_findings(doc: Document, rules: Sequence[DirectionRule]) -> list[Finding]:
    """`status`: a KPI's 達成状況 agrees with its actual and target.

    達成 needs actual ≥ target when higher is better, ≤ when lower is better;
    一部達成/未達成 the opposite. A KPI whose direction the table does not know
    is a warning (add it to the table), not an error; so is a contradiction
    found with a keyword default's guess (削減 may count a saving), which an
    error needs a reviewed [[kpi]] entry for.
    """
    out: list[Finding] = []
    for seq, initiative, kpi_seq, kpi in _iter_kpis(doc):
        if kpi.status not in (ACHIEVED, *NOT_ACHIEVED) or kpi.target is None or kpi.actual is None:
            continue
        where = _kpi_where(initiative, seq, kpi, kpi_seq)
        printed = f"{kpi.status}: actual {kpi.actual_text}, target {kpi.target_text}"
        rule = kpi_direction_rule(kpi.name, rules)
        if rule is None:
            out.append(
                _finding(
                    doc,
                    "status",
                    f"{kpi.name}: whether higher or lower is better is unknown, so its status "
                    "was not checked; add it to the KPI direction table.",
                    severity="warning",
                    printed=printed,
                    **where,
                )
            )
            continue
        direction = rule.direction
        met = kpi.actual >= kpi.target if direction == "higher" else kpi.actual <= kpi.target
        if met == (kpi.status == ACHIEVED):
            continue
        sign = {(True, "higher"): "≥", (True, "lower"): "≤", (False, "higher"): "<"}.get(
            (met, direction), ">"
        )
        expected = ACHIEVED if met else "一部達成 or 未達成"
        guessed = "" if rule.reviewed else " (guessed from its name; review it in the table)"
        out.append(
            _finding(
                doc,
                "status",
                f"{kpi.name} is marked {kpi.status}, but {direction} is better{guessed} and "
                f"its actual {kpi.actual_text} is {sign} its target {kpi.target_text}.",
                severity="error" if rule.reviewed else "warning",
                printed=printed,
                expected=expected,
                **where,
            )
        )
    return out


_COMPARED = ("target", "actual", "status", "next_target", "unit")


def _differences(kpi: Kpi, other: Kpi) -> tuple[str, str]:
    shown = {"target": "target_text", "actual": "actual_text", "next_target": "next_target_text"}
    names = [n for n in _COMPARED if getattr(kpi, n) != getattr(other, n)]
    return (
        "; ".join(f"{n} {getattr(kpi, shown.get(n, n))}" for n in names),
        "; ".join(f"{n} {getattr(other, shown.get(n, n))}" for n in names),
    )


def duplicate_findings(doc: Document) -> list[Finding]:
    """`duplicate`: a KPI printed under two headings has the same numbers both times."""
    out: list[Finding] = []
    first: dict[tuple[str, int], tuple[Initiative, Kpi]] = {}
    for seq, initiative, kpi_seq, kpi in _iter_kpis(doc):
        key = (nfkc_spaced(kpi.name), kpi.fiscal_year)
        if key not in first:
            first[key] = (initiative, kpi)
            continue
        earlier_initiative, earlier = first[key]
        printed, expected = _differences(kpi, earlier)
        if not printed:
            continue
        out.append(
            _finding(
                doc,
                "duplicate",
                f"{kpi.name} is printed under {initiative.section_code} with {printed}, but "
                f"under {earlier_initiative.section_code} (page {earlier.page}) with {expected}.",
                printed=printed,
                expected=expected,
                **_kpi_where(initiative, seq, kpi, kpi_seq),
            )
        )
    return out


def listed_vs_counted_findings(doc: Document) -> list[Finding]:
    """`listed_vs_counted`: a field lists no more projects with KPIs (and achieved
    ones) than it counts.

    KPI設定事業数 and 達成 count projects: an initiative with a KPI of the year is
    one project however many KPIs it lists, and it counts as achieved when all
    of them are marked 達成.
    """
    out: list[Finding] = []
    for row in doc.fields:
        projects = [
            [k for k in i.kpis if k.fiscal_year == row.fiscal_year]
            for i in doc.initiatives
            if (i.area, i.field_code) == (row.area, row.code)
        ]
        with_kpis = [kpis for kpis in projects if kpis]
        achieved = sum(all(k.status == ACHIEVED for k in kpis) for kpis in with_kpis)
        for printed, listed, label in (
            (row.kpi_projects, len(with_kpis), "projects with KPIs"),
            (row.achieved, achieved, f"projects whose KPIs are all marked {ACHIEVED}"),
        ):
            if printed is None or listed <= printed:
                continue
            out.append(
                _finding(
                    doc,
                    "listed_vs_counted",
                    f"{row.area} {row.code} {row.fiscal_year} lists {listed} {label}, more than "
                    f"the {printed} its field table counts.",
                    area=row.area,
                    fiscal_year=row.fiscal_year,
                    field_code=row.code,
                    page=row.page,
                    printed=str(printed),
                    expected=f"≥ {listed}",
                )
            )
    return out


def incomplete_findings(doc: Document) -> list[Finding]:
    """`incomplete` (warning): what a report of this kind prints but was not read —
    a field table's 合計 for a year its rows have, an area summary for an area and
    year the field tables have. Not a bad published number: a part of the page
    the extractor missed (`dxextract inspect` shows where), which the other
    rules then cannot check."""
    out: list[Finding] = []
    totals = {(t.area, t.fiscal_year) for t in doc.field_totals}
    summaries = {(s.area, s.fiscal_year) for s in doc.area_summaries}
    for area, year in sorted({(r.area, r.fiscal_year) for r in doc.fields}):
        page = min(r.page for r in doc.fields if (r.area, r.fiscal_year) == (area, year))
        for found, what in ((totals, "合計 row"), (summaries, "area summary")):
            if (area, year) in found:
                continue
            out.append(
                _finding(
                    doc,
                    "incomplete",
                    f"{area} {year}: its field rows were read but no {what}; "
                    "see what was found with `dxextract inspect`.",
                    severity="warning",
                    area=area,
                    fiscal_year=year,
                    page=page,
                    expected=what,
                )
            )
    return out


def document_findings(doc: Document, rules: Sequence[DirectionRule] | None = None) -> list[Finding]:
    """Every rule over one report, in rule order."""
    rules = load_directions() if rules is None else rules
    return [
        *sum_findings(doc),
        *rate_findings(doc),
        *summary_vs_total_findings(doc),
        *partition_findings(doc),
        *status_findings(doc, rules),
        *duplicate_findings(doc),
        *listed_vs_counted_findings(doc),
        *incomplete_findings(doc),
    ]


# --- across editions -----------------------------------------------------------


def target_changed_findings(earlier: Document, later: Document) -> list[Finding]:
    """`target_changed` (info): the later edition's target for year Y differs from
    the next-year target the earlier edition printed for Y (same KPI name and field)."""
    year = later.report.results_fiscal_year
    if earlier.report.plan_fiscal_year != year:
        return []
    announced: dict[str, Kpi] = {}
    for _, initiative, _, kpi in _iter_kpis(earlier):
        if kpi.next_fiscal_year == year:
            announced.setdefault(kpi_key(kpi.name, initiative.field_code), kpi)
    out: list[Finding] = []
    for seq, initiative, kpi_seq, kpi in _iter_kpis(later):
        before = announced.get(kpi_key(kpi.name, initiative.field_code))
        if kpi.fiscal_year != year or before is None or before.next_target == kpi.target:
            continue
        out.append(
            _finding(
                later,
                "target_changed",
                f"{kpi.name}: the {year} target is {kpi.target_text}, but "
                f"{earlier.report.file} announced {before.next_target_text} (page {before.page}).",
                severity="info",
                printed=kpi.target_text,
                expected=before.next_target_text,
                **_kpi_where(initiative, seq, kpi, kpi_seq),
            )
        )
    return out


def edition_findings(docs: Sequence[Document]) -> list[Finding]:
    """`target_changed` for every pair of consecutive editions among `docs` (same
    series, the earlier's plan year the later's results year), in the order of
    `docs`: each report is compared only with the editions of its series a year
    before it, found by key, so the cost grows with the number of reports."""
    keys = [series_key(doc.report.title) for doc in docs]
    before: dict[tuple[str, int], list[Document]] = {}
    for key, doc in zip(keys, docs, strict=True):
        before.setdefault((key, doc.report.plan_fiscal_year), []).append(doc)
    return [
        finding
        for key, later in zip(keys, docs, strict=True)
        for earlier in before.get((key, later.report.results_fiscal_year), [])
        for finding in target_changed_findings(earlier, later)
    ]


def check_documents(
    docs: Sequence[Document], rules: Sequence[DirectionRule] | None = None
) -> list[Finding]:
    """Every rule over every report, then across editions."""
    rules = load_directions() if rules is None else rules
    return [
        *(f for doc in docs for f in document_findings(doc, rules)),
        *edition_findings(docs),
    ]
