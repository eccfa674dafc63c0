"""A Document with a few printed values changed, as the extraction of a report
printing them would read (pydantic's `model_copy(update=...)` on the frozen
records): a rule's test needs the records, not a PDF rendered and read again.
tests/test_checks.py checks, in the slow tier, that each edit it uses is what
the rendering of that change reads as.

Each helper changes exactly the records it names and fails if there is none,
so that a misspelt name cannot leave the Document as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from dxextract.models import Document, Initiative, Kpi

R = TypeVar("R", bound=BaseModel)


def _changed(
    records: Sequence[R], match: Callable[[R], bool], changes: dict[str, Any]
) -> tuple[R, ...]:
    if not any(match(r) for r in records):
        raise LookupError(f"no record to change to {changes}")
    return tuple(r.model_copy(update=changes) if match(r) else r for r in records)


def with_field(doc: Document, code: str, year: int, **changes: Any) -> Document:
    """The field row `code` of `year` with `changes`."""
    fields = _changed(doc.fields, lambda r: (r.code, r.fiscal_year) == (code, year), changes)
    return doc.model_copy(update={"fields": fields})


def with_summary(doc: Document, area: str, year: int, **changes: Any) -> Document:
    """The area summary of `area` and `year` with `changes`."""
    summaries = _changed(
        doc.area_summaries, lambda s: (s.area, s.fiscal_year) == (area, year), changes
    )
    return doc.model_copy(update={"area_summaries": summaries})


def with_kpi(doc: Document, name: str, section_code: str | None = None, **changes: Any) -> Document:
    """The KPI called `name` (of the initiatives of `section_code`, else of all) with `changes`."""

    def initiative(i: Initiative) -> Initiative:
        if section_code not in (None, i.section_code):
            return i
        kpis = tuple(k.model_copy(update=changes) if k.name == name else k for k in i.kpis)
        return i.model_copy(update={"kpis": kpis})

    if not any(
        k.name == name and section_code in (None, i.section_code)
        for i in doc.initiatives
        for k in i.kpis
    ):
        raise LookupError(f"no KPI {name!r} under {section_code}")
    return doc.model_copy(update={"initiatives": tuple(map(initiative, doc.initiatives))})


def with_initiatives(doc: Document, section_code: str, *added: Initiative) -> Document:
    """`added` after the last initiative of `section_code`, where a report lists them."""
    last = max(n for n, i in enumerate(doc.initiatives) if i.section_code == section_code)
    items = (*doc.initiatives[: last + 1], *added, *doc.initiatives[last + 1 :])
    return doc.model_copy(update={"initiatives": items})


def as_file(doc: Document, name: str) -> Document:
    """`doc` as the report of another file (its name, and a digest of its own)."""
    sha256 = hashlib.sha256(name.encode()).hexdigest()
    report = doc.report.model_copy(update={"file": name, "sha256": sha256})
    return doc.model_copy(update={"report": report})


def initiative_like(model: Initiative, title: str, *kpis: Kpi, **changes: Any) -> Initiative:
    """Another initiative printed where `model` is (its area, section, page, region)."""
    return model.model_copy(update={"title": title, "kpis": kpis, **changes})
