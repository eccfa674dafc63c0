"""`dxextract check`: the FY2023 report is consistent; each injected inconsistency is found.

Each inconsistency is one printed value changed (tools/injections.py), and must
give exactly one finding: that rule, located at the record that prints the
value, on the page the extraction found that record. The fast tier changes the
records of the committed slides' extraction (tests/support/edits.py); the slow
tier renders each variant of `fy2023_content.REPORT` in the slides layout,
reads it, and checks that its records are the edited ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from dxtest import ROOT, SLIDES_PDF, comparable, record_diff
from edits import as_file, initiative_like, with_field, with_initiatives, with_kpi, with_summary
from fy2023_content import REPORT, Initiative, Kpi, Report, SummaryCell
from injections import (
    CHATBOT,
    PAPER,
    next_edition,
    with_added_initiatives,
    with_field_value,
    with_summary_cell,
)
from injections import with_kpi as with_printed_kpi
from make_fixture_pdfs import SLIDES, render_report

from dxextract.check.directions import kpi_direction, load_directions
from dxextract.check.formats import (
    escape_data,
    escape_property,
    finding_to_annotation,
    findings_to_github,
    findings_to_markdown,
)
from dxextract.check.rules import (
    check_documents,
    listed_vs_counted_findings,
    printed_decimals,
    rounded_pct,
)
from dxextract.cli import cli
from dxextract.errors import DirectionsError
from dxextract.extract.pipeline import pdf_to_document
from dxextract.ingest import checks
from dxextract.models import Document, Finding
from dxextract.store import open_db, store_document
from dxextract.text import nfkc

ONLINE = "県及び市町村行政手続のオンライン利用率"

VARIANTS: dict[str, Callable[[], Report]] = {
    "sum": lambda: with_field_value(REPORT, "I-1", 0, "8事業"),
    "rate": lambda: with_field_value(REPORT, "I-3", 3, "85%"),
    "summary_vs_total": lambda: with_summary_cell(REPORT, "事業数", 1, SummaryCell("50事業")),
    # 24/53 → 45 %: the percentage agrees with its count, only the partition breaks.
    "partition": lambda: with_summary_cell(REPORT, "一部達成", 2, SummaryCell("24事業", "45%")),
    "status_higher": lambda: with_printed_kpi(REPORT, CHATBOT, actual="59%"),
    "status_lower": lambda: with_printed_kpi(REPORT, PAPER, actual="33百万枚"),
    "duplicate": lambda: with_printed_kpi(REPORT, ONLINE, "II-2", actual="43.2%"),
    # Two more projects with KPIs under IV, which counts 2 (one listed already).
    "listed_vs_counted": lambda: with_added_initiatives(
        REPORT,
        "デジタルデバ",
        Initiative(
            "スマホ教室の開催",
            "町村と連携し、スマホ教室を開催する。",
            "県内で52回開催した。",
            "開催回数を増やす。",
            kpis=(Kpi("スマホ教室の開催回数", "60回", "52回", "一部達成", "60回"),),
        ),
        Initiative(
            "デジタル活用サポーターの育成",
            "サポーターを育成する。",
            "40人を育成した。",
            "育成を続ける。",
            kpis=(Kpi("デジタル活用サポーターの育成人数", "100人", "40人", "一部達成", "100人"),),
        ),
    ),
    "next_edition": next_edition,
    "next_edition_changed": lambda: with_printed_kpi(
        next_edition(), CHATBOT, target="63%", actual="63%"
    ),
}


def _listed_vs_counted(doc: Document) -> Document:
    """The two projects of VARIANTS' listed_vs_counted, as their rendering reads."""
    (model,) = [i for i in doc.initiatives if i.section_code == "IV"]
    kpi = model.kpis[0]
    added = [
        # title, activities, outcomes, next activities; its KPI: name, target, actual, unit
        (
            "スマホ教室の開催",
            "町村と連携し、スマホ教室を開催する。",
            "県内で52回開催した。",
            "開催回数を増やす。",
            "スマホ教室の開催回数",
            60,
            52,
            "回",
        ),
        (
            "デジタル活用サポーターの育成",
            "サポーターを育成する。",
            "40人を育成した。",
            "育成を続ける。",
            "デジタル活用サポーターの育成人数",
            100,
            40,
            "人",
        ),
    ]
    items = [
        initiative_like(
            model,
            title,
            kpi.model_copy(
                update={
                    "name": name,
                    "target": target,
                    "target_text": f"{target}{unit}",
                    "actual": actual,
                    "actual_text": f"{actual}{unit}",
                    "unit": unit,
                    "status": "一部達成",
                    "next_target": target,
                    "next_target_text": f"{target}{unit}",
                }
            ),
            activities=activities,
            outcomes=outcomes,
            next_activities=next_activities,
        )
        for title, activities, outcomes, next_activities, name, target, actual, unit in added
    ]
    return with_initiatives(doc, "IV", *items)


# VARIANTS as edits of the FY2023 records: what each rendering reads as
# (test_each_edit_is_what_its_rendering_reads, in the slow tier).
EDITS: dict[str, Callable[[Document], Document]] = {
    "sum": lambda d: with_field(d, "I-1", 2023, projects=8),
    "rate": lambda d: with_field(d, "I-3", 2023, achieved_pct=85),
    "summary_vs_total": lambda d: with_summary(d, "行政のDX", 2024, projects=50),
    "partition": lambda d: with_summary(
        d, "地域のDX", 2023, partially_achieved=24, partially_achieved_pct=45
    ),
    "status_higher": lambda d: with_kpi(d, CHATBOT, actual=59, actual_text="59%"),
    "status_lower": lambda d: with_kpi(d, PAPER, actual=33_000_000, actual_text="33百万枚"),
    "duplicate": lambda d: with_kpi(d, ONLINE, "II-2", actual=43.2, actual_text="43.2%"),
    "listed_vs_counted": _listed_vs_counted,
}

Rendered = Callable[[str], tuple[Path, Document]]
Injected = Callable[[str], Document]


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """name → (PDF path, extracted Document), rendered once per session on demand."""
    folder = tmp_path_factory.mktemp("injected")
    cache: dict[str, tuple[Path, Document]] = {}

    def get(name: str) -> tuple[Path, Document]:
        if name not in cache:
            path = folder / f"{name}.pdf"
            render_report(VARIANTS[name](), path, SLIDES)
            cache[name] = (path, pdf_to_document(path))
        return cache[name]

    return get


@pytest.fixture(params=["edited", pytest.param("rendered", marks=pytest.mark.slow)])
def injected(
    request: pytest.FixtureRequest,
    rendered: Rendered,
    slides_doc: Document,
    synthetic_doc: Document,
) -> Injected:
    """name → the Document of that variant: the committed slides' records edited
    (EDITS; the next edition is the committed synthetic FY2024 one, whose targets
    are the announced ones), or, in the slow tier, the variant rendered and read."""
    if request.param == "rendered":
        return lambda name: rendered(name)[1]

    def edited(name: str) -> Document:
        if name == "next_edition":
            return synthetic_doc
        if name == "next_edition_changed":
            changed = with_kpi(
                synthetic_doc, CHATBOT, target=63, target_text="63%", actual=63, actual_text="63%"
            )
            return as_file(changed, f"{name}.pdf")
        return as_file(EDITS[name](slides_doc), f"{name}.pdf")

    return edited


# --- where the printed value is, found in the rendered PDF's own records ---------


def _total(doc: Document, area: str, year: int) -> dict[str, Any]:
    (total,) = [t for t in doc.field_totals if (t.area, t.fiscal_year) == (area, year)]
    return {"area": area, "fiscal_year": year, "field_code": None, "page": total.page}


def _summary(doc: Document, area: str, year: int) -> dict[str, Any]:
    (s,) = [s for s in doc.area_summaries if (s.area, s.fiscal_year) == (area, year)]
    return {"area": area, "fiscal_year": year, "field_code": None, "page": s.page}


def _field(doc: Document, code: str, year: int) -> dict[str, Any]:
    (row,) = [r for r in doc.fields if (r.code, r.fiscal_year) == (code, year)]
    return {"area": row.area, "fiscal_year": year, "field_code": code, "page": row.page}


def _kpi(doc: Document, name: str, section: str | None = None) -> dict[str, Any]:
    (where,) = [
        {
            "area": i.area,
            "fiscal_year": k.fiscal_year,
            "field_code": i.field_code,
            "initiative_seq": seq,
            "kpi_seq": kseq,
            "initiative_title": i.title,
            "kpi_name": name,
            "page": k.page,
        }
        for seq, i in enumerate(doc.initiatives)
        for kseq, k in enumerate(i.kpis)
        if k.name == name and section in (None, i.section_code)
    ]
    return where


CASES: list[tuple[str, str, Callable[[Document], dict[str, Any]], str, str]] = [
    ("sum", "sum", lambda d: _total(d, "行政のDX", 2023), "52", "53"),
    ("rate", "rate", lambda d: _field(d, "I-3", 2023), "85%", "86%"),
    (
        "summary_vs_total",
        "summary_vs_total",
        lambda d: _summary(d, "行政のDX", 2024),
        "50",
        "51",
    ),
    ("partition", "partition", lambda d: _summary(d, "地域のDX", 2023), "30 + 24 = 54", "53"),
    (
        "status_higher",
        "status",
        lambda d: _kpi(d, CHATBOT),
        "達成: actual 59%, target 60%",
        "一部達成 or 未達成",
    ),
    (
        "status_lower",
        "status",
        lambda d: _kpi(d, PAPER),
        "達成: actual 33百万枚, target 32百万枚",
        "一部達成 or 未達成",
    ),
    ("duplicate", "duplicate", lambda d: _kpi(d, ONLINE, "II-2"), "actual 43.2%", "actual 43.1%"),
    ("listed_vs_counted", "listed_vs_counted", lambda d: _field(d, "IV", 2023), "2", "≥ 3"),
]


@pytest.mark.parametrize("doc_fixture", ["slides_doc", "grid_doc", "writer_doc"])
def test_fy2023_report_has_no_findings(doc_fixture: str, request: pytest.FixtureRequest) -> None:
    doc: Document = request.getfixturevalue(doc_fixture)
    assert check_documents([doc]) == []


def test_fy2023_sums_by_hand(slides_doc: Document) -> None:
    """The figures of the issue, read off the records: 7+11+16+9+9 = 52, 30 + 23 = 53."""
    gyosei = [
        r.projects for r in slides_doc.fields if r.area == "行政のDX" and r.fiscal_year == 2023
    ]
    assert gyosei == [7, 11, 16, 9, 9] and sum(p for p in gyosei if p is not None) == 52
    chiiki = next(
        s for s in slides_doc.area_summaries if s.area == "地域のDX" and s.fiscal_year == 2023
    )
    assert (chiiki.achieved, chiiki.partially_achieved, chiiki.kpi_projects) == (30, 23, 53)


def test_field_without_kpis_is_not_an_inconsistency(slides_doc: Document) -> None:
    """V prints KPI設定事業数 0 and 達成 '-' (null): nothing to divide, nothing to add."""
    (v,) = [r for r in slides_doc.fields if (r.code, r.fiscal_year) == ("V", 2023)]
    assert (v.kpi_projects, v.achieved, v.achieved_pct) == (0, None, None)
    assert check_documents([slides_doc]) == []


def test_percentage_printed_over_zero_kpis_is_a_rate_finding(slides_doc: Document) -> None:
    doc = with_field(slides_doc, "V", 2023, achieved=0, achieved_pct=0)
    (finding,) = check_documents([doc])
    assert (finding.rule, finding.field_code, finding.printed, finding.expected) == (
        "rate",
        "V",
        "0%",
        "—",
    )


def test_listed_achieved_beyond_the_printed_count(slides_doc: Document) -> None:
    """IV lists one KPI; printed with KPI設定事業数 0 it counts fewer than it lists
    (and the 合計 no longer adds up)."""
    doc = with_field(slides_doc, "IV", 2023, kpi_projects=0, achieved=0, achieved_pct=None)
    rules = sorted(f.rule for f in check_documents([doc]))
    assert rules == ["listed_vs_counted", "sum"]


@pytest.mark.parametrize(
    ("part", "whole", "decimals", "pct"),
    [
        (13, 19, 0, "68"),
        (6, 7, 0, "86"),
        (23, 53, 0, "43"),
        (5, 8, 0, "63"),  # 62.5: half up, not half to even
        (6, 19, 0, "32"),
        (0, 2, 0, "0"),
        (2, 3, 1, "66.7"),
        (1, 8, 1, "12.5"),
        (1, 16, 1, "6.3"),  # 6.25
    ],
)
def test_rounding_rule_is_half_up(part: int, whole: int, decimals: int, pct: str) -> None:
    assert str(rounded_pct(part, whole, decimals)) == pct


@pytest.mark.parametrize(("value", "decimals"), [(68, 0), (67.4, 1), (6.25, 2), (100, 0)])
def test_printed_decimals(value: float, decimals: int) -> None:
    assert printed_decimals(value) == decimals


@pytest.mark.parametrize(
    ("case", "rule", "locate", "printed", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_one_injected_inconsistency_gives_exactly_that_finding(
    injected: Injected,
    case: str,
    rule: str,
    locate: Callable[[Document], dict[str, Any]],
    printed: str,
    expected: str,
) -> None:
    doc = injected(case)
    findings = check_documents([doc])
    assert len(findings) == 1, findings
    (finding,) = findings
    assert (finding.rule, finding.severity) == (rule, "error")
    assert (finding.printed, finding.expected) == (printed, expected)
    got = finding.model_dump(include=set(locate(doc)))
    assert got == locate(doc)
    assert finding.sha256 == doc.report.sha256


@pytest.mark.slow
@pytest.mark.parametrize("case", list(EDITS))
def test_each_edit_is_what_its_rendering_reads(
    rendered: Rendered, slides_doc: Document, case: str
) -> None:
    _, doc = rendered(case)
    assert record_diff(comparable(doc), comparable(EDITS[case](slides_doc))) == []


def test_duplicate_is_located_at_the_second_heading(rendered: Rendered) -> None:
    # Rendered (in the fast tier too): the page of each heading is the rendering's.
    _, doc = rendered("duplicate")
    (finding,) = check_documents([doc])
    first = _kpi(doc, ONLINE, "I-2")
    assert finding.initiative_seq is not None and finding.initiative_seq > first["initiative_seq"]
    assert f"under I-2 (page {first['page']}) with actual 43.1%" in finding.message


# --- the same findings from every producer ------------------------------------
# tests/fixtures/producers/injected/: the FY2024 edition with one inconsistency of
# each kind (injections.fy2024_injected), rendered by each producer
# (tools/producers/injected.py). Each rendering's findings are these, each located
# on the page where that rendering printed the record.

INJECTED = sorted(ROOT.joinpath("tests", "fixtures", "producers", "injected").glob("*.pdf"))
INJECTED_FINDINGS = [
    ("partition", "地域のDX", None, None, "30 + 24 = 54", "53"),
    ("rate", "行政のDX", "I-3", None, "85%", "86%"),
    (
        "status",
        "行政のDX",
        "I-3",
        PAPER,
        "達成: actual 24百万枚, target 20百万枚",
        "一部達成 or 未達成",
    ),
    ("status", "行政のDX", "I-3", CHATBOT, "達成: actual 59%, target 62%", "一部達成 or 未達成"),
    ("sum", "地域のDX", None, None, "81", "82"),
]

INJECTED_VALUES = [
    ".area_summaries[2].partially_achieved: got 24, want 23",
    ".area_summaries[2].partially_achieved_pct: got 45, want 43",
    ".fields[4].achieved_pct: got 85, want 86",
    ".fields[12].projects: got 10, want 9",
    ".initiatives[4].kpis[0].status: got '達成', want '一部達成'",
    ".initiatives[5].kpis[0].actual: got 59, want 65",
    ".initiatives[5].kpis[0].actual_text: got '59%', want '65%'",
]


def _record_page(doc: Document, finding: Finding) -> int | None:
    """The page of the record a finding names, found in the document's own records."""
    year = finding.fiscal_year
    assert year is not None and finding.area is not None
    if finding.kpi_name is not None:
        return _kpi(doc, finding.kpi_name)["page"]  # type: ignore[no-any-return]
    if finding.field_code is not None:
        return _field(doc, finding.field_code, year)["page"]  # type: ignore[no-any-return]
    if finding.rule == "sum":
        return _total(doc, finding.area, year)["page"]  # type: ignore[no-any-return]
    return _summary(doc, finding.area, year)["page"]  # type: ignore[no-any-return]


def test_every_producer_has_an_injected_rendering() -> None:
    assert {p.stem for p in INJECTED} >= {"reportlab", "docx", "browser", "calc", "impress"}
    assert len([p for p in INJECTED if p.stem.startswith("rearranged_")]) >= 2


# reportlab's rendering in the fast tier, the other producers' in the slow one.
@pytest.mark.parametrize(
    "pdf",
    [p if p.stem == "reportlab" else pytest.param(p, marks=pytest.mark.slow) for p in INJECTED],
    ids=[p.stem for p in INJECTED],
)
def test_each_producer_gives_the_same_findings(pdf: Path) -> None:
    doc = pdf_to_document(pdf)
    assert doc.report.results_fiscal_year == 2024
    findings = check_documents([doc])
    got = sorted(
        (f.rule, f.area, f.field_code, f.kpi_name, f.printed, f.expected) for f in findings
    )
    assert got == INJECTED_FINDINGS
    assert {f.severity for f in findings} == {"error"}
    for f in findings:
        assert f.page == _record_page(doc, f), f
    # The records are the FY2024 golden ones but for the injected values.
    golden = json.loads((ROOT / "tests" / "golden" / "fy2024_synthetic.json").read_text("utf-8"))
    assert record_diff(comparable(doc), golden) == INJECTED_VALUES


def test_next_edition_with_the_announced_targets_has_no_findings(
    injected: Injected, slides_doc: Document
) -> None:
    later = injected("next_edition")
    assert later.report.results_fiscal_year == 2024
    assert check_documents([slides_doc, later]) == []


def test_changed_target_across_editions_is_info(injected: Injected, slides_doc: Document) -> None:
    later = injected("next_edition_changed")
    findings = check_documents([slides_doc, later])
    assert len(findings) == 1, findings
    (finding,) = findings
    assert (finding.rule, finding.severity) == ("target_changed", "info")
    assert (finding.printed, finding.expected) == ("63%", "62%")
    assert finding.sha256 == later.report.sha256
    assert finding.model_dump(include=set(_kpi(later, CHATBOT))) == _kpi(later, CHATBOT)
    # A single edition has nothing to compare with.
    assert check_documents([later]) == []


# --- the findings table -------------------------------------------------------


def _stored(db: Any) -> list[dict[str, Any]]:
    return list(db.table("findings").rows_where(order_by="id"))


def test_findings_are_stored_with_the_report(injected: Injected, tmp_path: Path) -> None:
    doc = injected("rate")
    db = open_db(tmp_path / "dx.db")
    store_document(db, doc, checks=checks())
    (row,) = _stored(db)
    assert row["report_id"] == doc.report.sha256
    assert (row["rule"], row["severity"], row["field_code"]) == ("rate", "error", "I-3")
    assert (row["printed"], row["expected"], row["page"]) == (
        "85%",
        "86%",
        _field(doc, "I-3", 2023)["page"],
    )
    assert row["initiative_id"] is None and row["kpi_id"] is None


def test_findings_across_editions_follow_adds_and_replacements(
    injected: Injected, slides_doc: Document, tmp_path: Path
) -> None:
    later = injected("next_edition_changed")
    db = open_db(tmp_path / "dx.db")
    store_document(db, later, checks=checks())
    assert _stored(db) == []  # the earlier edition is not there yet
    store_document(db, slides_doc, checks=checks())
    (row,) = _stored(db)
    assert (row["rule"], row["report_id"], row["printed"]) == (
        "target_changed",
        later.report.sha256,
        "63%",
    )
    kpi = db.table("kpis").get(row["kpi_id"])
    assert (kpi["name"], kpi["report_id"]) == (CHATBOT, later.report.sha256)
    initiative = db.table("initiatives").get(row["initiative_id"])
    # The synthetic FY2024 edition prints the title in full-width letters (ＡＩの活用).
    (title,) = [i.title for i in later.initiatives if CHATBOT in {k.name for k in i.kpis}]
    assert (nfkc(initiative["title"]), initiative["title"], initiative["report_id"]) == (
        "AIの活用",
        title,
        later.report.sha256,
    )
    # A re-issue of the earlier edition replaces it: the finding is recomputed, not doubled.
    reissue = slides_doc.model_copy(
        update={
            "report": slides_doc.report.model_copy(
                update={"sha256": "f" * 64, "issued": "2030-01-01T00:00:00+00:00"}
            )
        }
    )
    store_document(db, reissue, checks=checks())
    assert [r["rule"] for r in _stored(db)] == ["target_changed"]
    # Replacing the later edition deletes its findings with it.
    fixed = later.model_copy(
        update={
            "report": later.report.model_copy(
                update={"sha256": "e" * 64, "issued": "2030-01-01T00:00:00+00:00"}
            )
        }
    )
    fixed = with_kpi(fixed, CHATBOT, target=62, target_text="62%")
    store_document(db, fixed, checks=checks())
    assert _stored(db) == []


# --- the command ---------------------------------------------------------------


def _check(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(cli, ["check", *args], env=env)


def _db(tmp_path: Path, *docs: Document) -> str:
    """A database holding `docs`, stored directly (no extraction: the CLI tests stay fast)."""
    path = tmp_path / "dx.db"
    db = open_db(path)
    for doc in docs:
        store_document(db, doc, checks=checks())
    db.close()
    return str(path)


def test_check_pdfs(runner: CliRunner, rendered: Rendered) -> None:
    path, _ = rendered("duplicate")
    result = _check(runner, str(path), "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)
    assert (finding["rule"], finding["file"]) == ("duplicate", str(path))


def test_check_clean_database(runner: CliRunner, slides_doc: Document, tmp_path: Path) -> None:
    db = _db(tmp_path, slides_doc)
    result = _check(runner, "--db", db)
    assert (result.exit_code, result.output) == (0, "No inconsistent published numbers.\n")
    result = _check(runner, "--db", db, "--format", "json")
    assert (result.exit_code, result.output) == (0, "[]\n")


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1)])
def test_check_error_fails_at_every_level(
    runner: CliRunner, injected: Injected, tmp_path: Path, fail_on: str, code: int
) -> None:
    doc = injected("rate")
    result = _check(runner, "--db", _db(tmp_path, doc), "--fail-on", fail_on)
    assert result.exit_code == code
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "severity",
        "rule",
        "where",
        "printed",
        "expected",
        "page",
        "message",
    ]
    assert lines[1].startswith("error     rate  rate.pdf / 行政のDX / 2023 / I-3  85%      86%  ")
    assert lines[-1] == "1 error, 0 warnings, 0 info"


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 0), ("info", 1)])
def test_check_info_fails_only_on_info(
    runner: CliRunner,
    injected: Injected,
    slides_doc: Document,
    tmp_path: Path,
    fail_on: str,
    code: int,
) -> None:
    later = injected("next_edition_changed")
    result = _check(runner, "--db", _db(tmp_path, slides_doc, later), "--fail-on", fail_on)
    assert result.exit_code == code
    assert result.output.splitlines()[-1] == "0 errors, 0 warnings, 1 info"
    assert "target_changed" in result.output


@pytest.fixture
def no_directions(tmp_path: Path) -> Path:
    path = tmp_path / "directions.toml"
    path.write_text("# nothing reviewed\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_unknown_direction_is_a_warning(
    runner: CliRunner,
    slides_doc: Document,
    tmp_path: Path,
    no_directions: Path,
    fail_on: str,
    code: int,
) -> None:
    db = _db(tmp_path, slides_doc)
    result = _check(runner, "--db", db, "--directions", str(no_directions), "--fail-on", fail_on)
    assert result.exit_code == code
    assert result.output.splitlines()[-1] == "0 errors, 19 warnings, 0 info"


def test_github_format_caps_annotations_and_writes_the_summary(
    runner: CliRunner, slides_doc: Document, no_directions: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = _check(
        runner,
        "--db",
        _db(tmp_path, slides_doc),
        "--directions",
        str(no_directions),
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert (
        sum(
            line.startswith("::warning file=fukushima_dx_r5.pdf,title=status%3A ") for line in lines
        )
        == 10
    )
    assert lines[-2:] == [
        "9 more warning findings: see the step summary.",
        "0 errors, 19 warnings, 0 info",
    ]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### dxextract check: published numbers\n")
    assert sum(line.startswith("| warning | status |") for line in text.splitlines()) == 19


def test_check_ingested_database(runner: CliRunner, rendered: Rendered, tmp_path: Path) -> None:
    db = tmp_path / "dx.db"
    path, doc = rendered("duplicate")
    assert runner.invoke(cli, ["ingest", str(path), "--db", str(db), "--silent"]).exit_code == 0
    result = _check(runner, "--db", str(db), "--format", "markdown")
    assert result.exit_code == 1
    (title,) = [
        i.title for i in doc.initiatives if i.section_code == "II-2" and i.kpis[0].name == ONLINE
    ]
    where = f"duplicate.pdf / 行政のDX / 2023 / II / {title} / {ONLINE}"
    page = _kpi(doc, ONLINE, "II-2")["page"]
    assert (
        f"| error | duplicate | {where} | actual 43.2% | actual 43.1% | {page} |" in result.output
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "yaml"], 2, "Invalid value for '--format'"),
        (["--fail-on", "never"], 2, "Invalid value for '--fail-on'"),
        (
            ["--db", "{tmp}/nope.db"],
            1,
            "Error: {tmp}/nope.db: no such database; run `dxextract ingest` first\n",
        ),
    ],
)
def test_check_usage_and_missing_database(
    runner: CliRunner, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = _check(runner, *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == code
    assert message.format(tmp=tmp_path) in result.output


def test_check_empty_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = _check(runner, str(tmp_path))
    assert result.exit_code == 2
    assert f"no PDF files in {tmp_path}" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[kpi]]\npattern = 1\n", 'entry 1: needs pattern = "…"'),
        (
            '[[keyword]]\npattern = "数"\ndirection = "up"\n',
            'direction must be "higher" or "lower"',
        ),
        ('[[kpi]]\npattern = "("\ndirection = "higher"\n', "bad pattern '('"),
        ('[[kpis]]\npattern = "数"\n', "unknown tables ['kpis']"),
        ("[[kpi]\n", "Expected"),
    ],
)
def test_bad_direction_table(runner: CliRunner, tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DirectionsError) as info:
        load_directions(path)
    assert message in str(info.value)
    result = _check(runner, str(SLIDES_PDF), "--directions", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: ")


def test_direction_table_reviews_a_reduction_that_is_a_saving() -> None:
    rules = load_directions()
    assert kpi_direction("RPAの導入により削減される業務時間", rules) == "higher"
    assert kpi_direction("コピー用紙購入量（本庁（知事部局））", rules) == "lower"
    assert kpi_direction("庁内の紙使用量の削減", rules) == "lower"  # keyword default
    assert kpi_direction("交通事故件数", rules) == "lower"
    assert kpi_direction("ＤＸ研修の受講者数", rules) == "higher"
    assert kpi_direction("業務時間", rules) is None


# --- GitHub workflow command escaping ---------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("%0A") == "%250A"  # % first, or the escape itself is escaped


def test_annotation_escapes_file_title_and_message() -> None:
    finding = Finding(
        sha256="0" * 64,
        file="dir/a,b:c.pdf",
        rule="rate",
        severity="error",
        area="行政のDX",
        fiscal_year=2023,
        field_code="I-3",
        page=2,
        printed="85%",
        expected="86%",
        message="85% printed\nbut 86%",
    )
    assert finding_to_annotation(finding) == (
        "::error file=dir/a%2Cb%3Ac.pdf,title=rate%3A dir/a%2Cb%3Ac.pdf / 行政のDX / 2023 / I-3"
        "::85%25 printed%0Abut 86%25 (page 2)"
    )
    info = finding.model_copy(update={"severity": "info"})
    assert finding_to_annotation(info).startswith("::notice file=")
    assert findings_to_github([]) == ["No inconsistent published numbers."]
    assert "| error | rate | dir/a,b:c.pdf / 行政のDX / 2023 / I-3 | 85% | 86% | 2 |" in (
        findings_to_markdown([finding])
    )


def test_a_contradiction_found_by_a_keyword_guess_is_a_warning(
    slides_doc: Document, tmp_path: Path
) -> None:
    # 削減 guesses "lower is better"; only a reviewed [[kpi]] entry makes an error.
    table = tmp_path / "directions.toml"
    table.write_text(
        '[[kpi]]\npattern = "満足度"\ndirection = "higher"\n\n'
        '[[keyword]]\npattern = "削減"\ndirection = "lower"\n',
        encoding="utf-8",
    )
    rules = load_directions(table)
    findings = [f for f in check_documents([slides_doc], rules) if f.rule == "status"]
    rpa = [f for f in findings if f.kpi_name == "RPAの導入により削減される業務時間"]
    (finding,) = rpa  # 15,691 hours saved against 13,000: 達成, but "lower" was guessed
    assert finding.severity == "warning"
    assert "guessed from its name" in finding.message
    assert not [f for f in findings if f.severity == "error"]


def test_a_project_with_two_kpis_counts_once(slides_doc: Document) -> None:
    """KPI設定事業数 counts projects: a second KPI of the same initiative is no inconsistency."""
    (idx,) = [n for n, i in enumerate(slides_doc.initiatives) if i.field_code == "IV" and i.kpis]
    item = slides_doc.initiatives[idx]
    second = item.kpis[0].model_copy(update={"name": "スマホ教室の開催回数"})
    initiatives = list(slides_doc.initiatives)
    initiatives[idx] = item.model_copy(update={"kpis": (*item.kpis, second)})
    doc = slides_doc.model_copy(update={"initiatives": tuple(initiatives)})
    # IV printed as counting exactly the one project it lists.
    doc = with_field(doc, "IV", 2023, kpi_projects=1)
    assert listed_vs_counted_findings(doc) == []


def test_check_reports_an_unreadable_pdf_and_checks_the_others(
    runner: CliRunner, tmp_path: Path
) -> None:
    mhlw = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20211201.pdf"
    for source in (mhlw, SLIDES_PDF):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    result = runner.invoke(cli, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path / mhlw.name}: not a DX report")
    assert json.loads(result.stdout) == []  # the FY2023 report, checked: clean


@pytest.mark.parametrize("part", ["field_totals", "area_summaries"])
def test_a_part_not_read_is_an_incomplete_warning(slides_doc: Document, part: str) -> None:
    """A 合計 row or an area summary the extractor missed is said, not passed over."""
    kept = tuple(
        r for r in getattr(slides_doc, part) if (r.area, r.fiscal_year) != ("地域のDX", 2023)
    )
    doc = slides_doc.model_copy(update={part: kept})
    findings = check_documents([doc])  # nothing else: the other rules skip what is missing
    assert [f.rule for f in findings] == ["incomplete"]
    (row,) = [
        r
        for r in slides_doc.fields
        if (r.area, r.fiscal_year, r.code) == ("地域のDX", 2023, "III-1")
    ]
    assert [(f.severity, f.area, f.fiscal_year, f.page) for f in findings] == [
        ("warning", "地域のDX", 2023, row.page)
    ]
    assert "see what was found with `dxextract inspect`" in findings[0].message


def _finding(**fields: Any) -> Finding:
    """A status finding of x.pdf with `fields` set (a report-format input)."""
    base: dict[str, Any] = {"sha256": "a" * 64, "file": "x.pdf", "rule": "status"}
    return Finding.model_validate({**base, "severity": "error", **fields})


def test_markdown_escapes_html_and_table_syntax_printed_in_a_pdf() -> None:
    hostile = _finding(
        kpi_name="<img src=x onerror=alert(1)> | 達成 & more\nline",
        printed="<b>85%</b>",
        message="達成 but <script>x</script>",
    )
    text = findings_to_markdown([hostile])
    assert "<img" not in text and "<script>" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\| 達成 &amp; more line" in text
    assert "&lt;b&gt;85%&lt;/b&gt;" in text
    # Every table row still has its columns: no `|` of the PDF's splits a cell.
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    widths = {line.replace("\\|", "").count("|") for line in rows}
    assert len(widths) == 1


def test_text_output_fits_120_columns_measured_in_terminal_columns() -> None:
    from dxextract.check.formats import display_width, findings_to_text

    long_name = "県及び市町村行政手続のオンライン利用率（電子申請システムの利用件数を含む）"
    findings = [
        _finding(
            severity=severity,
            area="行政のDX",
            field_code="I-2",
            kpi_name=long_name,
            page=3,
            printed="達成",
            expected="一部達成",
            message=f"{long_name}は達成と印刷されているが、実績値43.1%は目標値67.4%に届かない" * 2,
        )
        for severity in ("error", "warning")
    ]
    lines = findings_to_text(findings)
    assert all(display_width(line) <= 120 for line in lines), [display_width(x) for x in lines]
    # The message wraps under itself: every continuation starts at its column.
    column = lines[0].index("message")
    header_width = display_width(lines[0][:column])
    continued = [line for line in lines[1:-1] if line.startswith(" ")]
    assert continued and all(
        display_width(line) - display_width(line.lstrip(" ")) == header_width for line in continued
    )
    # Nothing of the message is lost: its wrapped pieces join back to it.
    first_row = next(i for i, line in enumerate(lines) if line.startswith("error"))
    start = lines[first_row].index(findings[0].message[:10])
    pieces = [lines[first_row][start:]]
    for line in lines[first_row + 1 :]:
        if not line.startswith(" "):
            break
        pieces.append(line.lstrip(" "))
    assert "".join(pieces) == findings[0].message
    assert "…" in lines[first_row]  # the long KPI name in `where` is shortened


def test_ingest_stores_the_findings_of_the_direction_table_it_is_given(
    runner: CliRunner, tmp_path: Path, no_directions: Path, fy2023_db: Path
) -> None:
    """The store runs no rules of its own: what ingest stores is what `check
    --directions` finds with the same table (19 KPIs with no reviewed direction)."""
    # "reviewed": conftest's ingest of the slides, with the package's direction table.
    dbs = {"reviewed": fy2023_db, "none": tmp_path / "none.db"}
    args = ["ingest", str(SLIDES_PDF), "--db", str(dbs["none"]), "--silent"]
    result = runner.invoke(cli, [*args, "--directions", str(no_directions)])
    assert result.exit_code == 0, result.output
    stored: dict[str, list[str]] = {}
    for name, db in dbs.items():
        rows = open_db(db).execute("select severity from findings where rule = 'status'")
        stored[name] = [severity for (severity,) in rows]
    assert stored["none"] == ["warning"] * 19
    assert stored["reviewed"] != stored["none"]


def test_the_check_command_offers_the_formats_and_severities_the_library_has() -> None:
    from dxextract.check.formats import FORMATS
    from dxextract.models import SEVERITIES

    command = cli.get_command(click.Context(cli), "check")
    assert command is not None
    choices: dict[str | None, Any] = {
        p.name: getattr(p.type, "choices", None) for p in command.params
    }
    assert tuple(choices["fmt"]) == FORMATS
    assert sorted(choices["fail_on"]) == sorted(SEVERITIES)
