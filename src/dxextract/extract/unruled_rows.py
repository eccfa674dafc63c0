"""A band of a table holding several rows with no rule between them → the rules
that divide them (rules drawn white on white, or none under a shaded header):
each line read by what it prints, rows cut where the text's own spacing or a
row's first line says (distances relative to the text, never in points)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from dxextract.extract.bands import component_to_bands, shade_of
from dxextract.extract.cells import words_to_line_groups
from dxextract.extract.component import Component
from dxextract.extract.geometry import Segment, Word
from dxextract.extract.rows import cell_padding, words_are_values
from dxextract.extract.values import is_value

# Two lines of a band are in different rows when they stand this share of the
# table's cell padding (above and below a row's text, added) apart or more.
DEFAULT_ROW_PADDING_SHARE = 0.75
# A word crosses the gap between two lines (holding them in one row) when it
# stands this many of its font sizes above and below the gap's middle.
DEFAULT_CROSSING_RATIO = 0.25


def split_unruled_rows(comp: Component, words: Sequence[Word]) -> None:
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
    padding = cell_padding(bands, inside)
    if padding is None or len(bands) < 2:
        return
    header = shade_of(comp, bands[0])
    for band in bands:
        if header and shade_of(comp, band) == header:
            continue
        own = [w for w in inside if band.top <= w.box.yc <= band.bottom]
        for y in _band_row_breaks(own, sum(padding)):
            comp.add(segment=Segment(True, y, comp.box.x0, comp.box.x1))


def _band_row_breaks(own: Sequence[Word], padding: float) -> list[float]:
    """Where one band's lines (`own`: its words) break into rows: after the gaps
    as wide as the cells' padding (`padding`: above and below the text) when
    every row so made prints values, else at every row's first line when the
    lines are set solid and none is ambiguous."""
    lines = words_to_line_groups(own)
    if len(lines) < 2:
        return []
    left = min(w.box.x0 for w in own)
    kinds = [_line_kind(line, left) for line in lines]
    rows = [list(lines[0])]
    breaks: list[float] = []
    # A row's first line joined to the row above (its gap a hair under
    # the padding, rows evenly spaced) undoes the cut by distance.
    joined = False
    for (prev, line), kind in zip(pairwise(lines), kinds[1:], strict=True):
        top, bottom = min(w.box.top for w in line), max(w.box.bottom for w in prev)
        apart = top - bottom >= max(DEFAULT_ROW_PADDING_SHARE * padding, 0.15 * line[0].size)
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
        return _solid_row_breaks(own, lines, kinds)
    return breaks


def _solid_row_breaks(
    own: Sequence[Word], lines: Sequence[Sequence[Word]], kinds: Sequence[str]
) -> list[float]:
    """Lines set solid: a break before every row's first line, when the band
    begins with one and holds no ambiguous line."""
    if not (kinds[0] == "row" and "ambiguous" not in kinds):
        return []
    breaks = []
    for a, b, kind in zip(lines, lines[1:], kinds[1:], strict=False):
        bottom, top = max(w.box.bottom for w in a), min(w.box.top for w in b)
        # A word standing across the gap (a value centred beside a
        # wrapped name, `11事` / `業`) holds the two lines in one row;
        # lines set solid touch, their own words do not cross.
        mid = (bottom + top) / 2
        crossed = any(
            w.box.top < mid - DEFAULT_CROSSING_RATIO * w.size
            and w.box.bottom > mid + DEFAULT_CROSSING_RATIO * w.size
            for w in own
        )
        if kind == "row" and not crossed:
            breaks.append(mid)
    return breaks


def _line_kind(line: Sequence[Word], left: float) -> str:
    """What one line of a band of rows prints: "row" (a label, then values: a
    row's first line), "continued" (values wrapped under the row's own, or text
    out of the label column) or "ambiguous" (text without values at the left)."""
    valued = words_are_values(line)
    first = line[0]
    if valued:
        return "continued" if is_value(first.text) else "row"
    return "ambiguous" if first.box.x0 <= left + first.size else "continued"
