"""store/ (SQLite) and export/ (JSON, CSV) against the record contract."""

from __future__ import annotations

import csv
import json
import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel
from small_document import TITLE_R6, make_document
from sqlite_utils import Database
from sqlite_utils.db import Table

from dxextract.errors import StoreError
from dxextract.export.files import document_to_json, write_csv, write_json
from dxextract.models import (
    AreaSummary,
    FieldRow,
    FieldTotal,
    Initiative,
    Kpi,
)
from dxextract.store import (
    DEFAULT_BUSY_TIMEOUT_MS,
    TABLES,
    StoreOutcome,
    StoreResult,
    count_rows,
    editions,
    ensure_schema,
    load_documents,
    open_db,
    store_document,
)


def dump(db: Database) -> list[str]:
    """Schema and contents, statement by statement."""
    return list(db.conn.iterdump())


# --- schema -----------------------------------------------------------------


def test_schema_keys(db: Database) -> None:
    # The contract's tables first, in its order, after the migration log.
    own = [name for name in db.table_names() if not name.startswith("_sqlite")]
    assert own[: len(TABLES)] == list(TABLES)
    assert {"findings", "files", *editions.TABLES} <= set(db.table_names())
    for name in TABLES:
        assert db.table(name).pks == ["id"]
    assert dict(db.table("reports").columns_dict)["id"] is str
    assert dict(db.table("kpis").columns_dict)["id"] is int
    links = {
        (fk.table, fk.column, fk.other_table, fk.other_column)
        for name in TABLES
        for fk in db.table(name).foreign_keys
    }
    assert links == {
        ("area_summaries", "report_id", "reports", "id"),
        ("fields", "report_id", "reports", "id"),
        ("field_totals", "report_id", "reports", "id"),
        ("initiatives", "report_id", "reports", "id"),
        ("kpis", "report_id", "reports", "id"),
        ("kpis", "initiative_id", "initiatives", "id"),
    }


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("area_summaries", ["report_id"]),
        ("area_summaries", ["fiscal_year"]),
        ("fields", ["report_id"]),
        ("fields", ["fiscal_year"]),
        ("fields", ["code"]),
        ("field_totals", ["report_id"]),
        ("field_totals", ["fiscal_year"]),
        ("initiatives", ["report_id"]),
        ("initiatives", ["field_code"]),
        ("kpis", ["report_id"]),
        ("kpis", ["fiscal_year"]),
        ("kpis", ["status"]),
        ("kpis", ["initiative_id"]),
    ],
)
def test_schema_indexes(db: Database, table: str, columns: list[str]) -> None:
    assert columns in [index.columns for index in db.table(table).indexes]


def test_schema_columns_follow_the_models(db: Database) -> None:
    def columns(name: str) -> list[str]:
        return [column.name for column in db.table(name).columns]

    assert columns("reports") == [
        "id",
        "file",
        "title",
        "results_fiscal_year",
        "plan_fiscal_year",
        "pages",
        "issued",
    ]

    def flat(model: type[BaseModel]) -> list[str]:
        """A model's fields as columns: its region as four, last."""
        names = [name for name in model.model_fields if name not in ("bbox", "kpis")]
        return [*names, "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]

    assert columns("area_summaries") == ["id", "report_id", *flat(AreaSummary)]
    assert columns("fields") == ["id", "report_id", *flat(FieldRow)]
    assert columns("field_totals") == ["id", "report_id", *flat(FieldTotal)]
    assert columns("initiatives") == ["id", "report_id", "seq", *flat(Initiative)]
    assert columns("kpis") == ["id", "report_id", "initiative_id", "seq", *flat(Kpi)]


@pytest.mark.parametrize(
    ("table", "model"),
    [
        ("area_summaries", AreaSummary),
        ("fields", FieldRow),
        ("field_totals", FieldTotal),
        ("initiatives", Initiative),
        ("kpis", Kpi),
    ],
)
def test_not_null_follows_the_models(db: Database, table: str, model: type[BaseModel]) -> None:
    notnull = {column.name: bool(column.notnull) for column in db.table(table).columns}
    for name, info in model.model_fields.items():
        if name in notnull:
            assert notnull[name] is (type(None) not in get_args(info.annotation)), name
    assert notnull["report_id"]


def test_ensure_schema_is_idempotent(db: Database) -> None:
    store_document(db, make_document())
    before = dump(db)
    ensure_schema(db)
    assert dump(db) == before


def test_ensure_schema_refuses_a_table_of_another_shape() -> None:
    with Database(memory=True) as other:
        other.table("reports").create({"id": str, "name": str}, pk="id")
        with pytest.raises(StoreError, match=r"^table reports has columns \['id', 'name'\]"):
            ensure_schema(other)


def test_open_db_creates_the_file_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "dx.db"
    db = open_db(path)
    try:
        assert path.exists()
        assert db.journal_mode == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == DEFAULT_BUSY_TIMEOUT_MS
        own = [name for name in db.table_names() if not name.startswith("_sqlite")]
        assert own[: len(TABLES)] == list(TABLES)
        assert {"findings", "files", *editions.TABLES} <= set(db.table_names())
    finally:
        db.close()
    # Opening again keeps what is there.
    db = open_db(str(path))
    db.close()


def test_open_db_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"^cannot open .*notes\.db as a dxextract database: "):
        open_db(path)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_db(tmp_path / "dx.db")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.table("field_totals").insert(
                {"report_id": "0" * 64, "area": "行政のDX", "fiscal_year": 2023, "page": 1}
            )
    finally:
        db.close()


# --- store_document ---------------------------------------------------------


def test_store_adds_every_record(db: Database) -> None:
    assert store_document(db, make_document()) == StoreResult(StoreOutcome.ADDED)
    assert count_rows(db) == {
        "reports": 1,
        "area_summaries": 2,
        "fields": 2,
        "field_totals": 1,
        "initiatives": 3,
        "kpis": 3,
    }


def test_kpis_point_at_their_initiative(db: Database) -> None:
    store_document(db, make_document())
    rows = db.execute(
        "select i.seq, i.section_code, k.seq, k.name from kpis k"
        " join initiatives i on i.id = k.initiative_id order by k.id"
    ).fetchall()
    assert rows == [
        (0, "I-2", 0, "県及び市町村行政手続のオンライン利用率"),
        (0, "I-2", 1, "業務削減時間"),
        (2, "II-2", 0, "電子申請件数"),
    ]
    applicable = db.execute("select kpi_applicable from initiatives order by seq").fetchall()
    assert applicable == [(1,), (0,), (1,)]


def test_storing_the_same_pdf_twice_changes_nothing(db: Database) -> None:
    store_document(db, make_document())
    before = dump(db)
    assert store_document(db, make_document()) == StoreResult(StoreOutcome.UNCHANGED)
    assert dump(db) == before


def test_same_bytes_under_another_file_name_is_unchanged(db: Database) -> None:
    store_document(db, make_document())
    before = dump(db)
    result = store_document(db, make_document(file="copy.pdf"))
    assert result.outcome is StoreOutcome.UNCHANGED
    assert dump(db) == before


def test_a_corrected_reissue_replaces_its_edition(db: Database) -> None:
    first = make_document()
    store_document(db, first)
    reissue = make_document(
        file="fukushima_dx_r5_corrected.pdf",
        content="edition 2",
        outcome_text="訂正版の成果",
        issued="2024-10-15T09:00:00+09:00",
    )
    result = store_document(db, reissue)
    assert (result.outcome, result.other_file) == (StoreOutcome.REPLACED, "fukushima_dx_r5.pdf")
    assert str(result.changes) == (
        "1 changed, 0 added, 0 removed "
        "(I-2 行政手続のオンライン化 成果・効果 R5成果・効果 → 訂正版の成果)"
    )
    assert count_rows(db) == {
        "reports": 1,
        "area_summaries": 2,
        "fields": 2,
        "field_totals": 1,
        "initiatives": 3,
        "kpis": 3,
    }
    old_id = first.report.sha256
    for name in TABLES[1:]:
        assert db.table(name).count_where("report_id = ?", [old_id]) == 0
    assert load_documents(db) == [reissue]


def test_another_edition_is_kept_beside_the_first(db: Database) -> None:
    r5 = make_document()
    r6 = make_document(
        file="fukushima_dx_r6.pdf", content="R6", title=TITLE_R6, results_fiscal_year=2024
    )
    assert store_document(db, r5).outcome is StoreOutcome.ADDED
    assert store_document(db, r6).outcome is StoreOutcome.ADDED
    assert count_rows(db)["reports"] == 2
    assert count_rows(db)["kpis"] == 6
    assert load_documents(db) == [r5, r6]


def test_same_title_other_years_is_another_edition(db: Database) -> None:
    store_document(db, make_document())
    other_years = make_document(file="b.pdf", content="other", results_fiscal_year=2024)
    assert store_document(db, other_years).outcome is StoreOutcome.ADDED
    assert count_rows(db)["reports"] == 2


def _fail_on_kpis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the last insert of a document (its kpis) fail, as a full disk would."""
    insert_all = Table.insert_all

    def failing(self: Table, records: Any, *args: Any, **kwargs: Any) -> Table:
        if self.name == "kpis":
            raise sqlite3.OperationalError("database or disk is full")
        return insert_all(self, records, *args, **kwargs)

    monkeypatch.setattr(Table, "insert_all", failing)


def test_a_failed_insert_leaves_nothing_behind(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(db)
    _fail_on_kpis(monkeypatch)
    with pytest.raises(
        StoreError, match=r"^cannot store fukushima_dx_r5\.pdf: database or disk is full$"
    ):
        store_document(db, make_document())
    assert dump(db) == before
    assert not db.conn.in_transaction


def test_a_failed_reissue_keeps_the_earlier_edition(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_document()
    store_document(db, first)
    before = dump(db)
    _fail_on_kpis(monkeypatch)
    with pytest.raises(StoreError):
        store_document(
            db,
            make_document(
                file="corrected.pdf", content="edition 2", issued="2024-10-15T09:00:00+09:00"
            ),
        )
    assert dump(db) == before
    monkeypatch.undo()
    assert load_documents(db) == [first]


# --- load_documents ---------------------------------------------------------


def test_round_trip_gives_an_equal_document(db: Database) -> None:
    doc = make_document()
    store_document(db, doc)
    (loaded,) = load_documents(db)
    assert loaded == doc
    assert document_to_json(loaded) == document_to_json(doc)
    titles = [initiative.title for initiative in loaded.initiatives]
    assert titles == ["行政手続のオンライン化", "情報システムの標準化", "行政手続のオンライン化"]
    assert loaded.initiatives[2].bbox == (30.5, 430.0, 809.75, 560.0)


def test_documents_load_by_year_then_title_then_file(db: Database) -> None:
    r6 = make_document(file="r6.pdf", content="r6", title=TITLE_R6, results_fiscal_year=2024)
    b = make_document(file="b.pdf", content="b", title="B")
    a = make_document(file="a.pdf", content="a", title="B", plan_fiscal_year=2025)
    z = make_document(file="z.pdf", content="z", title="A")
    for doc in (r6, b, a, z):
        assert store_document(db, doc).outcome is StoreOutcome.ADDED
    assert load_documents(db) == [z, a, b, r6]


def test_corrupt_stored_rows_are_reported_in_one_line(db: Database) -> None:
    store_document(db, make_document())
    db.table("fields").update(1, {"code": "X-9"})
    with pytest.raises(StoreError) as caught:
        load_documents(db)
    assert str(caught.value) == (
        "stored rows of fukushima_dx_r5.pdf do not form a valid document: "
        "FieldRow.code: Value error, not a field code: 'X-9'"
    )


def test_a_locked_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "dx.db"
    holder = open_db(path)
    other = open_db(path)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another ingest holds the write lock
        other.execute("PRAGMA busy_timeout = 0")
        with pytest.raises(
            StoreError, match=r"^cannot store fukushima_dx_r5\.pdf: database is locked$"
        ):
            store_document(other, make_document())
        holder.rollback()
        assert store_document(other, make_document()).outcome is StoreOutcome.ADDED
        assert count_rows(holder)["reports"] == 1
    finally:
        holder.close()
        other.close()


def test_load_documents_of_an_empty_database(db: Database) -> None:
    assert load_documents(db) == []


def test_numbers_keep_int_and_float(db: Database) -> None:
    store_document(db, make_document())
    stored = db.execute(
        "select target, typeof(target), actual, typeof(actual) from kpis order by id"
    ).fetchall()
    assert stored == [
        (67.4, "real", 43.1, "real"),
        (1000, "integer", 32000000, "integer"),
        (None, "null", None, "null"),
    ]
    (loaded,) = load_documents(db)
    kpi = loaded.initiatives[0].kpis[1]
    assert type(kpi.target) is int
    assert type(loaded.initiatives[0].kpis[0].target) is float
    assert type(loaded.area_summaries[0].partially_achieved_pct) is float
    text = document_to_json(loaded)
    assert '"target": 1000,' in text
    assert '"target": 67.4,' in text
    assert '"actual": 32000000,' in text
    assert '"achieved_pct": 68,' in text


def test_a_float_without_fraction_comes_back_as_an_int(db: Database) -> None:
    # NUMERIC affinity stores 100.0 as the integer 100 (store.NUMBER says why).
    doc = make_document()
    field = doc.fields[0].model_copy(update={"achieved_pct": 100.0})
    doc = doc.model_copy(update={"fields": (field, *doc.fields[1:])})
    store_document(db, doc)
    (loaded,) = load_documents(db)
    assert loaded == doc
    assert type(loaded.fields[0].achieved_pct) is int


def test_datasette_style_text_filters_match_numbers(db: Database) -> None:
    # Datasette binds ?target=1000 and ?target__gt=67.4 as text.
    store_document(db, make_document())
    assert db.table("kpis").count_where("target = ?", ["1000"]) == 1
    assert db.table("kpis").count_where("target > ?", ["67.4"]) == 1


# --- JSON -------------------------------------------------------------------


CONTRACT_KEYS = {
    "document": ["report", "area_summaries", "fields", "field_totals", "initiatives"],
    "report": [
        "file", "sha256", "title", "results_fiscal_year", "plan_fiscal_year", "pages", "issued"
    ],
    "area_summary": [
        "area", "fiscal_year", "projects", "kpi_projects", "achieved", "achieved_pct",
        "partially_achieved", "partially_achieved_pct", "page", "bbox",
    ],
    "field": [
        "area", "code", "name", "fiscal_year", "projects", "kpi_projects", "achieved",
        "achieved_pct", "page", "bbox",
    ],
    "field_total": [
        "area", "fiscal_year", "projects", "kpi_projects", "achieved", "achieved_pct", "page",
        "bbox",
    ],
    "initiative": [
        "area", "field_code", "section_code", "title", "activities", "outcomes",
        "next_activities", "kpi_applicable", "page", "bbox", "kpis",
    ],
    "kpi": [
        "name", "fiscal_year", "target", "target_text", "actual", "actual_text", "unit",
        "status", "next_fiscal_year", "next_target", "next_target_text", "page", "bbox",
    ],
}  # fmt: skip


def test_json_keys_are_in_contract_order() -> None:
    data = json.loads(document_to_json(make_document()))
    assert list(data) == CONTRACT_KEYS["document"]
    assert list(data["report"]) == CONTRACT_KEYS["report"]
    assert list(data["area_summaries"][0]) == CONTRACT_KEYS["area_summary"]
    assert list(data["fields"][0]) == CONTRACT_KEYS["field"]
    assert list(data["field_totals"][0]) == CONTRACT_KEYS["field_total"]
    assert list(data["initiatives"][0]) == CONTRACT_KEYS["initiative"]
    assert list(data["initiatives"][0]["kpis"][0]) == CONTRACT_KEYS["kpi"]


def test_json_is_byte_identical_across_calls() -> None:
    first = document_to_json(make_document())
    assert document_to_json(make_document()) == first
    assert first.endswith("}\n")
    assert "行政手続のオンライン化" in first  # not \u escapes
    assert '"achieved": null,' in first
    assert '"kpi_applicable": false,' in first


def test_write_json_names_files_after_the_pdf(tmp_path: Path) -> None:
    r5 = make_document()
    r6 = make_document(file="dx_r6.pdf", content="r6", title=TITLE_R6, results_fiscal_year=2024)
    paths = write_json([r5, r6], tmp_path / "extracted")
    assert paths == [
        tmp_path / "extracted" / "fukushima_dx_r5.json",
        tmp_path / "extracted" / "dx_r6.json",
    ]
    assert paths[0].read_bytes() == document_to_json(r5).encode("utf-8")
    assert b"\r" not in paths[1].read_bytes()


# --- CSV --------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_write_csv_writes_one_file_per_record_kind(tmp_path: Path) -> None:
    paths = write_csv([make_document()], tmp_path)
    assert [path.name for path in paths] == [
        "fukushima_dx_r5.area_summaries.csv",
        "fukushima_dx_r5.fields.csv",
        "fukushima_dx_r5.field_totals.csv",
        "fukushima_dx_r5.initiatives.csv",
        "fukushima_dx_r5.kpis.csv",
    ]
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def _csv_header(keys: list[str]) -> list[str]:
    """The contract's keys as CSV columns: the region as four, last; no kpis."""
    names = [k for k in keys if k not in ("bbox", "kpis")]
    return [*names, "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]


def test_csv_headers_and_cells(tmp_path: Path) -> None:
    doc = make_document()
    summary = doc.area_summaries[0].model_copy(update={"bbox": (250.1, 120.0, 330.4, 260.2)})
    doc = doc.model_copy(update={"area_summaries": (summary, *doc.area_summaries[1:])})
    write_csv([doc], tmp_path)
    summaries = read_csv(tmp_path / "fukushima_dx_r5.area_summaries.csv")
    assert summaries[0] == _csv_header(CONTRACT_KEYS["area_summary"])
    assert summaries[1] == [
        "行政のDX", "2023", "52", "19", "13", "68", "6", "31.6", "1", "250.1", "120.0", "330.4",
        "260.2",
    ]  # fmt: skip
    # A record without a region (stored by an older dxextract): empty cells.
    assert summaries[2] == ["行政のDX", "2024", "51", "21", "", "", "", "", "1", "", "", "", ""]
    fields = read_csv(tmp_path / "fukushima_dx_r5.fields.csv")[0]
    assert fields == _csv_header(CONTRACT_KEYS["field"])
    totals = read_csv(tmp_path / "fukushima_dx_r5.field_totals.csv")
    assert totals == [
        _csv_header(CONTRACT_KEYS["field_total"]),
        ["行政のDX", "2023", "52", "19", "13", "68.4", "2", "", "", "", ""],
    ]

    initiatives = read_csv(tmp_path / "fukushima_dx_r5.initiatives.csv")
    assert initiatives[0] == ["seq", *_csv_header(CONTRACT_KEYS["initiative"])]
    assert initiatives[2][0] == "1"
    assert initiatives[2][8:] == ["false", "4", "30.0", "300.0", "810.0", "420.5"]
    assert len(initiatives) == 4

    kpis = read_csv(tmp_path / "fukushima_dx_r5.kpis.csv")
    assert kpis[0] == [
        "initiative_seq",
        "field_code",
        "section_code",
        "initiative_title",
        *_csv_header(CONTRACT_KEYS["kpi"]),
    ]
    assert kpis[1][:6] == [
        "0",
        "I-2",
        "I-2",
        "行政手続のオンライン化",
        "県及び市町村行政手続のオンライン利用率",
        "2023",
    ]
    assert kpis[2][6] == "1000"
    assert kpis[3][:4] == ["2", "II", "II-2", "行政手続のオンライン化"]
    unpublished = dict(zip(kpis[0], kpis[3], strict=True))
    assert unpublished["target"] == ""
    assert unpublished["target_text"] == "－"
    assert unpublished["unit"] == ""
    assert unpublished["next_target"] == "250"


def _open_and_close(path: str) -> str:
    try:
        open_db(path).close()
    except Exception as exc:  # reported to the parent, which asserts on it
        return f"{type(exc).__name__}: {exc}"
    return "ok"


@pytest.mark.slow
def test_four_processes_creating_one_database_at_once_all_succeed(tmp_path: Path) -> None:
    # The whole schema (tables, search index, views, keys) is created in one
    # write transaction: the others wait for it instead of racing it.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        for round_ in range(3):
            path = str(tmp_path / f"new{round_}.db")
            assert pool.map(_open_and_close, [path] * 4) == ["ok"] * 4
