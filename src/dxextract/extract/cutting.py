"""Words into cells: a row's words cut at its cell borders (a word overflowing a
border stays whole in the cell its centre is in; letter-spaced labels are joined
and cut where their spacing changes), and boxes of cells into rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import pairwise

from dxextract.extract.cells import (
    DEFAULT_SAME_LINE_RATIO,
    Cell,
    Row,
    ink_end,
    union,
    words_to_text,
)
from dxextract.extract.geometry import Box, Word, split_word_before

# Two characters of a run follow each other at their advance when the gap
# between them is under this share of the font size (rounding in the producer).
DEFAULT_ADVANCE_SLACK = 0.05


# A run's own spacing (letter-spacing, distributed text) is read from this many
# gaps between its characters or more; shorter runs are taken as set solid. The
# gaps of a spaced run differ by rounding only (under this share of the font
# size); a wider difference is where two cells' spaced texts meet.
DEFAULT_SPACED_GAPS = 3
DEFAULT_SPACING_SLACK = 0.02
DEFAULT_EVEN_SHARE = 0.75


# A run crossing a border out of a wrapping cell is the next cell's text from
# the character that starts within this many font sizes of where that cell's
# text starts (its border plus the cell padding).
DEFAULT_NEXT_TEXT_SLACK = 0.15
# Half a glyph, in font sizes: where the next cell is looked for past a word's end,
# and how far off its cell's centre a piece of spaced-out text may stand.
DEFAULT_HALF_GLYPH = 0.5


def _nearest(boxes: Sequence[Box], word: Word) -> int:
    def distance(b: Box) -> float:
        dx = max(b.x0 - word.box.xc, 0.0, word.box.xc - b.x1)
        dy = max(b.top - word.box.yc, 0.0, word.box.yc - b.bottom)
        return dx + dy

    return min(range(len(boxes)), key=lambda i: distance(boxes[i]))


class _CellIndex:
    """Cell boxes bucketed by height, so that the cell holding a point is found
    without measuring every cell (a 50-row table has hundreds)."""

    def __init__(self, boxes: Sequence[Box]) -> None:
        self.boxes = boxes
        heights = sorted(b.height for b in boxes) or [1.0]
        self.step = max(heights[len(heights) // 2], 1e-3)
        self.buckets: dict[int, list[int]] = {}
        for i, b in enumerate(boxes):
            for k in range(int(b.top // self.step), int(b.bottom // self.step) + 1):
                self.buckets.setdefault(k, []).append(i)

    def holding_range(self, x0: float, x1: float, y: float) -> list[int]:
        """The cells at height y that reach x0..x1 (a point when x0 == x1), left to right."""
        hits = [
            i
            for i in self.buckets.get(int(y // self.step), ())
            if self.boxes[i].top <= y <= self.boxes[i].bottom
            and self.boxes[i].x0 <= x1
            and x0 <= self.boxes[i].x1
        ]
        return sorted(hits, key=lambda i: self.boxes[i].x0)

    def at(self, x: float, y: float) -> int | None:
        """The cell holding the point, if one does."""
        hits = self.holding_range(x, x, y)
        return hits[0] if hits else None

    def owner(self, word: Word) -> int:
        """The cell holding the word's centre, else the nearest one."""
        hit = self.at(word.box.xc, word.box.yc)
        return hit if hit is not None else _nearest(self.boxes, word)


def _other_words(
    owned: Mapping[int, Sequence[Word]] | None, cell: int | None, word: Word
) -> list[Word] | None:
    """The words whose centre `cell` holds, other than `word` (None: no such cell known)."""
    if owned is None or cell is None:
        return None
    return [w for w in owned.get(cell, ()) if w is not word]


def _on_line(words: Sequence[Word], word: Word) -> bool:
    """Whether any of `words` stands on `word`'s line as text of its own: not
    the run going on where `word` ends (a run broken where two glyphs overlap,
    Chromium's `」（` set close)."""
    tol = DEFAULT_SAME_LINE_RATIO * word.size
    goes_on = word.box.x1 + DEFAULT_ADVANCE_SLACK * word.size
    return any(abs(w.box.yc - word.box.yc) <= tol and w.box.x0 > goes_on for w in words)


def _gaps(spans: Sequence[tuple[float, float]]) -> list[float]:
    """The gaps between a run's consecutive characters (negative where they overlap)."""
    return [b[0] - a[1] for a, b in pairwise(spans)]


def is_evenly_spaced(word: Word) -> bool:
    """Whether a run is spaced out evenly (see _even_spacing)."""
    return bool(_even_spacing(_gaps(word.spans), word.size))


def spacing_change(word: Word) -> int | None:
    """Where a run's spacing changes: the character before which DEFAULT_SPACED_GAPS
    gaps or more of one even spacing give way to as many of another (a label
    set solid run on into one spaced out, or the other way round); None if
    the run keeps one spacing."""
    gaps = _gaps(word.spans)
    # Two spacings differ by no more than the run's gaps do: a run set solid
    # (the common case) is answered without trying every cut.
    if len(gaps) < 2 * DEFAULT_SPACED_GAPS + 1 or (
        max(gaps) - min(gaps) <= DEFAULT_ADVANCE_SLACK * word.size
    ):
        return None
    slack = DEFAULT_SPACING_SLACK * word.size
    n = DEFAULT_SPACED_GAPS
    for k in range(n, len(gaps) - n):
        head, tail = gaps[:k], gaps[k + 1 :]
        a, b = sorted(head)[len(head) // 2], sorted(tail)[len(tail) // 2]
        if (
            abs(a - b) > DEFAULT_ADVANCE_SLACK * word.size
            and all(abs(g - a) <= slack for g in head)
            and all(abs(g - b) <= slack for g in tail)
        ):
            return k + 1
    return None


def split_where_spacing_changes(word: Word) -> list[Word]:
    """A run cut where its spacing changes (spacing_change), else the run whole."""
    change = spacing_change(word)
    parts = split_word_before(word, change) if change is not None else None
    return list(parts) if parts is not None else [word]


def _even_spacing(gaps: Sequence[float], size: float) -> float:
    """The spacing of a run spaced out evenly (letter-spacing, 均等割り付け): the
    gap between its characters when most of them (DEFAULT_EVEN_SHARE) are that
    wide, within rounding; 0 for a run set solid or spaced unevenly (a spaced
    label run on into a value, `合 計81事`)."""
    if len(gaps) < DEFAULT_SPACED_GAPS:
        return 0.0
    spacing = sorted(gaps)[len(gaps) // 2]
    if abs(spacing) <= DEFAULT_ADVANCE_SLACK * size:
        return 0.0
    even = sum(1 for g in gaps if abs(g - spacing) <= DEFAULT_SPACING_SLACK * size)
    return spacing if even >= DEFAULT_EVEN_SHARE * len(gaps) else 0.0


def split_at_borders(
    word: Word,
    index: _CellIndex,
    wrapping: AbstractSet[int] = frozenset(),
    owned: Mapping[int, Sequence[Word]] | None = None,
) -> list[Word]:
    """A word cut where a border between two cells of its row passes between two
    of its characters that do not follow each other at their advance: Calc
    leaves a gap with the rule in it, Excel starts the next cell's text over a
    clipped one. Text that runs on at its advance across a border stays whole
    (overflow into an empty cell, beyond the table's edge) — unless it comes out
    of a cell in `wrapping` (one whose text stands on several lines), which
    never overflows: then it is cut where the next cell's text starts, if that
    cell (by `owned`, the words whose centre it holds) has no text of its own
    on this line (else the run is this cell's, hanging over the border: a
    line-end rule kept a character on the line, `個人情報` | `4事業`)."""
    if len(word.spans) < 2:
        return [word]
    yc = word.box.yc
    borders = [
        index.boxes[i].x1
        for i in index.holding_range(word.box.x0, word.box.x1, yc)
        if word.box.x0 < index.boxes[i].x1 < word.box.x1
    ]
    spacing = _even_spacing(_gaps(word.spans), word.size)
    if not spacing:
        parts = split_where_spacing_changes(word) if borders else [word]
        if len(parts) > 1:
            # A label set solid run on into one spaced out (`うちKPI設定事業数(A)`
            # `達 成 ( B )`): two cells' labels, met where the spacing changes.
            return parts
        return _cut_at(word, sorted(borders), index, wrapping, owned)
    # A run spaced out evenly (均等割り付け): two cells' labels meet where a gap
    # differs from its spacing; where none does, the labels are one per cell
    # when the borders cut it into pieces each centred in its cell, else it is
    # one label over the columns it heads (`行 政 の D X` over 令和5年度 |
    # 令和6年度).
    out = _cut_at(word, sorted(borders), index, wrapping, owned, spacing)
    if len(out) > 1:
        return out
    out = _cut_at(word, sorted(borders), index, wrapping, owned)
    return out if _each_centred(out, index, spacing) else [word]


def _cut_at(
    word: Word,
    borders: Sequence[float],
    index: _CellIndex,
    wrapping: AbstractSet[int],
    owned: Mapping[int, Sequence[Word]] | None,
    spacing: float = 0.0,
) -> list[Word]:
    """split_at_borders' cuts: at each border, a break in the run (a gap unlike
    its `spacing`), or where the next cell's text starts out of a wrapping cell."""
    yc = word.box.yc
    slack = DEFAULT_SPACING_SLACK if spacing else DEFAULT_ADVANCE_SLACK
    out = [word]
    for x in borders:
        last = out[-1]
        spans = last.spans
        # The break in the run nearest the border, among the pairs of characters
        # the border passes over: the next cell's text may start inside the last
        # glyph's advance (Impress: `、` is drawn in the left of its box).
        gaps = _gaps(spans)
        breaks = [
            k
            for k in range(1, len(spans))
            if spans[k - 1][0] < x < spans[k][1] and abs(gaps[k - 1] - spacing) > slack * last.size
        ]
        if breaks:
            cut = min(breaks, key=lambda k: abs((spans[k][0] + spans[k - 1][1]) / 2 - x))
        elif (
            not spacing
            and (cell := index.at(last.box.x0, last.box.yc)) is not None
            and (
                nxt_text := _other_words(
                    owned, index.at(x + DEFAULT_HALF_GLYPH * last.size, yc), word
                )
            )
            is not None
            and (cell in wrapping or nxt_text)
            and not _on_line(nxt_text, word)
        ):
            # At its advance, but out of a cell that wraps its text onto more
            # lines, or into a cell with text of its own on other lines: text
            # overflows only into an empty cell, and a wrapping cell never runs
            # over its border (Impress starts the next cell's text at its
            # advance, one padding past the border, and a last `、` or `。`
            # reaches over the border by its blank half). The next cell's text
            # starts where its other lines start; in an empty cell, as far past
            # the border as this cell's text (its lines' starts, not this
            # run's: `踏まえ、` | `「アナ…`) starts past its own left border.
            # (No cut when that is the word's own end: the glyph over the
            # border is this cell's last.)
            theirs = [w.box.x0 for w in nxt_text if w.box.x0 >= x]
            mine = [w.box.x0 for w in (owned or {}).get(cell, ())]
            pad = max(0.0, min([last.box.x0, *mine]) - index.boxes[cell].x0)
            start = min(theirs) if theirs else x + pad
            starts = [a for a, _ in spans] + [spans[-1][1]]
            cut = min(range(len(starts)), key=lambda k: abs(starts[k] - start))
            # Only where a character starts there (DEFAULT_NEXT_TEXT_SLACK): a
            # glyph a line-end rule pushed over the border starts anywhere.
            # And the rest must fit the cell it starts in, as a wrapped line does.
            near = DEFAULT_NEXT_TEXT_SLACK * last.size
            nxt = index.at(starts[cut] + near, yc) if 0 < cut < len(spans) else None
            if (
                nxt is None
                or abs(starts[cut] - start) > near
                or ink_end(word) > index.boxes[nxt].x1 + near
            ):
                continue
        else:
            continue
        parts = split_word_before(last, cut)
        if parts is not None:
            out[-1:] = list(parts)
    return out


def _each_centred(pieces: Sequence[Word], index: _CellIndex, spacing: float) -> bool:
    """Whether each piece of a spaced run stands centred in the cell holding it
    (within its spacing and half a glyph): labels spread one per cell."""
    for piece in pieces:
        cell = index.at(piece.box.xc, piece.box.yc)
        if cell is None:
            return False
        slack = spacing + DEFAULT_HALF_GLYPH * piece.size
        if abs(index.boxes[cell].xc - piece.box.xc) > slack:
            return False
    return True


def _cut_at_borders(index: _CellIndex, words: Sequence[Word]) -> list[Word]:
    """The words among the cells of `index`, each cut where a border passes
    through it (split_at_borders), given which cells wrap their text."""
    owned: dict[int, list[Word]] = {}
    for whole in words:
        owned.setdefault(index.owner(whole), []).append(whole)
    # Cells whose text stands on more than one line: they wrap, never overflow.
    wrapping = {
        i
        for i, ws in owned.items()
        if max(w.box.yc for w in ws) - min(w.box.yc for w in ws)
        > DEFAULT_SAME_LINE_RATIO * ws[0].size
    }
    return [w for whole in words for w in split_at_borders(whole, index, wrapping, owned)]


def row_words_cut_at_borders(words: Sequence[Word], bounds: Sequence[float]) -> list[Word]:
    """The words of one row without rules of its own, cut where the column
    borders `bounds` (outer ones included) pass, as boxes_to_rows cuts them."""
    if not words or len(bounds) < 3:
        return list(words)
    top = min(w.box.top for w in words)
    bottom = max(w.box.bottom for w in words)
    boxes = [Box(a, top, b, bottom) for a, b in pairwise(bounds)]
    return _cut_at_borders(_CellIndex(boxes), words)


def boxes_to_rows(page: int, grid: Sequence[Sequence[Box]], words: Sequence[Word]) -> list[Row]:
    """Cell boxes (row by row) and the words among them → rows of cells.

    Each word goes to the cell its centre falls in, or the nearest one: words,
    not characters, so text overflowing a border is not cut in two — unless a
    border between two cells passes through a word at a break in its run
    (split_at_borders).
    """
    flat = [b for row in grid for b in row]
    index = _CellIndex(flat)
    owner: dict[int, list[Word]] = {}
    for w in _cut_at_borders(index, words):
        owner.setdefault(index.owner(w), []).append(w)
    rows: list[Row] = []
    n = 0
    for row_boxes in grid:
        cells = []
        for b in row_boxes:
            ws = tuple(owner.get(n, ()))
            cells.append(Cell(b, words_to_text(ws, box=b), ws))
            n += 1
        rows.append(Row(page, union(list(row_boxes)), tuple(cells)))
    return rows


def split_row(row: Row, bounds: Sequence[float]) -> Row:
    """Re-cut a row's words by other column borders (a headerless continuation)."""
    edges = [row.box.x0, *[b for b in bounds if row.box.x0 < b < row.box.x1], row.box.x1]
    boxes = [Box(a, row.box.top, b, row.box.bottom) for a, b in pairwise(edges)]
    return boxes_to_rows(row.page, [boxes], row.words)[0]
