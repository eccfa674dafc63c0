"""The engines that draw a report: reportlab's canvas (canvas.py) and platypus
(platypus.py), chosen by `Layout.engine`.
"""

from __future__ import annotations

from pathlib import Path

from fy2023_content import Report

from .canvas import render_canvas
from .fonts import register_font
from .layouts import Layout
from .platypus import render_platypus


def render_report(report: Report, path: Path | str, layout: Layout) -> int:
    """Write `report` drawn with `layout` to `path`; return the number of pages."""
    register_font()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if layout.engine == "platypus":
        return render_platypus(report, path, layout)
    return render_canvas(report, path, layout)
