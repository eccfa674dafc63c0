"""A record's printed region as a PNG, and a KPI's editions as a small chart:
what the row pages show (the plugin serves and links them)."""

from __future__ import annotations

import io
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

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
    from dxextract.pdf import page_to_image

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


def history_svg(rows: list[dict[str, Any]]) -> str:
    """Target and actual by fiscal year (one point per edition), offline SVG."""
    points = [r for r in rows if r["fiscal_year"] is not None]
    values = [v for r in points for v in (r["target"], r["actual"]) if v is not None]
    if not points or not values:
        return ""
    width, height, pad = 420, 180, 36
    years = sorted({r["fiscal_year"] for r in points})
    low, high = float(min(values)), float(max(values))
    margin = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
    low, high = low - margin, high + margin

    def x(year: int) -> float:
        span = max(1, years[-1] - years[0])
        return pad + (year - years[0]) / span * (width - 2 * pad) if len(years) > 1 else width / 2

    def y(value: float) -> float:
        share = (float(value) - low) / ((high - low) or 1)
        return height - pad - share * (height - 2 * pad)

    parts = []
    for key, colour, label in (("target", "#888", "目標値"), ("actual", "#c0392b", "実績値")):
        pts = [(x(r["fiscal_year"]), y(r[key])) for r in points if r[key] is not None]
        if len(pts) > 1:
            line = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}"/>')
        parts.extend(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"/>' for a, b in pts)
        legend_y = 14 if key == "target" else 28
        parts.append(f'<text x="8" y="{legend_y}" fill="{colour}">{label}</text>')
    parts.extend(
        f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle">{year}</text>'
        for year in years
    )
    title = escape("目標値と実績値の推移")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}" class="dx-history-chart">{"".join(parts)}</svg>'
    )
