"""What the table finders hand on: cells, rows, tables and free text lines, and
the small steps they share (words → lines → text, words → cells, columns from
text alignment).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import pairwise
from typing import NamedTuple

from dxextract.extract.pdf import (
    DEFAULT_FRAGMENT_GAP_RATIO,
    Box,
    Word,
    is_ascii_word_char,
    join_fragments,
    split_word_before,
)

# Without vertical rules, a column gap is white space at least this many font sizes
# (two cell paddings can be as narrow as this)
# wide, in at least this share of the rows that have text.
DEFAULT_ALIGN_GAP_RATIO = 0.35
DEFAULT_ALIGN_SUPPORT = 0.75
# A narrower gap is a column's too where this many lines of the row start a run
# at its right end (within this many font sizes): the cell's left text edge.
DEFAULT_ALIGNED_STARTS = 3
DEFAULT_START_SLACK = 0.25
# Positions closer than this (pt) are one border (see cluster_positions).
DEFAULT_SNAP = 3.0
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
# Two words are on one line when their centres are closer than this share of the font size.
DEFAULT_SAME_LINE_RATIO = 0.5
# A run crossing a border out of a wrapping cell is the next cell's text from
# the character that starts within this many font sizes of where that cell's
# text starts (its border plus the cell padding).
DEFAULT_NEXT_TEXT_SLACK = 0.15
# Punctuation set in the left half of its full-width box (JIS X 4051 句読点類,
# 終わり括弧類), which may stand past a line's end: kinsoku keeps it off the
# next line's start (ぶら下げ; a browser lets `）` overflow its cell). Where a
# border is concerned it counts to this share of its box (a rule drawn through
# its blank right part does not cut it).
HANGING_PUNCTUATION = frozenset("、。，．,.）」』】〕〉》］｝〗〙")
DEFAULT_HANGING_INK = 0.25


class Cell(NamedTuple):
    box: Box
    text: str
    words: tuple[Word, ...] = ()


class Row(NamedTuple):
    page: int
    box: Box
    cells: tuple[Cell, ...]

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def words(self) -> list[Word]:
        return [w for c in self.cells for w in c.words]


class Table(NamedTuple):
    page: int
    box: Box
    rows: tuple[Row, ...]
    # How its borders were found: "ruled", "shaded", "mixed" (both), "aligned"
    # (rules but no vertical border: columns from text alignment) or "text" (no
    # graphics at all).
    method: str


class TextLine(NamedTuple):
    page: int
    box: Box
    text: str
    size: float


Item = Table | TextLine


def cluster_positions(values: Iterable[float], snap: float = DEFAULT_SNAP) -> list[float]:
    """Sorted positions with those closer than `snap` merged to their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= snap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def union(boxes: Sequence[Box]) -> Box:
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


def words_to_line_groups(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines (by their vertical centre), top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box.yc, w.box.x0)):
        last = lines[-1][0] if lines else None
        if last is not None and abs(last.box.yc - w.box.yc) <= DEFAULT_SAME_LINE_RATIO * min(
            last.size, w.size
        ):
            lines[-1].append(w)
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.box.x0)
    return lines


def words_to_reading_lines(words: Sequence[Word]) -> list[list[Word]]:
    """The lines of one cell in reading order: runs of text standing side by side
    in the cell, none on another's lines, are read one after the other, each top
    to bottom (Calc prints a count cell wrapping `13事` / `業` and its share
    `68%` centred beside it in one ruled cell: `13事業` then `68%`, never
    `13事68%業`). Words of one line (a shared baseline) are never parted."""
    blocks: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.box.x0):
        if blocks and w.box.x0 < max(o.box.x1 for o in blocks[-1]):
            blocks[-1].append(w)
        else:
            blocks.append([w])
    merged: list[list[Word]] = []
    for block in blocks:
        if merged and _share_a_line(merged[-1], block):
            merged[-1].extend(block)
        else:
            merged.append(block)
    return [line for block in merged for line in words_to_line_groups(block)]


def _share_a_line(left: Sequence[Word], right: Sequence[Word]) -> bool:
    """Whether two runs of text stand on a common baseline (a quarter em apart)."""
    return any(
        abs(a.box.bottom - b.box.bottom) <= 0.25 * min(a.size, b.size) for a in left for b in right
    )


def words_to_text(words: Sequence[Word], keep_spaces: bool = False, box: Box | None = None) -> str:
    """Words of one cell → its text: lines top to bottom, each left to right.

    With `keep_spaces`, a space the PDF draws between two words of a line stays
    one space (what a person reads as a gap, `庵 浮雨`); wrapped lines are still
    joined by the contract's rule, except a word the producer broke because it
    did not fit its line (`110,00` / `0件` in the cell `box`: see
    lines_break_a_word)."""
    lines = words_to_reading_lines(words)
    out = ""
    for i, line in enumerate(lines):
        glued = i > 0 and box is not None and lines_break_a_word(lines[i - 1], line, lines, box)
        if not keep_spaces:
            text = join_fragments([w.text for w in line])
            out = out + text if glued else join_fragments([out, text])
            continue
        # Spaces between single characters are letter-spacing (`北 海 道`, `合 計`).
        spaced_letters = all(len(w.text) == 1 for w in line)
        for j, w in enumerate(line):
            latin = bool(out) and is_ascii_word_char(out[-1]) and is_ascii_word_char(w.text[0])
            gap = j and w.spaced and not spaced_letters
            out += (" " if gap or (latin and not (glued and j == 0)) else "") + w.text
    return out


def lines_break_a_word(
    above: Sequence[Word], below: Sequence[Word], lines: Sequence[Sequence[Word]], box: Box
) -> bool:
    """Whether the line break between two lines of a cell falls inside one word.

    Between two Latin letters or digits a wrapped line is read with a space
    (join_fragments), as a line is broken where a space was. A producer breaks
    inside a word only when the word is longer than the line (UAX #14's
    emergency break: `110,000件` in a narrow KPI cell prints `110,00` / `0件`):
    then the word fills its line alone, and the line had no room for the next
    line's first character. The room is the cell's width less its padding on
    both sides, the padding being the narrowest gap between a line and the
    cell's sides."""
    last, first = above[-1], below[0]
    if len(above) != 1 or not last.text or not first.text:
        return False
    if not (is_ascii_word_char(last.text[-1]) and is_ascii_word_char(first.text[0])):
        return False
    padding = max(
        0.0, min(min(ln[0].box.x0 - box.x0, box.x1 - ln[-1].box.x1) for ln in lines if ln)
    )
    room = box.width - 2 * padding - last.box.width
    glyph = first.spans[0][1] - first.spans[0][0] if first.spans else 0.5 * first.size
    return room < glyph


def ink_end(word: Word) -> float:
    """Where a run's text ends: a last `、`, `。` or `）` may stand past the
    line's end by the blank half of its box (DEFAULT_HANGING_INK)."""
    if len(word.spans) == len(word.text) > 1 and word.text[-1] in HANGING_PUNCTUATION:
        return min(word.box.x1, word.spans[-1][0] + DEFAULT_HANGING_INK * word.size)
    return word.box.x1


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
            and (nxt_text := _other_words(owned, index.at(x + 0.5 * last.size, yc), word))
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
        slack = spacing + 0.5 * piece.size
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
