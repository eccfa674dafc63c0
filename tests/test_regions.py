"""Every record's printed region (the contract's `page` and `bbox`): the page's
own text inside the region says the record."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from dxtest import GRID_PDF, SLIDES_PDF, WRITER_PDF, Extracted
from pdfplumber.pdf import PDF

from dxextract.models import Document
from dxextract.text import nfkc


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


@pytest.fixture(scope="module", params=[SLIDES_PDF, GRID_PDF, WRITER_PDF], ids=lambda p: p.name)
def read(request: pytest.FixtureRequest, extracted: Extracted) -> tuple[Document, PDF]:
    pdf = pdfplumber.open(request.param)
    request.addfinalizer(pdf.close)
    return extracted(request.param).document, pdf


def _inside(pdf: PDF, page: int, bbox: tuple[float, ...] | None) -> str:
    assert bbox is not None
    x0, top, x1, bottom = bbox
    assert x0 < x1 and top < bottom
    region = pdf.pages[page - 1].crop((x0 - 1, top - 1, x1 + 1, bottom + 1), strict=False)
    return _flat(region.extract_text() or "")


def test_every_kpi_region_prints_its_kpi(read: tuple[Document, PDF]) -> None:
    doc, pdf = read
    kpis = [k for i in doc.initiatives for k in i.kpis]
    assert kpis
    for kpi in kpis:
        text = _inside(pdf, kpi.page, kpi.bbox)
        assert _flat(kpi.name)[:6] in text, kpi.name
        assert _flat(kpi.actual_text) in text, kpi.name


def test_every_field_and_total_region_prints_its_row(read: tuple[Document, PDF]) -> None:
    doc, pdf = read
    for row in doc.fields:
        assert _flat(row.name)[:5] in _inside(pdf, row.page, row.bbox), row.name
    for total in doc.field_totals:
        text = _inside(pdf, total.page, total.bbox)
        assert "計" in text and str(total.projects) in text


def test_every_area_summary_region_is_its_column(read: tuple[Document, PDF]) -> None:
    doc, pdf = read
    for summary in doc.area_summaries:
        text = _inside(pdf, summary.page, summary.bbox)
        assert f"{summary.projects}事業" in text, summary
        # Its own column only: the other area's or year's count is not in it.
        others = {f"{s.projects}事業" for s in doc.area_summaries if s.projects != summary.projects}
        assert not any(o in text for o in others), (summary, text)
