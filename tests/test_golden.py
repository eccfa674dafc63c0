"""Every rendering of the FY2023 report gives exactly the golden records.

Three routes: reportlab slides (raw_pdfs/), reportlab platypus grid tables and
LibreOffice Writer (tests/fixtures/).

tests/golden/fy2023.json was checked by hand against the report's published
text (../shared/000_4d565530f8a1ddcb.txt); page and bbox are left out of it
because they belong to one rendering.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from dxtest import ROOT, comparable, record_diff

from dxextract.extract.pipeline import pdf_to_extraction
from dxextract.models import Document


@pytest.mark.parametrize("doc_name", ["slides_doc", "grid_doc", "writer_doc"])
def test_rendering_gives_golden_records(
    doc_name: str, golden: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    doc: Document = request.getfixturevalue(doc_name)
    diff = record_diff(comparable(doc), golden)
    assert not diff, "records differ from tests/golden/fy2023.json:\n" + "\n".join(diff[:40])


# Renderings by real producers (tools/producers/: LibreOffice Writer from a
# .docx, headless Chromium from HTML, …), committed as PDFs: the tests need none
# of the producers. FY2024 is the synthetic edition; its golden file is the
# slides rendering's records (tests/fixtures/fukushima_dx_r6_synthetic.pdf),
# which test_editions checks against its content, string for string.
PRODUCERS = ROOT / "tests" / "fixtures" / "producers"
GOLDEN_FY2024 = ROOT / "tests" / "golden" / "fy2024_synthetic.json"


# pinned/: random styles of `make sweep` that failed once and were fixed
# (<producer>_seed<N>_<edition>.pdf, rendered by tools/sweep_producers.py's seed N).
# (injected/ holds renderings with inconsistent numbers: tests/test_checks.py.)
# Each producer's FY2023 rendering in the fast tier; its FY2024 one (read as FY2023's
# by the same producer) and the pinned seeds in the slow one.
GOLDEN_RENDERINGS = [
    *sorted(PRODUCERS.glob("*_fy2023.pdf")),
    *(pytest.param(p, marks=pytest.mark.slow) for p in sorted(PRODUCERS.glob("*_fy2024.pdf"))),
    *(pytest.param(p, marks=pytest.mark.slow) for p in sorted(PRODUCERS.glob("pinned/*.pdf"))),
]


@pytest.mark.parametrize("pdf", GOLDEN_RENDERINGS, ids=lambda p: getattr(p, "stem", None))
def test_every_producer_gives_the_golden_records(pdf: Path, golden: dict[str, Any]) -> None:
    want = golden if pdf.stem.endswith("fy2023") else json.loads(GOLDEN_FY2024.read_text("utf-8"))
    extraction = pdf_to_extraction(pdf)
    diff = record_diff(comparable(extraction.document), want)
    assert not diff, f"{pdf.name} differs from its golden file:\n" + "\n".join(diff[:40])
    assert extraction.unread == ()  # read whole, and nothing said to be missing


def test_the_fy2024_golden_is_the_synthetic_editions_records(synthetic_doc: Document) -> None:
    want = json.loads(GOLDEN_FY2024.read_text("utf-8"))
    assert not record_diff(comparable(synthetic_doc), want)
    assert {p.stem.rsplit("_", 1)[1] for p in PRODUCERS.glob("*.pdf")} == {"fy2023", "fy2024"}


def test_golden_holds_every_record(golden: dict[str, Any]) -> None:
    assert len(golden["area_summaries"]) == 4
    assert len(golden["fields"]) == 26  # 13 fields x 2 fiscal years
    assert len(golden["field_totals"]) == 4
    assert len(golden["initiatives"]) == 24
    assert sum(len(i["kpis"]) for i in golden["initiatives"]) == 19
    titles = Counter(i["title"] for i in golden["initiatives"] if i["section_code"] == "II-2")
    assert list(titles.values()) == [2]  # two II-2 initiatives share a title; both kept


def test_field_rows_sum_to_printed_totals(golden: dict[str, Any]) -> None:
    """In the spirit of pdfplumber's test_nics_report: columns sum to the 合計 row."""
    for total in golden["field_totals"]:
        rows = [
            f
            for f in golden["fields"]
            if f["area"] == total["area"] and f["fiscal_year"] == total["fiscal_year"]
        ]
        for column in ("projects", "kpi_projects", "achieved"):
            values = [r[column] for r in rows if r[column] is not None]
            if total[column] is not None:
                assert sum(values) == total[column], (total["area"], total["fiscal_year"], column)


def test_summaries_equal_field_totals(golden: dict[str, Any]) -> None:
    totals = {(t["area"], t["fiscal_year"]): t for t in golden["field_totals"]}
    for s in golden["area_summaries"]:
        t = totals[(s["area"], s["fiscal_year"])]
        assert (s["projects"], s["kpi_projects"], s["achieved"]) == (
            t["projects"],
            t["kpi_projects"],
            t["achieved"],
        )


def test_provenance_points_at_the_printed_record(slides_doc: Document) -> None:
    """Each initiative's page and bbox hold its title; each KPI's page holds its name.

    Characters are read in drawing order: pdfplumber's extract_text interleaves
    the wrapped lines of neighbouring cells.
    """
    import pdfplumber
    from dxtest import SLIDES_PDF

    with pdfplumber.open(SLIDES_PDF) as pdf:
        for ini in slides_doc.initiatives:
            page = pdf.pages[ini.page - 1]
            inside = _drawn(page.crop(ini.bbox))
            assert _squash(ini.title)[:12] in _squash(inside), ini.title
            for kpi in ini.kpis:
                text = _drawn(pdf.pages[kpi.page - 1])
                assert _squash(kpi.name)[:12] in _squash(text), kpi.name


def _drawn(page: Any) -> str:
    return "".join(c["text"] for c in page.chars)


def _squash(text: str) -> str:
    return "".join(text.split())
