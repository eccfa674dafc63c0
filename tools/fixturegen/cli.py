"""Render the reconstructed DX report (tools/fy2023_content.py) into fixture PDFs.

`main` writes the committed fixtures: raw_pdfs/fukushima_dx_r5.pdf (SLIDES) and
tests/fixtures/fukushima_dx_r5_grid.pdf (GRID); `python tools/make_fixture_pdfs.py`
runs it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from fy2023_content import REPORT

from .engines import render_report
from .layouts import GRID, SLIDES

ROOT = Path(__file__).resolve().parents[2]
SLIDES_PDF = Path("raw_pdfs/fukushima_dx_r5.pdf")
GRID_PDF = Path("tests/fixtures/fukushima_dx_r5_grid.pdf")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="write raw_pdfs/ and tests/fixtures/ under this folder",
    )
    args = parser.parse_args(argv)
    for rel, layout in ((SLIDES_PDF, SLIDES), (GRID_PDF, GRID)):
        out = args.root / rel
        pages = render_report(REPORT, out, layout)
        print(f"{out}: {pages} pages ({layout.name})")
    return 0
