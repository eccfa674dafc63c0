"""Stage 4: one classified block → the contract's records (pure steps).

`block_to_records(block, context)` reads one block in the context the headings
above it give (the report's years, the area, the section, whether an
initiative was read before it) and returns its records; reading.py folds them
over the report. Years come from what the headers print; areas from the
headings above the field tables; an initiative's field from its section
heading, joined to the field table by code (never by name: the report spells
some names two ways).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, TypeVar

from dxextract.errors import UnreadableTableError, ValueParseError
from dxextract.extract.cells import Row
from dxextract.extract.classify import Block, Column, Heading, Kind, cells_by_column, text_to_code
from dxextract.extract.geometry import Box, join_fragments
from dxextract.extract.hints import Hint
from dxextract.extract.values import (
    Quantity,
    parse_count,
    parse_percent,
    parse_quantity,
    split_count_and_percent,
)
from dxextract.extract.vocabulary import SUMMARY_ROWS, Vocabulary
from dxextract.models import AreaSummary, FieldRow, FieldTotal, Kpi
from dxextract.text import nfkc_compact


@dataclass(frozen=True)
class Context:
    """What a block is read in: the report's years and vocabulary, the area and
    section the headings above it name, how many initiatives were read before it
    (a KPI table's KPIs are the last one's)."""

    results_year: int
    plan_year: int
    vocabulary: Vocabulary
    area: str | None = None
    section: str | None = None
    initiatives: int = 0


@dataclass(frozen=True)
class InitiativeDraft:
    """An initiative as its table prints it, before the KPIs under it and its
    field (the field table's, by code) are joined to it."""

    shown_as: ClassVar[str] = "Initiative"  # how `inspect` names it

    section_code: str
    area_hint: str | None
    title: str
    activities: str
    outcomes: str
    next_activities: str
    page: int
    box: Box


@dataclass(frozen=True)
class Unread:
    """What a block printed that became no record: said as an `unread` warning."""

    page: int
    what: str


Record = AreaSummary | FieldRow | FieldTotal | InitiativeDraft | Kpi | Unread


def heading_to_context(heading: Heading, context: Context) -> Context:
    """A section or area heading sets what the blocks under it are read in."""
    if heading.kind == "section":
        return replace(context, section=heading.value)
    if heading.kind == "area":
        return replace(context, area=heading.value)
    return context


def block_to_records(block: Block, context: Context) -> list[Record]:
    """One block's records (none for a block of no known kind)."""
    reader = _READERS.get(block.kind)
    return reader(block, context) if reader is not None else []


def _where(block: Block) -> str:
    return f"page {block.page}: {block.kind.value}"


def count(n: int, noun: str) -> str:
    return f"a {noun}" if n == 1 else f"{n} {noun}s"


T = TypeVar("T")


def _parse(block: Block, what: str, fn: Callable[[str], T], text: str) -> T:
    """A printed cell through a values.py parser; a failure names the table and page."""
    try:
        return fn(text)
    except ValueParseError as exc:
        raise UnreadableTableError(f"{_where(block)}: cannot read {what}: {exc}") from exc


def summary_block_to_records(block: Block, context: Context) -> list[Record]:
    """The area summaries (事業数, KPI設定事業数, 達成, 一部達成 per area and year); a
    row whose label names no known row is said (Unread)."""
    records: list[Record] = []
    areas = _summary_areas(block, context)
    if not areas:
        raise UnreadableTableError(f"{_where(block)}: no 行政のDX / 地域のDX columns")
    # An area summary's region: its column, from the first data row to the last
    # on the block's page (a table continued across pages: its first part).
    here = [r.box for r in block.rows if r.page == block.page]
    top = min((b.top for b in here), default=block.box.top)
    bottom = max((b.bottom for b in here), default=block.box.bottom)
    values: dict[tuple[int, str], str] = {}
    unknown: list[str] = []  # labels of rows with values that name no known row
    for row in block.rows:
        texts = cells_by_column(row, block.columns)
        label_texts = [t for i, t in enumerate(texts) if i not in {a[0] for a in areas}]
        label = nfkc_compact("".join(label_texts))
        metric = next((m for m, p in context.vocabulary.summary_rows if p.search(label)), None)
        if metric is None:
            if label and any(texts[i] for i, _, _ in areas):
                unknown.append(join_fragments(label_texts))
            continue
        for i, _, _ in areas:
            values[(i, metric)] = texts[i]
    if unknown:
        records.append(Unread(block.page, _unknown_summary_rows(unknown, values)))
    for i, area, year in areas:
        cell = {metric: values.get((i, metric), "") for metric in SUMMARY_ROWS}
        achieved, achieved_pct = _parse(block, "達成", split_count_and_percent, cell["achieved"])
        partial, partial_pct = _parse(
            block, "一部達成", split_count_and_percent, cell["partially_achieved"]
        )
        records.append(
            AreaSummary(
                area=area,
                fiscal_year=year,
                projects=_parse(block, "事業数", parse_count, cell["projects"]),
                kpi_projects=_parse(block, "KPI設定事業数", parse_count, cell["kpi_projects"]),
                achieved=achieved,
                achieved_pct=achieved_pct,
                partially_achieved=partial,
                partially_achieved_pct=partial_pct,
                page=block.page,
                bbox=(block.columns[i].x0, top, block.columns[i].x1, bottom),
            )
        )
    return records


def _summary_areas(block: Block, context: Context) -> list[tuple[int, str, int]]:
    """The summary's value columns as (column, area, fiscal year): an area's
    first column without a printed year is the results year, its next the plan year."""
    areas: list[tuple[int, str, int]] = []
    for i, col in enumerate(block.columns):
        area = next(
            (a for a, p in context.vocabulary.areas if p.search(nfkc_compact(col.header))), None
        )
        if area is None:
            continue
        year = col.year
        if year is None:
            seen = sum(1 for _, a, _ in areas if a == area)
            year = context.results_year if seen == 0 else context.plan_year
        areas.append((i, area, year))
    return areas


def _unknown_summary_rows(unknown: list[str], values: dict[tuple[int, str], str]) -> str:
    """What to say of summary rows whose labels name no known row; with the
    vocabulary line to add when one label and one row are left over."""
    found = {metric for (_, metric), text in values.items() if text}
    missing = [m for m in SUMMARY_ROWS if m not in found]
    said = (
        f"summary table: {count(len(unknown), 'row')} ({', '.join(unknown[:3])}) "
        "named by no word of the vocabulary, not read"
    )
    if len(unknown) == 1 and len(missing) == 1:
        said += "; " + Hint(Kind.SUMMARY, f"summary.rows.{missing[0]}", unknown[0]).as_line()
    return said


_FIELD_PARSERS = {
    "projects": parse_count,
    "kpi_projects": parse_count,
    "achieved": parse_count,
    "achieved_pct": parse_percent,
}


def fields_block_to_records(block: Block, context: Context) -> list[Record]:
    """The field rows (項番 I-1 … V) and 合計 rows of the area the heading above names."""
    state = context
    records: list[Record] = []
    if state.area is None:
        raise UnreadableTableError(f"{_where(block)}: no heading above it names 行政 or 地域")
    roles = [c.role for c in block.columns]
    if "code" not in roles and "name" not in roles:
        raise UnreadableTableError(f"{_where(block)}: no 項番 or 分野 column")
    value_cols = [(i, c) for i, c in enumerate(block.columns) if c.role in _FIELD_PARSERS]
    col_years = _field_column_years(value_cols, state.results_year, state.plan_year)
    years = list(dict.fromkeys(col_years.values()))
    for row in block.rows:
        texts = cells_by_column(row, block.columns)
        code_text = next(
            (t for t, c in zip(texts, block.columns, strict=True) if c.role == "code"), ""
        )
        name = next((t for t, c in zip(texts, block.columns, strict=True) if c.role == "name"), "")
        label = nfkc_compact(code_text + name)
        per_year: dict[int, dict[str, object]] = {y: dict.fromkeys(_FIELD_PARSERS) for y in years}
        for i, c in value_cols:
            assert c.role is not None
            per_year[col_years[i]][c.role] = _parse(
                block, c.header, _FIELD_PARSERS[c.role], texts[i]
            )
        total = state.vocabulary.headings["total"]
        if total.search(label) or (not code_text and total.search(nfkc_compact(name))):
            for y in years:
                records.append(_field_total(state.area, y, per_year[y], row))
            continue
        code = text_to_code(code_text)
        if code is None:
            raise UnreadableTableError(f"{_where(block)}: row {label[:20]!r} has no field code")
        for y in years:
            records.append(
                FieldRow.model_validate(
                    {"area": state.area, "code": code, "name": name, "fiscal_year": y}
                    | per_year[y]
                    | _place(row)
                )
            )
    return records


def _field_column_years(
    value_cols: Sequence[tuple[int, Column]], results_year: int, plan_year: int
) -> dict[int, int]:
    """Each value column's fiscal year. The columns come in groups, one per
    year, each starting at its 事業数 column; a year printed over any column of
    a group is the group's (a year label standing over one column of its group,
    not spanning it); a group with none printed is the results year if first,
    else the plan year."""
    group, groups = -1, {}
    for i, c in value_cols:
        if c.role == "projects" or group < 0:
            group += 1
        groups[i] = group
    printed = {groups[i]: c.year for i, c in value_cols if c.year is not None}
    return {
        i: c.year
        if c.year is not None
        else printed.get(groups[i], results_year if groups[i] == 0 else plan_year)
        for i, c in value_cols
    }


def _field_total(area: str, year: int, values: dict[str, object], row: Row) -> FieldTotal:
    return FieldTotal.model_validate({"area": area, "fiscal_year": year} | values | _place(row))


def _place(row: Row) -> dict[str, object]:
    """A record's page and printed region: its row."""
    return {"page": row.page, "bbox": row.box.as_bbox()}


def _by_year(block: Block, role: str) -> list[tuple[int | None, int]]:
    """The columns of one role with their printed years, earliest first."""
    cols = [(c.year, i) for i, c in enumerate(block.columns) if c.role == role]
    return sorted(cols, key=lambda yc: (yc[0] if yc[0] is not None else 0, yc[1]))


def initiative_block_to_records(block: Block, context: Context) -> list[Record]:
    """The initiatives (項目) of the section the heading above names, as drafts:
    their KPIs and field are joined to them once the report is read."""
    state = context
    records: list[Record] = []
    if state.section is None:
        raise UnreadableTableError(f"{_where(block)}: stands under no section heading (I-1 … V)")
    title_cols = [i for i, c in enumerate(block.columns) if c.role == "title"]
    plans = _by_year(block, "activities")
    outcomes = [i for i, c in enumerate(block.columns) if c.role == "outcomes"]
    if not title_cols or not plans:
        raise UnreadableTableError(f"{_where(block)}: no 項目 or 取組内容 column")
    for row in block.rows:
        texts = cells_by_column(row, block.columns)
        title = join_fragments([texts[i] for i in title_cols])
        if not title:
            continue
        box = row.box
        if block.header_box is not None and block.page == row.page:
            box = block.header_box.union(row.box)
        records.append(
            InitiativeDraft(
                section_code=state.section,
                area_hint=state.area,
                title=title,
                activities=texts[plans[0][1]],
                outcomes=join_fragments([texts[i] for i in outcomes]),
                next_activities=texts[plans[-1][1]] if len(plans) > 1 else "",
                page=row.page,
                box=box,
            )
        )
    return records


def kpi_block_to_records(block: Block, context: Context) -> list[Record]:
    """The KPIs of the initiative read last before the table."""
    state = context
    records: list[Record] = []
    if not state.initiatives:
        raise UnreadableTableError(f"{_where(block)}: no initiative table above it")
    names = [i for i, c in enumerate(block.columns) if c.role == "name"]
    targets = _by_year(block, "target")
    actuals = [i for i, c in enumerate(block.columns) if c.role == "actual"]
    statuses = [i for i, c in enumerate(block.columns) if c.role == "status"]
    if not names or not targets:
        raise UnreadableTableError(f"{_where(block)}: no 指標名 or 目標値 column")
    t_year, t_col = targets[0]
    n_year, n_col = targets[-1] if len(targets) > 1 else (None, None)
    year = t_year if t_year is not None else state.results_year
    next_year = n_year if n_year is not None else (state.plan_year if n_col is not None else None)
    for row in block.rows:
        texts = cells_by_column(row, block.columns)
        name = join_fragments([texts[i] for i in names])
        if not name:
            continue
        target_text = texts[t_col]
        actual_text = join_fragments([texts[i] for i in actuals])
        next_text = texts[n_col] if n_col is not None else ""
        cells = [target_text, actual_text, next_text]
        parsed = [_parse(block, "指標の値", parse_quantity, t) for t in cells]
        # A bare `1,000` takes the unit printed in the other cells of its row.
        unit = next((q.unit for q in parsed if q.unit), None)
        parsed = [Quantity(q.value, unit if q.value is not None else None) for q in parsed]
        status = join_fragments([texts[i] for i in statuses]) or None
        records.append(
            Kpi(
                name=name, fiscal_year=year,
                target=parsed[0].value, target_text=target_text,
                actual=parsed[1].value, actual_text=actual_text,
                unit=unit, status=status,
                next_fiscal_year=next_year,
                next_target=parsed[2].value, next_target_text=next_text,
                page=row.page, bbox=row.box.as_bbox(),
            )
        )  # fmt: skip
    return records


_READERS: dict[Kind, Callable[[Block, Context], list[Record]]] = {
    Kind.SUMMARY: summary_block_to_records,
    Kind.FIELDS: fields_block_to_records,
    Kind.INITIATIVE: initiative_block_to_records,
    Kind.KPI: kpi_block_to_records,
}
