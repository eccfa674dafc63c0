"""The command line: thin click commands over the library.

Only this package imports click. Library errors (DxError) become one line that
names the file and what is wrong, exit 1; usage mistakes exit 2 (click's rule).

Each command lives in a module of its own, imported only when the command is
run (or listed by --help): `dxextract tables` neither builds the other
commands' options nor imports what they use (click's "lazily loading
subcommands" pattern).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from dxextract import __version__

# Command name → "module:function" in this package.
COMMANDS = {
    "charts": "browse:charts",
    "check": "check:check",
    "export": "database:export",
    "ingest": "ingest:ingest",
    "inspect": "inspect:inspect",
    "metadata": "browse:metadata",
    "serve": "browse:serve",
    "tables": "tables:tables",
    "upgrade": "database:upgrade",
    "vocabulary": "vocabulary:vocabulary",
}


class LazyGroup(click.Group):
    """A group whose commands are imported from COMMANDS when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, name = COMMANDS[cmd_name].split(":")
        command: Any = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        assert isinstance(command, click.Command), cmd_name
        return command


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="dxextract")
def cli() -> None:
    """Turn Japanese prefectures' DX report PDFs into exact, queryable records."""


def main() -> None:
    cli()
