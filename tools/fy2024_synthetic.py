"""A SYNTHETIC FY2024 (令和6年度) edition, derived from the FY2023 content.

No FY2024 report was available; this fictional edition exists to test several
editions in one database (kpi_history, initiative matching). It is the FY2023
report (tools/fy2023_content.REPORT) with:

- the years moved on: 令和6年度 results, 令和7年度 plan (R6/R7);
- new numbers that stay consistent: I-1 has one more project, one more with
  KPIs and one more achieved, so the 行政 合計 and the summary table move with
  it (53/20/14, 70 %; plan 52/21); every KPI's target is last year's next
  target, with new actuals, statuses and next targets;
- titles re-worded slightly (punctuation, full-width forms) that must still
  match last year's initiative: 書面規制・押印・対面規制の見直し, ＡＩの活用,
  （オールふくしまスマートシティ推進事業）, and one KPI name in full-width
  brackets (先端技術を活用する市町村数（累計）), which must keep its key;
- one initiative dropped (RPAの導入) and one added (生成AIの業務活用).

`python tools/fy2024_synthetic.py` writes tests/fixtures/fukushima_dx_r6_synthetic.pdf.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from fy2023_content import (
    GYOSEI_FIELDS,
    REPORT,
    SUMMARY,
    WIDE_OUTCOME,
    FieldRow,
    FieldTable,
    Initiative,
    Kpi,
    Report,
    Section,
    SummaryCell,
    SummaryRow,
    Years,
)

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC_PDF = Path("tests/fixtures/fukushima_dx_r6_synthetic.pdf")

YEARS = Years("令和6年度", "令和7年度", "R6", "R7")

# Slight re-wordings: the same initiative, another spelling.
RENAMED = {
    "書面規制、押印、対面規制の見直し": "書面規制・押印・対面規制の見直し",
    "AIの活用": "ＡＩの活用",
    (
        "各市町村の実情と地域の特性に応じた支援等デジタル変革（DX）推進事業"
        "(オールふくしまスマートシティ推進事業)"
    ): (
        "各市町村の実情と地域の特性に応じた支援等デジタル変革（DX）推進事業"
        "（オールふくしまスマートシティ推進事業）"
    ),
}
KPI_RENAMED = {"先端技術を活用する市町村数(累計)": "先端技術を活用する市町村数（累計）"}
DROPPED = "RPAの導入"
ADDED_AFTER = "AIの活用"
ADDED = Initiative(
    "生成AIの業務活用",
    "生成AIを庁内業務で試行し、文書作成や要約の効率化を図る。",
    "生成AIの利用ガイドラインを策定し、12業務で試行した。",
    "試行の結果を踏まえ、全庁での本格利用に向けた環境を整備する。",
    kpis=(Kpi("生成AIを活用する業務数", "10業務", "12業務", "達成", "30業務"),),
    spans=WIDE_OUTCOME,
)

# FY2024 result and FY2025 target of a KPI, by its FY2023 name: (actual, status,
# next target). The FY2024 target is always the FY2023 next target. A KPI not
# listed met its target exactly and keeps it.
RESULTS = {
    "県及び市町村行政手続のオンライン利用率": ("58.2%", "一部達成", "80.0%"),
    "自動車税種別割に係る電子決済利用件数": ("71,204件", "達成", "72,000件"),
    "コピー用紙購入量（本庁（知事部局））": ("24百万枚", "一部達成", "18百万枚"),
    "チャットボット満足度": ("65%", "達成", "66%"),
    "先端技術を活用する市町村数(累計)": ("59団体", "達成", "59団体"),
    "スマートシティに取り組む市町村数": ("9団体", "達成", "12団体"),
    "ふくしま12市町村移住ポータルサイト(未来ワークふくしま)のページビュー数": (
        "231万PV",
        "一部達成",
        "300万PV",
    ),
    "防災アプリの累計ダウンロード数": ("61,250", "達成", "80,000"),
    # 一部達成: the 地域 field table (unchanged) counts no achieved KPI under IV.
    "情報リテラシー向上事業に参加した高齢者の人数": ("845人", "一部達成", "1,000人"),
}


def next_year_kpi(kpi: Kpi) -> Kpi:
    """The same KPI a year on: last year's next target is this year's target."""
    actual, status, next_target = RESULTS.get(kpi.name, (kpi.next_target, "達成", kpi.next_target))
    return Kpi(KPI_RENAMED.get(kpi.name, kpi.name), kpi.next_target, actual, status, next_target)


def next_year_initiative(item: Initiative) -> Initiative:
    return replace(
        item,
        title=RENAMED.get(item.title, item.title),
        kpis=tuple(next_year_kpi(k) for k in item.kpis),
    )


def next_year_section(section: Section) -> Section:
    items: list[Initiative] = []
    for item in section.initiatives:
        if item.title == DROPPED:
            continue
        items.append(next_year_initiative(item))
        if item.title == ADDED_AFTER:
            items.append(ADDED)
    return replace(section, initiatives=tuple(items))


def _gyosei_fields() -> FieldTable:
    rows = tuple(
        FieldRow(r.code, r.name, ("8事業", "2事業", "2事業", "100%", "8事業", "2事業"))
        if r.code == "I-1"
        else r
        for r in GYOSEI_FIELDS.rows
    )
    total = replace(
        GYOSEI_FIELDS.total, values=("53事業", "20事業", "14事業", "70%", "52事業", "21事業")
    )
    return replace(GYOSEI_FIELDS, rows=rows, total=total)


def _summary_cells(label: str, row: SummaryRow) -> tuple[SummaryCell, ...]:
    # Area-major cells: (行政 results, 行政 plan, 地域 results, 地域 plan).
    gyosei = {
        "事業数": (SummaryCell("53事業"), SummaryCell("52事業")),
        "うちKPI設定事業数": (SummaryCell("20事業"), SummaryCell("21事業")),
        "達成": (SummaryCell("14事業", "70%"), row.cells[1]),
        "一部達成": (SummaryCell("6事業", "30%"), row.cells[1]),
    }[label]
    return (*gyosei, *row.cells[2:])


def fy2024_report() -> Report:
    """The synthetic FY2024 edition as content (render it with make_fixture_pdfs)."""
    fields = _gyosei_fields()
    blocks = tuple(
        fields
        if block is GYOSEI_FIELDS
        else next_year_section(block)
        if isinstance(block, Section)
        else block
        for block in REPORT.blocks
    )
    summary = replace(
        SUMMARY,
        rows=tuple(replace(r, cells=_summary_cells(r.label, r)) for r in SUMMARY.rows),
    )
    return replace(REPORT, years=YEARS, summary=summary, blocks=blocks)


REPORT_FY2024 = fy2024_report()


def main() -> int:
    from make_fixture_pdfs import SLIDES, render_report

    out = ROOT / SYNTHETIC_PDF
    pages = render_report(REPORT_FY2024, out, SLIDES)
    print(f"{out}: {pages} pages (slides, synthetic FY2024)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
