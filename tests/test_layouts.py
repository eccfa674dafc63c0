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
from conftest import comparable, record_diff

from dxextract.records import pdf_to_document

# Seeds 0-7 as they come, then ones the generator's tests pin down: a table split
# across pages with its header repeated (26, 54, 61) or without it (24, 28, 90, in
# the rules style: the continuation has no rule above its first row), and the
# platypus route with and without repeated headers (27, 41, 96).
SEEDS = [*range(8), 24, 26, 27, 28, 41, 54, 61, 90, 96]


@pytest.mark.parametrize("seed", SEEDS)
def test_random_layout_gives_golden_records(
    seed: int, tmp_path: Path, golden: dict[str, Any]
) -> None:
    layout = make_fixture_pdfs.random_layout(seed)
    pdf = tmp_path / f"random-{seed}.pdf"
    make_fixture_pdfs.render_report(fy2023_content.REPORT, pdf, layout)
    diff = record_diff(comparable(pdf_to_document(pdf)), golden)
    assert not diff, f"{layout}\n" + "\n".join(diff[:30])
