"""Any PDF's tables → clean rows: one flat header row, values as printed.

This is the generic side of the pipeline, for Japanese government PDFs that are
not DX reports too: it uses the table finder (tables.py), and of the report's
vocabulary only its header words (headers.is_header_row). Per table:
- wrapped lines of a cell are joined (no space between Japanese characters,
  cells.words_to_text);
- header rows are rows of the report's header words or, before any data row,
  rows of short texts that print no number; a header row after data rows
  starts a new table (a KPI table under its initiative's row);
- header rows are flattened into one: each column's header is its parents'
  texts joined by `/`
  (`入院治療等を要する者（人）/うち重症`); a header cell whose text wraps into the
  row below (an L-shaped merged cell of an Excel export) is read as one text;
- footnote marks (`※1`, `※３`) are taken out of every cell and kept in a
  companion column `<header>/注` beside the column that printed them (or
  dropped with strip_notes);
- a column printed as its own box beside the table (the MHLW table's 確認中
  column) is joined to it when its rows line up with the table's rows;
- numbers stay as printed (`1,722,664`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from dxextract.debug.cleantables import CleanTable, TableDump
from dxextract.extract.alignment import header_to_leaf_names
from dxextract.extract.cells import (
    DEFAULT_SNAP,
    Cell,
    Row,
    Table,
    cluster_positions,
    lines_break_a_word,
    union,
    words_to_reading_lines,
    words_to_text,
)
from dxextract.extract.geometry import join_fragments
from dxextract.extract.headers import is_header_row
from dxextract.extract.pdf import read_layouts
from dxextract.extract.tables import layout_to_items
from dxextract.extract.values import is_value
from dxextract.extract.vocabulary import Vocabulary

# A footnote mark: ※ and its number, ASCII or full-width digits (`※1`, `※３`).
NOTE_MARK_RE = re.compile(r"※\s*[0-9０-９]+")
# A value cell as printed: digits with thousands separators, a sign, a decimal
# point, a percent sign or a dash for "none" — what makes a row a data row.
# A unit of a few characters may follow (`52事業`, `68%`, `32百万枚`).
NUMBER_RE = re.compile(r"^[-−－△▲+]?[0-9０-９][0-9０-９,，.．]*[^0-9０-９/／:：]{0,4}$")
# A number with nothing after it but a percent sign (`23,351`, `5.5%`, `0`): no
# header prints one, while a header may print a number with a word (`10歳未満`,
# `10代`, `R5年度`), which NUMBER_RE takes for a value with a unit.
PLAIN_NUMBER_RE = re.compile(r"^[-−－△▲+]?[0-9０-９][0-9０-９,，.．]*[%％]?$")
# A header cell of a PDF without the report's vocabulary is at most this long.
DEFAULT_HEADER_CHARS = 30
# Two header cells one above the other are one wrapped text when the lower one's
# first line starts within this many font sizes of the upper one's last line.
DEFAULT_WRAP_GAP_RATIO = 0.6
# A side column joins a table when it is at most this many of the table's row
# heights from its edge (the MHLW 確認中 box: 0.5 rows on an A4 page, 0.8 on a
# 1009 × 1427 pt page; the next table of a two-table page stands 2.6 rows off)...
DEFAULT_SIDE_GAP_ROWS = 1.0
# ...with at least this many rows (a box of a header and one value beside a small
# table is a table of its own: the Tokyo bulletin's 総数 | 337)...
DEFAULT_SIDE_MIN_ROWS = 3
# ...its rows' tops and bottoms within this share of a row's height of the rows
# they stand beside...
DEFAULT_SIDE_ALIGN = 0.3
# ...and at least this share of the table's data rows have a row of it beside them.
DEFAULT_SIDE_ROWS = 0.9
# A header cell is a parent of the cell under it when it is this much wider.
DEFAULT_PARENT_WIDTH = 1.2
# A data cell's border this close (pt) to its header column's edge is that edge.
DEFAULT_SNAP_IN = 2.0
# The suffix of a companion column holding a column's footnote marks.
NOTE_SUFFIX = "/注"


def split_notes(text: str) -> tuple[str, str]:
    """`岩手※3※4※5` → (`岩手`, `※3※4※5`); `確認中※2（人）` → (`確認中（人）`, `※2`)."""
    marks = "".join(m.group(0).replace(" ", "") for m in NOTE_MARK_RE.finditer(text))
    return NOTE_MARK_RE.sub("", text).strip(), marks


def is_number(text: str) -> bool:
    return bool(NUMBER_RE.match(split_notes(text)[0].replace(" ", "")))


def is_plain_number(text: str) -> bool:
    return bool(PLAIN_NUMBER_RE.match(split_notes(text)[0].replace(" ", "")))


def _is_data_row(row: Row) -> bool:
    """A row that prints numbers: at least two, in more than half its filled cells."""
    texts = [t for t in row.texts if t]
    numbers = sum(1 for t in texts if is_number(t))
    return numbers >= 2 and numbers > len(texts) / 2


def _is_caption_row(row: Row) -> bool:
    """A row above the header with text in fewer than half its cells (a date, a unit)."""
    filled = sum(1 for t in row.texts if t)
    return 0 < filled < len(row.cells) / 2


def _wraps_into(upper: Cell, lower: Cell) -> bool:
    """Whether `lower`'s text is the next line of `upper`'s (no rule between them)."""
    if not upper.words or not lower.words:
        return False
    if not (upper.box.x0 - 1 <= lower.box.xc <= upper.box.x1 + 1):
        return False
    last = max(upper.words, key=lambda w: w.box.bottom)
    first = min(lower.words, key=lambda w: w.box.top)
    gap = first.box.top - last.box.bottom
    overlap = min(last.box.x1, first.box.x1) - max(last.box.x0, first.box.x0)
    return 0 <= gap <= DEFAULT_WRAP_GAP_RATIO * last.size and overlap > 0


def header_to_names(header: Sequence[Row]) -> list[tuple[float, float, str]]:
    """Header rows → (x0, x1, flattened name) per leaf column, left to right."""
    texts: dict[int, str] = {id(c): c.text for r in header for c in r.cells}
    consumed: set[int] = set()
    for upper_row, lower_row in pairwise(header):
        for lower in lower_row.cells:
            for upper in upper_row.cells:
                if id(upper) not in consumed and _wraps_into(upper, lower):
                    texts[id(upper)] = words_to_text([*upper.words, *lower.words])
                    consumed.add(id(lower))
                    break
    return [
        (leaf.box.x0, leaf.box.x1, name)
        for leaf, name in header_to_leaf_names(header, texts, consumed)
    ]


def cells_to_text(cells: Sequence[Cell]) -> str:
    """The text of the cells under one header: values printed apart (`13事業` and
    `68%`, side by side or one over the other, in one cell or two) stay apart
    with a space; anything else is wrapped text, joined as such."""
    words: list[str] = []
    for cell in cells:
        lines = words_to_reading_lines(cell.words)
        for i, line in enumerate(lines):
            texts = [w.text for w in line]
            if i > 0 and lines_break_a_word(lines[i - 1], line, lines, cell.box):
                words[-1] += texts.pop(0)  # a number the producer wrapped: `110,00` / `0件`
            words.extend(texts)
    if len(words) > 1 and all(is_value(word) for word in words):
        return " ".join(words)
    texts = [
        words_to_text(cell.words, keep_spaces=True, box=cell.box) if cell.words else cell.text
        for cell in cells
    ]
    return texts[0] if len(texts) == 1 else join_fragments(texts)


def subdivide_columns(
    columns: Sequence[tuple[float, float, str]], data: Sequence[Row]
) -> list[tuple[float, float, str]]:
    """Split a header column that the data rows divide by a border of their own
    (two sub-columns under one merged header, 業種 → 業種/1, 業種/2): a border
    inside the column in at least half the data rows."""
    out: list[tuple[float, float, str]] = []
    for x0, x1, name in columns:
        inner: list[float] = []
        for row in data:
            # Cells holding more than a footnote mark: a mark's own box is no column.
            under = [c for c in row.cells if x0 <= c.box.xc <= x1 and split_notes(c.text)[0]]
            inner.extend(
                c.box.x1
                for c in under[:-1]
                if x0 + DEFAULT_SNAP_IN < c.box.x1 < x1 - DEFAULT_SNAP_IN
            )
        cuts = [
            x
            for x in cluster_positions(inner)
            if sum(1 for v in inner if abs(v - x) <= DEFAULT_SNAP) >= max(2, len(data) / 2)
        ]
        if not cuts:
            out.append((x0, x1, name))
            continue
        edges = [x0, *cuts, x1]
        out.extend((a, b, f"{name}/{n}") for n, (a, b) in enumerate(pairwise(edges), 1))
    return out


def _row_by_columns(row: Row, columns: Sequence[tuple[float, float, str]]) -> list[str]:
    """A data row's texts per column, each cell to the column it overlaps most."""
    out: list[list[Cell]] = [[] for _ in columns]
    for cell in row.cells:
        overlaps = [min(cell.box.x1, x1) - max(cell.box.x0, x0) for x0, x1, _ in columns]
        best = max(range(len(columns)), key=lambda i: overlaps[i])
        if cell.text and overlaps[best] > 0:
            out[best].append(cell)
    return [cells_to_text(cells) for cells in out]


def _side_rows(table: Table, side: Table) -> dict[int, int] | None:
    """Which row of `table` each row of `side` stands beside, if they line up."""
    gap = min(abs(side.box.x0 - table.box.x1), abs(table.box.x0 - side.box.x1))
    heights = sorted(r.box.height for r in table.rows)
    if (
        gap > DEFAULT_SIDE_GAP_ROWS * heights[len(heights) // 2]
        or side.page != table.page
        or len(side.rows) < DEFAULT_SIDE_MIN_ROWS
    ):
        return None
    match: dict[int, int] = {}
    for j, srow in enumerate(side.rows):
        yc = srow.box.yc
        hits = [i for i, r in enumerate(table.rows) if r.box.top <= yc <= r.box.bottom]
        if not hits:
            return None
        # A merged header cell's row reaches down over the next row: nearest centre wins.
        best = min(hits, key=lambda i: abs(table.rows[i].box.yc - yc))
        row = table.rows[best].box
        # Lined up: the same top and bottom, within a share of the row's height
        # (a box of one tall cell beside two rows of the table is another table).
        tol = DEFAULT_SIDE_ALIGN * row.height
        if (
            best in match.values()
            or abs(srow.box.top - row.top) > tol
            or abs(srow.box.bottom - row.bottom) > tol
        ):
            return None
        match[j] = best
    data = [i for i, r in enumerate(table.rows) if _is_data_row(r)]
    beside = sum(1 for i in data if i in match.values())
    return match if data and beside >= DEFAULT_SIDE_ROWS * len(data) else None


def join_side_columns(tables: Sequence[Table]) -> list[tuple[Table, int]]:
    """Join each narrower table standing beside a wider one, rows lined up, to it:
    its cells are appended to the rows they stand beside. Returns (table, joined)."""
    order = sorted(tables, key=lambda t: -max(len(r.cells) for r in t.rows))
    out: list[tuple[Table, int]] = []
    taken: set[int] = set()
    for table in order:
        if id(table) in taken:
            continue
        joined = 0
        for side in tables:
            if side is table or id(side) in taken:
                continue
            if max(len(r.cells) for r in side.rows) >= max(len(r.cells) for r in table.rows):
                continue
            match = _side_rows(table, side)
            if match is None:
                continue
            table = _append_side(table, side, match)
            taken.add(id(side))
            joined += 1
        out.append((table, joined))
    out.sort(key=lambda tj: (tj[0].box.top, tj[0].box.x0))
    return out


def _append_side(table: Table, side: Table, match: dict[int, int]) -> Table:
    extra: dict[int, list[Cell]] = {}
    for j, i in match.items():
        extra.setdefault(i, []).extend(side.rows[j].cells)
    rows = []
    for i, row in enumerate(table.rows):
        cells = tuple(sorted([*row.cells, *extra.get(i, [])], key=lambda c: c.box.x0))
        box = row.box
        for c in extra.get(i, []):
            box = box.union(c.box)
        rows.append(Row(row.page, box, cells))
    return Table(table.page, table.box.union(side.box), tuple(rows), table.method)


class _Part(NamedTuple):
    caption: tuple[Row, ...]
    header: tuple[Row, ...]
    data: tuple[Row, ...]


def _is_header_like(
    row: Row, before_data: bool, below: Row | None = None, vocabulary: Vocabulary | None = None
) -> bool:
    """A header row: the report's header vocabulary (headers.py), or, before any
    data row, a row of short texts that prints no number (another PDF's header) —
    numbers with words (`10歳未満`, `10代`) count as text right above a row of
    plain numbers (`9 | 30 | 86`)."""
    if is_header_row(row, vocabulary):
        return True
    texts = [t for t in row.texts if t]
    if not before_data or any(is_plain_number(t) for t in texts):
        return False
    if any(len(t) > DEFAULT_HEADER_CHARS for t in texts):
        return False
    return not _is_data_row(row) or (below is not None and _is_plain_row(below))


def _is_plain_row(row: Row) -> bool:
    """A row of plain numbers in at least half its filled cells."""
    texts = [t for t in row.texts if t]
    return bool(texts) and sum(1 for t in texts if is_plain_number(t)) >= len(texts) / 2


def table_to_parts(table: Table, vocabulary: Vocabulary | None = None) -> list[_Part]:
    """A found table → its parts, each a header over data rows: a header row that
    follows data rows starts a new part (a KPI table under its initiative's row)."""
    rows = [r for r in table.rows if any(r.texts)]
    caption: list[Row] = []
    while len(rows) > 2 and _is_caption_row(rows[0]) and not _is_data_row(rows[0]):
        caption.append(rows.pop(0))
    parts: list[_Part] = []
    header: list[Row] = []
    data: list[Row] = []
    for i, row in enumerate(rows):
        below = rows[i + 1] if i + 1 < len(rows) else None
        if _is_header_like(row, not data, below, vocabulary) and data:
            parts.append(_Part(tuple(caption), tuple(header), tuple(data)))
            caption, header, data = [], [], []
        if not data and _is_header_like(row, True, below, vocabulary):
            header.append(row)
        else:
            data.append(row)
    if header and not data:
        # No row printed a number: only the first row is the header.
        header, data = header[:1], header[1:]
    parts.append(_Part(tuple(caption), tuple(header), tuple(data)))
    return [_labels_out_of_header(part) for part in parts]


def _is_level(upper: Row, lower: Row) -> bool:
    """Whether `lower` is a header level under `upper`: some cell of it stands
    under a wider cell of `upper` (入院治療等を要する者 over うち重症). Two labels of
    one width stacked in one column (直近７日間移動平均 over 前週7日間移動平均) are
    two rows, not parent and child."""
    return any(
        parent.box.x0 - 1 <= cell.box.xc <= parent.box.x1 + 1
        and parent.box.width > DEFAULT_PARENT_WIDTH * cell.box.width
        for cell in lower.cells
        if cell.text
        for parent in upper.cells
        if parent.text
    )


def _labels_out_of_header(part: _Part) -> _Part:
    """Header rows that are no level of the rows above them are label rows: they
    go back to the data (the Tokyo bulletin's 移動平均 box)."""
    header = list(part.header)
    keep = 1
    while keep < len(header) and _is_level(header[keep - 1], header[keep]):
        keep += 1
    if keep == len(header):
        return part
    return _Part(part.caption, tuple(header[:keep]), (*header[keep:], *part.data))


def part_to_clean(
    table: Table, part: _Part, index: int, strip_notes: bool, joined: int = 0
) -> CleanTable:
    """One part of a found table → caption, one flat header and its data rows."""
    if part.header:
        columns = header_to_names(part.header)
    else:
        widest = max(part.data, key=lambda r: len(r.cells))
        columns = [(c.box.x0, c.box.x1, f"列{n}") for n, c in enumerate(widest.cells, 1)]
    columns = subdivide_columns(columns, part.data)
    names = [split_notes(name) for _, _, name in columns]
    body = [[split_notes(t) for t in _row_by_columns(r, columns)] for r in part.data]
    # A column with no header and no value is a gap between borders, not a column.
    keep = [i for i in range(len(columns)) if names[i][0] or any(row[i][0] for row in body)]
    names = [names[i] for i in keep]
    body = [[row[i] for i in keep] for row in body]
    columns = [columns[i] for i in keep]
    noted = (
        [i for i in range(len(columns)) if names[i][1] or any(row[i][1] for row in body)]
        if not strip_notes
        else []
    )
    out_header: list[str] = []
    for i, (name, marks) in enumerate(names):
        out_header.append(name)
        if i in noted:
            out_header.append(name + NOTE_SUFFIX + marks)
    out_rows = []
    for row in body:
        values: list[str] = []
        for i, (value, marks) in enumerate(row):
            values.append(value)
            if i in noted:
                values.append(marks)
        out_rows.append(tuple(values))
    rows = [*part.caption, *part.header, *part.data]
    return CleanTable(
        page=table.page,
        index=index,
        bbox=union([r.box for r in rows]).as_bbox(),
        method=table.method,
        caption=tuple(join_fragments([t for t in r.texts if t]) for r in part.caption),
        header=tuple(out_header),
        rows=tuple(out_rows),
        joined=joined,
    )


def pdf_to_table_dump(
    path: Path,
    strip_notes: bool = False,
    max_pages: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> TableDump:
    """Every table of every page of a PDF, side columns joined, as clean rows;
    with a note for each page not read (a scan) and for the pages without a table."""
    count, layouts, _ = read_layouts(path, max_pages)
    out: list[CleanTable] = []
    notes = [layout.unread for layout in layouts if layout.unread]
    empty: list[int] = []
    for layout in layouts:
        tables = [it for it in layout_to_items(layout) if isinstance(it, Table)]
        k = 0
        for table, joined in join_side_columns(tables):
            for part in table_to_parts(table, vocabulary):
                if part.data or part.header:
                    k += 1
                    out.append(part_to_clean(table, part, k, strip_notes, joined))
        if not k and not layout.unread:
            empty.append(layout.number)
    if not out:
        notes.append(f"no table found on {count} page{'s' if count != 1 else ''}")
    elif empty:
        pages = ", ".join(map(str, empty))
        notes.append(f"no table found on page{'s' if len(empty) > 1 else ''} {pages}")
    return TableDump(tuple(out), tuple(notes))


def pdf_to_clean_tables(path: Path, strip_notes: bool = False) -> list[CleanTable]:
    """Every table of every page of a PDF, side columns joined, as clean rows."""
    return list(pdf_to_table_dump(path, strip_notes).tables)
