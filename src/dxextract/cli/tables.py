"""`dxextract tables`: every table of any PDF as clean rows."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dxextract.cli.common import (
    A_FOLDER,
    EXISTING,
    echo_pdfminer_read,
    limit_options,
    listed_pdfs,
    loading,
    verbose_option,
    vocabulary_option,
)
from dxextract.errors import DxError
from dxextract.extract.inputs import shown

if TYPE_CHECKING:
    from dxextract.debug.cleantables import TableDump
    from dxextract.extract.vocabulary import Vocabulary


@click.command()
@click.argument("paths", nargs=-1, required=True, type=EXISTING)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=A_FOLDER,
    help="Folder for <stem>-p<N>-t<K>.csv or <stem>.tables.json files; stdout if not given.",
)
@click.option(
    "--strip-notes", is_flag=True, help="Drop footnote marks (※1) instead of a 注 column."
)
@limit_options
@verbose_option
@vocabulary_option
def tables(
    paths: tuple[Path, ...],
    fmt: str,
    out: Path | None,
    strip_notes: bool,
    max_pages: int,
    timeout: float,
    max_memory: int,
    verbose: bool,
    vocabulary: Vocabulary | None,
) -> None:
    """Write every table of any PDF in PATHS (files or folders) as clean rows.

    A file that cannot be read is reported and skipped; the exit code is 1.
    """
    with loading():
        from dxextract.debug.cleantables import documents_to_json
        from dxextract.extract.bounded import Limits, run_bounded
        from dxextract.extract.readers import TABLE_MODULES, read_tables

    files = listed_pdfs(paths, err=True)
    if out is not None:
        refuse_shared_stems(files, out)
    read = partial(read_tables, strip_notes=strip_notes, max_pages=max_pages, vocabulary=vocabulary)
    dumps = run_bounded(read, files, 1, Limits(timeout, max_memory), TABLE_MODULES)
    documents: list[dict[str, Any]] = []
    failures = 0
    for path, answer in zip(files, dumps, strict=True):
        if isinstance(answer.value, DxError):
            failures += 1
            click.echo(f"error: {shown(path)}: {answer.value}", err=True)
            continue
        echo_pdfminer_read(path, answer.warnings, verbose)
        documents += echo_tables(path, answer.value, fmt, out)
    if documents:
        click.echo(documents_to_json(documents))
    if failures:
        raise click.exceptions.Exit(1)


def refuse_shared_stems(files: list[Path], out: Path) -> None:
    """Two files of one stem would write the same files into OUT: a usage error."""
    stems: dict[str, Path] = {}
    for path in files:
        if path.stem in stems:
            raise click.UsageError(
                f"{shown(stems[path.stem])} and {shown(path)} would write the same files "
                f"into {out}: give them separate --out folders"
            )
        stems[path.stem] = path


def echo_tables(path: Path, dump: TableDump, fmt: str, out: Path | None) -> list[dict[str, Any]]:
    """One file's tables: written into OUT (their paths echoed), or CSV on stdout;
    for JSON on stdout, its document, returned (all files make one JSON array)."""
    from dxextract.debug.cleantables import clean_table_to_csv, clean_tables_to_json, write_tables

    # Nothing found is a result, said on stderr (exit 0): only files that cannot be read fail.
    for note in dump.notes:
        click.echo(f"{shown(path)}: {note}", err=True)
    found = list(dump.tables)
    if out is not None:
        try:
            written = write_tables(path, found, fmt, out)
        except OSError as exc:
            raise click.ClickException(f"{out}: cannot write: {exc.strerror}") from exc
        for target in written:
            click.echo(str(target))
        return []
    if fmt == "json":
        return [clean_tables_to_json(path.name, found)]
    for table in found:
        click.echo(f"# {path.name} page {table.page} table {table.index}")
        click.echo(clean_table_to_csv(table))
    return []
