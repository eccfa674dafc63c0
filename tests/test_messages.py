"""Every failure one line naming the file, no traceback: FIFOs, vanished files,
symlink loops, control characters in names, unwritable folders, pdfminer's
warnings (inputs.py, cli/)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import ROOT, SLIDES_PDF

from dxextract.cli import cli
from dxextract.extract import pipeline
from dxextract.extract.inputs import shown
from dxextract.models import Extraction

COUNTS = "4 area summaries, 26 field rows, 4 field totals, 24 initiatives, 19 KPIs"
# Chromium's PDF of the FY2023 content: pdfminer warns about its fonts' FontBBox.
WARNS = ROOT / "tests" / "fixtures" / "producers" / "pinned" / "browser_seed302_fy2023.pdf"
FONTBBOX = "Could not get FontBBox from font descriptor because None cannot be parsed as 4 floats"


def _run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("command", [["ingest", "--silent", "--db", "{db}"], ["tables"], ["check"]])
def test_a_fifo_is_refused_before_it_is_opened(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)  # opening it for reading would block until a writer comes
    args = [a.replace("{db}", str(tmp_path / "dx.db")) for a in command]
    result = _run(*args, fifo)
    assert result.exit_code == 1
    assert f"error: {fifo}: not a regular file (a FIFO); not read" in result.output


def test_a_folder_says_what_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SLIDES_PDF, folder / "b.pdf")
    os.mkfifo(folder / "a_pipe.pdf")
    (folder / "c_loop.pdf").symlink_to(folder / "c_loop.pdf")
    result = _run("ingest", folder, "--db", tmp_path / "dx.db", "--silent")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{folder / 'a_pipe.pdf'}: skipped: not a regular file (a FIFO)",
        f"{folder / 'c_loop.pdf'}: skipped: symlink loop",
        f"{folder / 'b.pdf'}: {COUNTS}",
    ]


def test_a_file_gone_since_it_was_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone.pdf"
    shutil.copy(SLIDES_PDF, gone)
    real = pipeline.pdf_to_extraction

    def vanishing(path: Path, *args: Any, **kwargs: Any) -> Extraction:
        path.unlink()  # after ingest hashed it, before it is read
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "pdf_to_extraction", vanishing)
    result = _run("ingest", gone, "--db", tmp_path / "dx.db", "--silent")
    assert result.exit_code == 1
    assert result.output == f"error: {gone}: no longer there\n"


def test_a_newline_in_a_file_name_stays_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "r5\nforged: 0 KPIs.pdf"
    shutil.copy(SLIDES_PDF, odd)
    result = _run("ingest", tmp_path, "--db", tmp_path / "dx.db", "--silent")
    assert result.exit_code == 0, result.output
    assert result.output == f"{tmp_path}/r5\\nforged: 0 KPIs.pdf: {COUNTS}\n"


def test_shown_escapes_control_characters_only() -> None:
    assert shown("令和5年度/報告書.pdf") == "令和5年度/報告書.pdf"
    assert shown("a\nb\tc\x1b[31m.pdf") == "a\\nb\\tc\\x1b[31m.pdf"


def test_export_into_an_unwritable_folder_is_one_line(tmp_path: Path, fy2023_db: Path) -> None:
    db = fy2023_db
    target = tmp_path / "file_not_folder"
    target.write_text("")
    result = _run("export", "--db", db, "--format", "json", "--out", target / "sub")
    assert result.exit_code == 1
    assert result.output == f"Error: {target / 'sub'}: cannot write: Not a directory\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_into_a_read_only_folder_is_one_line(fy2023_db: Path) -> None:
    db = fy2023_db
    result = _run("export", "--db", db, "--format", "csv", "--out", "/proc/dxextract")
    assert result.exit_code == 1
    assert result.output.startswith("Error: /proc/dxextract: cannot write: ")
    assert len(result.output.splitlines()) == 1


def test_pdfminer_warnings_are_counted_on_the_file_line(tmp_path: Path) -> None:
    result = _run("ingest", WARNS, "--db", tmp_path / "dx.db", "--silent")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{WARNS}: {COUNTS}; pdfminer warned 18 times (--verbose shows them)\n"
    )
    verbose = _run("ingest", WARNS, "--db", tmp_path / "v.db", "--silent", "--verbose")
    assert verbose.output == (
        f"{WARNS}: {COUNTS}; pdfminer warned 18 times\n  pdfminer: {FONTBBOX} (×18)\n"
    )


def test_pdfminer_warnings_do_not_reach_stderr_unnamed(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tables", str(WARNS)])
    assert result.exit_code == 0
    assert result.stderr == f"{WARNS}: read; pdfminer warned 18 times (--verbose shows them)\n"


def test_serve_on_a_busy_port_is_one_line(fy2023_db: Path) -> None:
    import socket

    db = fy2023_db
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run("serve", "--db", db, "--port", port)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: 127.0.0.1:{port} is in use (")
    assert result.output.endswith("; pass another --port\n")
