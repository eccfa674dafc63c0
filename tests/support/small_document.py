"""A small report with every record kind, for the store, export and reissue tests."""

from __future__ import annotations

import hashlib

from dxextract.models import (
    AreaSummary,
    Document,
    FieldRow,
    FieldTotal,
    Initiative,
    Kpi,
    Report,
)

TITLE_R5 = (
    "デジタル変革（DX）に係る令和5年度の実施状況及び令和6年度の事業・実施一覧について【概要】"
)
TITLE_R6 = (
    "デジタル変革（DX）に係る令和6年度の実施状況及び令和7年度の事業・実施一覧について【概要】"
)


def make_document(
    *,
    file: str = "fukushima_dx_r5.pdf",
    content: str = "edition 1",
    title: str = TITLE_R5,
    results_fiscal_year: int = 2023,
    plan_fiscal_year: int | None = None,
    outcome_text: str = "R5成果・効果",
    issued: str | None = "2024-09-30T10:12:00+09:00",
) -> Document:
    """A small report with every record kind, ints, floats, nulls and a shared title.

    `content` stands for the PDF bytes: it decides the sha256.
    """
    year = results_fiscal_year
    plan = year + 1 if plan_fiscal_year is None else plan_fiscal_year
    kpi_online = Kpi(
        name="県及び市町村行政手続のオンライン利用率",
        fiscal_year=year,
        target=67.4,
        target_text="67.4%",
        actual=43.1,
        actual_text="43.1%",
        unit="%",
        status="一部達成",
        next_fiscal_year=plan,
        next_target=73.7,
        next_target_text="73.7%",
        page=3,
    )
    kpi_hours = Kpi(
        name="業務削減時間",
        fiscal_year=year,
        target=1000,
        target_text="1,000時間",
        actual=32000000,
        actual_text="32百万枚",
        unit="時間",
        status="達成",
        next_fiscal_year=None,
        next_target=None,
        next_target_text="—",
        page=4,
    )
    kpi_unpublished = Kpi(
        name="電子申請件数",
        fiscal_year=year,
        target=None,
        target_text="－",
        actual=None,
        actual_text="",
        unit=None,
        status=None,
        next_fiscal_year=plan,
        next_target=250,
        next_target_text="250万PV",
        page=4,
    )
    return Document(
        report=Report(
            file=file,
            sha256=hashlib.sha256(content.encode()).hexdigest(),
            title=title,
            results_fiscal_year=year,
            plan_fiscal_year=plan,
            pages=13,
            issued=issued,
        ),
        area_summaries=(
            AreaSummary(
                area="行政のDX",
                fiscal_year=year,
                projects=52,
                kpi_projects=19,
                achieved=13,
                achieved_pct=68,
                partially_achieved=6,
                partially_achieved_pct=31.6,
                page=1,
            ),
            AreaSummary(
                area="行政のDX",
                fiscal_year=plan,
                projects=51,
                kpi_projects=21,
                achieved=None,
                achieved_pct=None,
                partially_achieved=None,
                partially_achieved_pct=None,
                page=1,
            ),
        ),
        fields=(
            FieldRow(
                area="行政のDX",
                code="I-1",
                name="まず始めに実施すべき取組",
                fiscal_year=year,
                projects=7,
                kpi_projects=1,
                achieved=1,
                achieved_pct=100,
                page=2,
            ),
            FieldRow(
                area="地域のDX",
                code="V",
                name="情報セキュリティ対策・個人情報保護",
                fiscal_year=year,
                projects=4,
                kpi_projects=0,
                achieved=None,
                achieved_pct=None,
                page=6,
            ),
        ),
        field_totals=(
            FieldTotal(
                area="行政のDX",
                fiscal_year=year,
                projects=52,
                kpi_projects=19,
                achieved=13,
                achieved_pct=68.4,
                page=2,
            ),
        ),
        initiatives=(
            Initiative(
                area="行政のDX",
                field_code="I-2",
                section_code="I-2",
                title="行政手続のオンライン化",
                activities="R5取組内容",
                outcomes=outcome_text,
                next_activities="R6取組内容",
                kpi_applicable=True,
                page=3,
                bbox=(30.0, 90.5, 810.0, 260.25),
                kpis=(kpi_online, kpi_hours),
            ),
            Initiative(
                area="行政のDX",
                field_code="II",
                section_code="II-1",
                title="情報システムの標準化",
                activities="",
                outcomes="",
                next_activities="",
                kpi_applicable=False,
                page=4,
                bbox=(30.0, 300.0, 810.0, 420.5),
                kpis=(),
            ),
            # One project reported under two headings: same title, both kept.
            Initiative(
                area="地域のDX",
                field_code="II",
                section_code="II-2",
                title="行政手続のオンライン化",
                activities="R5 online portal",
                outcomes="",
                next_activities="",
                kpi_applicable=True,
                page=4,
                bbox=(30.5, 430.0, 809.75, 560.0),
                kpis=(kpi_unpublished,),
            ),
        ),
    )
