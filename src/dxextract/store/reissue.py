"""Issues of one edition: which is current, whether one is partial, what changed.

A prefecture may publish a corrected PDF of the same edition (same title and
fiscal years). The store keeps the records of one issue per edition, the
current one: the later by `issued` (the contract), then by file name when
neither says when it was made. Pure functions over Documents; store/ calls them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pydantic import BaseModel

from dxextract.browse.labels import COLUMNS as LABELS
from dxextract.models import Document, Report

# How many changed records a line names before it counts the rest.
DEFAULT_CHANGES_SHOWN = 3
# A changed text longer than this is named, not quoted.
DEFAULT_QUOTED_CHARS = 16
# Fields that locate a record on the page, not what it says.
_PLACE = frozenset({"page", "bbox", "kpis"})


def _issued_at(report: Report) -> float | None:
    if report.issued is None:
        return None
    moment = datetime.fromisoformat(report.issued)
    if moment.tzinfo is None:  # no offset printed: read as UTC, the PDF's own default
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def issue_order(report: Report) -> tuple[bool, float, str]:
    """Sort key of the issues of one edition, earliest first: an issue that says
    when it was made comes after one that does not, then by that moment, then by
    file name."""
    at = _issued_at(report)
    return (at is not None, at or 0.0, report.file)


def is_later_issue(new: Report, stored: Report) -> bool:
    return issue_order(new) > issue_order(stored)


def record_counts(doc: Document) -> dict[str, int]:
    """How many records of each kind a document holds, in the contract's order."""
    return {
        "area summaries": len(doc.area_summaries),
        "field rows": len(doc.fields),
        "field totals": len(doc.field_totals),
        "initiatives": len(doc.initiatives),
        "KPIs": sum(len(i.kpis) for i in doc.initiatives),
    }


def partial_issue(new: Document, stored: Document) -> str | None:
    """`0 of 24 initiatives, 0 of 31 KPIs` when `new` holds fewer records of some
    kind than the stored issue of its edition; None when it holds as many."""
    have, had = record_counts(new), record_counts(stored)
    short = [f"{have[kind]} of {had[kind]} {kind}" for kind in had if have[kind] < had[kind]]
    return ", ".join(short) or None


class IssueChanges(NamedTuple):
    added: int
    removed: int
    changed: int
    # The first few, as a person would say them: `I-3 達成率 85% → 86%`.
    shown: tuple[str, ...]

    def __str__(self) -> str:
        if not (self.added or self.removed or self.changed):
            return "no record changed"
        parts = [f"{self.changed} changed", f"{self.added} added", f"{self.removed} removed"]
        text = ", ".join(parts)
        return text + (f" ({'; '.join(self.shown)})" if self.shown else "")


def _area_key(r: Any) -> tuple[object, ...]:
    return (r.area, r.fiscal_year)


def _field_key(r: Any) -> tuple[object, ...]:
    return (r.area, r.code, r.fiscal_year)


def _initiative_key(r: Any) -> tuple[object, ...]:
    return (r.area, r.section_code, r.title)


class _Kind(NamedTuple):
    records: Callable[[Document], Sequence[BaseModel]]
    key: Callable[[Any], tuple[object, ...]]
    name: Callable[[Any], str]


def _kpis(doc: Document) -> list[BaseModel]:
    return [kpi for i in doc.initiatives for kpi in i.kpis]


_KINDS = (
    _Kind(lambda d: d.area_summaries, _area_key, lambda r: f"{r.area} {r.fiscal_year}年度"),
    _Kind(lambda d: d.fields, _field_key, lambda r: f"{r.code} {r.fiscal_year}年度"),
    _Kind(lambda d: d.field_totals, _area_key, lambda r: f"{r.area} 合計 {r.fiscal_year}年度"),
    _Kind(lambda d: d.initiatives, _initiative_key, lambda r: f"{r.section_code} {r.title}"),
    _Kind(_kpis, lambda r: (r.name, r.fiscal_year), lambda r: str(r.name)),
)


def _shown(field: str, value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, str) and len(value) > DEFAULT_QUOTED_CHARS:
        return value[: DEFAULT_QUOTED_CHARS - 1] + "…"
    return f"{value}%" if field.endswith("_pct") else str(value)


def _differences(old: BaseModel, new: BaseModel) -> list[str]:
    before, after = old.model_dump(exclude=set(_PLACE)), new.model_dump(exclude=set(_PLACE))
    return [
        f"{LABELS.get(field, (field,))[0]} {_shown(field, before[field])} → "
        f"{_shown(field, after[field])}"
        for field in before
        if before[field] != after.get(field) and not field.endswith("_text")
    ] or [
        # Only a printed text differs (67.4% → 67.40%): name the first.
        f"{LABELS.get(field, (field,))[0]} {before[field]} → {after[field]}"
        for field in before
        if before[field] != after.get(field)
    ][:1]


def _keyed(
    records: Iterable[BaseModel], key: Callable[[Any], tuple[object, ...]]
) -> dict[tuple[object, ...], BaseModel]:
    return {key(r): r for r in records}


def issue_changes(old: Document, new: Document) -> IssueChanges:
    """What replacing the stored issue `old` with `new` changes, record by record
    (page and region left aside: a re-issue may reflow its pages)."""
    added = removed = changed = 0
    shown: list[str] = []
    for kind in _KINDS:
        before, after = _keyed(kind.records(old), kind.key), _keyed(kind.records(new), kind.key)
        added += sum(1 for k in after if k not in before)
        removed += sum(1 for k in before if k not in after)
        for k, record in after.items():
            if k not in before:
                continue
            diffs = _differences(before[k], record)
            if diffs:
                changed += 1
                if len(shown) < DEFAULT_CHANGES_SHOWN:
                    shown.append(f"{kind.name(record)} {diffs[0]}")
    return IssueChanges(added, removed, changed, tuple(shown))
