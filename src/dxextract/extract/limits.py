"""The bounds every read of a PDF runs under, defined where the CLI can read them
without importing the machinery that enforces them (batch.py)."""

from __future__ import annotations

import os
import re

# Per-file time limit (s). The 15-page FY2023 report reads in about 2 s on one
# core; a real edition a few times longer still fits in 120 s with room for a
# slow, shared machine, while a bomb or a stuck parse is given up within minutes.
DEFAULT_TIMEOUT_S = 120.0


# Per-file memory limit: what the process reading one file may add to the
# address space it was forked with (RLIMIT_AS; see bounded._cap_address_space).
# A reading process stands at about 190 MB of address space (the interpreter,
# pdfplumber, pydantic, mostly shared and never touched) and the 15-page report
# adds a few MB; a 3-MB flate bomb asks for gigabytes.
DEFAULT_MAX_MEMORY = 1 << 30

_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_SIZE_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)b?")


def parse_bytes(text: str) -> int | None:
    """`1GB`, `512 MB`, `2g`, `1073741824` → bytes (units of 1024); None if not a size."""
    m = _SIZE_RE.fullmatch(text.strip().lower())
    if m is None:
        return None
    size = int(float(m.group(1)) * _UNITS[m.group(2)])
    return size if size > 0 else None


def format_bytes(size: int) -> str:
    """1073741824 → `1 GB`, 536870912 → `512 MB` (units of 1024)."""
    for unit, name in ((1 << 40, "TB"), (1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")):
        if size >= unit:
            return f"{size / unit:.3g} {name}"
    return f"{size} bytes"


def default_jobs() -> int:
    """Worker processes by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
