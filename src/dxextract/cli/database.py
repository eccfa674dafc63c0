"""`dxextract export` and `dxextract upgrade`: what is stored, written out or brought up to date."""

from __future__ import annotations

from pathlib import Path

import click

from dxextract.cli.common import (
    A_FOLDER,
    DEFAULT_OUT,
    db_option,
    library_errors,
    loading,
    upgraded_line,
)
from dxextract.extract.inputs import shown


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    required=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=A_FOLDER,
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write into.",
)
@click.option(
    "--combined",
    is_flag=True,
    help="With --format xlsx: one workbook of every report (combined.xlsx), a sheet per "
    "kind, each row with its report's file and 実績年度, for comparing years.",
)
def export(db_path: Path, fmt: str, out: Path, combined: bool) -> None:
    """Write every stored report as <stem>.json (the data contract), CSV files, or
    an Excel workbook <stem>.xlsx (sheets 概要, 分野, 取組, 指標, 指摘).

    The files written are listed in OUT/.dxextract-export.json; those of reports
    no longer stored (a superseded issue) are removed. Nothing else in OUT is touched.
    """
    if combined and fmt != "xlsx":
        raise click.UsageError("--combined is for --format xlsx")
    with loading():
        from dxextract.export.files import update_manifest, write_csv, write_json
        from dxextract.store import load_documents, load_findings, reading_db

    with library_errors(db_path), reading_db(db_path) as db:
        docs = load_documents(db)
        findings = load_findings(db) if fmt == "xlsx" else []
    try:
        written: dict[Path, str] = {}
        if fmt == "xlsx":
            from dxextract.export.workbook import write_xlsx

            for path, shas in write_xlsx(docs, findings, out, combined).items():
                if shas:
                    written[path] = shas[0]
        for doc in docs if fmt != "xlsx" else ():
            paths = write_json([doc], out) if fmt == "json" else write_csv([doc], out)
            written.update(dict.fromkeys(paths, doc.report.sha256))
        out.mkdir(parents=True, exist_ok=True)
        removed = update_manifest(out, written, (doc.report.sha256 for doc in docs))
    except OSError as exc:
        raise click.ClickException(f"{shown(out)}: cannot write: {exc.strerror}") from exc
    for path in written:
        click.echo(shown(path))
    for path in removed:
        click.echo(f"removed {shown(path)} (its report is no longer stored)")


@click.command()
@db_option
def upgrade(db_path: Path) -> None:
    """Bring a database written by an older dxextract up to this version's
    schema, in one transaction (`ingest` does so too, first)."""
    with loading():
        from dxextract.store import open_db_upgrading

    if not db_path.is_file():
        raise click.ClickException(f"{db_path}: no such database; run `dxextract ingest` first")
    with library_errors(db_path):
        db, upgraded = open_db_upgrading(db_path)
        db.close()
    if upgraded:
        click.echo(upgraded_line(db_path, upgraded))
    else:
        click.echo(f"{db_path}: up to date, nothing to do")
