"""`python pause_in_transaction.py MARKER ARGS…`: `dxextract ARGS…` whose store,
once every row of a report is written but not committed, creates MARKER and
sleeps, so that a test can kill the process inside the write transaction
deterministically (tests/test_bad_input.py). The store itself knows nothing of it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dxextract.store import documents

# Long enough for the test to notice the marker and kill the process.
PAUSE_S = 60.0


def pausing_after(fn: Callable[..., Any], marker: Path) -> Callable[..., Any]:
    def paused(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        marker.touch()
        time.sleep(PAUSE_S)
        return result

    return paused


if __name__ == "__main__":
    documents._add_or_replace = pausing_after(documents._add_or_replace, Path(sys.argv[1]))
    from dxextract.cli import cli

    cli.main(sys.argv[2:], prog_name="dxextract")
