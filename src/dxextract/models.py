"""Pydantic models of the extracted-record contract (shared/data-contract.md).

Field validation only: consistency between records is check/rules.py's business.
The field order of each model is the key order of the exported JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, field_validator

from dxextract.contract import AREAS as AREAS
from dxextract.contract import BBOX_COLUMNS as BBOX_COLUMNS
from dxextract.contract import Bbox as Bbox
from dxextract.contract import Number as Number

FIELD_CODE_RE = re.compile(r"^(?:I|II|III|IV|V)(?:-[1-9][0-9]*)?$")


class Record(BaseModel):
    """Common configuration: no unknown keys, immutable, strict on types."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_code(value: str) -> str:
    if not FIELD_CODE_RE.match(value):
        raise ValueError(f"not a field code: {value!r}")
    return value


def _check_area(value: str) -> str:
    if value not in AREAS:
        raise ValueError(f"not an area: {value!r}")
    return value


class Report(Record):
    file: str
    sha256: str
    title: str
    results_fiscal_year: int
    plan_fiscal_year: int
    pages: int
    # When the PDF says it was made (ModDate, else CreationDate), ISO 8601.
    issued: str | None

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise ValueError("sha256 must be 64 lowercase hex digits")
        return value

    @field_validator("issued")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is not None:
            datetime.fromisoformat(value)  # ValueError: not ISO 8601
        return value


def bbox_columns(record: BaseModel) -> dict[str, float | None]:
    """A record's region as its four columns (each None for a record without one)."""
    bbox = getattr(record, "bbox", None)
    return dict(zip(BBOX_COLUMNS, bbox if bbox is not None else (None,) * 4, strict=True))


class AreaSummary(Record):
    area: str
    fiscal_year: int
    projects: int | None
    kpi_projects: int | None
    achieved: int | None
    achieved_pct: Number | None
    partially_achieved: int | None
    partially_achieved_pct: Number | None
    page: int
    bbox: Bbox | None = None

    _area = field_validator("area")(_check_area)


class FieldRow(Record):
    area: str
    code: str
    name: str
    fiscal_year: int
    projects: int | None
    kpi_projects: int | None
    achieved: int | None
    achieved_pct: Number | None
    page: int
    bbox: Bbox | None = None

    _area = field_validator("area")(_check_area)
    _code = field_validator("code")(_check_code)


class FieldTotal(Record):
    area: str
    fiscal_year: int
    projects: int | None
    kpi_projects: int | None
    achieved: int | None
    achieved_pct: Number | None
    page: int
    bbox: Bbox | None = None

    _area = field_validator("area")(_check_area)


class Kpi(Record):
    name: str
    fiscal_year: int
    target: Number | None
    target_text: str
    actual: Number | None
    actual_text: str
    unit: str | None
    status: str | None
    next_fiscal_year: int | None
    next_target: Number | None
    next_target_text: str
    page: int
    bbox: Bbox | None = None


class Initiative(Record):
    area: str
    field_code: str
    section_code: str
    title: str
    activities: str
    outcomes: str
    next_activities: str
    kpi_applicable: bool
    page: int
    bbox: Bbox
    kpis: tuple[Kpi, ...]

    _area = field_validator("area")(_check_area)
    _codes = field_validator("field_code", "section_code")(_check_code)


class Document(Record):
    """One ingested report: what `export --format json` writes for it."""

    report: Report
    area_summaries: tuple[AreaSummary, ...]
    fields: tuple[FieldRow, ...]
    field_totals: tuple[FieldTotal, ...]
    initiatives: tuple[Initiative, ...]


Severity = Literal["info", "warning", "error"]  # in increasing order
Rule = Literal[
    "sum",
    "rate",
    "summary_vs_total",
    "partition",
    "status",
    "duplicate",
    "listed_vs_counted",
    "target_changed",
    "incomplete",
    "unread",
]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
RULES: tuple[str, ...] = get_args(Rule)


class Finding(Record):
    """One inconsistency among a report's published numbers (check/rules.py).

    `sha256` and `file` name the report it belongs to (the later edition for a
    rule across editions); `initiative_seq` and `kpi_seq` are the positions of
    the initiative in the report and of the KPI in its initiative, which the
    store turns into row ids. `printed` and `expected` are text as a reader
    would write them ("52", "68%", "13 + 7 = 20").
    """

    sha256: str
    file: str
    rule: Rule
    severity: Severity
    area: str | None = None
    fiscal_year: int | None = None
    field_code: str | None = None
    initiative_seq: int | None = None
    kpi_seq: int | None = None
    initiative_title: str | None = None
    kpi_name: str | None = None
    page: int | None = None
    printed: str | None = None
    expected: str | None = None
    message: str


@dataclass(frozen=True)
class Extraction:
    """One file read: its Document, and the `unread` findings (warnings) for
    what it printed that became no record (reading.events_to_read).
    Defined here, beside the records, so that the process a worker sends it to
    need not import the PDF machinery to receive it."""

    document: Document
    unread: tuple[Finding, ...] = ()
