"""Every bad input: one line naming the file and the reason, exit 1, nothing written.

Each case ingests the bad file into a database that already holds the FY2023
report and checks that the database is byte-for-byte the same dump afterwards;
the batch test checks that the other files of a batch are still ingested. The
empty, not-a-PDF, truncated and not-a-DX-report cases have their own tests in
test_cli.py; here they only take part in the batch.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import make_fixture_pdfs as gen
import pdf_bytes
import pdfplumber
import pytest
from click.testing import CliRunner
from dxtest import ROOT, SLIDES_PDF, SYNTHETIC_PDF, comparable, record_diff
from fy2023_content import REPORT, Section
from reportlab.lib.pdfencrypt import StandardEncryption

from dxextract.cli import cli
from dxextract.extract.pipeline import pdf_to_document

MHLW_PDF = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20211201.pdf"
COUNTS = "4 area summaries, 26 field rows, 4 field totals, 24 initiatives, 19 KPIs"


def _ingest(db: Path, *args: object) -> Any:
    return CliRunner().invoke(cli, ["ingest", *map(str, args), "--db", str(db), "--silent"])


def dump(db: Path) -> list[str]:
    """Schema and every row of the database, statement by statement; the log of
    files read (`files`: a refused file is remembered there, by design) apart."""
    conn = sqlite3.connect(db)
    try:
        return [s for s in conn.iterdump() if not s.startswith('INSERT INTO "files"')]
    finally:
        conn.close()


def refusals(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "select file, status, reason from files where status = 'refused'"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def db(fy2023_db: Path) -> Path:
    """A database holding the FY2023 report (conftest's, ingested once), this test's own copy."""
    return fy2023_db


# --- the bad files --------------------------------------------------------------


def _render_encrypted(path: Path, user_password: str) -> None:
    """The FY2023 slides, encrypted (RC4, as reportlab writes it) with this user password."""
    encrypt = StandardEncryption(user_password, "owner-secret", canModify=0, canCopy=0)
    gen.render_report(REPORT, path, gen.SLIDES, gen.RenderOptions(encrypt=encrypt))


def _unreadable_kpi_report() -> Any:
    """FY2023 with one KPI target printed as 未定: a value no parser can read."""
    blocks = []
    done = False
    for block in REPORT.blocks:
        if isinstance(block, Section) and not done and any(i.kpis for i in block.initiatives):
            items = []
            for item in block.initiatives:
                if item.kpis and not done:
                    item = replace(
                        item, kpis=(replace(item.kpis[0], target="未定"), *item.kpis[1:])
                    )
                    done = True
                items.append(item)
            block = replace(block, initiatives=tuple(items))
        blocks.append(block)
    return replace(REPORT, blocks=tuple(blocks))


def _page_holding(path: Path, text: str) -> int:
    with pdfplumber.open(path) as pdf:
        return next(p.page_number for p in pdf.pages if text in (p.extract_text() or ""))


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Case name → (file, the reason its error line gives)."""
    folder = tmp_path_factory.mktemp("bad")
    files: dict[str, tuple[Path, str]] = {}

    def add(name: str, data: bytes, reason: str) -> None:
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        files[name] = (path, reason)

    add(
        "image_only",
        pdf_bytes.image_only_pdf(),
        "no text layer on any page: image-only PDF, needs OCR",
    )
    add(
        "cid_garbled",
        pdf_bytes.cid_font_pdf(),
        "page 1: garbled text layer (7 of 7 characters are (cid:N) or U+FFFD; "
        "the fonts lack a ToUnicode map)",
    )
    add(
        "fffd_garbled",
        pdf_bytes.replacement_char_pdf(),
        "page 1: garbled text layer (1 of 1 characters are (cid:N) or U+FFFD; "
        "the fonts lack a ToUnicode map)",
    )
    add(
        "thousands_of_pages",
        pdf_bytes.many_pages_pdf(3000),
        "3000 pages, more than --max-pages 500",
    )
    add("no_mediabox", pdf_bytes.no_mediabox_pdf(), "unreadable PDF (TypeError): damaged page tree")
    user_pw = folder / "user_password.pdf"
    _render_encrypted(user_pw, "reader-secret")
    files["user_password"] = (user_pw, "encrypted PDF: a password is needed to read it")
    unreadable = folder / "unreadable_kpi.pdf"
    gen.render_report(_unreadable_kpi_report(), unreadable, gen.SLIDES)
    page = _page_holding(unreadable, "未定")
    files["unreadable_table"] = (
        unreadable,
        f"page {page}: KPI table: cannot read 指標の値: not a number with a unit: '未定'",
    )
    return files


# What pdfminer warns while reading a bad file is counted at the end of its line.
PDFMINER_NOTE = {"no_mediabox": "; pdfminer warned 2 times (--verbose shows them)"}


def printed(case: str, reason: str) -> str:
    return reason + PDFMINER_NOTE.get(case, "")


BAD_CASES = [
    "image_only",
    "cid_garbled",
    "fffd_garbled",
    "thousands_of_pages",
    "no_mediabox",
    "user_password",
    "unreadable_table",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_file_gives_one_line_and_writes_nothing(
    case: str, bad_files: dict[str, tuple[Path, str]], db: Path
) -> None:
    path, reason = bad_files[case]
    before = dump(db)
    result = _ingest(db, path)
    assert result.exit_code == 1
    assert result.output == f"error: {path}: {printed(case, reason)}\n"
    assert dump(db) == before
    assert (path.name, "refused", reason) in refusals(db)


@pytest.mark.slow
def test_decompression_bomb_is_given_up_at_the_time_limit(tmp_path: Path, db: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_bytes.inflating_pdf(5_000_000))
    before = dump(db)
    result = _ingest(db, bomb, "--timeout", "1")
    assert result.exit_code == 1
    assert result.output == f"error: {bomb}: gave up after 1 s (time limit per file)\n"
    assert dump(db) == before


def test_limits_below_one_are_usage_errors(tmp_path: Path) -> None:
    for option in ("--max-pages", "--jobs", "--timeout"):
        result = _ingest(tmp_path / "dx.db", SLIDES_PDF, option, "0")
        assert result.exit_code == 2, option


def test_empty_user_password_ingests_normally(
    tmp_path: Path, golden: dict[str, Any], db: Path
) -> None:
    """Owner password only (printing and copying restricted): any reader opens it."""
    path = tmp_path / "owner_password_only.pdf"
    _render_encrypted(path, "")
    assert b"/Encrypt" in path.read_bytes()
    result = _ingest(tmp_path / "fresh.db", path)
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: {COUNTS}\n"
    assert not record_diff(comparable(pdf_to_document(path)), golden)


def test_a_batch_ingests_the_good_files_among_every_bad_one(
    bad_files: dict[str, tuple[Path, str]], db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    cases = {name: (path.name, printed(name, reason)) for name, (path, reason) in bad_files.items()}
    for path, _ in bad_files.values():
        shutil.copy(path, folder / path.name)
    basic = {
        "empty.pdf": (b"", "empty file"),
        "not_a_pdf.pdf": (b"GIF89a", "not a PDF (no %PDF- header)"),
        "truncated.pdf": (
            SLIDES_PDF.read_bytes()[:60000],
            "unreadable PDF (PSEOF): truncated or damaged",
        ),
    }
    for name, (data, reason) in basic.items():
        (folder / name).write_bytes(data)
        cases[name] = (name, reason)
    shutil.copy(MHLW_PDF, folder / MHLW_PDF.name)
    cases["mhlw"] = (
        MHLW_PDF.name,
        "not a DX report: no title naming 実施状況 or DX on the first page",
    )
    shutil.copy(SYNTHETIC_PDF, folder / SYNTHETIC_PDF.name)
    result = _ingest(db, folder, "--jobs", "2")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for name, reason in cases.values():
        assert f"error: {folder / name}: {reason}" in lines
    assert f"{folder / SYNTHETIC_PDF.name}: {COUNTS}" in lines
    assert len(lines) == len(cases) + 2  # the FY2024 line and its unmatched initiatives
    conn = sqlite3.connect(db)
    assert conn.execute("select file from reports order by file").fetchall() == [
        ("fukushima_dx_r5.pdf",),
        (SYNTHETIC_PDF.name,),
    ]
    conn.close()


# --- two processes, a killed process ----------------------------------------------

DXEXTRACT = [sys.executable, "-c", "from dxextract.cli import main; main()"]


@pytest.mark.slow
def test_two_concurrent_ingests_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "dx.db"
    procs = [
        subprocess.Popen(
            [*DXEXTRACT, "ingest", str(pdf), "--db", str(db), "--silent", "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for pdf in (SLIDES_PDF, SYNTHETIC_PDF)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from reports").fetchone()[0] == 2
    assert conn.execute("select count(*) from kpi_history").fetchone()[0] == 38
    conn.close()


@pytest.mark.slow
def test_sigkill_inside_the_write_transaction_leaves_the_database_as_before(
    db: Path, tmp_path: Path
) -> None:
    before = dump(db)
    marker = tmp_path / "inside-transaction"
    pausing = [sys.executable, str(ROOT / "tests" / "support" / "pause_in_transaction.py")]
    args = ["ingest", str(SYNTHETIC_PDF), "--db", str(db), "--silent", "--jobs", "1"]
    proc = subprocess.Popen(
        [*pausing, str(marker), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # pause_in_transaction creates the marker once every row is written, uncommitted.
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the ingest never reached its write transaction"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert dump(db) == before
    # The database is not left locked: the same file ingests normally afterwards.
    result = _ingest(db, SYNTHETIC_PDF)
    assert result.exit_code == 0, result.output
