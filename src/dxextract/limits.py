"""The bounds every read of a PDF runs under, defined where the CLI can read them
without importing the machinery that enforces them (batch.py)."""

from __future__ import annotations

import os

# Per-file time limit (s). The 15-page FY2023 report reads in about 2 s on one
# core; a real edition a few times longer still fits in 120 s with room for a
# slow, shared machine, while a bomb or a stuck parse is given up within minutes.
DEFAULT_TIMEOUT_S = 120.0


def default_jobs() -> int:
    """Worker processes by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
