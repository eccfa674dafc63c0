"""Shared fixtures: paths of the renderings, the golden records, a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import GOLDEN, GRID_PDF, SLIDES_PDF, WRITER_PDF
from sqlite_utils import Database

from dxextract.extract.pipeline import pdf_to_document
from dxextract.models import Document
from dxextract.store import ensure_schema


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
