"""The KPI direction table: which way is better for a KPI (rules.py, the `status` rule).

The table itself is `kpi_directions.toml` beside this module: reviewed
patterns for every KPI seen so far, then keyword defaults; users may pass
their own file of the same form.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from dxextract.errors import DirectionsError
from dxextract.text import nfkc

# The reviewed KPI direction table that ships with dxextract (user-editable).
DEFAULT_DIRECTIONS = Path(__file__).with_name("kpi_directions.toml")
Direction = Literal["higher", "lower"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)


@dataclass(frozen=True)
class DirectionRule:
    """A KPI name pattern (searched in the NFKC name) and which way is better;
    `reviewed` for a [[kpi]] entry, False for a [[keyword]] default (a guess)."""

    pattern: re.Pattern[str]
    direction: Direction
    reviewed: bool = True


def load_directions(path: Path | None = None) -> tuple[DirectionRule, ...]:
    """The direction table at `path` (default: the reviewed one), in match order."""
    if path is None:
        return _reviewed_directions()
    return _read_directions(path)


@functools.cache
def _reviewed_directions() -> tuple[DirectionRule, ...]:
    """The package's table, read once per process (the store checks every report with it)."""
    return _read_directions(DEFAULT_DIRECTIONS)


def _read_directions(path: Path) -> tuple[DirectionRule, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DirectionsError(f"{path}: {exc}") from exc
    extra = set(data) - {"kpi", "keyword"}
    if extra:
        raise DirectionsError(f"{path}: unknown tables {sorted(extra)}; use [[kpi]] or [[keyword]]")
    return tuple(
        _direction_rule(path, section, n, entry)
        for section in ("kpi", "keyword")
        for n, entry in enumerate(_entries(path, data, section), 1)
    )


def _entries(path: Path, data: dict[str, Any], section: str) -> list[Any]:
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise DirectionsError(f"{path}: {section} must be an array of tables [[{section}]]")
    return entries


def _direction_rule(path: Path, section: str, n: int, entry: Any) -> DirectionRule:
    where = f"{path}: [[{section}]] entry {n}"
    if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
        raise DirectionsError(f'{where}: needs pattern = "…"')
    if entry.get("direction") not in DIRECTIONS:
        raise DirectionsError(f'{where}: direction must be "higher" or "lower"')
    try:
        pattern = re.compile(entry["pattern"])
    except re.error as exc:
        raise DirectionsError(f"{where}: bad pattern {entry['pattern']!r}: {exc}") from exc
    return DirectionRule(pattern, entry["direction"], reviewed=section == "kpi")


def kpi_direction_rule(name: str, rules: Sequence[DirectionRule]) -> DirectionRule | None:
    """The first rule matching the KPI name; None if none does."""
    normalised = nfkc(name)
    return next((r for r in rules if r.pattern.search(normalised)), None)


def kpi_direction(name: str, rules: Sequence[DirectionRule]) -> Direction | None:
    """'higher' or 'lower' from the first rule matching the name; None if none does."""
    rule = kpi_direction_rule(name, rules)
    return rule.direction if rule else None
