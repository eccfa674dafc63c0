"""The fixture generator: the reconstructed DX report (tools/fy2023_content.py) drawn
into PDFs, in many layouts. `tools/make_fixture_pdfs.py` is its script and re-exports
its names.

Layouts (layouts.py): SLIDES (landscape slides, shaded headers, few ruling lines,
drawn on a canvas) and GRID (portrait A4 through reportlab platypus, fully ruled
tables, the 地域 field table continuing on the next page with its two header rows
repeated). `random_layout(seed)` gives more layouts of the same content for property
tests, among them layouts whose tables continue on the next page, with or without
their header rows repeated (`split_tables`, `repeat_header`), and platypus ones
(`random_platypus_layout`). Random layouts also reproduce the text-layer pitfalls of
real editions (pitfalls.py), each on at random: fake bold (every character twice),
Kangxi-radical look-alikes, letter-spaced labels, a 'bands' table style without any
vertical edge, headings in two boxes, field codes and years in other forms
(`Layout.fake_bold` … `fullwidth_codes`).

Every layout obeys the wrapping rules the extractor relies on (wrapping.py), keeps
each text inside its cell and draws all text as real Unicode text (an embedded subset
of IPAexGothic with a ToUnicode map, fonts.py), so pdfplumber reads it back. Output
is byte-for-byte reproducible (reportlab's `invariant=1`).

The modules: fonts, wrapping, layouts, pitfalls; grids (tables as cells, both
engines); the canvas engine: content (the report as items), items, table_item,
painter, pagination, canvas; the platypus engine: platypus, flowables; engines
(`render_report`, `RenderOptions`, and the `Engine` interface over the generator and the
producers of tools/producers/); cli (`main`, the committed fixtures).
"""

from .engines import ENGINES, Engine, RenderOptions, engine, render_report
from .layouts import GRID, SLIDES, Layout, random_layout

__all__ = [
    "ENGINES",
    "GRID",
    "SLIDES",
    "Engine",
    "Layout",
    "RenderOptions",
    "engine",
    "random_layout",
    "render_report",
]
