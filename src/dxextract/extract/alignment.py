"""Columns from text alignment, for tables drawn without rules: where the words'
starts line up across rows and the gaps between them run clear, and a header's
rows as one flat row of leaf names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from dxextract.extract.cells import (
    Cell,
    Row,
    TextLine,
    cluster_positions,
    union,
    words_to_line_groups,
)
from dxextract.extract.geometry import DEFAULT_FRAGMENT_GAP_RATIO, Box, Word, join_fragments

# Without vertical rules, a column gap is white space at least this many font sizes
# (two cell paddings can be as narrow as this)
# wide, in at least this share of the rows that have text.
DEFAULT_ALIGN_GAP_RATIO = 0.35
DEFAULT_ALIGN_SUPPORT = 0.75


# A narrower gap is a column's too where this many lines of the row start a run
# at its right end (within this many font sizes): the cell's left text edge.
DEFAULT_ALIGNED_STARTS = 3
DEFAULT_START_SLACK = 0.25


def aligned_bounds(
    box: Box,
    rows: Sequence[tuple[float, float]],
    words: Sequence[Word],
    avoid: Sequence[Word] = (),
) -> list[float]:
    """Column borders of a table without vertical rules, from its text alignment.

    In each row (top, bottom), the stretches free of words wider than
    DEFAULT_ALIGN_GAP_RATIO font sizes are candidate gaps; a border stands where
    most rows with text have such a gap (a header cell spanning several columns
    only lowers the count), at the middle of what those gaps share — or, when
    `avoid` words (the header cells right above the rows) reach into that
    stretch, at the middle of the widest part of it they leave free.
    """
    sizes = sorted(w.size for w in words)
    if not sizes:
        return []
    min_gap = DEFAULT_ALIGN_GAP_RATIO * sizes[len(sizes) // 2]
    free: list[list[tuple[float, float]]] = []
    middles: list[float] = []
    for top, bottom in rows:
        own = [w for w in words if top <= w.box.yc <= bottom]
        if not own:
            continue
        stretches = _free_stretches(box, sorted((w.box.x0, w.box.x1) for w in own))
        free.append(stretches)
        # A gap narrower than a column's is one still where the lines of the
        # row start their runs at its right end: a cell's left edge, the cell
        # before it full to its border (`…県内28町` | `町村と連携し、`).
        middles += [
            (a + b) / 2
            for a, b in stretches
            if b - a >= min_gap or (b > a and runs_starting_at(b, own) >= DEFAULT_ALIGNED_STARTS)
        ]
    if not free:
        return []
    candidates = cluster_positions(middles, min_gap)
    # A border has text on both sides of it in some row: not the cells' padding
    # along the table's edges.
    lefts = min(w.box.x1 for w in words)
    rights = max(w.box.x0 for w in words)
    out: list[tuple[float, int]] = []
    for x in candidates:
        hits = [(a, b) for gaps in free for a, b in gaps if a <= x <= b]
        if lefts < x < rights and len(hits) >= DEFAULT_ALIGN_SUPPORT * len(free):
            left, right = max(a for a, _ in hits), min(b for _, b in hits)
            out.append((_clear_of(avoid, left, right) if left < right else x, len(hits)))
    return _one_per_channel(out, words, 2 * min_gap)


def _one_per_channel(
    borders: Sequence[tuple[float, int]], words: Sequence[Word], snap: float
) -> list[float]:
    """Borders (x, how many rows have a gap there) from one channel of white
    space → one border: those closer than `snap` at their mean; and of those
    with no word standing between them (left-aligned labels over right-aligned
    numbers leave a wide channel; a row whose label reaches into it is
    outvoted at one side of it), the one most rows have a gap at."""
    groups: list[list[tuple[float, int]]] = []
    for x, n in sorted(borders):
        if groups and x - groups[-1][-1][0] <= snap:
            groups[-1].append((x, n))
        else:
            groups.append([(x, n)])
    out: list[tuple[float, int]] = []
    for group in groups:
        x, n = sum(x for x, _ in group) / len(group), max(n for _, n in group)
        if out and not any(out[-1][0] <= w.box.x0 and w.box.x1 <= x for w in words):
            if n > out[-1][1]:
                out[-1] = (x, n)
            continue
        out.append((x, n))
    return [x for x, _ in out]


def runs_starting_at(x: float, words: Sequence[Word]) -> int:
    """How many of the words start at `x` (within DEFAULT_START_SLACK font sizes)."""
    return sum(1 for w in words if abs(w.box.x0 - x) <= DEFAULT_START_SLACK * w.size)


def _clear_of(words: Sequence[Word], left: float, right: float) -> float:
    """The middle of the widest stretch between `left` and `right` that no word
    reaches into; the middle of the whole when words cover it all."""
    edge, best, best_width = left, (left + right) / 2, -1.0
    reaching = sorted((w.box.x0, w.box.x1) for w in words if w.box.x1 > left and w.box.x0 < right)
    for x0, x1 in reaching:
        if x0 - edge > best_width:
            best, best_width = (edge + x0) / 2, x0 - edge
        edge = max(edge, x1)
    if right - edge > best_width:
        best, best_width = (edge + right) / 2, right - edge
    return best if best_width > 0 else (left + right) / 2


def _free_stretches(box: Box, spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The horizontal stretches of a row not covered by its words, edge to edge (a
    row whose first cells are empty is free from the table's left edge on)."""
    out = []
    edge = box.x0
    for x0, x1 in spans:
        if x0 > edge:
            out.append((edge, x0))
        edge = max(edge, x1)
    if edge < box.x1:
        out.append((edge, box.x1))
    return out


def words_to_lines(page: int, words: Sequence[Word]) -> list[TextLine]:
    """Free words → text lines, split where a wide gap separates two fragments."""
    out: list[TextLine] = []
    for line in words_to_line_groups(words):
        frag: list[Word] = []
        for w in line:
            if frag and w.box.x0 - frag[-1].box.x1 > DEFAULT_FRAGMENT_GAP_RATIO * w.size:
                out.append(_line(page, frag))
                frag = []
            frag.append(w)
        out.append(_line(page, frag))
    return out


def _line(page: int, words: list[Word]) -> TextLine:
    return TextLine(
        page,
        union([w.box for w in words]),
        join_fragments([w.text for w in words]),
        max(w.size for w in words),
    )


def _covers(cell: Cell, leaf: Cell) -> bool:
    # 1 pt of slack: a parent cell's border and its leaf's centre may touch.
    return cell.box.x0 - 1 <= leaf.box.xc <= cell.box.x1 + 1


def header_to_leaf_names(
    header: Sequence[Row],
    texts: Mapping[int, str] | None = None,
    skip: AbstractSet[int] = frozenset(),
) -> list[tuple[Cell, str]]:
    """Flatten a multi-row header: each leaf cell, left to right, with its own and
    its parents' texts joined by '/' (`入院治療等を要する者（人）/うち重症`).

    The leaves are the last header row's cells and the cells of earlier rows
    that no leaf lies under (a corner cell merged down through every header
    row). `texts` overrides a cell's text by `id(cell)`; cells whose id is in
    `skip` give no text.
    """
    leaves = list(header[-1].cells)
    for row in header[:-1]:
        for cell in row.cells:
            if not any(_covers(cell, leaf) for leaf in leaves):
                leaves.append(cell)
    leaves.sort(key=lambda c: c.box.x0)
    out = []
    for leaf in leaves:
        parts: list[str] = []
        for row in header:
            for cell in row.cells:
                text = texts.get(id(cell), cell.text) if texts else cell.text
                if _covers(cell, leaf) and id(cell) not in skip and text and text not in parts:
                    parts.append(text)
        out.append((leaf, "/".join(parts)))
    return out
