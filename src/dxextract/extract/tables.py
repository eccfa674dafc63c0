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

from collections.abc import Sequence
from itertools import pairwise

from dxextract.extract.cells import (
    DEFAULT_SAME_LINE_RATIO,
    DEFAULT_SNAP,
    Item,
    Table,
    aligned_bounds,
    boxes_to_rows,
    cluster_positions,
    ink_end,
    is_evenly_spaced,
    row_words_cut_at_borders,
    runs_starting_at,
    spacing_change,
    split_where_spacing_changes,
    union,
    words_to_line_groups,
    words_to_lines,
)
from dxextract.extract.pdf import Box, PageLayout, Segment, Word, box_sides
from dxextract.extract.values import has_unit, is_not_published, is_value, normalize

# The mark a note starts with (注記: `※ KPIの設定がなじまない取組項目`).
NOTE_MARK = "※"
# Rows claimed under a table at the pitch of the rows above (at least this many
# rows to measure it from), give or take this share of it.
DEFAULT_PITCH_ROWS = 3
DEFAULT_PITCH_SLACK = 0.15
# Text between two parts of a table whose gaps above and below differ by less
# than this many font sizes stands centred between them: a row of both.
DEFAULT_CENTRED_RATIO = 0.5
# Graphics closer than this (pt) belong to one table.
DEFAULT_TOUCH = 3.0
# Bands of rows lower than this (pt) are the gap between two borders, not a row.
DEFAULT_MIN_BAND = 2.5
# A vertical rule belongs to a band when it covers this share of the band's height.
DEFAULT_V_COVER = 0.5
# Text between two parts of a table larger than this times the table's own text
# is a heading, not a row of cells.
DEFAULT_ROW_SIZE_RATIO = 1.15
# A one-row strip of cells drawn this many font sizes or less below a table,
# with nothing between, is the table's last row (a 合計 row set apart); a
# separate table or box stands further off, or is not one row of cells.
DEFAULT_CLOSING_GAP_RATIO = 2.0
# One band with no vertical rule whose text stands in this many columns or more
# is a row of cells (a row continued on a new page), not a box of text.
DEFAULT_LONE_ROW_CELLS = 3
# Lines of one row are at most this many font sizes apart (their leading).
DEFAULT_LINE_GAP_RATIO = 1.0
# Tables with no graphics at all: runs of text further apart than this many font
# sizes are in different columns; lines further apart than DEFAULT_TEXT_BLOCK_GAP
# font sizes are not one table; lines of one table further apart than
# DEFAULT_TEXT_ROW_GAP font sizes are in different rows (cell padding).
DEFAULT_TEXT_COLUMN_GAP = 1.5
DEFAULT_TEXT_BLOCK_GAP = 2.5
DEFAULT_TEXT_ROW_GAP = 0.45
# After rows are claimed, parts of one table this many of its text's font sizes
# apart are one table (a third of an em: 3.2 pt under 9-pt text; two tables one
# above the other stand further apart, 5 pt in some layouts of the sweep).
DEFAULT_SEAM_RATIO = 0.35
# The font size assumed where a part holds no text to measure by.
DEFAULT_EM = 9.0
# Lines of one row under a table's last edge are at most this many font sizes apart.
DEFAULT_ROW_LINE_GAP_RATIO = 0.6
# Text just outside a table's edge is a row of it when it stands off that edge at
# most this many times the table's own cell padding (the space between a row's
# rule and its text); a heading under a table stands a paragraph's space off.
DEFAULT_CLAIM_PADDING_RATIO = 2.0
# How many times rows beside a table are claimed, a block at a time (a bound:
# each round must grow the table).
DEFAULT_CLAIM_ROUNDS = 50
# Two lines of a band are in different rows when they stand this share of the
# table's cell padding (above and below a row's text, added) apart or more.
DEFAULT_ROW_PADDING_SHARE = 0.75
# A horizontal rule divides two cells when it covers this share of their width.
DEFAULT_H_COVER = 0.5
# Filled boxes drawn apart are cells of one table when the white gap between
# them is at most this many times the lower box's height (slides leave gaps of
# a sixth to two fifths of a row; a banded table's white row is a whole row)...
DEFAULT_BOX_GAP_RATIO = 0.5
# ...their edges line up within this share of a box's height...
DEFAULT_BOX_ALIGN = 0.2
# ...and most of their rows (this share) hold several boxes side by side.
DEFAULT_BOX_WIDE_ROWS = 0.5


class _Component:
    """Rules and fills that make one table; grown only through add() and absorb(),
    which keep its bounding box and bands (read in every pairing loop) up to date.
    (Plain classes with slots here, not dataclasses: those cost 0.4 ms each to
    create at every start of `tables`.)"""

    __slots__ = ("_bands", "_box", "fills", "segments")

    def __init__(self, segments: list[Segment] | None = None, fills: list[Box] | None = None):
        self.segments: list[Segment] = segments if segments is not None else []
        self.fills: list[Box] = fills if fills is not None else []
        self._box: Box | None = None
        self._bands: list[_Band] | None = None

    @property
    def box(self) -> Box:
        if self._box is None:
            self._box = union([_segment_box(s) for s in self.segments] + list(self.fills))
        return self._box

    def add(self, segment: Segment | None = None, fill: Box | None = None) -> None:
        if segment is not None:
            self.segments.append(segment)
        if fill is not None:
            self.fills.append(fill)
        self._box = self._bands = None

    def absorb(self, other: _Component) -> None:
        self.segments.extend(other.segments)
        self.fills.extend(other.fills)
        self._box = self._bands = None

    @property
    def rules_only(self) -> bool:
        return not self.fills and all(s.horizontal for s in self.segments)


def _segment_box(s: Segment) -> Box:
    if s.horizontal:
        return Box(s.start, s.pos, s.end, s.pos)
    return Box(s.pos, s.start, s.pos, s.end)


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

    # A sweep from left to right (the inner loop stops at the first box that
    # starts right of this one), on plain tuples: a page has thousands of pairs.
    tol = DEFAULT_TOUCH
    spans = sorted((b.x0, b.x1, b.top, b.bottom, i) for i, b in enumerate(boxes))
    count = len(spans)
    for n, (x0, x1, top, bottom, i) in enumerate(spans):
        m = n + 1  # by index: a slice of the rest would copy it for every box
        while m < count:
            ox0, ox1, otop, obottom, j = spans[m]
            if ox0 > x1 + tol:
                break
            if x0 - tol <= ox1 and top - tol <= obottom and otop - tol <= bottom:
                parent[find(i)] = find(j)
            m += 1
    groups: dict[int, _Component] = {}
    for i in range(len(boxes)):
        comp = groups.setdefault(find(i), _Component())
        if i < len(segments):
            comp.add(segment=segments[i])
        else:
            comp.add(fill=boxes[i])
    comps = stack_components(join_box_grids(list(groups.values())), words)
    for comp in comps:
        # Rows are claimed a block at a time (lines one leading apart); once the
        # block is ruled off into rows, the next row may stand one row's padding
        # further (a 合計 row under rows with no rules): claim again until none.
        for _ in range(DEFAULT_CLAIM_ROUNDS):
            box = comp.box
            claim_rows_beside(comp, comps, words)
            split_unruled_rows(comp, words)
            if comp.box == box:
                break
    # A part that only the claimed rows kept apart (a 合計 strip under them).
    comps = stack_components(comps, words)
    return join_seams(comps, words)


def _lone_box(comp: _Component) -> Box | None:
    """The filled box a component is made of alone (its sides its only rules)."""
    if len(comp.fills) != 1:
        return None
    box = comp.fills[0]
    sides = set(box_sides(box))
    return box if all(s in sides for s in comp.segments) else None


def _box_neighbours(a: Box, b: Box) -> bool:
    """Two boxes of one table drawn apart: side by side in one row (the same top
    and bottom) or one over the other in one column (the same left and right,
    or one spanning the other's), with a white gap narrower than the lower box."""
    height = min(a.height, b.height)
    tol = DEFAULT_BOX_ALIGN * height
    gap_x = max(a.x0, b.x0) - min(a.x1, b.x1)
    gap_y = max(a.top, b.top) - min(a.bottom, b.bottom)
    same_row = abs(a.top - b.top) <= tol and abs(a.bottom - b.bottom) <= tol
    if same_row and 0 < gap_x <= DEFAULT_BOX_GAP_RATIO * height:
        return True
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return 0 < gap_y <= DEFAULT_BOX_GAP_RATIO * height and overlap >= 0.5 * min(a.width, b.width)


def join_box_grids(components: list[_Component]) -> list[_Component]:
    """Filled boxes drawn apart that line up in rows and columns → one table each
    (a slide's table of separate boxes with white gaps and no lines): the gaps
    are its borders, at their middles."""
    boxes = [(i, b) for i, c in enumerate(components) if (b := _lone_box(c)) is not None]
    parent = {i: i for i, _ in boxes}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    # Top to bottom: a box's neighbours start no lower than a gap under it.
    boxes.sort(key=lambda ib: ib[1].top)
    for n, (i, a) in enumerate(boxes):
        for j, b in boxes[n + 1 :]:
            if b.top > a.bottom + DEFAULT_BOX_GAP_RATIO * a.height:
                break
            if _box_neighbours(a, b):
                parent[find(i)] = find(j)
    groups: dict[int, list[Box]] = {}
    for i, b in boxes:
        groups.setdefault(find(i), []).append(b)
    grids = [g for g in groups.values() if _is_grid_of_boxes(g)]
    if not grids:
        return components
    taken = {id(b) for g in grids for b in g}
    out = [c for c in components if not (c.fills and id(c.fills[0]) in taken and _lone_box(c))]
    out.extend(_boxes_to_component(g) for g in grids)
    return out


def _is_grid_of_boxes(boxes: Sequence[Box]) -> bool:
    """Two rows or more, and several boxes side by side in most of them: a banded
    table's shaded rows (one box a row, white rows between) are not cells."""
    rows, count = _rows_of_boxes(boxes)
    wide = sum(1 for r in rows if len(r) >= 2)
    return count >= 2 and wide >= DEFAULT_BOX_WIDE_ROWS * count


def _rows_of_boxes(boxes: Sequence[Box]) -> tuple[list[list[Box]], int]:
    """Boxes grouped into rows by their top; and how many rows there are."""
    rows: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.top):
        if rows and abs(rows[-1][0].top - b.top) <= DEFAULT_BOX_ALIGN * b.height:
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows, len(rows)


def _boxes_to_component(boxes: Sequence[Box]) -> _Component:
    rows, _ = _rows_of_boxes(boxes)
    whole = union(list(boxes))
    tops = [min(b.top for b in r) for r in rows]
    bottoms = [max(b.bottom for b in r) for r in rows]
    cuts = (
        [whole.top]
        + [(bottoms[k] + tops[k + 1]) / 2 for k in range(len(rows) - 1)]
        + [whole.bottom]
    )
    comp = _Component()
    for y in cuts:
        comp.add(segment=Segment(True, y, whole.x0, whole.x1))
    for k, row in enumerate(rows):
        row.sort(key=lambda b: b.x0)
        for a, b in pairwise(row):
            comp.add(segment=Segment(False, (a.x1 + b.x0) / 2, cuts[k], cuts[k + 1]))
    comp.add(segment=Segment(False, whole.x0, whole.top, whole.bottom))
    comp.add(segment=Segment(False, whole.x1, whole.top, whole.bottom))
    for b in boxes:
        comp.add(fill=b)
    return comp


def join_seams(components: list[_Component], words: Sequence[Word] = ()) -> list[_Component]:
    """Join parts of one width that a claimed row has brought to within a seam of
    each other (a banded table's shaded row right under a white one)."""
    components.sort(key=lambda c: c.box.top)
    out: list[_Component] = []
    for comp in components:
        prev = out[-1] if out else None
        sizes = _sizes_inside(prev, words) if prev is not None else []
        seam = DEFAULT_SEAM_RATIO * (sizes[len(sizes) // 2] if sizes else DEFAULT_EM)
        if (
            prev is not None
            and 0 <= comp.box.top - prev.box.bottom <= seam
            and abs(prev.box.x0 - comp.box.x0) <= DEFAULT_SNAP
            and abs(prev.box.x1 - comp.box.x1) <= DEFAULT_SNAP
        ):
            prev.absorb(comp)
        else:
            out.append(comp)
    return out


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
                nearest.absorb(comp)
                changed = True
            else:
                out.append(comp)
        components = out
    return components


def _gap_is_rows(upper: _Component, lower: _Component, words: Sequence[Word]) -> bool:
    """True when words stand between two parts, each inside one of their columns
    (the white row between two shaded ones of a banded table, too)."""
    box = upper.box
    gap = [
        w
        for w in words
        if box.bottom - 1 <= w.box.yc <= lower.box.top + 1 and box.x0 - 1 <= w.box.xc <= box.x1 + 1
    ]
    if not gap:
        # Two tables one above the other, or a title bar over a table — unless
        # the lower part is one row of cells under the table's columns.
        return _closes_table(upper, lower, words)
    if _outside(box, words, box.bottom - 1, lower.box.top + 1):
        return False  # a line of the gap runs out of the tables' sides: a note
    up, low = component_to_bands(upper), component_to_bands(lower)
    if up and len(up[-1].bounds) > 2:
        bounds = up[-1].bounds
    elif low and len(low[0].bounds) > 2:
        bounds = low[0].bounds
    else:
        # No vertical border on either side: hold the words against the columns
        # that the text of both parts and the gap lines up in — if the part above
        # has cells at all (a title bar over a labelled note is one run of text).
        if len(up) == 1 and not _has_cells(up[0], words):
            return False
        both = union([box, lower.box])
        text = [w for w in words if both.contains_point(w.box.xc, w.box.yc)]
        rows = [(b.top, b.bottom) for b in up + low] + [_span(gap)]
        bounds = [box.x0, *aligned_bounds(both, rows, text), box.x1]
    # A row's text stands as close to the rules on each side as the tables' own
    # text does to theirs; a heading between two tables a paragraph's space off.
    # Under a header strip whose row is closed by a lone rule, the rule, not the
    # distance, says the text is the header's row.
    padding = _cell_padding(up, [w for w in words if box.contains_point(w.box.xc, w.box.yc)])
    closed_by_rule = lower.rules_only and len(lower.segments) == 1
    above_gap = min(w.box.top for w in gap) - box.bottom
    below_gap = lower.box.top - max(w.box.bottom for w in gap)
    # Under a header strip (the part's last band shaded as its header), text
    # centred between it and the part below is its row, centred in cells taller
    # than their text (Impress anchors them in the middle). (Under rows, a
    # heading may stand midway to the next table.)
    em = sorted(w.size for w in gap)[len(gap) // 2]
    header_last = bool(up) and _band_filled(upper, up[-1]) and _band_filled(upper, up[0])
    centred = header_last and abs(above_gap - below_gap) <= DEFAULT_CENTRED_RATIO * em
    if (
        padding is not None
        and not closed_by_rule
        and not centred
        and not (
            _padding_fits(above_gap, padding[0], gap) and _padding_fits(below_gap, padding[1], gap)
        )
    ):
        return False
    # Lines more than a leading apart are rows of their own, each one of cells
    # (a heading flush with the tables' left side, set between a KPI row and
    # the next table, is one run of text).
    sizes = sorted(_sizes_inside(upper, words) + _sizes_inside(lower, words))
    return all(_words_form_row(row, bounds, sizes) for row in _words_to_row_blocks(gap))


def _words_to_row_blocks(words: Sequence[Word]) -> list[list[Word]]:
    """Words in blocks of lines one leading apart (DEFAULT_ROW_LINE_GAP_RATIO)."""
    blocks: list[list[Word]] = []
    bottom = 0.0
    for line in words_to_line_groups(words):
        top = min(w.box.top for w in line)
        if not blocks or top - bottom > DEFAULT_ROW_LINE_GAP_RATIO * line[0].size:
            blocks.append([])
            bottom = top
        blocks[-1].extend(line)
        bottom = max(bottom, *(w.box.bottom for w in line))
    return blocks


def _closes_table(upper: _Component, lower: _Component, words: Sequence[Word]) -> bool:
    """A strip of one row drawn apart just below a table, its cells under the
    table's columns: the table's last row (a totals row set off by a gap).

    A heading bar or a note box below a table is one run of text, and the next
    table has a header row over its own rows: neither is one row of cells."""
    up, low = component_to_bands(upper), component_to_bands(lower)
    if len(up) < 2 or len(low) != 1:
        return False
    row = [w for w in words if lower.box.contains_point(w.box.xc, w.box.yc)]
    sizes = _sizes_inside(upper, words)
    if not sizes or len(words_to_line_groups(row)) != 1:
        return False  # empty, or a header over rows (rows claimed have no band)
    if lower.box.top - upper.box.bottom > DEFAULT_CLOSING_GAP_RATIO * sizes[len(sizes) // 2]:
        return False
    bounds = up[-1].bounds
    if len(bounds) <= 2:
        box = upper.box
        text = [w for w in words if box.contains_point(w.box.xc, w.box.yc)]
        rows = [(b.top, b.bottom) for b in up]
        bounds = [box.x0, *aligned_bounds(box, rows, text), box.x1]
    return _words_form_row(row, bounds, sizes) and _prints_values(row)


def _prints_values(row: Sequence[Word]) -> bool:
    """Whether most runs of text in a row are values (`81事業`, `57%`): a totals
    row; the next table's header strip (`項目 | R5取組内容 …`) prints none."""
    texts = [line.text for line in words_to_lines(0, row)]
    values = sum(1 for text in texts if is_value(text))
    return values >= max(2, len(texts) // 2)


def _span(words: Sequence[Word]) -> tuple[float, float]:
    """The (top, bottom) of a block of words: one row, however many lines it wraps to."""
    return min(w.box.top for w in words), max(w.box.bottom for w in words)


def _has_cells(band: _Band, words: Sequence[Word]) -> bool:
    """Whether a row without borders holds several cells: runs of text a column apart."""
    own = [w for w in words if band.top <= w.box.yc <= band.bottom]
    return any(_fragments(line) >= 2 for line in words_to_line_groups(own))


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
    for w in row_words_cut_at_borders(row, bounds):
        if any(_runs_across(w, b) for b in inner):
            return False
        columns.add(sum(1 for b in inner if b <= w.box.xc))
    return len(columns) >= 2


def claim_rows_beside(
    comp: _Component, others: Sequence[_Component], words: Sequence[Word]
) -> None:
    """Give a table the rows printed just outside its rules, above or below.

    A table continued from the previous page without its header may start with a
    row that has no rule above it; a table whose data rows have neither rules nor
    shading (only its header is shaded) has its rows under its last edge. Such
    text joins the table when it lines up with its columns (_words_form_row) and
    stands as close to the edge as the table's own text stands to its rules (a
    heading stands a paragraph's space off) — or, under the rows, when its first
    line prints values a blank line apart (a 合計 row). One row at a time: the
    caller claims again once the rows claimed are ruled off.
    """
    box = comp.box
    near = [o.box for o in others if o is not comp and o.box.x0 < box.x1 and box.x0 < o.box.x1]
    ceiling = max((b.bottom for b in near if b.bottom <= box.top + DEFAULT_SNAP), default=0.0)
    floor = min((b.top for b in near if b.top >= box.bottom - DEFAULT_SNAP), default=1e9)
    inside_x = [w for w in words if box.x0 - 1 <= w.box.x0 and w.box.x1 <= box.x1 + 1]
    above = sorted(
        (w for w in inside_x if ceiling < w.box.yc < box.top), key=lambda w: -w.box.bottom
    )
    below = sorted((w for w in inside_x if box.bottom < w.box.yc < floor), key=lambda w: w.box.top)
    bands = component_to_bands(comp)
    if not bands:
        return
    sizes = _sizes_inside(comp, words)
    inside = [w for w in words if box.contains_point(w.box.xc, w.box.yc)]
    padding = _cell_padding(bands, inside)
    pad_top, pad_bottom = padding if padding is not None else (None, None)

    def bounds_with(block: Sequence[Word], first: bool) -> list[float]:
        ruled = [b.bounds for b in bands if len(b.bounds) > 2]
        if ruled:
            return ruled[0] if first else ruled[-1]
        if len(bands) == 1 and not _has_cells(bands[0], inside):
            return [box.x0, box.x1]  # a box of one run of text (a title bar) has no columns
        # No vertical border at all: the columns come from the text of the block
        # and of the rows next to it (under the same header shading).
        groups = bands_to_groups(comp, bands)
        group = groups[0] if first else groups[-1]
        rows = [*_voting_rows(comp, group), _span(block)]
        text = [w for w in inside if group[0].top <= w.box.yc <= group[-1].bottom]
        return [box.x0, *aligned_bounds(box, rows, [*text, *block]), box.x1]

    block: list[Word] = []
    edge = box.top
    for w in above:
        if edge - w.box.bottom > DEFAULT_LINE_GAP_RATIO * w.size:
            break
        block.append(w)
        edge = min(edge, w.box.top)
    near_enough = not block or _padding_fits(
        box.top - max(w.box.bottom for w in block), pad_bottom, block
    )
    if not (block and near_enough) and above and len(bands) >= 2:
        # Rows spaced out above the table (a table continued on a new page
        # without its header, rows floating over its 合計 strip): a row whose
        # first line stands where the pitch of the rows below puts it, and
        # prints values.
        tops = sorted(_text_tops(bands, inside))
        if len(tops) >= 2:
            pitch = max(b - a for a, b in pairwise(tops))
            reach = tops[0] - (1 + DEFAULT_PITCH_SLACK) * pitch
            block = [w for w in above if w.box.top >= reach]
            near_enough = bool(block) and any(
                _words_are_values(line) for line in words_to_line_groups(block)
            )
            edge = min((w.box.top for w in block), default=edge)
    if block and _outside(box, words, min(w.box.top for w in block), box.top):
        block = []  # a line starting left of the table: a heading (`I-4 I-1〜I-3の…`)
    if block and near_enough and _words_form_row(block, bounds_with(block, True), sizes):
        comp.add(segment=Segment(True, edge - 1.0, box.x0, box.x1))
    block = _lines_below(below, box.bottom, DEFAULT_LINE_GAP_RATIO)
    near_enough = not block or _padding_fits(
        min(w.box.top for w in block) - box.bottom, pad_top, block
    )
    if not (block and near_enough) and below and len(bands) >= 2:
        # A row of values set a blank line apart under the rows (a 合計 row,
        # rows spaced out): the table's next row, as _closes_table has it for
        # a drawn strip.
        block = _lines_below(below, box.bottom, DEFAULT_CLOSING_GAP_RATIO)
        spaced = _row_pitch(bands, inside)
        if not block and spaced is not None:
            # Rows spaced out further: the next one stands where the pitch of
            # the rows above puts it (a one-line row under two-line ones).
            last_top, pitch = spaced
            limit = last_top + (1 + DEFAULT_PITCH_SLACK) * pitch
            block = _lines_below(below, box.bottom, max((limit - box.bottom) / below[0].size, 0))
        near_enough = bool(block) and _words_are_values(words_to_line_groups(block)[0])
    if not (block and near_enough):
        return
    # The longest run of the block's first lines that is one row: a note or a
    # heading set close under the last row (`※ KPIの設定が…`) is not part of it,
    # nor anything from a line that runs out of the table's sides (the note's ※
    # stands left of the table).
    lines = words_to_line_groups(block)
    outside = _outside(box, words, box.bottom, floor)
    for n, line in enumerate(lines):
        tol = DEFAULT_SAME_LINE_RATIO * line[0].size
        if any(abs(w.box.yc - line[0].box.yc) <= tol for w in outside):
            lines = lines[:n]
            break
    for k in range(len(lines), 0, -1):
        row = [w for line in lines[:k] for w in line]
        if _words_form_row(row, bounds_with(row, False), sizes):
            comp.add(segment=Segment(True, max(w.box.bottom for w in row) + 1.0, box.x0, box.x1))
            return


def _outside(box: Box, words: Sequence[Word], top: float, bottom: float) -> list[Word]:
    """The words between `top` and `bottom` that start left of `box` (by half an
    em), or a note's mark `※` at its left side (within an em: a note set flush
    with the table, `※ KPIの設定がなじまない取組項目`): their lines are no rows
    of the table. Text runs on past a table's right side (Impress's last
    column), never out of its left one."""
    return [
        w
        for w in words
        if top < w.box.yc < bottom
        and (
            w.box.x0 < box.x0 - 0.5 * w.size
            or (w.text.startswith(NOTE_MARK) and w.box.x0 < box.x0 + w.size)
        )
    ]


def _text_tops(bands: Sequence[_Band], inside: Sequence[Word]) -> list[float]:
    """The top of each band's text, for the bands that hold text, in band order."""
    tops = []
    for band in bands:
        own = [w.box.top for w in inside if band.top <= w.box.yc <= band.bottom]
        if own:
            tops.append(min(own))
    return tops


def _row_pitch(bands: Sequence[_Band], inside: Sequence[Word]) -> tuple[float, float] | None:
    """The top of the last row's text and the widest step between the tops of
    the data rows' text (header band left out), when there are two steps."""
    tops = _text_tops(bands[1:], inside)
    if len(tops) < DEFAULT_PITCH_ROWS:
        return None
    return tops[-1], max(b - a for a, b in pairwise(tops))


def _lines_below(below: Sequence[Word], edge: float, first: float) -> list[Word]:
    """The words of the row under `edge`: the first line at most `first` font sizes
    under it, the next ones one leading apart."""
    block: list[Word] = []
    for w in below:
        limit = first if not block else DEFAULT_ROW_LINE_GAP_RATIO
        if w.box.top - edge > limit * w.size:
            break
        block.append(w)
        edge = max(edge, w.box.bottom)
    return block


def split_unruled_rows(comp: _Component, words: Sequence[Word]) -> None:
    """Rule off the rows of a table's band that holds several rows with no rule
    between them (rules drawn white on white, or none under a shaded header).

    Each line of the band is read by what it prints (_line_kind): a row's first
    line has its label first and values after it (`達成 | 13事業 | 68%`, `合計 …`);
    a value wrapped under its count (`68%`) or a wrapped name out of the label
    column continues the row above. A line without values at the band's left
    (a wrapped label: of this row, or of the next one centred) is ambiguous: the
    band stays one row, and its values are refused as they are today.

    Where rows stand apart (as far as the table's text stands off its rules,
    cell padding on both sides), a row begins after each such gap that a row's
    first line follows, when every row so made prints values; where rows touch
    (cells without padding, single-spaced), at every row's first line when the
    band begins with one and holds no ambiguous line. Paragraphs in cells print
    no values and are never cut."""
    bands = component_to_bands(comp)
    inside = [w for w in words if comp.box.contains_point(w.box.xc, w.box.yc)]
    padding = _cell_padding(bands, inside)
    if padding is None or len(bands) < 2:
        return
    header = _shade_of(comp, bands[0])
    for band in bands:
        if header and _shade_of(comp, band) == header:
            continue
        own = [w for w in inside if band.top <= w.box.yc <= band.bottom]
        lines = words_to_line_groups(own)
        if len(lines) < 2:
            continue
        left = min(w.box.x0 for w in own)
        kinds = [_line_kind(line, left) for line in lines]
        rows = [list(lines[0])]
        breaks: list[float] = []
        # A row's first line joined to the row above (its gap a hair under
        # the padding, rows evenly spaced) undoes the cut by distance.
        joined = False
        for (prev, line), kind in zip(pairwise(lines), kinds[1:], strict=True):
            top, bottom = min(w.box.top for w in line), max(w.box.bottom for w in prev)
            apart = top - bottom >= max(
                DEFAULT_ROW_PADDING_SHARE * sum(padding), 0.15 * line[0].size
            )
            crossed = any(w.box.top < bottom - 1 and w.box.bottom > top + 1 for w in own)
            if apart and not crossed and kind == "row":
                breaks.append((top + bottom) / 2)
                rows.append(list(line))
            else:
                joined = joined or (kind == "row" and not crossed)
                rows[-1].extend(line)
        # Every row so made prints values (two or more: a value wrapped in a
        # narrow cell, `4事` / `業`, leaves words that are none beside them).
        valued = all(sum(1 for w in row if is_value(w.text)) >= 2 for row in rows)
        if joined or not (breaks and valued):
            whole = kinds[0] == "row" and "ambiguous" not in kinds
            breaks = []
            for a, b, kind in zip(lines, lines[1:], kinds[1:], strict=False):
                bottom, top = max(w.box.bottom for w in a), min(w.box.top for w in b)
                # A word standing across the gap (a value centred beside a
                # wrapped name, `11事` / `業`) holds the two lines in one row;
                # lines set solid touch, their own words do not cross.
                mid = (bottom + top) / 2
                crossed = any(
                    w.box.top < mid - 0.25 * w.size and w.box.bottom > mid + 0.25 * w.size
                    for w in own
                )
                if whole and kind == "row" and not crossed:
                    breaks.append((bottom + top) / 2)
        for y in breaks:
            comp.add(segment=Segment(True, y, comp.box.x0, comp.box.x1))


def _line_kind(line: Sequence[Word], left: float) -> str:
    """What one line of a band of rows prints: "row" (a label, then values: a
    row's first line), "continued" (values wrapped under the row's own, or text
    out of the label column) or "ambiguous" (text without values at the left)."""
    valued = _words_are_values(line)
    first = line[0]
    if valued:
        return "continued" if is_value(first.text) else "row"
    return "ambiguous" if first.box.x0 <= left + first.size else "continued"


def _words_are_values(row: Sequence[Word]) -> bool:
    """Whether most printed words of a row are values (`13事業`, `68%`; a dash
    for "not published" is neither), at least two."""
    printed = [w for w in row if not is_not_published(normalize(w.text))]
    values = sum(1 for w in printed if is_value(w.text))
    return values >= max(2, len(printed) // 2)


def _cell_padding(bands: Sequence[_Band], inside: Sequence[Word]) -> tuple[float, float] | None:
    """The table's own space between a row's top rule and its text, and between its
    text and its bottom rule (medians over its rows with text); None without text."""
    tops, bottoms = [], []
    for band in bands:
        own = [w for w in inside if band.top <= w.box.yc <= band.bottom]
        if own:
            tops.append(max(0.0, min(w.box.top for w in own) - band.top))
            bottoms.append(max(0.0, band.bottom - max(w.box.bottom for w in own)))
    if not tops:
        return None
    return sorted(tops)[len(tops) // 2], sorted(bottoms)[len(bottoms) // 2]


def _padding_fits(gap: float, padding: float | None, block: Sequence[Word]) -> bool:
    """Whether text `gap` off a table's edge stands as close as its cells' text
    stands to their rules (at least a quarter of an em is always close)."""
    if padding is None:
        return True
    em = sorted(w.size for w in block)[len(block) // 2]
    return gap <= max(DEFAULT_CLAIM_PADDING_RATIO * padding, 0.25 * em)


class _Band:
    """A row of a grid: `bounds` are the x positions of its cell borders, outer
    ones included; `carried`: the inner borders are the columns of a row above
    or below, this row draws no vertical rule of its own (a merged heading row,
    a row of a ruled-off grid)."""

    __slots__ = ("bottom", "bounds", "carried", "top")

    def __init__(self, top: float, bottom: float, bounds: list[float], carried: bool = False):
        self.top, self.bottom, self.bounds, self.carried = top, bottom, bounds, carried

    def copy(self) -> _Band:
        """The band with its own list of borders."""
        return _Band(self.top, self.bottom, list(self.bounds), self.carried)


def component_to_bands(comp: _Component) -> list[_Band]:
    """Rows of the grid with their own column borders (carried down where absent);
    computed once per state of the component (add() and absorb() reset it)."""
    if comp._bands is None:
        comp._bands = _component_to_bands(comp)
    return comp._bands


def _component_to_bands(comp: _Component) -> list[_Band]:
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
        own = bool(xs)
        if xs:
            carried = xs
        else:
            xs = carried  # a row without vertical rules keeps the columns above it
        bands.append(_Band(top, bottom, [box.x0, *xs, box.x1], carried=not own and bool(xs)))
    if len(bands) == 1 and not vs:
        # One row between two rules and no vertical rule (Chromium: a row continued
        # from the previous page, its cells' side borders not drawn): where both
        # rules break at the same place, cells meet. Text running across a break
        # (a cell over two columns of the grid) undoes it (build_table).
        band = bands[0]
        xs = _common_breaks(hs, band.top, band.bottom, box)
        if xs:
            bands[0] = _Band(band.top, band.bottom, [box.x0, *xs, box.x1], carried=True)
    # Rows above the first one with borders (a continuation's first row) take its columns.
    first = next((b.bounds for b in bands if len(b.bounds) > 2), None)
    for band in bands:
        if len(band.bounds) > 2 or first is None:
            break
        band.bounds, band.carried = list(first), True
    return bands


def _common_breaks(hs: Sequence[Segment], top: float, bottom: float, box: Box) -> list[float]:
    """Where the rules on both sides of a band are drawn in pieces that end at the
    same x, inside the band's width: cell borders of the rules' own drawing."""

    def breaks(y: float) -> list[float]:
        ends = [e for s in hs if abs(s.pos - y) <= DEFAULT_SNAP for e in (s.start, s.end)]
        return cluster_positions(
            [e for e in ends if box.x0 + DEFAULT_SNAP < e < box.x1 - DEFAULT_SNAP]
        )

    below = breaks(bottom)
    return [x for x in breaks(top) if any(abs(x - b) <= DEFAULT_SNAP for b in below)]


def bands_to_groups(comp: _Component, bands: Sequence[_Band]) -> list[list[_Band]]:
    """Split an aligned table's rows where its header shading comes back: a KPI
    table's shaded header right under an initiative's row starts a new grid."""
    shades = [_shade_of(comp, b) for b in bands]
    header = shades[0] if shades else ""
    groups: list[list[_Band]] = []
    for i, band in enumerate(bands):
        if not groups or (header and shades[i] == header and shades[i - 1] != header):
            groups.append([])
        groups[-1].append(band)
    return groups


def _voting_rows(comp: _Component, bands: Sequence[_Band]) -> list[tuple[float, float]]:
    """The rows whose white space decides an aligned table's columns: its data rows.

    Header rows (under the table's header shading) are left out: their cells
    span several columns (令和5年度 over six) and would hide the borders.
    """
    if not bands:
        return []
    header = _shade_of(comp, bands[0])
    return [(b.top, b.bottom) for b in bands if not header or _shade_of(comp, b) != header]


def _fills_over(comp: _Component, band: _Band) -> list[Box]:
    """The part's fills that cover the band from its top to its bottom."""
    return [
        f
        for f in comp.fills
        if f.top <= band.top + DEFAULT_SNAP and f.bottom >= band.bottom - DEFAULT_SNAP
    ]


def _band_filled(comp: _Component, band: _Band) -> bool:
    """Whether fills cover the band across (nearly) the part's width, in one
    box or one per cell (a header strip)."""
    return sum(f.width for f in _fills_over(comp, band)) >= 0.9 * comp.box.width


def _shade_of(comp: _Component, band: _Band) -> str:
    """The colour of the fill that covers the band, if one does."""
    for f in _fills_over(comp, band):
        if f.width >= 0.9 * comp.box.width:
            return f.shade
    return ""


def _runs_across(word: Word, x: float) -> bool:
    """Whether a word's text stands on both sides of the border at `x` (by more
    than a quarter of an em). A line's last `、`, `。` or `）` may stand over the
    border by the blank half of its box: it counts to its ink (ink_end)."""
    quarter = 0.25 * word.size
    return word.box.x0 + quarter < x < min(word.box.x1 - quarter, ink_end(word))


def _unspanned(
    bounds: Sequence[float], words: Sequence[Word], x0: float, x1: float, drawn: bool = True
) -> list[float]:
    """The inner borders `bounds` (of a row from x0 to x1) that no word runs
    across. Where the borders are `drawn` (carried from the rows above), runs
    are first cut where a border passes (Impress sets the next cell's text at
    the advance: two cells' text, not one); borders guessed from white space
    are where no run crosses."""
    edges = [x0, *bounds, x1]
    cut: list[Word] = []
    if drawn:
        cut = row_words_cut_at_borders(words, edges)
    else:
        # Guessed borders cut only runs spaced out evenly, where the labels of
        # two cells may run together (`令 和 6 年 度 令 和 7 年 度`); a short
        # spaced label (`分 野`) over a guessed border is one cell's.
        spaced: list[Word] = []
        for w in words:
            (spaced if is_evenly_spaced(w) or spacing_change(w) else cut).append(w)
        cut += row_words_cut_at_borders(spaced, edges)
    return [b for b in bounds if not any(_runs_across(w, b) for w in cut)]


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


def build_table(page: int, comp: _Component, words: Sequence[Word]) -> Table | None:
    """One component and the words inside it → a Table, or None if it is one cell."""
    # Copies: the columns found from text alignment are set on them below, and
    # the component's own bands are cached.
    bands = [b.copy() for b in component_to_bands(comp)]
    # A table with no vertical border anywhere (one shaded band per header row,
    # rows divided by rules or banded) gets its columns from its text alignment.
    # (One band alone is a box — a title bar, a labelled note — not a table,
    # unless its text stands in cells across it: a row continued from the
    # previous page between two rules, Word drawing no side border.)
    aligned = all(len(b.bounds) == 2 for b in bands) and (
        len(bands) > 1 or (len(bands) == 1 and _lone_row_of_cells(comp, bands[0], words))
    )
    if aligned:
        for group in bands_to_groups(comp, bands):
            spans = _voting_rows(comp, group) or [(b.top, b.bottom) for b in group]
            text = [w for w in words if group[0].top <= w.box.yc <= group[-1].bottom]
            # The header row right above the data: its cells must not be cut.
            leaf = [
                b for b in group if (b.top, b.bottom) not in spans and b.bottom <= spans[0][0] + 1
            ]
            avoid = [w for w in text if leaf and leaf[-1].top <= w.box.yc <= leaf[-1].bottom]
            avoid = [piece for w in avoid for piece in split_where_spacing_changes(w)]
            xs = aligned_bounds(comp.box, spans, text, avoid)
            for band in group:
                # A word running across a border is a cell spanning both columns.
                own = [w for w in text if band.top <= w.box.yc <= band.bottom]
                band.bounds = [
                    comp.box.x0,
                    *_unspanned(xs, own, comp.box.x0, comp.box.x1, drawn=False),
                    comp.box.x1,
                ]
    else:
        for band in bands:
            if band.carried:
                # A row drawing no border of its own whose text runs across a
                # column carried from above is one merged cell there (a section
                # heading in a shaded row spanning the table).
                own = [w for w in words if band.top <= w.box.yc <= band.bottom]
                inner = _unspanned(band.bounds[1:-1], own, band.bounds[0], band.bounds[-1])
                band.bounds = [band.bounds[0], *inner, band.bounds[-1]]
    grid = bands_to_cell_boxes(comp, bands)
    if sum(len(row) for row in grid) < 2:
        return None
    rows = boxes_to_rows(page, grid, words)
    has_fill, has_v = bool(comp.fills), any(not s.horizontal for s in comp.segments)
    if aligned:
        method = "aligned"
    else:
        method = "shaded" if has_fill and not has_v else "ruled" if not has_fill else "mixed"
    return Table(page, comp.box, tuple(rows), method)


def _lone_row_of_cells(comp: _Component, band: _Band, words: Sequence[Word]) -> bool:
    """Whether one band between two rules (no fill: a title bar is a shaded
    box) holds text in DEFAULT_LONE_ROW_CELLS columns or more (a labelled
    note has one run of text or two)."""
    if not comp.rules_only:
        return False
    own = [w for w in words if band.top <= w.box.yc <= band.bottom]
    xs = aligned_bounds(comp.box, [(band.top, band.bottom)], own)
    return len(xs) + 1 >= DEFAULT_LONE_ROW_CELLS


def _fragments(line: Sequence[Word]) -> int:
    """How many runs of text a line holds, split where a gap is a column's width."""
    return 1 + sum(
        1 for a, b in pairwise(line) if b.box.x0 - a.box.x1 > DEFAULT_TEXT_COLUMN_GAP * b.size
    )


def text_blocks_to_components(
    words: Sequence[Word], body_size: float
) -> list[tuple[_Component, list[Word]]]:
    """Tables printed with no rule and no shading at all, found from their text.

    A block of lines set close together, at least two of which hold several runs
    of text a column apart, is a table: its rows are where the lines leave a
    wider gap than their leading; its columns come from text alignment, as for
    any table without vertical borders. A larger line (a heading) ends a block;
    a block set larger than `body_size` (the page's text: a title) is none.
    """
    out: list[tuple[_Component, list[Word]]] = []
    block: list[list[Word]] = []

    def close() -> None:
        # A table starts with its header and ends with a row, several cells wide:
        # a lone run of text before or after it (a note, a heading) is not a row
        # — unless its runs start where the table's columns do (a row's first
        # line whose cells are full: `職員の意識改革と行 | 仕事の仕組みや進め方、意`).
        while block and _fragments(block[0]) < 2 and not _starts_columns(block[0], block):
            block.pop(0)
        while len(block) > 1 and _fragments(block[-1]) < 2 and _row_gap(block[-2], block[-1]):
            block.pop()
        wide = [ln for ln in block if _fragments(ln) >= 2]
        # One row alone (a KPI row continued at a page's top): at least
        # DEFAULT_LONE_ROW_CELLS runs a column apart, mostly values, two of
        # them with a unit (a letter-spaced heading `I - 4 …` prints a bare
        # digit).
        lone = (
            len(wide) == 1
            and _fragments(wide[0]) >= DEFAULT_LONE_ROW_CELLS
            and _words_are_values(wide[0])
            and sum(1 for w in wide[0] if has_unit(w.text)) >= 2
        )
        sizes = sorted(w.size for ln in block for w in ln)
        # Set larger than the page's text, it is a title or a heading set
        # letter-spaced over two lines, however its runs line up.
        body = sizes[len(sizes) // 2] <= DEFAULT_ROW_SIZE_RATIO * body_size if sizes else False
        if body and (len(wide) >= 2 or lone):
            out.append(_block_to_component(block))
        block.clear()

    for line in words_to_line_groups(words):
        size = max(w.size for w in line)
        if block:
            sizes = sorted(w.size for ln in block for w in ln)
            gap = min(w.box.top for w in line) - max(w.box.bottom for w in block[-1])
            if (
                gap > DEFAULT_TEXT_BLOCK_GAP * size
                or size > DEFAULT_ROW_SIZE_RATIO * sizes[len(sizes) // 2]
            ):
                close()
        block.append(line)
    close()
    return out


def _starts_columns(line: Sequence[Word], block: Sequence[Sequence[Word]]) -> bool:
    """Whether runs of a line start at two or more of the places where runs
    start in the block's lines of several cells (the columns' left edges)."""
    starts = [w.box.x0 for ln in block if _fragments(ln) >= 2 for w in ln]
    return len(cluster_positions({round(s) for s in starts if runs_starting_at(s, line)})) >= 2


def _row_gap(upper: Sequence[Word], lower: Sequence[Word]) -> bool:
    """Whether two lines of a text table are in different rows (not one cell's lines)."""
    gap = min(w.box.top for w in lower) - max(w.box.bottom for w in upper)
    return gap > DEFAULT_TEXT_ROW_GAP * max(w.size for w in lower)


def _block_to_component(block: Sequence[Sequence[Word]]) -> tuple[_Component, list[Word]]:
    words = [w for ln in block for w in ln]
    box = union([w.box for w in words])
    cuts = [box.top - 1.0]
    for upper, lower in pairwise(block):
        if _row_gap(upper, lower):
            bottom = max(w.box.bottom for w in upper)
            cuts.append((bottom + min(w.box.top for w in lower)) / 2)
    cuts.append(box.bottom + 1.0)
    segments = [Segment(True, y, box.x0 - 1.0, box.x1 + 1.0) for y in cuts]
    return _Component(segments=segments), words


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
    sizes = sorted(w.size for w in layout.words)
    body_size = sizes[len(sizes) // 2] if sizes else DEFAULT_EM
    for comp, block in text_blocks_to_components(free, body_size):
        table = build_table(layout.number, comp, block)
        if table is not None:
            items.append(table._replace(method="text"))
            taken = set(map(id, block))
            free = [w for w in free if id(w) not in taken]
    items.extend(words_to_lines(layout.number, free))
    items.sort(key=lambda it: (it.box.top, it.box.x0))
    return items
