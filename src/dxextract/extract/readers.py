"""What a worker process runs for each command that reads PDFs (bounded.py).

The pipeline is imported in the worker, not in the command's own process: the
command forks its workers from a process that never imported pdfplumber, and
each worker imports it once (the `*_MODULES` below). The values sent back are defined in
modules that do not import it either (models.py, cleantables.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxextract.debug.cleantables import TableDump
    from dxextract.extract.vocabulary import Vocabulary
    from dxextract.models import Extraction

# The module each reader imports: what a worker loads before its first file.
EXTRACTION_MODULES = ("dxextract.extract.records",)
TABLE_MODULES = ("dxextract.debug.dump",)
INSPECTION_MODULES = ("dxextract.debug.inspection",)


def read_extraction(
    path: Path,
    max_pages: int | None,
    sha256: str | None,
    vocabulary: Vocabulary | None = None,
) -> Extraction:
    from dxextract.extract.pipeline import pdf_to_extraction

    return pdf_to_extraction(path, max_pages, sha256, vocabulary)


def read_tables(
    path: Path, strip_notes: bool, max_pages: int | None, vocabulary: Vocabulary | None = None
) -> TableDump:
    from dxextract.debug.dump import pdf_to_table_dump

    return pdf_to_table_dump(path, strip_notes, max_pages, vocabulary)


def read_inspection(
    path: Path,
    page: int | None,
    png_dir: Path | None,
    max_pages: int | None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[str], list[int]]:
    from dxextract.debug.inspection import inspect_pdf

    return inspect_pdf(path, page, png_dir, max_pages, vocabulary)
