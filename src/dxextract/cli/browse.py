"""Browsing: Datasette's metadata, the chart report, `serve`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dxextract.browse import DEFAULT_PUBLISHER
from dxextract.browse.serve import DEFAULT_HOST, DEFAULT_PORT, datasette_args, metadata_path_for
from dxextract.cli.common import A_FILE, A_FOLDER, F, db_option, library_errors, loading

DEFAULT_PDFS = Path("raw_pdfs")


def pdfs_option(fn: F) -> F:
    return click.option(
        "--pdfs",
        "pdf_dir",
        type=A_FOLDER,
        default=DEFAULT_PDFS,
        show_default=True,
        help="Folder of the ingested PDFs, served at /pdfs/ for the page links.",
    )(fn)


def publisher_option(fn: F) -> F:
    return click.option(
        "--publisher",
        default=DEFAULT_PUBLISHER,
        show_default=True,
        help="Who published the reports, for the source line (the PDFs do not say).",
    )(fn)


def port_in_use(host: str, port: int) -> None:
    """Refuse a port another server holds, in one line (uvicorn would start, log
    four lines and exit 3)."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise click.ClickException(
                f"{host}:{port} is in use ({exc.strerror}); pass another --port"
            ) from exc


def write_browse_metadata(db_path: Path, pdf_dir: Path, publisher: str) -> tuple[Path, bool]:
    """Write metadata.yml beside the db; True when the PDFs folder exists (and is linked)."""
    with loading():
        from dxextract.browse.metadata import build_metadata, write_metadata
        from dxextract.store import describe_objects, reading_db

    served = pdf_dir.is_dir()
    with library_errors(db_path):
        with reading_db(db_path) as db:
            objects, reports = describe_objects(db)
        pdfs = str(pdf_dir) if served else None
        meta = build_metadata(db_path.stem, objects, reports, pdfs, publisher)
        path = write_metadata(metadata_path_for(db_path), meta)
    return path, served


@click.command()
@db_option
@pdfs_option
@publisher_option
def metadata(db_path: Path, pdf_dir: Path, publisher: str) -> None:
    """Write Datasette's metadata.yml (Japanese labels, facets, queries) beside the db."""
    path, _ = write_browse_metadata(db_path, pdf_dir, publisher)
    click.echo(str(path))


@click.command()
@db_option
@click.option(
    "--out",
    type=A_FILE,
    default=None,
    help="HTML file to write  [default: report.html beside the db]",
)
def charts(db_path: Path, out: Path | None) -> None:
    """Write a static HTML page of charts (SVG, works offline) of every stored report."""
    with loading():
        from dxextract.browse.charts import documents_to_html
        from dxextract.store import read_documents

    out = out or db_path.parent / "report.html"
    with library_errors(db_path):
        html = documents_to_html(read_documents(db_path))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write: {exc}") from exc
    click.echo(str(out))


@click.command()
@db_option
@pdfs_option
@publisher_option
@click.option(
    "--port",
    type=click.IntRange(min=1, max=65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1.",
)
@click.argument("extra", nargs=-1, type=click.UNPROCESSED)
def serve(db_path: Path, pdf_dir: Path, publisher: str, port: int, extra: tuple[str, ...]) -> None:
    """Browse the database with Datasette on 127.0.0.1, read-only, with Japanese labels.

    Writes metadata.yml beside the db first, then runs Datasette in this
    process's place (Ctrl-C stops it). What follows `--` is passed on to
    Datasette (`dxextract serve -- --setting sql_time_limit_ms 3000`). An ingest
    into the database while it runs is seen on the next page load.
    """
    port_in_use(DEFAULT_HOST, port)
    path, served = write_browse_metadata(db_path, pdf_dir, publisher)
    if not served:
        click.echo(f"warning: {pdf_dir}: no such folder; page links to the PDFs are off", err=True)
    args = datasette_args(db_path, path, port, extra=extra)
    click.echo(f"Serving {db_path} at http://{DEFAULT_HOST}:{port}/", err=True)
    sys.stderr.flush()
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "datasette", *args])
