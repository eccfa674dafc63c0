"""Rule segments and shaded boxes → the components that are tables: graphics that
touch, grids of lone boxes joined, seams between parts of one table closed,
parts stacked one above the other when the text between them is rows of both."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from dxextract.extract.alignment import aligned_bounds
from dxextract.extract.bands import band_filled, component_to_bands
from dxextract.extract.cells import DEFAULT_SNAP, union
from dxextract.extract.component import Component, segment_box
from dxextract.extract.geometry import Box, Segment, Word
from dxextract.extract.pdf import box_sides
from dxextract.extract.rows import (
    cell_padding,
    claim_rows_beside,
    closes_table,
    has_cells,
    padding_fits,
    sizes_inside,
    span,
    words_form_row,
    words_left_of,
    words_to_row_blocks,
)
from dxextract.extract.unruled_rows import split_unruled_rows

# Text between two parts of a table whose gaps above and below differ by less
# than this many font sizes stands centred between them: a row of both.
DEFAULT_CENTRED_RATIO = 0.5


# Graphics closer than this (pt) belong to one table.
DEFAULT_TOUCH = 3.0


# After rows are claimed, parts of one table this many of its text's font sizes
# apart are one table (a third of an em: 3.2 pt under 9-pt text; two tables one
# above the other stand further apart, 5 pt in some layouts of the sweep).
DEFAULT_SEAM_RATIO = 0.35


# The font size assumed where a part holds no text to measure by.
DEFAULT_EM = 9.0


# How many times rows beside a table are claimed, a block at a time (a bound:
# each round must grow the table).
DEFAULT_CLAIM_ROUNDS = 50


# Filled boxes drawn apart are cells of one table when the white gap between
# them is at most this many times the lower box's height (slides leave gaps of
# a sixth to two fifths of a row; a banded table's white row is a whole row)...
DEFAULT_BOX_GAP_RATIO = 0.5


# ...their edges line up within this share of a box's height...
DEFAULT_BOX_ALIGN = 0.2


# ...and most of their rows (this share) hold several boxes side by side.
DEFAULT_BOX_WIDE_ROWS = 0.5


def graphics_to_components(
    segments: Sequence[Segment], fills: Sequence[Box], words: Sequence[Word] = ()
) -> list[Component]:
    """Union-find over rules and fills that touch: each group is one candidate table."""
    boxes = [segment_box(s) for s in segments] + list(fills)
    roots = _touching_groups(boxes)
    groups: dict[int, Component] = {}
    for i in range(len(boxes)):
        comp = groups.setdefault(roots[i], Component())
        if i < len(segments):
            comp.add(segment=segments[i])
        else:
            comp.add(fill=boxes[i])
    comps = stack_components(join_box_grids(list(groups.values())), words)
    for comp in comps:
        _claim_rows(comp, comps, words)
    # A part that only the claimed rows kept apart (a 合計 strip under them).
    comps = stack_components(comps, words)
    return join_seams(comps, words)


def _touching_groups(boxes: Sequence[Box]) -> list[int]:
    """Union-find over boxes that touch (within DEFAULT_TOUCH): each box's group.

    A sweep from left to right (the inner loop stops at the first box that
    starts right of this one), on plain tuples: a page has thousands of pairs."""
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

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
    return [find(i) for i in range(len(boxes))]


def _claim_rows(comp: Component, comps: Sequence[Component], words: Sequence[Word]) -> None:
    """Rows are claimed a block at a time (lines one leading apart); once the
    block is ruled off into rows, the next row may stand one row's padding
    further (a 合計 row under rows with no rules): claim again until none."""
    for _ in range(DEFAULT_CLAIM_ROUNDS):
        box = comp.box
        claim_rows_beside(comp, comps, words)
        split_unruled_rows(comp, words)
        if comp.box == box:
            break


def _lone_box(comp: Component) -> Box | None:
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


def join_box_grids(components: list[Component]) -> list[Component]:
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


def _boxes_to_component(boxes: Sequence[Box]) -> Component:
    rows, _ = _rows_of_boxes(boxes)
    whole = union(list(boxes))
    tops = [min(b.top for b in r) for r in rows]
    bottoms = [max(b.bottom for b in r) for r in rows]
    cuts = (
        [whole.top]
        + [(bottoms[k] + tops[k + 1]) / 2 for k in range(len(rows) - 1)]
        + [whole.bottom]
    )
    comp = Component()
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


def join_seams(components: list[Component], words: Sequence[Word] = ()) -> list[Component]:
    """Join parts of one width that a claimed row has brought to within a seam of
    each other (a banded table's shaded row right under a white one)."""
    components.sort(key=lambda c: c.box.top)
    out: list[Component] = []
    for comp in components:
        prev = out[-1] if out else None
        sizes = sizes_inside(prev, words) if prev is not None else []
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


def stack_components(components: list[Component], words: Sequence[Word]) -> list[Component]:
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
        out: list[Component] = []
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


def _gap_is_rows(upper: Component, lower: Component, words: Sequence[Word]) -> bool:
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
        return closes_table(upper, lower, words)
    if words_left_of(box, words, box.bottom - 1, lower.box.top + 1):
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
        if len(up) == 1 and not has_cells(up[0], words):
            return False
        both = union([box, lower.box])
        text = [w for w in words if both.contains_point(w.box.xc, w.box.yc)]
        rows = [(b.top, b.bottom) for b in up + low] + [span(gap)]
        bounds = [box.x0, *aligned_bounds(both, rows, text), box.x1]
    # A row's text stands as close to the rules on each side as the tables' own
    # text does to theirs; a heading between two tables a paragraph's space off.
    # Under a header strip whose row is closed by a lone rule, the rule, not the
    # distance, says the text is the header's row.
    padding = cell_padding(up, [w for w in words if box.contains_point(w.box.xc, w.box.yc)])
    closed_by_rule = lower.rules_only and len(lower.segments) == 1
    above_gap = min(w.box.top for w in gap) - box.bottom
    below_gap = lower.box.top - max(w.box.bottom for w in gap)
    # Under a header strip (the part's last band shaded as its header), text
    # centred between it and the part below is its row, centred in cells taller
    # than their text (Impress anchors them in the middle). (Under rows, a
    # heading may stand midway to the next table.)
    em = sorted(w.size for w in gap)[len(gap) // 2]
    header_last = bool(up) and band_filled(upper, up[-1]) and band_filled(upper, up[0])
    centred = header_last and abs(above_gap - below_gap) <= DEFAULT_CENTRED_RATIO * em
    if (
        padding is not None
        and not closed_by_rule
        and not centred
        and not (
            padding_fits(above_gap, padding[0], gap) and padding_fits(below_gap, padding[1], gap)
        )
    ):
        return False
    # Lines more than a leading apart are rows of their own, each one of cells
    # (a heading flush with the tables' left side, set between a KPI row and
    # the next table, is one run of text).
    sizes = sorted(sizes_inside(upper, words) + sizes_inside(lower, words))
    return all(words_form_row(row, bounds, sizes) for row in words_to_row_blocks(gap))
