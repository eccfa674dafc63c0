"""Render the reconstructed DX report (tools/fy2023_content.py) into fixture PDFs.

Run `python tools/make_fixture_pdfs.py` (or `make fixtures`) to rewrite
raw_pdfs/fukushima_dx_r5.pdf (SLIDES) and tests/fixtures/fukushima_dx_r5_grid.pdf
(GRID). The generator itself is the package tools/fixturegen/ (see its docstring);
this module re-exports its names, so that `import make_fixture_pdfs as gen` and
`from make_fixture_pdfs import SLIDES, render_report` keep working, among them the
private helpers tests call (`_units`, `_code_form`, …, under their old names).

Options instead of patching: `render_report(report, path, layout,
RenderOptions(encrypt=...))` encrypts, `RenderOptions(on_paragraph=...)` shows every
platypus Paragraph made.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:  # run as a script or imported
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixturegen.canvas import canvas_pages
from fixturegen.cli import GRID_PDF, ROOT, SLIDES_PDF, main
from fixturegen.content import build_items
from fixturegen.engines import (
    ENGINES,
    LAYOUT_ENGINES,
    Engine,
    RenderOptions,
    engine,
    render_report,
)
from fixturegen.fonts import (
    ASCENT,
    FONT,
    SYSTEM_FONT,
    find_font,
    register_font,
    text_width,
)
from fixturegen.fonts import run_width as _run_width
from fixturegen.grids import (
    Align,
    Cell,
    Grid,
    Row,
    field_grid,
    fit_widths,
    initiative_grids,
    summary_grid,
    wrap_cells,
)
from fixturegen.items import (
    BarItem,
    BoxedHeadingItem,
    BreakItem,
    Item,
    NewValueItem,
    TextItem,
)
from fixturegen.layouts import (
    BLACK,
    GRID,
    PITFALL_CHANCE,
    SLIDES,
    WHITE,
    Color,
    Layout,
    TableStyleName,
    random_layout,
    random_platypus_layout,
)
from fixturegen.pagination import Placed, paginate
from fixturegen.painter import Painter
from fixturegen.pitfalls import (
    CODE_RE,
    FULLWIDTH,
    LOOKALIKES,
    ROMAN,
    SHORT_LABEL,
    YEAR_RE,
)
from fixturegen.pitfalls import code_form as _code_form
from fixturegen.pitfalls import spaced as _spaced
from fixturegen.pitfalls import split_code as _split_code
from fixturegen.pitfalls import year_form as _year_form
from fixturegen.table_item import TableItem
from fixturegen.wrapping import (
    NO_END,
    NO_START,
    _is_ascii_word_char,
    _units,
    min_unit_width,
    wrap_text,
)

__all__ = [
    "ASCENT",
    "BLACK",
    "CODE_RE",
    "ENGINES",
    "FONT",
    "FULLWIDTH",
    "GRID",
    "GRID_PDF",
    "LAYOUT_ENGINES",
    "LOOKALIKES",
    "NO_END",
    "NO_START",
    "PITFALL_CHANCE",
    "ROMAN",
    "ROOT",
    "SHORT_LABEL",
    "SLIDES",
    "SLIDES_PDF",
    "SYSTEM_FONT",
    "WHITE",
    "YEAR_RE",
    "Align",
    "BarItem",
    "BoxedHeadingItem",
    "BreakItem",
    "Cell",
    "Color",
    "Engine",
    "Grid",
    "Item",
    "Layout",
    "NewValueItem",
    "Painter",
    "Placed",
    "RenderOptions",
    "Row",
    "TableItem",
    "TableStyleName",
    "TextItem",
    "_code_form",
    "_is_ascii_word_char",
    "_run_width",
    "_spaced",
    "_split_code",
    "_units",
    "_year_form",
    "build_items",
    "canvas_pages",
    "engine",
    "field_grid",
    "find_font",
    "fit_widths",
    "initiative_grids",
    "main",
    "min_unit_width",
    "paginate",
    "random_layout",
    "random_platypus_layout",
    "register_font",
    "render_report",
    "summary_grid",
    "text_width",
    "wrap_cells",
    "wrap_text",
]

if __name__ == "__main__":
    sys.exit(main())
