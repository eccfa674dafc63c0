"""Shared fixtures: paths of the renderings, the golden records, a CLI runner."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from dxextract.extract.records import pdf_to_document  # noqa: E402
from dxextract.models import Document  # noqa: E402
from dxextract.store import ensure_schema  # noqa: E402

SLIDES_PDF = ROOT / "raw_pdfs" / "fukushima_dx_r5.pdf"
GRID_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r5_grid.pdf"
# A third route, not reportlab: HTML through LibreOffice Writer (tools/make_writer_pdf.py).
WRITER_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r5_writer.pdf"
GOLDEN = ROOT / "tests" / "golden" / "fy2023.json"

# Provenance differs between renderings of the same content; everything else may not.
RENDERING_KEYS = {"page", "bbox"}
# `issued` is the PDF's own metadata (a reportlab rendering says 2000-01-01).
REPORT_RENDERING_KEYS = {"file", "sha256", "pages", "issued"}


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


@pytest.fixture(scope="session")
def golden() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def slides_doc() -> Document:
    return pdf_to_document(SLIDES_PDF)


@pytest.fixture(scope="session")
def grid_doc() -> Document:
    return pdf_to_document(GRID_PDF)


@pytest.fixture(scope="session")
def writer_doc() -> Document:
    return pdf_to_document(WRITER_PDF)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db() -> Iterator[Database]:
    """An in-memory database with the store's schema (foreign keys on)."""
    database = Database(memory=True)
    database.execute("PRAGMA foreign_keys = ON")
    ensure_schema(database)
    yield database
    database.close()
