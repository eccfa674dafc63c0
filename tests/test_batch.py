"""batch.py: results in input order from worker processes; the time limit cleans up."""

from __future__ import annotations

import hashlib
import signal
import time
from pathlib import Path

import pdf_bytes
import pytest

from dxextract.batch import Task, extract_all, time_limit
from dxextract.errors import GarbledTextError, NotAPdfError, NoTextLayerError, TimeLimitError


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
    results = list(extract_all(tasks, jobs))
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
