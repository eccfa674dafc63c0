"""Stage 4, the fold: a report's events (headings and blocks, in document order)
→ its records, and what it printed that became none of them.

Each block goes through records.block_to_records in the context the headings
before it set (RecordFold; `dxextract inspect` runs the same fold block by
block); the drafts are then joined to their KPIs and fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from dxextract.errors import UnreadableTableError
from dxextract.extract.cells import Item, Table
from dxextract.extract.classify import Block, Event, Heading, Kind
from dxextract.extract.geometry import DEFAULT_SLACK
from dxextract.extract.headers import is_header_text
from dxextract.extract.hints import header_to_hint
from dxextract.extract.records import (
    Context,
    InitiativeDraft,
    Record,
    Unread,
    block_to_records,
    count,
    heading_to_context,
)
from dxextract.extract.vocabulary import Vocabulary, vocabulary_or_default
from dxextract.models import AreaSummary, FieldRow, FieldTotal, Initiative, Kpi
from dxextract.text import nfkc_compact

# A table of no known kind that prints this many of the report's header words
# was meant to be read (a reworded header): its loss is said (`unread`).
DEFAULT_UNREAD_WORDS = 2


@dataclass
class Read:
    """A report's records so far, by kind, in document order; each initiative's
    KPIs beside it; the ※ marks of initiatives without KPIs (section, page)."""

    summaries: list[AreaSummary] = field(default_factory=list)
    fields: list[FieldRow] = field(default_factory=list)
    totals: list[FieldTotal] = field(default_factory=list)
    initiatives: list[InitiativeDraft] = field(default_factory=list)
    kpis: list[list[Kpi]] = field(default_factory=list)
    no_kpi_marks: list[tuple[str | None, int]] = field(default_factory=list)
    # What a block printed that became no record: (page, what), said as `unread`.
    unread: list[tuple[int, str]] = field(default_factory=list)

    def add(self, record: Record) -> None:
        """One record joins its kind's list (a KPI its initiative's)."""
        if isinstance(record, Kpi):
            self.kpis[-1].append(record)
        elif isinstance(record, InitiativeDraft):
            self.initiatives.append(record)
            self.kpis.append([])
        elif isinstance(record, Unread):
            self.unread.append((record.page, record.what))
        elif isinstance(record, AreaSummary):
            self.summaries.append(record)
        elif isinstance(record, FieldRow):
            self.fields.append(record)
        else:
            self.totals.append(record)


class RecordFold:
    """The one fold of a report's events: a heading sets the context, a block's
    records (records.block_to_records in that context) join what was read."""

    def __init__(
        self, results_year: int, plan_year: int, vocabulary: Vocabulary | None = None
    ) -> None:
        self.context = Context(results_year, plan_year, vocabulary_or_default(vocabulary))
        self.read = Read()

    def event(self, ev: Event) -> list[Record]:
        """The records `ev` made (none for a heading)."""
        if isinstance(ev, Heading):
            self.context = heading_to_context(ev, self.context)
            if ev.kind == "no_kpi":
                self.read.no_kpi_marks.append((self.context.section, ev.page))
            return []
        records = block_to_records(
            ev, replace(self.context, initiatives=len(self.read.initiatives))
        )
        for record in records:
            self.read.add(record)
        return records


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
            words = [nfkc_compact(t) for t in row.texts if t and is_header_text(t, vocabulary)]
            if len(words) < DEFAULT_UNREAD_WORDS or any(
                page == row.page and box.contains_point(row.box.xc, row.box.yc, DEFAULT_SLACK)
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


def events_to_read(
    events: Sequence[Event],
    results_year: int,
    plan_year: int,
    items: Sequence[Item] = (),
    vocabulary: Vocabulary | None = None,
) -> tuple[Read, list[tuple[int, str]]]:
    """The records, and what the report printed that became none of them, each
    as (page, what): a section heading with nothing read under it, a table that
    prints the report's header words but is no known kind, a page whose tables
    gave no record (`items`: the tables the events came from). A partial read is
    never a silent one."""
    fold = RecordFold(results_year, plan_year, vocabulary)
    coverage = _Coverage()
    for ev in events:
        made = fold.event(ev)
        if isinstance(ev, Heading):
            coverage.heading(ev)
        else:
            coverage.block(ev, made)
    coverage.close_section()
    coverage.close_bare(None)
    unread = [
        *coverage.unread,
        *coverage.bare_headers(),
        *unheaded_rows(items, events, vocabulary),
        *fold.read.unread,
    ]
    # Rows under no header are said on pages with no other warning: a header
    # row not read (a reworded header word) or a header left without its row
    # already says why rows went unread there (one warning per page).
    unread += coverage.orphan_rows({page for page, _ in unread})
    unread += coverage.silent_pages({page for page, _ in unread})
    return fold.read, sorted(unread)


@dataclass
class _Coverage:
    """What the events leave unread, followed as they come: a section heading
    with nothing read under it; a table's header with no rows under it (its rows
    follow on the next page, a block stitched to it, or they were not read);
    rows under no header; the pages whose tables gave no record."""

    unread: list[tuple[int, str]] = field(default_factory=list)
    section: Heading | None = None
    section_read: bool = False
    bare: Block | None = None
    bares: dict[int, list[str]] = field(default_factory=dict)  # page → kinds of bare headers
    table_pages: list[int] = field(default_factory=list)
    record_pages: set[int] = field(default_factory=set)
    orphans: dict[int, list[str]] = field(default_factory=dict)  # page → rows under no header

    def heading(self, ev: Heading) -> None:
        if ev.kind == "row":
            self.orphans.setdefault(ev.page, []).append(ev.text)
        if ev.kind in ("section", "area"):
            self.close_bare(ev)
            self.bare = None
        if ev.kind == "section":
            self.close_section()
            self.section, self.section_read = ev, False

    def block(self, ev: Block, made: Sequence[Record]) -> None:
        self.close_bare(ev)
        self.bare = ev if not ev.rows else None
        # (A header alone at a page's foot has its rows on the next page.)
        if ev.rows and ev.page not in self.table_pages:
            self.table_pages.append(ev.page)
        if any(not isinstance(r, Unread) for r in made):
            self.record_pages.add(ev.page)
            self.section_read = True

    def close_section(self) -> None:
        section = self.section
        if section is not None and not self.section_read:
            what = f"section {section.value}: nothing was read under its heading"
            self.unread.append((section.page, what))

    def close_bare(self, nxt: Event | None) -> None:
        if self.bare is not None and not (isinstance(nxt, Block) and nxt.stitched):
            self.bares.setdefault(self.bare.page, []).append(self.bare.kind.value)

    def bare_headers(self) -> list[tuple[int, str]]:
        return [
            (page, f"{count(len(kinds), 'table header')} ({', '.join(sorted(set(kinds)))}) "
             "with no row read under it")
            for page, kinds in self.bares.items()
        ]  # fmt: skip

    def orphan_rows(self, headed: set[int]) -> list[tuple[int, str]]:
        return [
            (page, f"{count(len(rows), 'table row')} under no header that was read "
             f"({rows[0][:30]!r} …)")
            for page, rows in self.orphans.items()
            if page not in headed
        ]  # fmt: skip

    def silent_pages(self, flagged: set[int]) -> list[tuple[int, str]]:
        return [
            (page, "its tables' text became no record")
            for page in self.table_pages
            if page not in self.record_pages and page not in flagged
        ]


def section_to_field_code(section: str, codes: set[str]) -> str:
    """`II-1` → `II` when the field table lists `II` and not `II-1`."""
    if section in codes or not codes:
        return section
    base = section.split("-")[0]
    return base if base in codes else section


def read_to_initiatives(state: Read) -> list[Initiative]:
    """The drafts with their KPIs, their field code (the field table's, by code)
    and area; kpi_applicable False only where a ※ note marks them."""
    codes = {f.code for f in state.fields}
    area_of = {f.code: f.area for f in state.fields}
    out = []
    for d, kpis in zip(state.initiatives, state.kpis, strict=True):
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
                kpi_applicable=bool(kpis) or not marked, page=d.page,
                bbox=d.box.as_bbox(), kpis=tuple(kpis),
            )
        )  # fmt: skip
    return out
