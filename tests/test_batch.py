"""batch.py: results in input order from worker processes; the time limit cleans up."""

from __future__ import annotations

import hashlib
import signal
import time
from pathlib import Path
from typing import Any

import pdf_bytes
import pytest
from click.testing import CliRunner
from dxtest import SLIDES_PDF

from dxextract.cli import cli
from dxextract.errors import GarbledTextError, NotAPdfError, NoTextLayerError, TimeLimitError
from dxextract.extract import pipeline
from dxextract.extract.batch import Task, extract_all, time_limit
from dxextract.models import Extraction
from dxextract.store import count_rows, documents, open_db


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_input_order(tmp_path: Path, jobs: int) -> None:
    kinds = [
        (pdf_bytes.cid_font_pdf(), GarbledTextError),
        (pdf_bytes.image_only_pdf(), NoTextLayerError),
        (b"%PDF-1.4 nothing else", NotAPdfError),
        (pdf_bytes.image_only_pdf() + b"% other bytes", NoTextLayerError),
    ]
    tasks = []
    for i, (data, _) in enumerate(kinds):
        path = tmp_path / f"{i}.pdf"
        path.write_bytes(data)
        tasks.append(Task(path, hashlib.sha256(data).hexdigest()))
    results = [answer.value for answer in extract_all(tasks, jobs)]
    assert [type(r) for r in results] == [kind for _, kind in kinds]


def test_time_limit_raises_then_restores_the_alarm() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TimeLimitError), time_limit(0.05):
        time.sleep(5)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_time_limit_lets_a_quick_block_finish() -> None:
    with time_limit(5):
        value = sum(range(1000))
    assert value == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_bug_in_one_file_is_its_error_line_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.pdf_to_extraction

    def buggy(path: Path, *args: Any, **kwargs: Any) -> Extraction:
        if path.name == "bad.pdf":
            raise IndexError("simulated bug")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "pdf_to_extraction", buggy)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(pdf_bytes.image_only_pdf())
    db = tmp_path / "dx.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(bad), str(SLIDES_PDF), "--db", str(db), "--silent", "--jobs", "1"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"error: {bad}: internal error (IndexError: simulated bug); please report it"
    )
    assert count_rows(open_db(db))["reports"] == 1


def test_a_bug_while_storing_rolls_back_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def buggy(*args: Any) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(documents, "insert_findings", buggy)
    db = tmp_path / "dx.db"
    result = CliRunner().invoke(cli, ["ingest", str(SLIDES_PDF), "--db", str(db), "--silent"])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {SLIDES_PDF}: internal error (RuntimeError: simulated bug); please report it\n"
    )
    assert set(count_rows(open_db(db)).values()) == {0}
