"""Stage 3: name each table by its header words and each text line by its pattern.

The words come from the vocabulary (vocabulary.toml, and the data team's file
given with --vocabulary): a table's kind and its columns, the areas, the
footnote that marks an initiative without KPIs. What stays here is the report's
grammar — field codes (I-1 … V) and how headings and tables are laid out.
Nothing here knows page numbers or coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from itertools import takewhile
from typing import Literal

from dxextract.extract.alignment import header_to_leaf_names
from dxextract.extract.cells import Cell, Item, Row, Table, TableMethod, TextLine
from dxextract.extract.cutting import split_row
from dxextract.extract.geometry import Box, join_fragments
from dxextract.extract.headers import is_header_row
from dxextract.extract.values import find_fiscal_year, is_value
from dxextract.extract.vocabulary import Role, Vocabulary, vocabulary_or_default
from dxextract.text import nfkc, nfkc_compact


class Kind(Enum):
    SUMMARY = "summary table"
    FIELDS = "field table"
    INITIATIVE = "initiative table"
    KPI = "KPI table"
    UNKNOWN = "unknown table"


# Each kind's name in the vocabulary (vocabulary.toml), in the order tried.
KIND_NAMES: dict[Kind, str] = {
    Kind.KPI: "kpi",
    Kind.INITIATIVE: "initiative",
    Kind.FIELDS: "fields",
    Kind.SUMMARY: "summary",
}


# A section heading starts with a field code: `I-1`, `I - 2`, `Ⅲ-4`, `IV`, `V`
# (NFKC has already turned Ⅲ into III). A Latin word such as `ICT…` is not one.
SECTION_RE = re.compile(r"^(III|II|IV|I|V)(?:\s*[-‐‑–—―ー－−]\s*([0-9]+)(?![0-9])|(?![A-Za-z0-9]))")


# A cell holding a field code and nothing else (`II-1`, `Ⅲ - 4`, `IV`), after NFKC
# with spaces removed.
# A Roman numeral letter-spaced unevenly (`II I-1`): its letters, before a dash,
# a space or the end, are one numeral (`V IoT` is a numeral and a word).
_SPACED_ROMAN_RE = re.compile(r"^([IV]+(?:\s+[IV]+)+)(?=\s*[-‐‑–—―ー－−]|\s|$)")


_CODE_ONLY_RE = re.compile(r"(III|II|IV|I|V)(?:[-‐‑–—―ー－−][0-9]+)?")


# A field code with its number at the start of a text (`I-4`, `Ⅲ - 2`), after NFKC.
_NUMBERED_CODE_RE = re.compile(r"\s*(III|II|IV|I|V)\s*[-‐‑–—―ー－−]\s*[0-9]+(?![0-9])")


# Headings are short; a paragraph that happens to start with `I` is not one.
DEFAULT_MAX_HEADING_CHARS = 60


def text_to_code(text: str) -> str | None:
    """`Ⅲ-1`, `I - 2`, `Ｉ－２`, `Ⅳ`, `I I I - 1` → `III-1`, `I-2`, `I-2`, `IV`, `III-1`;
    None if not a code."""
    t = _SPACED_ROMAN_RE.sub(lambda m: re.sub(r"\s+", "", m.group(1)), nfkc(text).strip())
    m = SECTION_RE.match(t)
    if not m:
        return None
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def kind_of_header(header_text: str, vocabulary: Vocabulary | None = None) -> Kind:
    """The first kind one of whose `found_by` lists the header names in full."""
    words = vocabulary_or_default(vocabulary)
    text = nfkc_compact(header_text)
    for kind, name in KIND_NAMES.items():
        named = words.names_in(name, text)
        if any(set(need) <= named for need in words.found_by(name)):
            return kind
    return Kind.UNKNOWN


# What a line of text outside the tables is: a section heading (value: its code), an
# area heading (value: the area), a no-KPI note, other text, or a table row whose
# header was not found ("row": said, never dropped).
HeadingKind = Literal["section", "area", "no_kpi", "text", "row"]


@dataclass(frozen=True)
class Column:
    x0: float
    x1: float
    header: str  # flattened: parent/child header texts
    role: Role | None
    year: int | None


@dataclass(frozen=True)
class Block:
    """A classified table: its kind, its columns and its data rows."""

    kind: Kind
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    page: int
    box: Box
    header_box: Box | None
    method: TableMethod
    stitched: bool = False


@dataclass(frozen=True)
class Heading:
    kind: HeadingKind
    value: str
    page: int
    box: Box
    text: str


Event = Block | Heading


def header_rows_to_columns(
    header: Sequence[Row], kind: Kind, vocabulary: Vocabulary | None = None
) -> tuple[Column, ...]:
    """Flatten a multi-row header: each leaf cell gets its parents' texts."""
    columns = []
    for leaf, header_text in header_to_leaf_names(header):
        columns.append(
            Column(
                leaf.box.x0,
                leaf.box.x1,
                header_text,
                role_of(kind, header_text, vocabulary),
                find_fiscal_year(header_text),
            )
        )
    return tuple(columns)


def role_of(kind: Kind, header_text: str, vocabulary: Vocabulary | None = None) -> Role | None:
    """The first of the kind's roles whose words the header says."""
    t = nfkc_compact(header_text)
    roles = vocabulary_or_default(vocabulary).roles.get(KIND_NAMES.get(kind, ""), ())
    for role, pattern in roles:
        if pattern.search(t):
            return role
    return None


def cells_by_column(row: Row, columns: Sequence[Column]) -> list[str]:
    """A data row's texts per header column (cells assigned by horizontal overlap)."""
    out: list[list[str]] = [[] for _ in columns]
    for cell in row.cells:
        if not cell.text:
            continue
        overlaps = [min(cell.box.x1, c.x1) - max(cell.box.x0, c.x0) for c in columns]
        best = max(range(len(columns)), key=lambda i: overlaps[i])
        if overlaps[best] > 0:
            out[best].append(cell.text)
    return [join_fragments(parts) for parts in out]


def _row_is_blank(row: Row) -> bool:
    return not any(t.strip() for t in row.texts)


def _continues(table: Table, previous: Block | None, vocabulary: Vocabulary | None) -> bool:
    """A headerless table continues the previous block when its columns line up:
    same outer edges, and every border its headerless rows draw is one of the
    block's borders (the rows under a header row of its own, a KPI sub-table
    closing a continued initiative row, are a block of their own)."""
    if previous is None or previous.kind is Kind.UNKNOWN or not previous.columns:
        return False
    cols = previous.columns
    leading = list(takewhile(lambda row: not is_header_row(row, vocabulary), table.rows))
    if table.method == "text":
        # Found from its text alone, it has no edges of its own (its box is
        # its text's): its rows continue the block when each cell's text
        # stands inside one of the block's columns (rows spaced out under a
        # header strip further than any rule of closeness reaches).
        # And they are set at the block's text size (a page's title set
        # letter-spaced over the columns is larger).
        if not all(_inside_a_column(cell, cols) for row in leading for cell in row.cells):
            return False
        if not _same_size(leading, previous.rows):
            return False
    elif (
        abs(table.box.x0 - cols[0].x0) > DEFAULT_ALIGN
        or abs(table.box.x1 - cols[-1].x1) > DEFAULT_ALIGN
    ):
        return False
    # Text of one column under a table (a heading and a paragraph set as lines)
    # is no row of it: a continued row has cells in several of its columns.
    if len(cols) > 1 and not any(sum(1 for c in row.cells if c.text) >= 2 for row in leading):
        return False
    if table.method in ("aligned", "text"):
        return True  # its borders were guessed from its text; the header's rule
    borders = [c.x0 for c in cols[1:]]
    return all(
        any(abs(cell.box.x0 - b) <= DEFAULT_ALIGN for b in borders)
        for row in leading
        for cell in row.cells[1:]
    )


def _same_size(rows: Sequence[Row], others: Sequence[Row]) -> bool:
    """Whether the text of `rows` is set at the size of the text of `others`
    (within DEFAULT_SIZE_RATIO of its median; true when either has none)."""
    sizes = sorted(w.size for row in rows for c in row.cells for w in c.words)
    theirs = sorted(w.size for row in others for c in row.cells for w in c.words)
    if not sizes or not theirs:
        return True
    mine, base = sizes[len(sizes) // 2], theirs[len(theirs) // 2]
    return max(mine, base) <= DEFAULT_SIZE_RATIO * min(mine, base)


def _inside_a_column(cell: Cell, cols: Sequence[Column]) -> bool:
    """Whether a cell's text (if any) stands between the sides of one column."""
    if not cell.words:
        return True
    x0 = min(w.box.x0 for w in cell.words)
    x1 = max(w.box.x1 for w in cell.words)
    return any(c.x0 - DEFAULT_ALIGN <= x0 and x1 <= c.x1 + DEFAULT_ALIGN for c in cols)


# A row with this many cells that read as values is data, never a heading (a
# heading's name cut into a cell may read as one: `3の取組を支える基盤整備`).
DEFAULT_HEADING_MAX_VALUES = 2


# A row of no known table with this many cells of text is a table's row whose
# header was not found (a labelled note box, `新しい価値 | …`, has two cells).
DEFAULT_ORPHAN_CELLS = 3


# Text this many times larger or smaller than a table's is not its rows' text.
DEFAULT_SIZE_RATIO = 1.15


# Column edges of a continued table may differ this much (pt) from its first part.
DEFAULT_ALIGN = 6.0


# A row of one text in a cell this share of the table's width or wider may be a
# heading drawn as a merged cell.
DEFAULT_HEADING_CELL_SHARE = 0.9


def row_to_heading(row: Row, table: Table, vocabulary: Vocabulary | None = None) -> Heading | None:
    """A row that is a section or area heading drawn as a cell: one text in a
    cell merged across (nearly) the whole table, as Excel sheets print a section
    heading right above its table (pitfalls.md: headings drawn as cells)."""
    filled = [c for c in row.cells if c.text]
    # A row printing values (`18事業 | 12事業 | 58%`) is a data row, however its
    # code reads: a field row whose last cells were lost is not a heading.
    if sum(1 for c in filled if is_value(c.text)) >= DEFAULT_HEADING_MAX_VALUES:
        return None
    # The code and the name may fall in two cells where the merged heading cell
    # was cut by the columns of the rows under it (`II-1` | `市町村に求められる…`).
    # The cut may fall anywhere in the line (`I-4 I-1～I-` | `3の取組を支える…` |
    # empty cells): a row whose first cell starts with a numbered code, whose
    # text runs on from the first column and stops before the last, is the cut
    # line when its texts joined read as a section heading.
    texts = [c.text for c in row.cells]
    runs_from_first = bool(texts) and bool(texts[0]) and not texts[-1]
    stops = runs_from_first and all(t for t in texts[: len(filled)])
    if len(filled) == 2 and _CODE_ONLY_RE.fullmatch(nfkc(filled[0].text).replace(" ", "")):
        both = filled[0].box.union(filled[1].box)
        filled = [Cell(both, f"{filled[0].text} {filled[1].text}")]
    elif len(filled) >= 2 and stops and _NUMBERED_CODE_RE.match(nfkc(filled[0].text)):
        both = filled[0].box
        for c in filled[1:]:
            both = both.union(c.box)
        filled = [Cell(both, join_fragments([c.text for c in filled]))]
    if len(filled) != 1:
        return None
    heading = line_to_heading(TextLine(row.page, row.box, filled[0].text, 0.0), vocabulary)
    # A section code with its name and nothing else in the row is a heading even
    # where the merged cell was cut by the columns of the rows under it; an area
    # heading only in a cell across the table (a title in its first cell is not).
    wide = filled[0].box.width >= DEFAULT_HEADING_CELL_SHARE * table.box.width
    if heading.kind == "section" or (heading.kind == "area" and wide):
        return heading
    return None


def table_to_blocks(
    table: Table, previous: Block | None, vocabulary: Vocabulary | None = None
) -> list[Block | Heading]:
    """Split a table into header-led blocks; headerless rows continue `previous`;
    a heading drawn as a row of the table ends the block before it."""
    blocks = _Blocks(table, previous, vocabulary)
    for row in table.rows:
        if _row_is_blank(row):
            continue
        heading = row_to_heading(row, table, vocabulary)
        if heading is not None:
            blocks.heading(heading)
        elif is_header_row(row, vocabulary):
            blocks.header_row(row)
        else:
            blocks.data_row(row)
    blocks.flush()
    return blocks.out


class _Blocks:
    """table_to_blocks' state: the header rows and data rows of the block being
    read, its kind and columns, whether it continues the block before the table."""

    def __init__(self, table: Table, previous: Block | None, vocabulary: Vocabulary | None):
        self.table, self.previous, self.vocabulary = table, previous, vocabulary
        self.out: list[Block | Heading] = []
        self.header: list[Row] = []
        self.data: list[Row] = []
        self.current: tuple[Kind, tuple[Column, ...]] | None = None
        self.stitched = False

    def heading(self, heading: Heading) -> None:
        self.flush()
        self.out.append(heading)
        self.header, self.data, self.stitched, self.current = [], [], False, None
        self.previous = None

    def header_row(self, row: Row) -> None:
        if self.data:
            self.flush()
            self.header, self.data, self.stitched = [], [], False
        self.header.append(row)
        kind = kind_of_header(" ".join(" ".join(r.texts) for r in self.header), self.vocabulary)
        self.current = (kind, header_rows_to_columns(self.header, kind, self.vocabulary))

    def data_row(self, row: Row) -> None:
        if self.current is None:
            previous = self.previous
            if previous is not None and _continues(self.table, previous, self.vocabulary):
                self.current = (previous.kind, previous.columns)
                self.stitched = True
            else:
                self.current = (Kind.UNKNOWN, ())
        kind, columns = self.current
        if (
            columns
            and kind is not Kind.UNKNOWN
            and (self.stitched or self.table.method == "aligned")
        ):
            row = _recut(row, columns)
        self.data.append(row)

    def flush(self) -> None:
        if self.current is None or not (self.data or self.header):
            return
        rows = [*self.header, *self.data]
        box = rows[0].box
        for r in rows[1:]:
            box = box.union(r.box)
        header_box = None
        if self.header:
            header_box = self.header[0].box
            for r in self.header[1:]:
                header_box = header_box.union(r.box)
        kind, columns = self.current
        table = self.table
        self.out.append(
            Block(
                kind,
                columns,
                tuple(self.data),
                table.page,
                box,
                header_box,
                table.method,
                self.stitched,
            )
        )


def _recut(row: Row, columns: Sequence[Column]) -> Row:
    """Cut a row whose borders were carried over or guessed at its header's borders."""
    return split_row(row, [c.x0 for c in columns[1:]])


def line_to_heading(line: TextLine, vocabulary: Vocabulary | None = None) -> Heading:
    words = vocabulary_or_default(vocabulary)
    text = nfkc(line.text)
    if words.headings["no_kpi"].search(nfkc_compact(text)):
        return Heading("no_kpi", "", line.page, line.box, line.text)
    if len(text) <= DEFAULT_MAX_HEADING_CHARS:
        code = text_to_code(text)
        if code is not None:
            return Heading("section", code, line.page, line.box, line.text)
    for area, pattern in words.areas:
        if pattern.search(nfkc_compact(text)):
            return Heading("area", area, line.page, line.box, line.text)
    return Heading("text", "", line.page, line.box, line.text)


def items_to_events(items: Sequence[Item], vocabulary: Vocabulary | None = None) -> list[Event]:
    """Every page's items, in reading order → headings and classified blocks."""
    events: list[Event] = []
    previous: Block | None = None
    for item in items:
        if isinstance(item, TextLine):
            heading = line_to_heading(item, vocabulary)
            events.append(heading)
            if heading.kind in ("section", "area"):
                previous = None  # a table under a new heading starts afresh
            continue
        blocks = table_to_blocks(item, previous, vocabulary)
        for block in blocks:
            if isinstance(block, Heading):
                events.append(block)
                previous = None  # a table under a new heading starts afresh
                continue
            if block.kind is Kind.UNKNOWN:
                # A boxed heading (a code in a shaded box) is still a heading; a
                # row of several cells of text that is none is a table's row
                # whose header was not found (kind "row": said, never dropped).
                for row in block.rows:
                    texts = [t for t in row.texts if t]
                    line = TextLine(row.page, row.box, " ".join(texts), 0.0)
                    heading = line_to_heading(line, vocabulary)
                    if heading.kind == "text" and len(texts) >= DEFAULT_ORPHAN_CELLS:
                        heading = replace(heading, kind="row")
                    events.append(heading)
                continue
            events.append(block)
            previous = block
    return events
