"""objects.page_objects gives what pdfplumber's page.chars, rects and lines give, key for key."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import make_fixture_pdfs as gen
import pdfplumber
import pytest
from dxtest import GRID_PDF, ROOT, SLIDES_PDF, WRITER_PDF
from fy2023_content import REPORT

from dxextract.extract.objects import OWN_KEYS, dedupe_chars, page_objects
from dxextract.extract.pdf import DEFAULT_DEDUPE_TOLERANCE

REAL = ROOT / "tests" / "fixtures" / "real"
# Excel's clipped cells, a second text size laid over the first, a large page.
REAL_PDFS = sorted(REAL.glob("*.pdf"))


def _restricted(objs: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    return [{k: o[k] for k in keys} for o in objs]


# The kameiten list (a second of pdfplumber alone) is in the slow tier.
@pytest.mark.parametrize(
    "path",
    [
        SLIDES_PDF,
        GRID_PDF,
        WRITER_PDF,
        *(
            pytest.param(p, marks=pytest.mark.slow) if p.name.startswith("cashless_kameiten") else p
            for p in REAL_PDFS
        ),
    ],
    ids=lambda p: p.name,
)
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
            theirs = pdfplumber.utils.text.dedupe_chars(chars, tolerance=DEFAULT_DEDUPE_TOLERANCE)
            ours = dedupe_chars(chars, DEFAULT_DEDUPE_TOLERANCE)
            assert ours == theirs, page.page_number
            removed += len(chars) - len(ours)
    assert removed > 1000  # the rendering does draw bold text twice


@pytest.fixture(scope="module")
def vertical_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A line set in a vertical CID font (縦書き) beside a horizontal one."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    path = tmp_path_factory.mktemp("vertical") / "vertical.pdf"
    font = UnicodeCIDFont("HeiseiMin-W3", isVertical=True)
    pdfmetrics.registerFont(font)
    page = canvas.Canvas(str(path))
    page.setFont(font.name, 14)
    page.drawString(300, 700, "縦書きの行政ＤＸ")
    page.setFont("Helvetica", 10)
    page.drawString(50, 50, "horizontal 123")
    page.save()
    return path


def test_vertical_text_boxes_equal_pdfplumbers(vertical_pdf: Path) -> None:
    with pdfplumber.open(vertical_pdf) as pdf:
        page = pdf.pages[0]
        ours = page_objects(page)["char"]
        keys = [k for k in ours[0] if k not in OWN_KEYS]
        assert _restricted(ours, keys) == _restricted(page.chars, keys)
    column = [c for c in ours if c["fontname"].startswith("HeiseiMin")]
    assert "".join(c["text"] for c in column) == "縦書きの行政ＤＸ"
    # One above the next, each as tall as the font is large.
    assert all(b["top"] > a["top"] for a, b in pairwise(column))
    assert {round(c["size"], 6) for c in column} == {14.0}


def test_a_font_with_its_tounicode_map_is_read_without_its_embedded_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Excel embeds whole TrueType fonts (1.4 MB inflated for the one-page Tokyo
    bulletin); pdfminer reads the program only when the font has no ToUnicode
    map. The characters are the same (test above); the program is not inflated."""
    from pdfminer.pdftypes import PDFStream

    path = REAL / "tokyo_sokuhou_20210323.pdf"
    inflated: list[int] = []
    get_data = PDFStream.get_data

    def counting(self: PDFStream) -> bytes:
        data = get_data(self)
        if "Length1" in self.attrs:  # a TrueType font program (FontFile2)
            inflated.append(len(data))
        return data

    monkeypatch.setattr(PDFStream, "get_data", counting)
    with pdfplumber.open(path) as pdf:
        chars = page_objects(pdf.pages[0])["char"]
        assert chars and not inflated
        assert pdf.pages[0].chars and sum(inflated) > 1_000_000  # pdfminer's own way
