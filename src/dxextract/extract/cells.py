"""What the table finders hand on: cells, rows, tables and free text lines, and
the small steps they share (words → lines → text, positions → borders, boxes →
their union). Words are cut into cells in cutting.py; columns come from text
alignment in alignment.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from dxextract.extract.geometry import Box, Word, is_ascii_word_char, join_fragments

# Positions closer than this (pt) are one border (see cluster_positions).
DEFAULT_SNAP = 3.0


# Two words are on one line when their centres are closer than this share of the font size.
DEFAULT_SAME_LINE_RATIO = 0.5


# Punctuation set in the left half of its full-width box (JIS X 4051 句読点類,
# 終わり括弧類), which may stand past a line's end: kinsoku keeps it off the
# next line's start (ぶら下げ; a browser lets `）` overflow its cell). Where a
# border is concerned it counts to this share of its box (a rule drawn through
# its blank right part does not cut it).
HANGING_PUNCTUATION = frozenset("、。，．,.）」』】〕〉》］｝〗〙")
DEFAULT_HANGING_INK = 0.25
# Two runs of text stand on one baseline when their bottoms are at most this many
# of the smaller font size apart.
DEFAULT_BASELINE_RATIO = 0.25


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


# How a table's borders were found: "ruled", "shaded", "mixed" (both), "aligned"
# (rules but no vertical border: columns from text alignment) or "text" (no
# graphics at all).
TableMethod = Literal["ruled", "shaded", "mixed", "aligned", "text"]


class Table(NamedTuple):
    page: int
    box: Box
    rows: tuple[Row, ...]
    method: TableMethod


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
        abs(a.box.bottom - b.box.bottom) <= DEFAULT_BASELINE_RATIO * min(a.size, b.size)
        for a in left
        for b in right
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
