"""Several editions in one database: the synthetic FY2024 report, kpi_history, matching."""

from __future__ import annotations

import shutil
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import fy2024_synthetic as fy2024
import pytest
from click.testing import CliRunner
from dxtest import ROOT, SLIDES_PDF

from dxextract.cli import cli
from dxextract.extract.values import parse_count, parse_percent
from dxextract.models import Document
from dxextract.store import count_rows, edition_changes, open_db, store_document
from dxextract.store.editions import InitiativeRef, unmatched_initiatives
from dxextract.text import kpi_key, title_key

SYNTHETIC_PDF = ROOT / fy2024.SYNTHETIC_PDF


@pytest.fixture(scope="module")
def fy2024_doc(synthetic_doc: Document) -> Document:
    return synthetic_doc  # conftest's, read once per session


def test_committed_synthetic_pdf_is_what_the_generator_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fy2024, "ROOT", tmp_path)
    assert fy2024.main() == 0
    assert (tmp_path / fy2024.SYNTHETIC_PDF).read_bytes() == SYNTHETIC_PDF.read_bytes(), (
        "stale: run `python tools/fy2024_synthetic.py`"
    )


def test_synthetic_edition_reads_as_its_content(fy2024_doc: Document) -> None:
    content = fy2024.REPORT_FY2024
    report = fy2024_doc.report
    assert report.title == (
        "デジタル変革（DX）に係る令和6年度の実施状況及び令和7年度の事業・実施一覧について【概要】"
    )
    assert (report.results_fiscal_year, report.plan_fiscal_year) == (2024, 2025)
    want = [
        (i.title, i.activities, i.outcomes, i.next_activities,
         [(k.name, k.target, k.actual, k.status, k.next_target) for k in i.kpis])
        for i in content.initiatives()
    ]  # fmt: skip
    got = [
        (i.title, i.activities, i.outcomes, i.next_activities,
         [(k.name, k.target_text, k.actual_text, k.status, k.next_target_text) for k in i.kpis])
        for i in fy2024_doc.initiatives
    ]  # fmt: skip
    assert got == want
    assert all(k.fiscal_year == 2024 for i in fy2024_doc.initiatives for k in i.kpis)


def _field_values(values: tuple[str, ...]) -> list[tuple[Any, ...]]:
    results = (2024, *map(parse_count, values[:3]), parse_percent(values[3]))
    plan = (2025, parse_count(values[4]), parse_count(values[5]), None, None)
    return [results, plan]


def test_synthetic_edition_numbers_are_its_content(fy2024_doc: Document) -> None:
    content = fy2024.REPORT_FY2024
    want_fields = [
        (unicodedata.normalize("NFKC", row.code), row.name, *values)
        for table in content.field_tables()
        for values_by_year in [[(row, v) for v in _field_values(row.values)] for row in table.rows]
        for row, values in values_by_year
    ]
    got_fields = sorted(
        (f.code, f.name, f.fiscal_year, f.projects, f.kpi_projects, f.achieved, f.achieved_pct)
        for f in fy2024_doc.fields
    )
    assert got_fields == sorted(want_fields)
    want_totals = sorted(
        (area, *values)
        for area, table in zip(("行政のDX", "地域のDX"), content.field_tables(), strict=True)
        for values in _field_values(table.total.values)
    )
    got_totals = sorted(
        (t.area, t.fiscal_year, t.projects, t.kpi_projects, t.achieved, t.achieved_pct)
        for t in fy2024_doc.field_totals
    )
    assert got_totals == want_totals
    gyosei = fy2024_doc.area_summaries[0]
    assert (gyosei.area, gyosei.fiscal_year, gyosei.projects, gyosei.kpi_projects) == (
        "行政のDX",
        2024,
        53,
        20,
    )
    assert (gyosei.achieved, gyosei.achieved_pct, gyosei.partially_achieved) == (14, 70, 6)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("書面規制、押印、対面規制の見直し", "書面規制・押印・対面規制の見直し"),
        ("AIの活用", "ＡＩの活用"),
        ("推進事業(オールふくしま)", "推進事業（オールふくしま）"),
        ("行政手続の オンライン化", "行政手続のオンライン化"),
        ("RPAの導入", "ｒｐａの導入"),
    ],
)
def test_title_key_ignores_rewording(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("RPAの導入", "RPAの導入拡大"), ("デジタル人材の確保・育成", "デジタル人材の確保及び育成")],
)
def test_title_key_keeps_other_words_apart(a: str, b: str) -> None:
    assert title_key(a) != title_key(b)


def test_kpi_key_is_nfkc_name_and_field_code() -> None:
    key = kpi_key("先端技術を活用する市町村数（累計）", "II")
    assert key == "先端技術を活用する市町村数(累計)|II"
    assert kpi_key("ＲＰＡの　削減　時間", "I-3") == kpi_key("RPAの 削減 時間", "I-3")
    assert kpi_key("満足度", "I-3") != kpi_key("満足度", "I-2")


def test_unmatched_initiatives_pair_repeated_titles_one_by_one() -> None:
    a, b, c = InitiativeRef("II", "A事業"), InitiativeRef("II", "B事業"), InitiativeRef("I", "C")
    new, gone = unmatched_initiatives([a, a, b], [a, c, b])
    assert new == [c]
    assert gone == [a]


def _ingest(runner: CliRunner, db: Path, *paths: Path) -> Any:
    return runner.invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--silent"])


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    db = tmp_path_factory.mktemp("editions") / "dx.db"
    result = _ingest(CliRunner(), db, SLIDES_PDF, SYNTHETIC_PDF)
    return db, result


def test_ingest_lists_initiatives_unmatched_across_editions(two_editions: tuple[Path, Any]) -> None:
    _, result = two_editions
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        f"{SYNTHETIC_PDF}: 4 area summaries, 26 field rows, 4 field totals, "
        "24 initiatives, 19 KPIs",
        "  unmatched in fukushima_dx_r5.pdf: new I-3 生成AIの業務活用 | gone I-3 RPAの導入",
    ]


def _history(db: Path, key: str) -> list[tuple[Any, ...]]:
    conn = open_db(db)
    rows = conn.execute(
        "select fiscal_year, name, target, actual, status, next_fiscal_year, next_target, file "
        "from kpi_history where kpi_key = ?",
        [key],
    ).fetchall()
    return [tuple(r) for r in rows]


def test_kpi_history_links_the_same_kpi_across_editions(two_editions: tuple[Path, Any]) -> None:
    db, _ = two_editions
    assert _history(db, "県及び市町村行政手続のオンライン利用率|I-2") == [
        (2023, "県及び市町村行政手続のオンライン利用率", 67.4, 43.1, "一部達成", 2024, 73.7,
         "fukushima_dx_r5.pdf"),
        (2024, "県及び市町村行政手続のオンライン利用率", 73.7, 58.2, "一部達成", 2025, 80.0,
         "fukushima_dx_r6_synthetic.pdf"),
    ]  # fmt: skip
    # Printed with full-width brackets in FY2024: the same key.
    assert [r[:4] for r in _history(db, "先端技術を活用する市町村数(累計)|II")] == [
        (2023, "先端技術を活用する市町村数(累計)", 50, 54),
        (2024, "先端技術を活用する市町村数（累計）", 59, 59),
    ]
    # Dropped in FY2024, new in FY2024: one edition each.
    assert [r[0] for r in _history(db, "RPAの導入により削減される業務時間|I-3")] == [2023]
    assert [r[0] for r in _history(db, "生成AIを活用する業務数|I-3")] == [2024]


def test_kpi_history_has_one_row_per_kpi_per_edition(two_editions: tuple[Path, Any]) -> None:
    db, _ = two_editions
    conn = open_db(db)
    counts = count_rows(conn)
    assert conn.execute("select count(*) from kpi_history").fetchone()[0] == counts["kpis"] == 38
    columns = [c[1] for c in conn.execute("pragma table_info(kpi_history)").fetchall()]
    assert columns == [
        "kpi_key", "area", "field_code", "name", "fiscal_year", "target", "target_text",
        "actual", "actual_text", "unit", "status", "next_fiscal_year", "next_target",
        "next_target_text", "kpi_id", "report_id", "file", "page",
    ]  # fmt: skip
    linked = conn.execute(
        "select count(*) from (select kpi_key from kpi_history group by kpi_key "
        "having count(distinct fiscal_year) = 2)"
    ).fetchone()[0]
    assert linked == 18  # 19 keys in FY2023 (ONLINE_RATE under I-2 and II), less RPA (dropped)


def test_reissue_replaces_the_key_rows(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "dx.db"
    assert _ingest(runner, db, SYNTHETIC_PDF).exit_code == 0
    reissue = tmp_path / "fukushima_dx_r6_synthetic_corrected.pdf"
    reissue.write_bytes(SYNTHETIC_PDF.read_bytes() + b"\n% corrected\n")
    assert _ingest(runner, db, reissue).exit_code == 0
    conn = open_db(db)
    assert conn.execute("select count(*) from kpi_keys").fetchone()[0] == 19
    assert conn.execute("select count(*) from initiative_keys").fetchone()[0] == 24
    files = {r[0] for r in conn.execute("select file from kpi_history")}
    assert files == {reissue.name}


def test_keys_are_added_to_a_database_stored_before_them(tmp_path: Path) -> None:
    # A database of a dxextract from before migrations, and before the key tables.
    db = tmp_path / "dx.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "older" / "dx_before_migrations.db", db)
    conn = sqlite3.connect(db)
    conn.execute("drop view kpi_history")
    conn.execute("drop table kpi_keys")
    conn.execute("drop table initiative_keys")
    conn.commit()
    conn.close()
    assert open_db(db).execute("select count(*) from kpi_history").fetchone()[0] == 19


def test_two_consistent_editions_store_no_findings(two_editions: tuple[Path, Any]) -> None:
    # The synthetic edition's numbers agree with each other, and every FY2024
    # target is the one FY2023 announced: the consistency checks find nothing.
    db, _ = two_editions
    conn = open_db(db)
    assert conn.execute("select rule, severity, message from findings").fetchall() == []


def test_the_edition_before_is_of_the_same_series(
    tmp_path: Path, slides_doc: Document, fy2024_doc: Document
) -> None:
    # Another report of 2023 (another series, stored first, its file sorting
    # first) is not the edition before FY2024's.
    other = slides_doc.model_copy(
        update={
            "report": slides_doc.report.model_copy(
                update={"sha256": "0" * 64, "file": "aaa_other.pdf", "title": "令和5年度 別の計画"}
            )
        }
    )
    db = open_db(tmp_path / "dx.db")
    for doc in (other, slides_doc, fy2024_doc):
        store_document(db, doc)
    changes = edition_changes(db, fy2024_doc.report.sha256)
    assert changes is not None
    assert changes.earlier_file == "fukushima_dx_r5.pdf"
