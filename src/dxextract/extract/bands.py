"""A component's graphics → bands of rows → cell boxes → a Table.

Inside one band of rows a cell ends only where a vertical rule crosses the band;
a cell continues into the band below where no horizontal rule divides them
(merged cells come from the rules themselves). Words, not characters, are put
into cells, by their centre."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from dxextract.extract.alignment import aligned_bounds
from dxextract.extract.cells import DEFAULT_SNAP, Table, TableMethod, cluster_positions, ink_end
from dxextract.extract.component import Band, Component
from dxextract.extract.cutting import (
    boxes_to_rows,
    is_evenly_spaced,
    row_words_cut_at_borders,
    spacing_change,
    split_where_spacing_changes,
)
from dxextract.extract.geometry import Box, Segment, Word

# Bands of rows lower than this (pt) are the gap between two borders, not a row.
DEFAULT_MIN_BAND = 2.5


# A vertical rule belongs to a band when it covers this share of the band's height.
DEFAULT_V_COVER = 0.5


# One band with no vertical rule whose text stands in this many columns or more
# is a row of cells (a row continued on a new page), not a box of text.
DEFAULT_LONE_ROW_CELLS = 3


# Runs of text on one line further apart than this many font sizes are in
# different columns (see fragments: a band with no vertical rule, a table with
# no graphics at all).
DEFAULT_TEXT_COLUMN_GAP = 1.5


# A horizontal rule divides two cells when it covers this share of their width.
DEFAULT_H_COVER = 0.5
# Fills covering this share of a table's width, in one box or one per cell, make a
# band a filled strip (a header's shading); a cell or two shaded do not.
DEFAULT_BAND_FILL_SHARE = 0.9
# A word runs across a border when its text stands this many of its font sizes on
# both sides of it (less is a glyph's blank side over the rule).
DEFAULT_ACROSS_RATIO = 0.25


def component_to_bands(comp: Component) -> list[Band]:
    """Rows of the grid with their own column borders (carried down where absent);
    computed once per state of the component (add() and absorb() reset it)."""
    if comp._bands is None:
        comp._bands = _component_to_bands(comp)
    return comp._bands


def _component_to_bands(comp: Component) -> list[Band]:
    box = comp.box
    hs = [s for s in comp.segments if s.horizontal]
    vs = [s for s in comp.segments if not s.horizontal]
    ys = cluster_positions([s.pos for s in hs] + [box.top, box.bottom])
    bands: list[Band] = []
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
        bands.append(Band(top, bottom, [box.x0, *xs, box.x1], carried=not own and bool(xs)))
    if len(bands) == 1 and not vs:
        # One row between two rules and no vertical rule (Chromium: a row continued
        # from the previous page, its cells' side borders not drawn): where both
        # rules break at the same place, cells meet. Text running across a break
        # (a cell over two columns of the grid) undoes it (build_table).
        band = bands[0]
        xs = _common_breaks(hs, band.top, band.bottom, box)
        if xs:
            bands[0] = Band(band.top, band.bottom, [box.x0, *xs, box.x1], carried=True)
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


def bands_to_groups(comp: Component, bands: Sequence[Band]) -> list[list[Band]]:
    """Split an aligned table's rows where its header shading comes back: a KPI
    table's shaded header right under an initiative's row starts a new grid."""
    shades = [shade_of(comp, b) for b in bands]
    header = shades[0] if shades else ""
    groups: list[list[Band]] = []
    for i, band in enumerate(bands):
        if not groups or (header and shades[i] == header and shades[i - 1] != header):
            groups.append([])
        groups[-1].append(band)
    return groups


def voting_rows(comp: Component, bands: Sequence[Band]) -> list[tuple[float, float]]:
    """The rows whose white space decides an aligned table's columns: its data rows.

    Header rows (under the table's header shading) are left out: their cells
    span several columns (令和5年度 over six) and would hide the borders.
    """
    if not bands:
        return []
    header = shade_of(comp, bands[0])
    return [(b.top, b.bottom) for b in bands if not header or shade_of(comp, b) != header]


def _fills_over(comp: Component, band: Band) -> list[Box]:
    """The part's fills that cover the band from its top to its bottom."""
    return [
        f
        for f in comp.fills
        if f.top <= band.top + DEFAULT_SNAP and f.bottom >= band.bottom - DEFAULT_SNAP
    ]


def band_filled(comp: Component, band: Band) -> bool:
    """Whether fills cover the band across (nearly) the part's width, in one
    box or one per cell (a header strip)."""
    return sum(f.width for f in _fills_over(comp, band)) >= DEFAULT_BAND_FILL_SHARE * comp.box.width


def shade_of(comp: Component, band: Band) -> str:
    """The colour of the fill that covers the band, if one does."""
    for f in _fills_over(comp, band):
        if f.width >= DEFAULT_BAND_FILL_SHARE * comp.box.width:
            return f.shade
    return ""


def runs_across(word: Word, x: float) -> bool:
    """Whether a word's text stands on both sides of the border at `x` (by more
    than a quarter of an em). A line's last `、`, `。` or `）` may stand over the
    border by the blank half of its box: it counts to its ink (ink_end)."""
    quarter = DEFAULT_ACROSS_RATIO * word.size
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
    return [b for b in bounds if not any(runs_across(w, b) for w in cut)]


def _divided(hs: Sequence[Segment], y: float, x0: float, x1: float) -> bool:
    covered = sum(
        max(0.0, min(s.end, x1) - max(s.start, x0)) for s in hs if abs(s.pos - y) <= DEFAULT_SNAP
    )
    return covered >= DEFAULT_H_COVER * (x1 - x0)


def bands_to_cell_boxes(comp: Component, bands: Sequence[Band]) -> list[list[Box]]:
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


def build_table(page: int, comp: Component, words: Sequence[Word]) -> Table | None:
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
            spans = voting_rows(comp, group) or [(b.top, b.bottom) for b in group]
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
    method: TableMethod
    if aligned:
        method = "aligned"
    else:
        method = "shaded" if has_fill and not has_v else "ruled" if not has_fill else "mixed"
    return Table(page, comp.box, tuple(rows), method)


def _lone_row_of_cells(comp: Component, band: Band, words: Sequence[Word]) -> bool:
    """Whether one band between two rules (no fill: a title bar is a shaded
    box) holds text in DEFAULT_LONE_ROW_CELLS columns or more (a labelled
    note has one run of text or two)."""
    if not comp.rules_only:
        return False
    own = [w for w in words if band.top <= w.box.yc <= band.bottom]
    xs = aligned_bounds(comp.box, [(band.top, band.bottom)], own)
    return len(xs) + 1 >= DEFAULT_LONE_ROW_CELLS


def fragments(line: Sequence[Word]) -> int:
    """How many runs of text a line holds, split where a gap is a column's width."""
    return 1 + sum(
        1 for a, b in pairwise(line) if b.box.x0 - a.box.x1 > DEFAULT_TEXT_COLUMN_GAP * b.size
    )
