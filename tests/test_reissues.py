"""Issues of one edition, remembered files, and databases the reading commands
must not change: ingest is idempotent over any folder, `check`, `export`,
`charts` and `metadata` never write."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import SLIDES_PDF
from small_document import make_document
from sqlite_utils import Database

from dxextract.cli import cli
from dxextract.extract.pdf import pdf_date_to_iso
from dxextract.store import StoreOutcome, count_rows, load_documents, seen_file, store_document
from dxextract.store.reissue import is_later_issue, issue_changes, partial_issue

ROOT = Path(__file__).resolve().parent.parent
OLDER_DB = ROOT / "tests" / "fixtures" / "older" / "dx_before_migrations.db"
# The reportlab rendering's Info dictionary (invariant=1): both dates are this.
RENDERED_DATE = b"D:20000101000000+00'00'"


def _dated(src: Path, dst: Path, date: bytes) -> Path:
    """A copy of `src` whose ModDate and CreationDate say `date` (same length:
    the cross-reference offsets stay right); other bytes, so another sha256."""
    assert len(date) == len(RENDERED_DATE)
    data = src.read_bytes()
    assert data.count(RENDERED_DATE) == 2
    dst.write_bytes(data.replace(RENDERED_DATE, date))
    return dst


def _ingest(runner: CliRunner, db: Path, *args: str | Path) -> Any:
    return runner.invoke(cli, ["ingest", *map(str, args), "--db", str(db), "--silent"])


def _state(db_path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        reports = conn.execute("select id, file, issued from reports order by id").fetchall()
        files = conn.execute(
            "select id, file, status, reason, current_id from files order by id"
        ).fetchall()
        return [*reports, *files]
    finally:
        conn.close()


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("D:20240930101200+09'00'", "2024-09-30T10:12:00+09:00"),
        ("D:20240930101200+09'00", "2024-09-30T10:12:00+09:00"),
        ("D:20240930101200+0900", "2024-09-30T10:12:00+09:00"),
        ("D:20240930101200-05'30'", "2024-09-30T10:12:00-05:30"),
        ("D:20240930101200Z", "2024-09-30T10:12:00+00:00"),
        ("D:20240930101200Z00'00'", "2024-09-30T10:12:00+00:00"),
        ("D:20240930101200", "2024-09-30T10:12:00"),
        ("20240930", "2024-09-30T00:00:00"),
        ("D:2024", "2024-01-01T00:00:00"),
        ("D:20241330101200", None),  # month 13
        ("yesterday", None),
        ("", None),
        (None, None),
        (20240930, None),
    ],
)
def test_pdf_date_to_iso(value: object, iso: str | None) -> None:
    assert pdf_date_to_iso(value) == iso


# --- which issue is current: pure ---------------------------------------------


def test_the_later_issued_date_is_the_later_issue() -> None:
    early = make_document(file="b.pdf", issued="2024-09-30T10:00:00+09:00").report
    late = make_document(file="a.pdf", issued="2024-09-30T02:00:00+00:00").report  # 11:00 JST
    assert is_later_issue(late, early)
    assert not is_later_issue(early, late)


def test_without_dates_the_later_file_name_is_the_later_issue() -> None:
    a = make_document(file="r5.pdf", issued=None).report
    b = make_document(file="r5_corrected.pdf", issued=None).report
    assert is_later_issue(b, a)
    # A dated issue is later than one that does not say when it was made.
    assert is_later_issue(make_document(file="a.pdf").report, b)


def test_partial_issue_names_the_kinds_it_lacks() -> None:
    full = make_document()
    summary_only = full.model_copy(update={"initiatives": (), "fields": ()})
    assert partial_issue(summary_only, full) == "0 of 2 field rows, 0 of 3 initiatives, 0 of 3 KPIs"
    assert partial_issue(full, summary_only) is None
    assert partial_issue(full, full) is None


def test_issue_changes_name_the_first_changes() -> None:
    old = make_document()
    fields = list(old.fields)
    fields[0] = fields[0].model_copy(update={"achieved_pct": 86})
    new = old.model_copy(update={"fields": tuple(fields), "area_summaries": ()})
    changes = issue_changes(old, new)
    assert (changes.changed, changes.added, changes.removed) == (1, 0, 2)
    assert changes.shown == (
        f"{fields[0].code} 2023年度 達成率 {old.fields[0].achieved_pct}% → 86%",
    )


# --- which issue is current: stored -------------------------------------------


def test_an_earlier_issue_is_remembered_not_stored(db: Database) -> None:
    current = make_document(issued="2024-10-15T09:00:00+09:00")
    store_document(db, current)
    earlier = make_document(file="first.pdf", content="edition 1 first print")
    result = store_document(db, earlier)
    assert (result.outcome, result.other_file) == (StoreOutcome.EARLIER, current.report.file)
    assert load_documents(db) == [current]
    seen = seen_file(db, earlier.report.sha256)
    assert seen is not None
    assert (seen.status, seen.current_file) == ("superseded", current.report.file)


def test_a_partial_issue_is_refused_unless_replace(db: Database) -> None:
    full = make_document()
    store_document(db, full)
    partial = make_document(file="late.pdf", content="late", issued="2024-12-01T00:00:00+09:00")
    partial = partial.model_copy(update={"initiatives": ()})
    result = store_document(db, partial)
    assert result.outcome is StoreOutcome.PARTIAL
    assert result.reason == (
        f"looks like a partial issue of {full.report.title} (0 of 3 initiatives, 0 of 3 KPIs); "
        "pass --replace to make it current"
    )
    assert load_documents(db) == [full]
    result = store_document(db, partial, replace=True)
    assert result.outcome is StoreOutcome.REPLACED
    assert load_documents(db) == [partial]
    superseded = seen_file(db, full.report.sha256)
    assert superseded is not None and superseded.status == "superseded"


# --- the CLI: a folder with an original and its re-issue ----------------------


def test_reissues_in_one_folder_settle_in_one_run(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    folder.mkdir()
    # The re-issue sorts first by name: only the date tells which is current.
    original = _dated(SLIDES_PDF, folder / "b_original.pdf", b"D:20240930101200+09'00'")
    reissue = _dated(SLIDES_PDF, folder / "a_reissue.pdf", b"D:20241015090000+09'00'")
    db = tmp_path / "dx.db"
    first = _ingest(runner, db, folder)
    assert first.exit_code == 0, first.output
    assert f"{original}: an earlier issue of its edition, not stored" in first.output
    state = _state(db)
    for _ in range(2):
        again = _ingest(runner, db, folder)
        assert again.exit_code == 0, again.output
        assert "replacing" not in again.output
        assert f"{reissue}: unchanged, already ingested" in again.output
        assert f"{original}: unchanged, an earlier issue of its edition (a_reissue.pdf" in (
            again.output
        )
        assert _state(db) == state
    conn = sqlite3.connect(db)
    assert conn.execute("select file, issued from reports").fetchall() == [
        ("a_reissue.pdf", "2024-10-15T09:00:00+09:00")
    ]


def test_a_later_reissue_replaces_and_says_what_changed(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "dx.db"
    original = _dated(SLIDES_PDF, tmp_path / "r5.pdf", b"D:20240930101200+09'00'")
    assert _ingest(runner, db, original).exit_code == 0
    reissue = _dated(SLIDES_PDF, tmp_path / "r5_v2.pdf", b"D:20241015090000+09'00'")
    result = _ingest(runner, db, reissue)
    assert result.exit_code == 0, result.output
    assert f"{reissue}: current issue now, replacing r5.pdf: no record changed" in result.output
    # The first issue is remembered: given again, it is not read, nor made current.
    result = _ingest(runner, db, original)
    assert "unchanged, an earlier issue of its edition (r5_v2.pdf is current" in result.output
    result = _ingest(runner, db, original, "--replace")
    assert f"{original}: current issue now, replacing r5_v2.pdf" in result.output


def test_a_partial_issue_is_refused_with_one_line(
    runner: CliRunner, tmp_path: Path, fy2023_db: Path
) -> None:
    import make_fixture_pdfs as gen
    from fy2023_content import REPORT, Section

    db = fy2023_db
    summary_only = replace(
        REPORT, blocks=tuple(b for b in REPORT.blocks if not isinstance(b, Section))
    )
    partial = tmp_path / "partial.pdf"
    gen.render_report(summary_only, partial, gen.SLIDES)
    _dated(partial, partial, b"D:20241015090000+09'00'")
    before = count_rows(Database(db))
    result = _ingest(runner, db, partial)
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "partial" in line]
    assert line.startswith(f"error: {partial}: looks like a partial issue of ")
    assert line.endswith("(0 of 24 initiatives, 0 of 19 KPIs); pass --replace to make it current")
    assert count_rows(Database(db)) == before
    # Remembered: not read again, the same line, the same exit code.
    again = _ingest(runner, db, partial)
    assert again.exit_code == 1
    assert "(refused before; not read again)" in again.output
    accepted = _ingest(runner, db, partial, "--replace")
    assert accepted.exit_code == 0, accepted.output
    assert count_rows(Database(db))["initiatives"] == 0


def test_a_refused_file_is_not_read_again(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "dx.db"
    real = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20210201.pdf"
    first = _ingest(runner, db, real)
    assert first.exit_code == 1
    assert f"error: {real}: not a DX report" in first.output
    again = _ingest(runner, db, real)
    assert again.exit_code == 1
    assert again.output.strip().endswith("(refused before; not read again)")


# --- reading commands never write ---------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


READERS = [
    ["check", "--db"],
    ["export", "--format", "json", "--out", "{out}", "--db"],
    ["export", "--format", "csv", "--out", "{out}", "--db"],
    ["charts", "--out", "{out}/r.html", "--db"],
    ["metadata", "--db"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:3]))
def test_a_foreign_sqlite_file_is_refused_untouched(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    foreign = tmp_path / "notes.db"
    conn = sqlite3.connect(foreign)
    conn.execute("create table notes (id integer primary key, text text)")
    conn.execute("insert into notes (text) values ('hello')")
    conn.commit()
    conn.close()
    before = _digest(foreign)
    args = [a.replace("{out}", str(tmp_path / "out")) for a in command]
    result = runner.invoke(cli, [*args, str(foreign)])
    assert result.exit_code == 1, result.output
    assert f"{foreign}: not a dxextract database (it holds the tables notes)" in result.output
    assert _digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_ingest_refuses_a_foreign_sqlite_file_untouched(runner: CliRunner, tmp_path: Path) -> None:
    foreign = tmp_path / "notes.db"
    sqlite3.connect(foreign).execute("create table notes (id integer primary key)").close()
    before = _digest(foreign)
    result = _ingest(runner, foreign, SLIDES_PDF)
    assert result.exit_code == 1
    assert "not a dxextract database (it holds the tables notes)" in result.output
    assert _digest(foreign) == before


ALL_STEPS = "m001_records, m002_issues, m003_vocabulary, m004_regions, m005_series"


def test_an_older_database_is_refused_by_readers_and_upgraded_by_ingest(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "dx.db"
    shutil.copy(OLDER_DB, db)
    before = _digest(db)
    result = runner.invoke(cli, ["export", "--format", "json", "--db", str(db), "--out", "o"])
    assert result.exit_code == 1
    assert "written by an older dxextract (schema steps m001_records, m002_issues" in (
        result.output
    )
    assert "`dxextract upgrade`" in result.output
    assert _digest(db) == before
    result = _ingest(runner, db, SLIDES_PDF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{db}: upgraded to this dxextract's schema ({ALL_STEPS})"
    # The report stored by the older dxextract is the same bytes: remembered as current.
    assert lines[1] == f"{SLIDES_PDF}: unchanged, already ingested"
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", "--format", "json", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert '"issued": null' in (out / "fukushima_dx_r5.json").read_text(encoding="utf-8")
    # Records stored before the contract asked for every region have none;
    # reading the file again fills them in.
    exported = json.loads((out / "fukushima_dx_r5.json").read_text(encoding="utf-8"))
    assert exported["area_summaries"][0]["bbox"] is None
    result = _ingest(runner, db, SLIDES_PDF, "--reread")
    assert result.exit_code == 0, result.output
    assert "read again:" in result.output
    result = runner.invoke(cli, ["export", "--format", "json", "--db", str(db), "--out", str(out)])
    exported = json.loads((out / "fukushima_dx_r5.json").read_text(encoding="utf-8"))
    kinds = ("area_summaries", "fields", "field_totals")
    assert all(len(r["bbox"]) == 4 for kind in kinds for r in exported[kind])
    assert all(len(k["bbox"]) == 4 for i in exported["initiatives"] for k in i["kpis"])


def test_upgrade_command(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "dx.db"
    shutil.copy(OLDER_DB, db)
    result = runner.invoke(cli, ["upgrade", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{db}: upgraded to this dxextract's schema ({ALL_STEPS})\n"
    # What was stored was read with the package's vocabulary.
    with sqlite3.connect(db) as conn:
        assert conn.execute("select distinct vocabulary from files").fetchall() == [("default",)]
    result = runner.invoke(cli, ["upgrade", "--db", str(db)])
    assert result.output == f"{db}: up to date, nothing to do\n"
    result = runner.invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code in (0, 1), result.output  # findings, not a refusal
    assert "older dxextract" not in result.output


@pytest.mark.slow  # unshare, mount and dxextract in processes of their own
def test_a_database_on_a_read_only_mount_is_readable(tmp_path: Path, fy2023_db: Path) -> None:
    """A WAL database on a read-only file system (a mount of the shared drive):
    SQLite's mode=ro cannot open it there; the reading commands still can."""
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    shutil.copy(fy2023_db, src / "dx.db")  # the FY2023 report, as `ingest` stored it
    dxextract = str(Path(sys.executable).with_name("dxextract"))
    script = (
        f"mount --bind {src} {ro} && mount -o remount,bind,ro {ro} && "
        f"{dxextract} export --format json --db {ro}/dx.db --out {tmp_path}/out && "
        f"{{ {dxextract} check --db {ro}/dx.db; [ $? -le 1 ]; }}"  # 1: findings
    )
    # A user and mount namespace of its own: no root needed, nothing mounted outside.
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "fukushima_dx_r5.json").exists()
    assert "unable to open" not in done.stderr


def test_ingest_json_is_one_object_per_file(runner: CliRunner, tmp_path: Path) -> None:
    import json

    db = tmp_path / "dx.db"
    real = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20210201.pdf"
    result = _ingest(runner, db, SLIDES_PDF, real, "--json")
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {
        "file": str(SLIDES_PDF),
        "outcome": "added",
        "current": "fukushima_dx_r5.pdf",
        "counts": {
            "area_summaries": 4, "fields": 26, "field_totals": 4, "initiatives": 24, "kpis": 19,
        },
        "warnings": 0,
        "pdfminer_warnings": 0,
        "error": None,
    }  # fmt: skip
    assert (second["outcome"], second["counts"]) == ("refused", None)
    assert second["error"].startswith("not a DX report")
    again = _ingest(runner, db, SLIDES_PDF, "--json")
    assert json.loads(again.stdout)["outcome"] == "unchanged"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_removes_only_its_own_files_of_reports_no_longer_stored(
    runner: CliRunner, tmp_path: Path, fmt: str
) -> None:
    db, out = tmp_path / "dx.db", tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "r5.old.csv").write_text("not written by dxextract")
    original = _dated(SLIDES_PDF, tmp_path / "r5.pdf", b"D:20240930101200+09'00'")
    assert _ingest(runner, db, original).exit_code == 0
    export = ["export", "--db", str(db), "--format", fmt, "--out", str(out)]
    assert runner.invoke(cli, export).exit_code == 0
    first = {p.name for p in out.iterdir()}
    assert any(name.startswith("r5.") for name in first - {"r5.old.csv"})
    reissue = _dated(SLIDES_PDF, tmp_path / "r5_v2.pdf", b"D:20241015090000+09'00'")
    assert _ingest(runner, db, reissue).exit_code == 0
    result = runner.invoke(cli, export)
    assert result.exit_code == 0, result.output
    after = {p.name for p in out.iterdir()}
    assert {"notes.txt", "r5.old.csv", ".dxextract-export.json"} <= after
    assert not any(n.startswith("r5.") and n != "r5.old.csv" for n in after)
    assert any(n.startswith("r5_v2.") for n in after)
    removed = [line for line in result.output.splitlines() if line.startswith("removed ")]
    assert len(removed) == len(first - {"notes.txt", "r5.old.csv", ".dxextract-export.json"})
    # Nothing to do the next time: the same files, nothing removed.
    again = runner.invoke(cli, export)
    assert "removed" not in again.output
    assert {p.name for p in out.iterdir()} == after
