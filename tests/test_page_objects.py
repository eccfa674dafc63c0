"""pdf.page_objects gives what pdfplumber's page.chars, rects and lines give, key for key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import GRID_PDF, ROOT, SLIDES_PDF, WRITER_PDF

from dxextract.pdf import page_objects

MHLW_PDF = ROOT / "tests" / "fixtures" / "mhlw_betsushi1_20211201.pdf"


def _restricted(objs: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    return [{k: o[k] for k in keys} for o in objs]


@pytest.mark.parametrize("path", [SLIDES_PDF, GRID_PDF, WRITER_PDF, MHLW_PDF], ids=lambda p: p.name)
def test_page_objects_equal_pdfplumbers(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            ours = page_objects(page)
            for kind, theirs in (("char", page.chars), ("rect", page.rects), ("line", page.lines)):
                keys = list(ours[kind][0]) if ours[kind] else []
                assert ours[kind] == _restricted(theirs, keys), (path.name, page.page_number, kind)
                assert len(ours[kind]) == len(theirs)
