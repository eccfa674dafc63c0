"""Layout robustness: the same content, laid out at random, gives the same records.

Every new edition is a layout nobody foresaw; so the fixture generator renders
the FY2023 content with random column widths, font sizes, padding, page breaks,
shading or ruling, one or two tables per page, and the extractor must return
the golden records every time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fy2023_content
import make_fixture_pdfs
import pytest
from dxtest import comparable, record_diff

from dxextract.extract.pipeline import pdf_to_document

# Random layouts render a PDF each: the slow tier (make test-all).
pytestmark = pytest.mark.slow

# Seeds the generator's own tests pin down (tests/test_fixture_generator.py), one
# or two per thing a real edition can do to a text extractor. (`make sweep` runs
# 200 seeds and prints how many give the golden records; the README says which
# kinds of layout still fail.)
# fmt: off
SEEDS = [
    0, 4, 7,  # plain canvas layouts: shaded, rules, grid styles
    26, 90,  # a table split across pages, with (26) or without its header (90)
    27, 96,  # the platypus route, header repeated (27) or not (96)
    2, 20,  # fake bold: every bold character drawn twice
    12, 88,  # look-alike code points (Kangxi radicals) in headers and headings
    1, 60,  # letter-spaced labels and headings (`I I - 1`, `合 計`)
    28, 36, 65,  # header shading as one band over rules or banded rows, no vertical border
    164,  # ... and the 合計 row drawn as a strip of its own below the table
    24, 5,  # boxed headings; full-width and Roman-numeral codes, 2023年度 years
    37, 64, 99,  # several of these at once
    120,  # a glyph kinsoku pushed over a column border stays in its cell
    480,  # a label the longest of its column, outvoted in the channel after it
    396,  # a header label set solid run on into a letter-spaced one
    372,  # a page title letter-spaced over two lines is no table of text
    63,  # a year label over one column of its group (fake bold, bands)
    93,  # a full-width Roman numeral letter-spaced unevenly (`II I-1`)
    53,  # a letter-spaced year row cut by the columns is still the header's
    252, 432,  # letter-spaced two-character headers (`分 野`) over columns found from text
]
# fmt: on


@pytest.mark.parametrize("seed", SEEDS)
def test_random_layout_gives_golden_records(
    seed: int, tmp_path: Path, golden: dict[str, Any]
) -> None:
    layout = make_fixture_pdfs.random_layout(seed)
    pdf = tmp_path / f"random-{seed}.pdf"
    make_fixture_pdfs.render_report(fy2023_content.REPORT, pdf, layout)
    diff = record_diff(comparable(pdf_to_document(pdf)), golden)
    assert not diff, f"{layout}\n" + "\n".join(diff[:30])
