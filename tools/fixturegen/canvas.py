"""The canvas engine: the report as measured items (content.py), paginated
(pagination.py) and drawn page by page on a reportlab Canvas (painter.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fy2023_content import Report
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.pdfgen.canvas import Canvas

from .content import build_items
from .fonts import FONT, text_width
from .layouts import Layout
from .pagination import Placed, paginate
from .painter import Painter

if TYPE_CHECKING:
    from .engines import RenderOptions


def canvas_pages(report: Report, layout: Layout) -> list[Placed]:
    """The canvas engine's pages: each a list of (item, y below the top margin)."""
    page_w, page_h = landscape(A4) if layout.landscape else portrait(A4)
    m = layout.margin
    footer = 18.0
    usable = page_h - 2 * m - footer
    return paginate(build_items(report, layout, page_w - 2 * m), layout, usable)


def render_canvas(report: Report, path: Path, layout: Layout, options: RenderOptions) -> int:
    size = landscape(A4) if layout.landscape else portrait(A4)
    page_w, page_h = size
    m = layout.margin
    pages = canvas_pages(report, layout)
    c = Canvas(str(path), pagesize=size, invariant=1, pageCompression=1, **options.canvas_args())
    c.setTitle(" ".join(report.fill(x) for x in report.title_lines))
    c.setAuthor("dxextract fixture generator")
    p = Painter(c, page_h, layout.fake_bold_offset if layout.fake_bold else 0.0)
    for number, page in enumerate(pages, start=1):
        for item, y in page:
            item.draw(p, m, m + y)
        p.text(
            page_w / 2 - text_width(str(number), FONT, 9) / 2,
            page_h - m / 2 - 2,
            str(number),
            9,
            (0.3, 0.3, 0.3),
        )
        c.showPage()
    if p.overflows:
        raise ValueError(f"{layout.name}: text wider than its box: {p.overflows[:3]}")
    c.save()
    return len(pages)
