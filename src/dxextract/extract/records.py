"""Stage 4: classified blocks and headings → the contract's records.

Years come from what the headers print; areas from the headings above the field
tables; an initiative's field from its section heading, joined to the field
table by code (never by name: the report spells some names two ways).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dxextract.errors import NotADxReportError, UnreadableTableError, ValueParseError
from dxextract.extract.cells import Item, Row, Table, TextLine
from dxextract.extract.classify import (
    Block,
    Column,
    Event,
    Heading,
    Kind,
    cells_by_column,
    items_to_events,
    normalize_code,
)
from dxextract.extract.geometry import Box, join_fragments
from dxextract.extract.headers import is_header_text
from dxextract.extract.hints import Hint, header_to_hint
from dxextract.extract.inputs import file_sha256
from dxextract.extract.pdf import read_layouts
from dxextract.extract.tables import layout_to_items
from dxextract.extract.values import (
    Quantity,
    find_fiscal_years,
    parse_count,
    parse_percent,
    parse_quantity,
    split_count_and_percent,
)
from dxextract.extract.vocabulary import (
    SUMMARY_ROWS,
    Vocabulary,
    default_vocabulary,
    vocabulary_or_default,
)
from dxextract.models import (
    AreaSummary,
    Document,
    Extraction,
    FieldRow,
    FieldTotal,
    Finding,
    Initiative,
    Kpi,
    Report,
)
from dxextract.text import norm

# Lines of the title are printed in the same size, give or take rounding.
DEFAULT_TITLE_SIZE_RATIO = 0.99
# A table of no known kind that prints this many of the report's header words
# was meant to be read (a reworded header): its loss is said (`unread`).
DEFAULT_UNREAD_WORDS = 2


def items_to_title(items: Sequence[Item], vocabulary: Vocabulary | None = None) -> str:
    """The report's title: the largest lines at the top of the first page."""
    first_page = min((it.page for it in items), default=1)
    lines: list[TextLine] = []
    for it in items:
        if it.page != first_page:
            break
        if not isinstance(it, TextLine):
            break
        lines.append(it)
    # Lines that name the report (実施状況, 実施一覧, 【概要】) before lines that only
    # name DX: a heading printed larger than the title (「令和5年度に実施したDX関連
    # 事業の…」, a Word style) is not the title.
    headings = vocabulary_or_default(vocabulary).headings
    title_re, end_re, dx_re = headings["title"], headings["title_end"], headings["dx"]
    candidates = [ln for ln in lines if title_re.search(norm(ln.text))] or [
        ln for ln in lines if dx_re.search(norm(ln.text))
    ]
    if not candidates:
        raise NotADxReportError("not a DX report: no title naming 実施状況 or DX on the first page")
    size = max(ln.size for ln in candidates)
    # The title is the first run of lines in the largest size; it ends with its
    # closing mark (【概要】) even when a heading of nearly its size follows.
    start = next(i for i, ln in enumerate(lines) if ln.size >= DEFAULT_TITLE_SIZE_RATIO * size)
    run: list[str] = []
    for ln in lines[start:]:
        if ln.size < DEFAULT_TITLE_SIZE_RATIO * size or (run and end_re.search(norm(run[-1]))):
            break
        run.append(ln.text)
    title = join_fragments(run)
    if not dx_re.search(norm(title)):
        raise NotADxReportError(f"not a DX report: title {title[:40]!r} does not name DX")
    return title


def title_to_years(title: str) -> tuple[int, int]:
    """(results year, plan year) as the title prints them: 令和5年度の実施状況及び令和6年度の…"""
    years = find_fiscal_years(title)
    if not years:
        raise NotADxReportError("not a DX report: the title prints no fiscal year")
    return years[0], years[1] if len(years) > 1 else years[0] + 1


@dataclass
class _InitiativeDraft:
    section_code: str
    area_hint: str | None
    title: str
    activities: str
    outcomes: str
    next_activities: str
    page: int
    box: Box
    kpis: list[Kpi] = field(default_factory=list)


@dataclass
class _State:
    results_year: int
    plan_year: int
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    area: str | None = None
    section: str | None = None
    summaries: list[AreaSummary] = field(default_factory=list)
    fields: list[FieldRow] = field(default_factory=list)
    totals: list[FieldTotal] = field(default_factory=list)
    initiatives: list[_InitiativeDraft] = field(default_factory=list)
    no_kpi_marks: list[tuple[str | None, int]] = field(default_factory=list)
    # What a block printed that became no record: (page, what), said as `unread`.
    unread: list[tuple[int, str]] = field(default_factory=list)


def _where(block: Block) -> str:
    return f"page {block.page}: {block.kind.value}"


T = TypeVar("T")


def _parse(block: Block, what: str, fn: Callable[[str], T], text: str) -> T:
    """A printed cell through a values.py parser; a failure names the table and page."""
    try:
        return fn(text)
    except ValueParseError as exc:
        raise UnreadableTableError(f"{_where(block)}: cannot read {what}: {exc}") from exc


def summary_block_to_records(block: Block, state: _State) -> None:
    areas: list[tuple[int, str, int]] = []
    for i, col in enumerate(block.columns):
        area = next((a for a, p in state.vocabulary.areas if p.search(norm(col.header))), None)
        if area is None:
            continue
        year = col.year
        if year is None:
            seen = sum(1 for _, a, _ in areas if a == area)
            year = state.results_year if seen == 0 else state.plan_year
        areas.append((i, area, year))
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
        label = norm("".join(label_texts))
        metric = next((m for m, p in state.vocabulary.summary_rows if p.search(label)), None)
        if metric is None:
            if label and any(texts[i] for i, _, _ in areas):
                unknown.append(join_fragments(label_texts))
            continue
        for i, _, _ in areas:
            values[(i, metric)] = texts[i]
    if unknown:
        state.unread.append((block.page, _unknown_summary_rows(unknown, values)))
    for i, area, year in areas:
        cell = {metric: values.get((i, metric), "") for metric in SUMMARY_ROWS}
        achieved, achieved_pct = _parse(block, "達成", split_count_and_percent, cell["achieved"])
        partial, partial_pct = _parse(
            block, "一部達成", split_count_and_percent, cell["partially_achieved"]
        )
        state.summaries.append(
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


def _unknown_summary_rows(unknown: list[str], values: dict[tuple[int, str], str]) -> str:
    """What to say of summary rows whose labels name no known row; with the
    vocabulary line to add when one label and one row are left over."""
    found = {metric for (_, metric), text in values.items() if text}
    missing = [m for m in SUMMARY_ROWS if m not in found]
    said = (
        f"summary table: {_count(len(unknown), 'row')} ({', '.join(unknown[:3])}) "
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


def fields_block_to_records(block: Block, state: _State) -> None:
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
        label = norm(code_text + name)
        per_year: dict[int, dict[str, object]] = {y: dict.fromkeys(_FIELD_PARSERS) for y in years}
        for i, c in value_cols:
            assert c.role is not None
            per_year[col_years[i]][c.role] = _parse(
                block, c.header, _FIELD_PARSERS[c.role], texts[i]
            )
        total = state.vocabulary.headings["total"]
        if total.search(label) or (not code_text and total.search(norm(name))):
            for y in years:
                state.totals.append(_field_total(state.area, y, per_year[y], row))
            continue
        code = normalize_code(code_text)
        if code is None:
            raise UnreadableTableError(f"{_where(block)}: row {label[:20]!r} has no field code")
        for y in years:
            state.fields.append(
                FieldRow.model_validate(
                    {"area": state.area, "code": code, "name": name, "fiscal_year": y}
                    | per_year[y]
                    | _place(row)
                )
            )


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


def initiative_block_to_records(block: Block, state: _State) -> None:
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
        state.initiatives.append(
            _InitiativeDraft(
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


def kpi_block_to_records(block: Block, state: _State) -> None:
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
        state.initiatives[-1].kpis.append(
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


def events_to_state(
    events: Sequence[Event],
    results_year: int,
    plan_year: int,
    vocabulary: Vocabulary | None = None,
) -> _State:
    return events_to_state_and_unread(events, results_year, plan_year, (), vocabulary)[0]


def _record_count(state: _State) -> int:
    return (
        len(state.summaries)
        + len(state.fields)
        + len(state.totals)
        + len(state.initiatives)
        + sum(len(d.kpis) for d in state.initiatives)
    )


def unheaded_rows(
    items: Sequence[Item], events: Sequence[Event], vocabulary: Vocabulary | None = None
) -> list[tuple[int, str]]:
    """Rows that print the report's header words (DEFAULT_UNREAD_WORDS or more
    cells of them) but head no table that was read — a reworded header word
    beside known ones (評価指標 | 目標値 | 実績値 …) — one (page, what) per page."""
    heads = [
        (ev.page, ev.header_box)
        for ev in events
        if isinstance(ev, Block) and ev.kind is not Kind.UNKNOWN and ev.header_box is not None
    ]
    found: dict[int, list[str]] = {}
    hints: dict[int, list[str]] = {}  # what to add to the vocabulary, said once a page
    for item in items:
        if not isinstance(item, Table):
            continue
        for row in item.rows:
            words = [norm(t) for t in row.texts if t and is_header_text(t, vocabulary)]
            if len(words) < DEFAULT_UNREAD_WORDS or any(
                page == row.page and box.contains_point(row.box.xc, row.box.yc, 1.0)
                for page, box in heads
            ):
                continue
            seen = found.setdefault(row.page, [])
            seen.extend(w for w in words if w not in seen)
            hint = header_to_hint(row.texts, vocabulary)
            if hint is not None and hint.as_text() not in hints.setdefault(row.page, []):
                hints[row.page].append(hint.as_text())
    return [
        (page, f"a row of header words ({', '.join(words[:4])}) heads no table that was "
         "read: a header word beside them is not in the vocabulary"
         + "".join(f"; {h}" for h in hints.get(page, ())))
        for page, words in sorted(found.items())
    ]  # fmt: skip


def _count(n: int, noun: str) -> str:
    return f"a {noun}" if n == 1 else f"{n} {noun}s"


def events_to_state_and_unread(
    events: Sequence[Event],
    results_year: int,
    plan_year: int,
    items: Sequence[Item] = (),
    vocabulary: Vocabulary | None = None,
) -> tuple[_State, list[tuple[int, str]]]:
    """The records, and what the report printed that became none of them, each
    as (page, what): a section heading with nothing read under it, a table that
    prints the report's header words but is no known kind, a page whose tables
    gave no record (`items`: the tables the events came from). A partial read is
    never a silent one."""
    state = _State(results_year, plan_year, vocabulary_or_default(vocabulary))
    unread: list[tuple[int, str]] = []
    section: Heading | None = None
    section_read = False
    table_pages: list[int] = []
    record_pages: set[int] = set()
    orphans: dict[int, list[str]] = {}  # page → rows of a table under no header

    def close_section() -> None:
        if section is not None and not section_read:
            unread.append(
                (section.page, f"section {section.value}: nothing was read under its heading")
            )

    # A table's header with no rows under it: its rows follow on the next page
    # (a block stitched to it), or they were not read.
    bare: Block | None = None
    bares: dict[int, list[str]] = {}  # page → kinds of those headers

    def close_bare(nxt: Event | None) -> None:
        if bare is not None and not (isinstance(nxt, Block) and nxt.stitched):
            bares.setdefault(bare.page, []).append(bare.kind.value)

    for ev in events:
        before = _record_count(state)
        apply_event(ev, state)
        if isinstance(ev, Heading):
            if ev.kind == "row":
                orphans.setdefault(ev.page, []).append(ev.text)
            if ev.kind in ("section", "area"):
                close_bare(ev)
                bare = None
            if ev.kind == "section":
                close_section()
                section, section_read = ev, False
            continue
        close_bare(ev)
        bare = ev if not ev.rows else None
        # (A header alone at a page's foot has its rows on the next page.)
        if ev.rows and ev.page not in table_pages:
            table_pages.append(ev.page)
        if _record_count(state) > before:
            record_pages.add(ev.page)
            section_read = True
    close_section()
    close_bare(None)
    unread.extend(
        (page, f"{_count(len(kinds), 'table header')} ({', '.join(sorted(set(kinds)))}) "
         "with no row read under it")
        for page, kinds in bares.items()
    )  # fmt: skip
    unread.extend(unheaded_rows(items, events, vocabulary))
    unread.extend(state.unread)
    # Rows under no header are said on pages with no other warning: a header
    # row not read (a reworded header word) or a header left without its row
    # already says why rows went unread there (one warning per page).
    headed = {page for page, _ in unread}
    unread.extend(
        (
            page,
            f"{_count(len(rows), 'table row')} under no header that was read ({rows[0][:30]!r} …)",
        )
        for page, rows in orphans.items()
        if page not in headed
    )
    flagged = {page for page, _ in unread}
    for page in table_pages:
        if page not in record_pages and page not in flagged:
            unread.append((page, "its tables' text became no record"))
    return state, sorted(unread)


def apply_event(ev: Event, state: _State) -> None:
    """One event into the state: a heading sets the area or section, a block makes
    records (`dxextract inspect` calls it block by block to see which ones)."""
    handlers = {
        Kind.SUMMARY: summary_block_to_records,
        Kind.FIELDS: fields_block_to_records,
        Kind.INITIATIVE: initiative_block_to_records,
        Kind.KPI: kpi_block_to_records,
    }
    if isinstance(ev, Heading):
        if ev.kind == "section":
            state.section = ev.value
        elif ev.kind == "area":
            state.area = ev.value
        elif ev.kind == "no_kpi":
            state.no_kpi_marks.append((state.section, ev.page))
        return
    handler = handlers.get(ev.kind)
    if handler is not None:
        handler(ev, state)


def section_to_field_code(section: str, codes: set[str]) -> str:
    """`II-1` → `II` when the field table lists `II` and not `II-1`."""
    if section in codes or not codes:
        return section
    base = section.split("-")[0]
    return base if base in codes else section


def state_to_initiatives(state: _State) -> list[Initiative]:
    codes = {f.code for f in state.fields}
    area_of = {f.code: f.area for f in state.fields}
    out = []
    for d in state.initiatives:
        field_code = section_to_field_code(d.section_code, codes)
        area = area_of.get(field_code) or d.area_hint
        if area is None:
            raise UnreadableTableError(
                f"page {d.page}: initiative {d.title[:20]!r}: no area for {field_code}"
            )
        marked = any((sec == d.section_code) or page == d.page for sec, page in state.no_kpi_marks)
        out.append(
            Initiative(
                area=area, field_code=field_code, section_code=d.section_code, title=d.title,
                activities=d.activities, outcomes=d.outcomes, next_activities=d.next_activities,
                kpi_applicable=bool(d.kpis) or not marked, page=d.page,
                bbox=d.box.as_bbox(), kpis=tuple(d.kpis),
            )
        )  # fmt: skip
    return out


def pdf_to_document(
    path: Path,
    max_pages: int | None = None,
    sha256: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Document:
    """The whole pipeline for one file: PDF → validated Document."""
    return pdf_to_extraction(path, max_pages, sha256, vocabulary).document


def pdf_to_extraction(
    path: Path,
    max_pages: int | None = None,
    sha256: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Extraction:
    """The whole pipeline for one file: PDF → validated Document, and what of it
    was not read.

    `sha256` is the file's digest when the caller has it already (ingest checks
    it before extracting), so the bytes are not read and hashed twice.
    """
    count, layouts, issued = read_layouts(path, max_pages)
    items: list[Item] = [it for layout in layouts for it in layout_to_items(layout)]
    title = items_to_title(items, vocabulary)
    results_year, plan_year = title_to_years(title)
    events = items_to_events(items, vocabulary)
    state, unread = events_to_state_and_unread(events, results_year, plan_year, items, vocabulary)
    scanned = [
        (layout.number, layout.unread.split(": ", 1)[1]) for layout in layouts if layout.unread
    ]
    if not (state.summaries or state.fields or state.initiatives):
        raise NotADxReportError("not a DX report: no 事業数, 項番 or 項目 table found")
    initiatives = state_to_initiatives(state)
    report = Report(
        file=path.name,
        sha256=sha256 if sha256 is not None else file_sha256(path),
        title=title,
        results_fiscal_year=results_year,
        plan_fiscal_year=plan_year,
        pages=count,
        issued=issued,
    )
    document = Document(
        report=report,
        area_summaries=tuple(state.summaries),
        fields=tuple(state.fields),
        field_totals=tuple(state.totals),
        initiatives=tuple(initiatives),
    )
    findings = tuple(
        Finding(
            sha256=report.sha256,
            file=report.file,
            rule="unread",
            severity="warning",
            page=page,
            message=f"page {page}: {what}; see what was found with `dxextract inspect`.",
        )
        for page, what in sorted([*unread, *scanned])
    )
    return Extraction(document, findings)
