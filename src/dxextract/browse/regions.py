"""A record's printed region as a PNG: what the row pages show beside the
record (the plugin serves and links it)."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

# The tables whose rows carry a printed region (the contract's page and bbox).
REGION_TABLES = ("area_summaries", "fields", "field_totals", "initiatives", "kpis")
# The region is drawn at 2× (144 dpi) with this margin around it, in points.
DEFAULT_RESOLUTION = 144
DEFAULT_MARGIN = 6.0
# Rendered regions kept in memory (a page takes ~0.1 s to draw).
DEFAULT_CACHE = 128


def region_sql(table: str) -> str:
    """The query for one row's file, page and region (table from REGION_TABLES)."""
    if table not in REGION_TABLES:
        raise ValueError(table)
    return (
        f"select r.file, t.page, t.bbox_x0, t.bbox_top, t.bbox_x1, t.bbox_bottom "
        f"from [{table}] t join reports r on r.id = t.report_id where t.id = ?"
    )


@lru_cache(maxsize=DEFAULT_CACHE)
def region_png(path: Path, mtime: float, page: int, bbox: tuple[float, ...]) -> bytes:
    """The page cropped to `bbox` with a small margin, drawn at 2×, as PNG
    (`mtime`: a changed file is drawn again)."""
    from dxextract.extract.pdf import page_to_image

    image = page_to_image(path, page, DEFAULT_RESOLUTION)
    scale = DEFAULT_RESOLUTION / 72
    x0, top, x1, bottom = bbox
    box = (
        max(0, round((x0 - DEFAULT_MARGIN) * scale)),
        max(0, round((top - DEFAULT_MARGIN) * scale)),
        min(image.width, round((x1 + DEFAULT_MARGIN) * scale)),
        min(image.height, round((bottom + DEFAULT_MARGIN) * scale)),
    )
    out = io.BytesIO()
    image.crop(box).save(out, format="PNG")
    return out.getvalue()
