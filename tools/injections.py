"""Variants of the FY2023 content with one injected inconsistency (tests/test_checks.py).

Each helper returns a new `fy2023_content.Report` (the dataclasses are frozen:
`dataclasses.replace` all the way down); the content module is not edited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from fy2023_content import (
    REPORT,
    Block,
    FieldTable,
    Initiative,
    Kpi,
    Report,
    Section,
    SummaryCell,
    Years,
)


def map_sections(report: Report, fn: Callable[[Section], Section]) -> Report:
    blocks: list[Block] = [fn(b) if isinstance(b, Section) else b for b in report.blocks]
    return replace(report, blocks=tuple(blocks))


def map_kpis(report: Report, fn: Callable[[Kpi], Kpi], heading_part: str = "") -> Report:
    """`fn` applied to every KPI under a section whose heading contains `heading_part`."""

    def section(s: Section) -> Section:
        if heading_part not in s.heading:
            return s
        items = tuple(replace(i, kpis=tuple(fn(k) for k in i.kpis)) for i in s.initiatives)
        return replace(s, initiatives=items)

    return map_sections(report, section)


def with_kpi(report: Report, name: str, heading_part: str = "", **changes: str) -> Report:
    """The KPI called `name` (under `heading_part`) with some printed cells changed."""
    return map_kpis(report, lambda k: replace(k, **changes) if k.name == name else k, heading_part)


def with_field_value(report: Report, code: str, column: int, value: str) -> Report:
    """A field table row (by printed code) with one value cell (after 分野) changed."""

    def table(t: FieldTable) -> FieldTable:
        rows = tuple(
            replace(r, values=(*r.values[:column], value, *r.values[column + 1 :]))
            if r.code == code
            else r
            for r in t.rows
        )
        return replace(t, rows=rows)

    blocks = tuple(table(b) if isinstance(b, FieldTable) else b for b in report.blocks)
    return replace(report, blocks=blocks)


def with_summary_cell(report: Report, label: str, index: int, cell: SummaryCell) -> Report:
    """The summary row `label` with its cell `index` (area-major) replaced."""
    rows = tuple(
        replace(r, cells=(*r.cells[:index], cell, *r.cells[index + 1 :])) if r.label == label else r
        for r in report.summary.rows
    )
    return replace(report, summary=replace(report.summary, rows=rows))


def with_added_initiatives(report: Report, heading_part: str, *items: Initiative) -> Report:
    """More initiatives at the end of the section whose heading contains `heading_part`."""

    def section(s: Section) -> Section:
        if heading_part not in s.heading:
            return s
        return replace(s, initiatives=(*s.initiatives, *items))

    return map_sections(report, section)


def _next_year(kpi: Kpi) -> Kpi:
    # The next edition reports on the year the earlier one planned: its target is
    # the announced one. 達成 stays consistent with actual = target (whichever way
    # is better); every 一部達成 actual of FY2023 is still below its new target.
    actual = kpi.next_target if kpi.status == "達成" else kpi.actual
    return replace(kpi, target=kpi.next_target, actual=actual)


def next_edition(report: Report = REPORT) -> Report:
    """The FY2024 edition of `report`: same counts, targets as announced for 2024."""
    later = replace(report, years=Years("令和6年度", "令和7年度", "R6", "R7"))
    return map_kpis(later, _next_year)


def initiatives_of(report: Report) -> list[Initiative]:
    return list(report.initiatives())


# --- the FY2024 edition with one inconsistency of each kind ---------------------
# Rendered by every producer (tools/producers/injected.py → tests/fixtures/
# producers/injected/), each rendering must give the same findings
# (tests/test_checks.py): a check that holds on one producer's numbers holds on all.

CHATBOT = "チャットボット満足度"
PAPER = "コピー用紙購入量（本庁（知事部局））"


def fy2024_injected() -> Report:
    """The synthetic FY2024 edition with five inconsistencies, one per rule."""
    from fy2024_synthetic import REPORT_FY2024

    report = with_field_value(REPORT_FY2024, "Ⅲ-2", 0, "10事業")  # sum: 合計 81 ≠ 82
    report = with_field_value(report, "I-3", 3, "85%")  # rate: 6/7 is 86 %
    report = with_summary_cell(report, "一部達成", 2, SummaryCell("24事業", "45%"))  # partition
    report = with_kpi(report, CHATBOT, actual="59%")  # status: 達成 below its target
    return with_kpi(report, PAPER, status="達成")  # status: 達成 above a lower-is-better target
