"""The `datasette serve` command line that `dxextract serve` runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# Loopback only: the server is for the researcher at this machine; serving
# the network is a deliberate `datasette` invocation of one's own.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001  # Datasette's own default

PLUGINS_DIR = Path(__file__).resolve().parent / "plugins"
# Datasette's table template with each column's Japanese label under its name.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def metadata_path_for(db_path: Path) -> Path:
    """`metadata.yml` beside the database."""
    return db_path.parent / "metadata.yml"


def datasette_args(
    db_path: Path,
    metadata: Path,
    port: int,
    host: str = DEFAULT_HOST,
    extra: Sequence[str] = (),
) -> list[str]:
    """Arguments after `datasette`: the database (opened read-only, not
    immutable: an ingest while the server runs is seen on the next request),
    metadata, the plugin and template folders, then `extra` (the user's own
    options after `--`). The plugin serves the PDFs folder the metadata names
    at /pdfs/."""
    args = [
        "serve",
        str(db_path),
        "--metadata",
        str(metadata),
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
        "--host",
        host,
        "--port",
        str(port),
        *extra,
    ]
    return args
