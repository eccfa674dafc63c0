"""What the tests share besides fixtures: the committed renderings' paths, the
golden file, and a Document compared with it record by record."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from dxextract.models import Document, Extraction

ROOT = Path(__file__).resolve().parents[2]
SLIDES_PDF = ROOT / "raw_pdfs" / "fukushima_dx_r5.pdf"
GRID_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r5_grid.pdf"
# A third route, not reportlab: HTML through LibreOffice Writer (tools/make_writer_pdf.py).
WRITER_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r5_writer.pdf"
# The synthetic FY2024 edition (tools/fy2024_synthetic.py).
SYNTHETIC_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r6_synthetic.pdf"
GOLDEN = ROOT / "tests" / "golden" / "fy2023.json"

# Provenance differs between renderings of the same content; everything else may not.
RENDERING_KEYS = {"page", "bbox"}
# `issued` is the PDF's own metadata (a reportlab rendering says 2000-01-01).
REPORT_RENDERING_KEYS = {"file", "sha256", "pages", "issued"}


# conftest's `extracted` fixture: a path → its Extraction, read once per session.
Extracted = Callable[[Path], Extraction]


class Ingested(NamedTuple):
    """A database `dxextract ingest` wrote, and what the command printed."""

    db: Path
    output: str


def checkpoint(db: Path) -> None:
    """Everything of the write-ahead log into the database file, so that a copy
    of the file alone is the whole database."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def comparable(doc: Document) -> dict[str, Any]:
    """A Document as JSON values without what depends on the rendering."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in RENDERING_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = doc.model_dump(mode="json")
    report = {k: v for k, v in data.pop("report").items() if k not in REPORT_RENDERING_KEYS}
    return {"report": report, **strip(data)}


def record_diff(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """Readable differences, record by record: `initiatives[3].kpis[0].target: got …, want …`."""
    out: list[str] = []

    def walk(g: Any, w: Any, where: str) -> None:
        if isinstance(g, dict) and isinstance(w, dict):
            for key in sorted(set(g) | set(w), key=lambda k: (k not in w, k)):
                walk(g.get(key, "<missing>"), w.get(key, "<missing>"), f"{where}.{key}")
        elif isinstance(g, list) and isinstance(w, list):
            if len(g) != len(w):
                out.append(f"{where}: got {len(g)} records, want {len(w)}")
            for i, (a, b) in enumerate(zip(g, w, strict=False)):
                walk(a, b, f"{where}[{i}]")
        elif g != w or type(g) is not type(w):
            out.append(f"{where}: got {g!r}, want {w!r}")

    walk(got, want, "")
    return out
