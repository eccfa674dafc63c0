"""The command line: ingest, export, re-ingest, re-issue, bad input in a batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from dxtest import GRID_PDF, SLIDES_PDF, Ingested, comparable, record_diff

from dxextract.cli import cli
from dxextract.store import count_rows, open_db

EXPECTED_COUNTS = "4 area summaries, 26 field rows, 4 field totals, 24 initiatives, 19 KPIs"


def _ingest(runner: CliRunner, db: Path, *paths: Path) -> Any:
    return runner.invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--silent"])


def test_ingest_then_export_json_matches_golden(
    runner: CliRunner,
    tmp_path: Path,
    golden: dict[str, Any],
    fy2023_ingested: Ingested,
    fy2023_db: Path,
) -> None:
    # conftest's ingest of the slides (exit 0 asserted there), this test's own copy.
    db = fy2023_db
    assert f"{SLIDES_PDF}: {EXPECTED_COUNTS}" in fy2023_ingested.output
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "fukushima_dx_r5.json").read_text(encoding="utf-8"))
    assert data["report"]["file"] == "fukushima_dx_r5.pdf"
    assert len(data["report"]["sha256"]) == 64

    from dxextract.models import Document

    assert not record_diff(comparable(Document.model_validate(data)), golden)


def test_export_json_is_byte_for_byte_stable(
    runner: CliRunner, tmp_path: Path, fy2023_db: Path
) -> None:
    db = fy2023_db
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--out", str(out)])
        outputs.append((out / "fukushima_dx_r5.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_export_csv_writes_one_file_per_kind(
    runner: CliRunner, tmp_path: Path, fy2023_db: Path
) -> None:
    db = fy2023_db
    out = tmp_path / "csv"
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    kpis = (out / "fukushima_dx_r5.kpis.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(kpis) == 1 + 19
    assert "チャットボット満足度" in "\n".join(kpis)


def test_ingesting_twice_changes_nothing(runner: CliRunner, fy2023_db: Path) -> None:
    db = fy2023_db
    before = _dump(db)
    result = _ingest(runner, db, SLIDES_PDF)
    assert result.exit_code == 0
    assert f"{SLIDES_PDF}: unchanged, already ingested" in result.output
    assert _dump(db) == before


def test_corrected_reissue_replaces_the_edition(
    runner: CliRunner, tmp_path: Path, fy2023_db: Path
) -> None:
    db = fy2023_db
    reissue = tmp_path / "fukushima_dx_r5_corrected.pdf"
    # Same content, other bytes: an incremental-update comment after %%EOF.
    reissue.write_bytes(SLIDES_PDF.read_bytes() + b"\n% corrected re-issue\n")
    result = _ingest(runner, db, reissue)
    assert result.exit_code == 0, result.output
    # The same date: the later file name is the later issue.
    assert "current issue now, replacing fukushima_dx_r5.pdf: no record changed" in result.output
    counts = count_rows(open_db(db))
    assert counts["reports"] == 1 and counts["kpis"] == 19 and counts["initiatives"] == 24


def test_bad_file_in_a_batch_is_reported_and_the_rest_ingested(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GRID_PDF, folder / "b_grid.pdf")
    (folder / "a_broken.pdf").write_bytes(b"this is not a PDF")
    db = tmp_path / "dx.db"
    result = _ingest(runner, db, folder)
    assert result.exit_code == 1
    assert f"error: {folder / 'a_broken.pdf'}: not a PDF (no %PDF- header)" in result.output
    assert f"{folder / 'b_grid.pdf'}: {EXPECTED_COUNTS}" in result.output
    assert count_rows(open_db(db))["reports"] == 1


def test_real_pdf_that_is_not_a_dx_report_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    mhlw = (
        Path(__file__).resolve().parents[1]
        / "tests"
        / "fixtures"
        / "real"
        / "mhlw_betsushi1_20211201.pdf"
    )
    db = tmp_path / "dx.db"
    result = _ingest(runner, db, mhlw)
    assert result.exit_code == 1
    assert f"error: {mhlw}: not a DX report" in result.output
    assert count_rows(open_db(db))["reports"] == 0


def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(cli, ["ingest"]).exit_code == 2
    assert runner.invoke(cli, ["export", "--format", "xml"]).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(cli, ["ingest", str(empty), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "no PDF files in" in result.output


def test_export_without_database_fails_clearly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "--db", str(tmp_path / "nope.db"), "--format", "json"])
    assert result.exit_code == 1
    assert "no such database; run `dxextract ingest` first" in result.output


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = open_db(db)
    return {
        t: [tuple(r) for r in conn.execute(f"select * from [{t}] order by id").fetchall()]
        for t in count_rows(conn)
    }


def test_unreadable_files_each_give_one_line(runner: CliRunner, tmp_path: Path) -> None:
    cases = {
        "empty.pdf": (b"", "empty file"),
        "text.pdf": (b"hello", "not a PDF (no %PDF- header)"),
        "truncated.pdf": (
            SLIDES_PDF.read_bytes()[:60000],
            "unreadable PDF (PSEOF): truncated or damaged",
        ),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    db = tmp_path / "dx.db"
    result = _ingest(runner, db, *(tmp_path / name for name in cases))
    assert result.exit_code == 1
    for name, (_, message) in cases.items():
        assert f"error: {tmp_path / name}: {message}\n" in result.output
    assert count_rows(open_db(db))["reports"] == 0


def test_ingest_ends_with_a_summary_of_the_database(fy2023_ingested: Ingested) -> None:
    # conftest's `dxextract ingest <slides> --db <new database>` (exit 0 asserted there).
    db, output = fy2023_ingested
    tail = output.split(f"{db}: 1 report\n", 1)[1]
    assert "fukushima_dx_r5.pdf: FY2023 results, FY2024 plan" in tail
    assert "行政のDX 52 projects, 19 with KPIs, 13 achieved (68%)" in tail
    assert "24 initiatives (5 without KPIs), 19 KPIs: 達成 14, 一部達成 5" in tail
