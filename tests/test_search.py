"""Japanese full-text search tables (search.py, store.py) and the views (views.py)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlite_utils import Database

from dxextract.errors import StoreError
from dxextract.models import Document
from dxextract.store import (
    ensure_schema,
    open_db,
    store_document,
)
from dxextract.store.search import search_fts_tables
from dxextract.text import nfkc


def fts_ids(db: Database, fts_table: str, query: str) -> list[int]:
    """Ids whose normalised text matches `query` (normalised the same way), as a phrase."""
    phrase = '"' + nfkc(query).replace('"', '""') + '"'
    sql = f"select rowid from [{fts_table}] where [{fts_table}] match ? order by rowid"
    return [row[0] for row in db.execute(sql, [phrase]).fetchall()]


def ids_with(db: Database, table: str, text: str) -> list[int]:
    """Ids of `table` whose text, NFKC-normalised in Python, contains `text` normalised."""
    columns = {"initiatives": "title || activities || outcomes || next_activities", "kpis": "name"}
    rows = db.execute(f"select id, {columns[table]} from {table} order by id").fetchall()
    return [id_ for id_, body in rows if nfkc(text) in nfkc(body)]


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [
        ("ﾁｬｯﾄﾎﾞｯﾄ", "チャットボット"),
        ("ＡＩの活用", "AIの活用"),
        ("６８％", "68%"),
        ("⽬標値", "目標値"),  # U+2F6C KANGXI RADICAL EYE
        ("（ＤＸ）", "(DX)"),
        ("チャットボット", "チャットボット"),
    ],
)
def test_search_text_is_nfkc(printed: str, normalised: str) -> None:
    assert nfkc(printed) == normalised


def test_search_tables_hold_normalised_copies_with_the_records_ids(
    db: Database, slides_doc: Document
) -> None:
    store_document(db, slides_doc)
    for table, columns in (
        ("initiatives", ("title", "activities", "outcomes", "next_activities")),
        ("kpis", ("name",)),
    ):
        records = {row["id"]: row for row in db.table(table).rows}
        copies = {row["id"]: row for row in db.table(f"{table}_search").rows}
        assert set(copies) == set(records)
        for id_, row in records.items():
            for column in columns:
                assert copies[id_][column] == nfkc(row[column])
    # The contract's tables keep the text as published: some of it differs.
    assert db.execute(
        "select count(*) from initiatives i join initiatives_search s on s.id = i.id "
        "where i.title || i.activities || i.outcomes || i.next_activities "
        "!= s.title || s.activities || s.outcomes || s.next_activities"
    ).fetchone()[0]


@pytest.mark.parametrize(
    ("table", "query", "expected_text"),
    [
        ("initiatives", "チャットボット", "AIの活用"),
        ("initiatives", "ﾁｬｯﾄﾎﾞｯﾄ", "AIの活用"),
        ("initiatives", "ペーパーレス", "ペーパーレス化の推進"),
        ("initiatives", "ﾍﾟｰﾊﾟｰﾚｽ", "ペーパーレス化の推進"),
        ("kpis", "チャットボット", "チャットボット満足度"),
        ("kpis", "ﾁｬｯﾄﾎﾞｯﾄ", "チャットボット満足度"),
        ("kpis", "ＰＯＬＩＣＥ", "POLICEメールふくしまの受信登録件数"),
    ],
)
def test_trigram_search_finds_every_record_with_the_words(
    db: Database, slides_doc: Document, table: str, query: str, expected_text: str
) -> None:
    store_document(db, slides_doc)
    found = fts_ids(db, search_fts_tables()[table], query)
    # Exactly the records whose normalised text holds the words.
    assert found == ids_with(db, table, query)
    label = "title" if table == "initiatives" else "name"
    titles = {db.table(table).get(id_)[label] for id_ in found}
    assert expected_text in titles


def test_full_width_query_finds_half_width_published_text(
    db: Database, slides_doc: Document
) -> None:
    """A report that prints half-width ｶﾅ is found by the full-width query too."""
    first = slides_doc.initiatives[0]
    variant = slides_doc.model_copy(
        update={
            "initiatives": (
                first.model_copy(update={"title": "ｽﾏｰﾄ窓口の導入"}),
                *slides_doc.initiatives[1:],
            ),
        }
    )
    store_document(db, variant)
    found = fts_ids(db, "initiatives_search_fts", "スマート窓口")
    assert [db.table("initiatives").get(i)["title"] for i in found] == ["ｽﾏｰﾄ窓口の導入"]


def test_search_rows_are_replaced_with_their_report(db: Database, slides_doc: Document) -> None:
    store_document(db, slides_doc)
    old_id = slides_doc.report.sha256
    reissue = slides_doc.model_copy(
        update={
            "report": slides_doc.report.model_copy(
                update={"sha256": "f" * 64, "issued": "2030-01-01T00:00:00+00:00"}
            )
        }
    )
    store_document(db, reissue)
    for table in ("initiatives_search", "kpis_search"):
        assert db.table(table).count_where("report_id = ?", [old_id]) == 0
        assert db.table(table).count == db.table(table.removesuffix("_search")).count
    # The FTS index follows (triggers): every match is a current record.
    assert fts_ids(db, "initiatives_search_fts", "チャットボット") == ids_with(
        db, "initiatives", "チャットボット"
    )


def test_a_database_written_before_search_tables_gets_them_filled(
    tmp_path: Any, slides_doc: Document
) -> None:
    path = tmp_path / "old.db"
    db = open_db(path)
    store_document(db, slides_doc)
    for table in ("initiatives_search", "kpis_search"):
        db.table(f"{table}_fts").drop()
        db.execute(f"drop trigger if exists [{table}_ai]")
        db.execute(f"drop trigger if exists [{table}_ad]")
        db.execute(f"drop trigger if exists [{table}_au]")
        db.table(table).drop()
    db.close()
    reopened = open_db(path)
    assert reopened.table("initiatives_search").count == len(slides_doc.initiatives)
    assert fts_ids(reopened, "kpis_search_fts", "ﾁｬｯﾄﾎﾞｯﾄ") == ids_with(
        reopened, "kpis", "チャットボット"
    )
    reopened.close()


def test_kpi_results_has_one_row_per_kpi_with_its_page(
    db: Database, slides_doc: Document, golden: dict[str, Any]
) -> None:
    store_document(db, slides_doc)
    rows = list(db.query("select * from kpi_results"))
    want = [
        (k["name"], i["title"], i["field_code"], k["status"])
        for i in golden["initiatives"]
        for k in i["kpis"]
    ]
    assert [(r["name"], r["initiative"], r["field_code"], r["status"]) for r in rows] == want
    pages = [k.page for i in slides_doc.initiatives for k in i.kpis]
    assert [r["page"] for r in rows] == pages
    assert {r["file"] for r in rows} == {slides_doc.report.file}
    by_name = {r["name"]: r for r in rows}
    assert by_name["チャットボット満足度"]["actual_to_target"] == round(61 / 60, 4)
    assert by_name["チャットボット満足度"]["field_name"] == "公務能率の向上に向けた取組"


@pytest.mark.parametrize(
    ("achieved", "kpi_projects", "pct"),
    [(13, 19, 68), (1, 8, 13), (3, 8, 38), (1, 3, 33), (2, 3, 67), (0, 5, 0), (4, 4, 100)],
)
def test_field_achievement_recomputes_with_half_up_rounding(
    db: Database, achieved: int, kpi_projects: int, pct: int
) -> None:
    db.table("reports").insert(
        {"id": "r", "file": "x.pdf", "title": "t", "results_fiscal_year": 2023,
         "plan_fiscal_year": 2024, "pages": 1}
    )  # fmt: skip
    db.table("fields").insert(
        {"report_id": "r", "area": "行政のDX", "code": "I-1", "name": "n", "fiscal_year": 2023,
         "projects": 9, "kpi_projects": kpi_projects, "achieved": achieved,
         "achieved_pct": pct, "page": 1}
    )  # fmt: skip
    (row,) = db.query("select printed_pct, recomputed_pct from field_achievement")
    assert row == {"printed_pct": pct, "recomputed_pct": pct}


def test_field_achievement_recomputes_nothing_without_kpi_projects(db: Database) -> None:
    db.table("reports").insert(
        {"id": "r", "file": "x.pdf", "title": "t", "results_fiscal_year": 2023,
         "plan_fiscal_year": 2024, "pages": 1}
    )  # fmt: skip
    for fiscal_year, kpi_projects, achieved in ((2023, 0, None), (2024, 3, None)):
        db.table("fields").insert(
            {"report_id": "r", "area": "行政のDX", "code": "V", "name": "n",
             "fiscal_year": fiscal_year, "projects": 4, "kpi_projects": kpi_projects,
             "achieved": achieved, "achieved_pct": None, "page": 1}
        )  # fmt: skip
    rows = list(db.query("select recomputed_pct from field_achievement"))
    assert rows == [{"recomputed_pct": None}, {"recomputed_pct": None}]


def test_field_achievement_matches_the_printed_rates(
    db: Database, slides_doc: Document, golden: dict[str, Any]
) -> None:
    store_document(db, slides_doc)
    rows = list(db.query("select * from field_achievement"))
    assert len(rows) == len(golden["fields"])
    for row, field in zip(rows, golden["fields"], strict=True):
        assert (row["field_code"], row["fiscal_year"], row["printed_pct"]) == (
            field["code"],
            field["fiscal_year"],
            field["achieved_pct"],
        )
        assert row["recomputed_pct"] == row["printed_pct"]


def test_an_sqlite_without_trigram_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    db = Database(memory=True)
    with pytest.raises(StoreError) as caught:
        ensure_schema(db)
    db.close()
    assert str(caught.value) == (
        "SQLite 3.31.1 has no trigram tokenizer for Japanese search; "
        "use a Python built with SQLite 3.34.0 or later"
    )
