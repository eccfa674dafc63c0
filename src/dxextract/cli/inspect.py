"""`dxextract inspect`: what the extractor saw on each page of a PDF."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dxextract.cli.common import (
    A_FOLDER,
    EXISTING_FILE,
    library_errors,
    limit_options,
    loading,
    vocabulary_option,
)
from dxextract.errors import DxError
from dxextract.extract.inputs import shown

if TYPE_CHECKING:
    from dxextract.extract.vocabulary import Vocabulary


@click.command()
@click.argument("pdf", type=EXISTING_FILE)
@click.option("--page", type=click.IntRange(min=1), help="Only this page (1-based).")
@click.option(
    "--png",
    "png_dir",
    type=A_FOLDER,
    help="Also write <stem>-p<N>.png page images with the tables outlined into this folder.",
)
@limit_options
@vocabulary_option
def inspect(
    pdf: Path,
    page: int | None,
    png_dir: Path | None,
    max_pages: int,
    timeout: float,
    max_memory: int,
    vocabulary: Vocabulary | None,
) -> None:
    """Show what the extractor saw in PDF: per page the tables found, how, what
    each was classified as, under which heading, and the records it became."""
    with loading():
        from dxextract.extract.bounded import Limits, run_one
        from dxextract.extract.readers import INSPECTION_MODULES, read_inspection

    read = partial(
        read_inspection, page=page, png_dir=png_dir, max_pages=max_pages, vocabulary=vocabulary
    )
    with library_errors(shown(pdf)):
        answer = run_one(read, pdf, Limits(timeout, max_memory), INSPECTION_MODULES)
    assert not isinstance(answer.value, DxError)  # run_one raised it
    lines, pages = answer.value
    for warning in answer.warnings:
        click.echo(f"pdfminer: {warning}", err=True)
    if page is not None and not pages:
        raise click.UsageError(f"{shown(pdf)} has no page {page}")
    for line in lines:
        click.echo(line)
