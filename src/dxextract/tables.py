"""Stage 2: rule segments, shaded boxes and words → tables of cells, and free text.

A table is found from its graphics, whatever style the edition uses:
- a full grid of ruling lines (every cell bordered);
- shaded header cells (filled rectangles) over data rows divided by horizontal
  rules only: the header's cell edges give the columns, which carry down into
  the rows below that have no vertical rules of their own;
- shaded cells with no lines at all: each filled rectangle's sides are borders.
Merged cells come from the rules themselves: inside one band of rows, a cell
ends only where a vertical rule crosses that band; a cell continues into the
band below where no horizontal rule divides them. Words, not characters, are
put into cells (by their centre), so text overflowing a border is not cut
(pdfplumber crops by character centre: `その他（その他）` → `他（その他）`).
Words outside every table are free text lines: headings, footnotes, titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from .pdf import DEFAULT_FRAGMENT_GAP_RATIO, Box, PageLayout, Segment, Word, join_fragments

# Rules and box sides closer than this (pt) are one border: a shaded cell's side
# and the rule drawn over it, or two fills separated by a thin white gap.
DEFAULT_SNAP = 3.0
# Graphics closer than this (pt) belong to one table.
DEFAULT_TOUCH = 3.0
# Bands of rows lower than this (pt) are the gap between two borders, not a row.
DEFAULT_MIN_BAND = 2.5
# A vertical rule belongs to a band when it covers this share of the band's height.
DEFAULT_V_COVER = 0.5
# Text between two parts of a table larger than this times the table's own text
# is a heading, not a row of cells.
DEFAULT_ROW_SIZE_RATIO = 1.15
# Without vertical rules, a column gap is white space at least this many font sizes
# wide, in at least this share of the rows that have text.
DEFAULT_ALIGN_GAP_RATIO = 0.8
DEFAULT_ALIGN_SUPPORT = 0.6
# Lines of one row are at most this many font sizes apart (their leading).
DEFAULT_LINE_GAP_RATIO = 1.0
# A horizontal rule divides two cells when it covers this share of their width.
DEFAULT_H_COVER = 0.5


@dataclass(frozen=True)
class Cell:
    box: Box
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Row:
    page: int
    box: Box
    cells: tuple[Cell, ...]

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def words(self) -> list[Word]:
        return [w for c in self.cells for w in c.words]


@dataclass(frozen=True)
class Table:
    page: int
    box: Box
    rows: tuple[Row, ...]
    method: str  # "ruled", "shaded" or "mixed": how the borders were drawn


@dataclass(frozen=True)
class TextLine:
    page: int
    box: Box
    text: str
    size: float


Item = Table | TextLine


@dataclass
class _Component:
    segments: list[Segment] = field(default_factory=list)
    fills: list[Box] = field(default_factory=list)

    @property
    def box(self) -> Box:
        boxes = [_segment_box(s) for s in self.segments] + list(self.fills)
        out = boxes[0]
        for b in boxes[1:]:
            out = out.union(b)
        return out

    @property
    def rules_only(self) -> bool:
        return not self.fills and all(s.horizontal for s in self.segments)


def _segment_box(s: Segment) -> Box:
    if s.horizontal:
        return Box(s.start, s.pos, s.end, s.pos)
    return Box(s.pos, s.start, s.pos, s.end)


def _boxes_touch(a: Box, b: Box, tol: float = DEFAULT_TOUCH) -> bool:
    return (
        a.x0 - tol <= b.x1
        and b.x0 - tol <= a.x1
        and a.top - tol <= b.bottom
        and b.top - tol <= a.bottom
    )


def graphics_to_components(
    segments: Sequence[Segment], fills: Sequence[Box], words: Sequence[Word] = ()
) -> list[_Component]:
    """Union-find over rules and fills that touch: each group is one candidate table."""
    boxes = [_segment_box(s) for s in segments] + list(fills)
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(boxes)), key=lambda i: boxes[i].x0)
    for n, i in enumerate(order):
        for j in order[n + 1 :]:
            if boxes[j].x0 > boxes[i].x1 + DEFAULT_TOUCH:
                break
            if _boxes_touch(boxes[i], boxes[j]):
                parent[find(i)] = find(j)
    groups: dict[int, _Component] = {}
    for i in range(len(boxes)):
        comp = groups.setdefault(find(i), _Component())
        if i < len(segments):
            comp.segments.append(segments[i])
        else:
            comp.fills.append(boxes[i])
    comps = stack_components(list(groups.values()), words)
    for comp in comps:
        claim_row_above(comp, comps, words)
    return comps


def stack_components(components: list[_Component], words: Sequence[Word]) -> list[_Component]:
    """Join a table part to the one above it when their widths match and nothing
    but a row of cells stands between them; repeated until nothing changes.

    Tables drawn with horizontal rules only, or whose last row has no rule of
    its own (the next table's shaded header closes it), have nothing that joins
    one part to the next: the rows' text sits in the gaps. A heading between two
    tables is one run of text across the columns, so it keeps them apart.
    """
    changed = True
    while changed:
        changed = False
        components.sort(key=lambda c: c.box.top)
        out: list[_Component] = []
        for comp in components:
            box = comp.box
            above = [
                p
                for p in out
                if p.box.bottom <= box.top + DEFAULT_SNAP
                and p.box.x0 < box.x1
                and box.x0 < p.box.x1
            ]
            nearest = max(above, key=lambda p: p.box.bottom, default=None)
            if (
                nearest is not None
                and abs(nearest.box.x0 - box.x0) <= DEFAULT_SNAP
                and abs(nearest.box.x1 - box.x1) <= DEFAULT_SNAP
                and _gap_is_rows(nearest, comp, words)
            ):
                nearest.segments.extend(comp.segments)
                nearest.fills.extend(comp.fills)
                changed = True
            else:
                out.append(comp)
        components = out
    return components


def _gap_is_rows(upper: _Component, lower: _Component, words: Sequence[Word]) -> bool:
    """True when words stand between two parts, each inside one of their columns."""
    box = upper.box
    gap = [
        w
        for w in words
        if box.bottom - 1 <= w.box.yc <= lower.box.top + 1 and box.x0 - 1 <= w.box.xc <= box.x1 + 1
    ]
    if not gap:
        return False  # two tables one above the other, or a title bar over a table
    up, low = component_to_bands(upper), component_to_bands(lower)
    if up and len(up[-1].bounds) > 2:
        bounds = up[-1].bounds
    elif low and len(low[0].bounds) > 2:
        bounds = low[0].bounds
    else:
        return False  # no column borders on either side to hold the words against
    sizes = _sizes_inside(upper, words) + _sizes_inside(lower, words)
    return _words_form_row(gap, bounds, sorted(sizes))


def _sizes_inside(comp: _Component, words: Sequence[Word]) -> list[float]:
    box = comp.box
    return sorted(w.size for w in words if box.contains_point(w.box.xc, w.box.yc))


def _words_form_row(row: Sequence[Word], bounds: Sequence[float], sizes: Sequence[float]) -> bool:
    """Words outside a table's borders that are one more row of it: no larger than
    the table's own text (a heading is larger), none running across a column
    border, and in at least two columns (a heading is one run of text)."""
    if sizes and max(w.size for w in row) > DEFAULT_ROW_SIZE_RATIO * sizes[len(sizes) // 2]:
        return False
    inner = bounds[1:-1]
    columns = set()
    for w in row:
        tol = 0.25 * w.size
        if any(w.box.x0 < b - tol and w.box.x1 > b + tol for b in inner):
            return False
        columns.add(sum(1 for b in inner if b <= w.box.xc))
    return len(columns) >= 2


def claim_row_above(comp: _Component, others: Sequence[_Component], words: Sequence[Word]) -> None:
    """Give a table the row printed just above its first rule, if there is one.

    A table continued from the previous page without its header may start with a
    row that has no rule above it: its text stands over the table's top edge.
    """
    box = comp.box
    ceiling = max(
        (
            o.box.bottom
            for o in others
            if o is not comp
            and o.box.bottom <= box.top + DEFAULT_SNAP
            and o.box.x0 < box.x1
            and box.x0 < o.box.x1
        ),
        default=0.0,
    )
    above = sorted(
        (
            w
            for w in words
            if ceiling < w.box.yc < box.top and box.x0 - 1 <= w.box.x0 and w.box.x1 <= box.x1 + 1
        ),
        key=lambda w: -w.box.bottom,
    )
    block: list[Word] = []
    edge = box.top
    for w in above:
        if edge - w.box.bottom > DEFAULT_LINE_GAP_RATIO * w.size:
            break
        block.append(w)
        edge = min(edge, w.box.top)
    if not block:
        return
    bands = component_to_bands(comp)
    bounds = next((b.bounds for b in bands if len(b.bounds) > 2), None)
    if bounds is None:
        inside = [w for w in words if box.contains_point(w.box.xc, w.box.yc)]
        bounds = [box.x0, *aligned_bounds(box, bands, inside), box.x1]
    if _words_form_row(block, bounds, _sizes_inside(comp, words)):
        comp.segments.append(Segment(True, edge - 1.0, box.x0, box.x1))


def cluster_positions(values: Iterable[float], snap: float = DEFAULT_SNAP) -> list[float]:
    """Sorted positions with those closer than `snap` merged to their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= snap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


@dataclass
class _Band:
    top: float
    bottom: float
    bounds: list[float]  # x positions of the cell borders, outer ones included


def component_to_bands(comp: _Component) -> list[_Band]:
    """Rows of the grid with their own column borders (carried down where absent)."""
    box = comp.box
    hs = [s for s in comp.segments if s.horizontal]
    vs = [s for s in comp.segments if not s.horizontal]
    ys = cluster_positions([s.pos for s in hs] + [box.top, box.bottom])
    bands: list[_Band] = []
    carried: list[float] = []
    for top, bottom in pairwise(ys):
        if bottom - top < DEFAULT_MIN_BAND:
            continue
        inner = [
            s.pos
            for s in vs
            if box.x0 + DEFAULT_SNAP < s.pos < box.x1 - DEFAULT_SNAP
            and min(s.end, bottom) - max(s.start, top) >= DEFAULT_V_COVER * (bottom - top)
        ]
        xs = cluster_positions(inner)
        if xs:
            carried = xs
        else:
            xs = carried  # a row without vertical rules keeps the columns above it
        bands.append(_Band(top, bottom, [box.x0, *xs, box.x1]))
    # Rows above the first one with borders (a continuation's first row) take its columns.
    first = next((b.bounds for b in bands if len(b.bounds) > 2), None)
    for band in bands:
        if len(band.bounds) > 2 or first is None:
            break
        band.bounds = list(first)
    return bands


def aligned_bounds(box: Box, bands: Sequence[_Band], words: Sequence[Word]) -> list[float]:
    """Column borders of a table without vertical rules, from its text alignment.

    In each row, the stretches free of words wider than DEFAULT_ALIGN_GAP_RATIO
    font sizes are candidate gaps; a border stands where most rows with text
    have such a gap (a header cell spanning several columns only lowers the
    count), at the middle of what those gaps share.
    """
    rows: list[list[tuple[float, float]]] = []
    sizes = sorted(w.size for w in words)
    if not sizes:
        return []
    min_gap = DEFAULT_ALIGN_GAP_RATIO * sizes[len(sizes) // 2]
    for band in bands:
        spans = sorted((w.box.x0, w.box.x1) for w in words if band.top <= w.box.yc <= band.bottom)
        if spans:
            rows.append(_free_stretches(box, spans))
    if not rows:
        return []
    candidates = cluster_positions(
        [(a + b) / 2 for gaps in rows for a, b in gaps if b - a >= min_gap], min_gap
    )
    out: list[float] = []
    for x in candidates:
        hits = [(a, b) for gaps in rows for a, b in gaps if a <= x <= b]
        if len(hits) >= DEFAULT_ALIGN_SUPPORT * len(rows):
            left, right = max(a for a, _ in hits), min(b for _, b in hits)
            out.append((left + right) / 2 if left < right else x)
    return out


def _free_stretches(box: Box, spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The horizontal stretches of a row not covered by any word, inside the table."""
    out = []
    edge = box.x0
    for x0, x1 in spans:
        if x0 > edge:
            out.append((edge, x0))
        edge = max(edge, x1)
    # The stretch before the first word is the cell's padding, not a border.
    return [(a, b) for a, b in out if a > box.x0 + 0.5]


def _divided(hs: Sequence[Segment], y: float, x0: float, x1: float) -> bool:
    covered = sum(
        max(0.0, min(s.end, x1) - max(s.start, x0)) for s in hs if abs(s.pos - y) <= DEFAULT_SNAP
    )
    return covered >= DEFAULT_H_COVER * (x1 - x0)


def bands_to_cell_boxes(comp: _Component, bands: Sequence[_Band]) -> list[list[Box]]:
    """Each band's cell boxes; a cell not divided from the one above joins it."""
    hs = [s for s in comp.segments if s.horizontal]
    rows: list[list[Box]] = []
    open_cells: dict[tuple[float, float], tuple[int, int]] = {}
    for band in bands:
        row: list[Box] = []
        next_open: dict[tuple[float, float], tuple[int, int]] = {}
        for x0, x1 in pairwise(band.bounds):
            if x1 - x0 < DEFAULT_MIN_BAND:
                continue
            key = (round(x0), round(x1))
            above = open_cells.get(key)
            if above is not None and not _divided(hs, band.top, x0, x1):
                r, c = above
                rows[r][c] = rows[r][c].union(Box(x0, band.top, x1, band.bottom))
                next_open[key] = above
                continue
            next_open[key] = (len(rows), len(row))
            row.append(Box(x0, band.top, x1, band.bottom))
        open_cells = next_open
        rows.append(row)
    return [r for r in rows if r]


def words_to_text(words: Sequence[Word]) -> str:
    """Words of one cell → its text: lines top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box.yc, w.box.x0)):
        if lines and abs(lines[-1][0].box.yc - w.box.yc) <= 0.5 * min(lines[-1][0].size, w.size):
            lines[-1].append(w)
        else:
            lines.append([w])
    return join_fragments(
        [join_fragments([w.text for w in sorted(line, key=lambda w: w.box.x0)]) for line in lines]
    )


def _nearest(boxes: Sequence[Box], word: Word) -> int:
    def distance(b: Box) -> float:
        dx = max(b.x0 - word.box.xc, 0.0, word.box.xc - b.x1)
        dy = max(b.top - word.box.yc, 0.0, word.box.yc - b.bottom)
        return dx + dy

    return min(range(len(boxes)), key=lambda i: distance(boxes[i]))


def build_table(page: int, comp: _Component, words: Sequence[Word]) -> Table | None:
    """One component and the words inside it → a Table, or None if it is one cell."""
    bands = component_to_bands(comp)
    # A table with no vertical border anywhere (one shaded band per header row,
    # rows divided by rules only) gets its columns from its text alignment.
    aligned = all(len(b.bounds) == 2 for b in bands)
    if aligned:
        xs = aligned_bounds(comp.box, bands, words)
        for band in bands:
            band.bounds = [comp.box.x0, *xs, comp.box.x1]
    grid = bands_to_cell_boxes(comp, bands)
    flat = [b for row in grid for b in row]
    if len(flat) < 2:
        return None
    owner: dict[int, list[Word]] = {}
    for w in words:
        owner.setdefault(_nearest(flat, w), []).append(w)
    rows: list[Row] = []
    n = 0
    for row_boxes in grid:
        cells = []
        for b in row_boxes:
            ws = tuple(owner.get(n, ()))
            cells.append(Cell(b, words_to_text(ws), ws))
            n += 1
        box = row_boxes[0]
        for b in row_boxes[1:]:
            box = box.union(b)
        rows.append(Row(page, box, tuple(cells)))
    has_fill, has_v = bool(comp.fills), any(not s.horizontal for s in comp.segments)
    if aligned:
        method = "aligned"
    else:
        method = "shaded" if has_fill and not has_v else "ruled" if not has_fill else "mixed"
    return Table(page, comp.box, tuple(rows), method)


def split_row(row: Row, bounds: Sequence[float]) -> Row:
    """Re-cut a row's words by other column borders (a headerless continuation)."""
    edges = [row.box.x0, *[b for b in bounds if row.box.x0 < b < row.box.x1], row.box.x1]
    boxes = [Box(a, row.box.top, b, row.box.bottom) for a, b in pairwise(edges)]
    owner: dict[int, list[Word]] = {}
    for w in row.words:
        owner.setdefault(_nearest(boxes, w), []).append(w)
    cells = tuple(
        Cell(b, words_to_text(owner.get(i, [])), tuple(owner.get(i, [])))
        for i, b in enumerate(boxes)
    )
    return Row(row.page, row.box, cells)


def words_to_lines(page: int, words: Sequence[Word]) -> list[TextLine]:
    """Free words → text lines, split where a wide gap separates two fragments."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box.yc, w.box.x0)):
        if lines and abs(lines[-1][0].box.yc - w.box.yc) <= 0.5 * min(lines[-1][0].size, w.size):
            lines[-1].append(w)
        else:
            lines.append([w])
    out: list[TextLine] = []
    for line in lines:
        line.sort(key=lambda w: w.box.x0)
        frag: list[Word] = []
        for w in line:
            if frag and w.box.x0 - frag[-1].box.x1 > DEFAULT_FRAGMENT_GAP_RATIO * w.size:
                out.append(_line(page, frag))
                frag = []
            frag.append(w)
        out.append(_line(page, frag))
    return out


def _line(page: int, words: list[Word]) -> TextLine:
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    return TextLine(page, box, join_fragments([w.text for w in words]), max(w.size for w in words))


def layout_to_items(layout: PageLayout) -> list[Item]:
    """A page → its tables and free text lines, top to bottom."""
    comps = graphics_to_components(layout.segments, layout.fills, layout.words)
    boxes = [c.box for c in comps]
    inside: dict[int, list[Word]] = {}
    free: list[Word] = []
    for w in layout.words:
        hits = [i for i, b in enumerate(boxes) if b.contains_point(w.box.xc, w.box.yc, 1.0)]
        if hits:
            smallest = min(hits, key=lambda i: boxes[i].width * boxes[i].height)
            inside.setdefault(smallest, []).append(w)
        else:
            free.append(w)
    items: list[Item] = []
    for i, comp in enumerate(comps):
        table = build_table(layout.number, comp, inside.get(i, []))
        if table is None:
            free.extend(inside.get(i, []))
        else:
            items.append(table)
    items.extend(words_to_lines(layout.number, free))
    items.sort(key=lambda it: (it.box.top, it.box.x0))
    return items
