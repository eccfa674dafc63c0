"""objects.page_objects gives what pdfplumber's page.chars, rects and lines give, key for key."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import make_fixture_pdfs as gen
import pdfplumber
import pytest
from conftest import GRID_PDF, ROOT, SLIDES_PDF, WRITER_PDF
from fy2023_content import REPORT

from dxextract.objects import OWN_KEYS, dedupe_chars, page_objects
from dxextract.pdf import DEFAULT_DEDUPE_TOLERANCE

MHLW_PDF = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20211201.pdf"


def _restricted(objs: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    return [{k: o[k] for k in keys} for o in objs]


@pytest.mark.parametrize("path", [SLIDES_PDF, GRID_PDF, WRITER_PDF, MHLW_PDF], ids=lambda p: p.name)
def test_page_objects_equal_pdfplumbers(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            ours = page_objects(page)
            for kind, theirs in (("char", page.chars), ("rect", page.rects), ("line", page.lines)):
                # Our own keys (rendering mode, clipping) are what pdfplumber lacks.
                keys = [k for k in ours[kind][0] if k not in OWN_KEYS] if ours[kind] else []
                mine = _restricted(ours[kind], keys)
                assert mine == _restricted(theirs, keys), (path.name, page.page_number, kind)
                assert len(ours[kind]) == len(theirs)


@pytest.fixture(scope="module")
def fake_bold_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bold") / "fake_bold.pdf"
    gen.render_report(REPORT, path, replace(gen.SLIDES, fake_bold=True))
    return path


def test_dedupe_chars_equals_pdfplumbers(fake_bold_pdf: Path) -> None:
    with pdfplumber.open(fake_bold_pdf) as pdf:
        removed = 0
        for page in pdf.pages:
            chars = page_objects(page)["char"]
            theirs = pdfplumber.utils.dedupe_chars(chars, tolerance=DEFAULT_DEDUPE_TOLERANCE)
            ours = dedupe_chars(chars, DEFAULT_DEDUPE_TOLERANCE)
            assert ours == theirs, page.page_number
            removed += len(chars) - len(ours)
    assert removed > 1000  # the rendering does draw bold text twice
