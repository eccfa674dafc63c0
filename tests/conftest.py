"""Shared fixtures: the committed renderings read once per session, the golden
records, the FY2023 report ingested once per session, a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import (
    GOLDEN,
    GRID_PDF,
    SLIDES_PDF,
    SYNTHETIC_PDF,
    WRITER_PDF,
    Extracted,
    Ingested,
    checkpoint,
)
from sqlite_utils import Database

from dxextract.cli import cli
from dxextract.extract.pipeline import pdf_to_extraction
from dxextract.models import Document, Extraction
from dxextract.store import ensure_schema


@pytest.fixture(scope="session")
def golden() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def extracted() -> Extracted:
    """path → its Extraction, read once per session: several files read the same
    committed PDFs (Documents and Extractions are frozen, so sharing them is safe)."""
    cache: dict[Path, Extraction] = {}

    def get(path: Path) -> Extraction:
        if path not in cache:
            cache[path] = pdf_to_extraction(path)
        return cache[path]

    return get


@pytest.fixture(scope="session")
def slides_doc(extracted: Extracted) -> Document:
    return extracted(SLIDES_PDF).document


@pytest.fixture(scope="session")
def grid_doc(extracted: Extracted) -> Document:
    return extracted(GRID_PDF).document


@pytest.fixture(scope="session")
def writer_doc(extracted: Extracted) -> Document:
    return extracted(WRITER_PDF).document


@pytest.fixture(scope="session")
def synthetic_doc(extracted: Extracted) -> Document:
    """The synthetic FY2024 edition (tools/fy2024_synthetic.py)."""
    return extracted(SYNTHETIC_PDF).document


@pytest.fixture(scope="session")
def fy2023_ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    """`dxextract ingest` of the FY2023 slides into a new database, once per session:
    the database (checkpointed, to be copied, never written) and what ingest printed."""
    db = tmp_path_factory.mktemp("fy2023") / "dx.db"
    result = CliRunner().invoke(cli, ["ingest", str(SLIDES_PDF), "--db", str(db)])
    assert result.exit_code == 0, result.output
    checkpoint(db)
    return Ingested(db, result.output)


@pytest.fixture
def fy2023_db(fy2023_ingested: Ingested, tmp_path: Path) -> Path:
    """A database holding the FY2023 report as `ingest` stored it: this test's own copy."""
    copy = tmp_path / "dx.db"
    shutil.copy(fy2023_ingested.db, copy)
    return copy


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
