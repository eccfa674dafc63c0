"""`dxextract vocabulary`: the package's vocabulary file, to start one's own from."""

from __future__ import annotations

import click


@click.command()
def vocabulary() -> None:
    """Print the package's vocabulary.toml: the words tables, columns, rows,
    areas and headings are known by. Save it, keep the groups you change, add
    your words, and pass it with --vocabulary to ingest, check, inspect, tables."""
    from dxextract.extract.vocabulary import DEFAULT_VOCABULARY

    click.echo(DEFAULT_VOCABULARY.read_text(encoding="utf-8"), nl=False)
