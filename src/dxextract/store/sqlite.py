"""sqlite-utils, imported once for the whole store without numpy and pandas.

sqlite-utils imports numpy and pandas whenever they are installed (charts'
matplotlib installs numpy), only to store their values, which dxextract never
passes. numpy's import costs about 0.1 s of CPU and starts its BLAS threads in
every command that opens a database. They are hidden for this one import (where
not imported already) and visible again after it: charts imports numpy itself.
"""

from __future__ import annotations

import importlib
import sys

UNUSED_OPTIONAL = ("numpy", "pandas")


def _import_without(module: str, unused: tuple[str, ...]) -> None:
    """Import `module` as if `unused` were not installed, unless one of them is
    imported already; afterwards they import as usual."""
    if module in sys.modules:
        return
    hidden = [name for name in unused if name not in sys.modules]
    for name in hidden:  # None in sys.modules: `import numpy` raises ImportError
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        importlib.import_module(module)
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_without("sqlite_utils", UNUSED_OPTIONAL)

from sqlite_utils import Database, Migrations  # noqa: E402 (after the import above)

__all__ = ["Database", "Migrations"]
