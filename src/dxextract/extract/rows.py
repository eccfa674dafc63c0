"""Rows a table's graphics do not enclose: rows beside and under a shaded header
claimed at the table's own pitch and padding (distances relative to the text,
never in points); unruled_rows.py splits the rows a band holds with no rule
between them."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from dxextract.extract.alignment import aligned_bounds, words_to_lines
from dxextract.extract.bands import (
    bands_to_groups,
    component_to_bands,
    fragments,
    runs_across,
    voting_rows,
)
from dxextract.extract.cells import DEFAULT_SAME_LINE_RATIO, DEFAULT_SNAP, words_to_line_groups
from dxextract.extract.component import Band, Component
from dxextract.extract.cutting import row_words_cut_at_borders
from dxextract.extract.geometry import DEFAULT_SLACK, Box, Segment, Word
from dxextract.extract.values import is_not_published, is_value, nfkc_value

# The mark a note starts with (注記: `※ KPIの設定がなじまない取組項目`).
NOTE_MARK = "※"


# Rows claimed under a table at the pitch of the rows above (at least this many
# rows to measure it from), give or take this share of it.
DEFAULT_PITCH_ROWS = 3
DEFAULT_PITCH_SLACK = 0.15


# Text between two parts of a table larger than this times the table's own text
# is a heading, not a row of cells.
DEFAULT_ROW_SIZE_RATIO = 1.15


# A one-row strip of cells drawn this many font sizes or less below a table,
# with nothing between, is the table's last row (a 合計 row set apart); a
# separate table or box stands further off, or is not one row of cells.
DEFAULT_CLOSING_GAP_RATIO = 2.0


# Lines of one row are at most this many font sizes apart (their leading).
DEFAULT_LINE_GAP_RATIO = 1.0


# Lines of one row under a table's last edge are at most this many font sizes apart.
DEFAULT_ROW_LINE_GAP_RATIO = 0.6


# Text just outside a table's edge is a row of it when it stands off that edge at
# most this many times the table's own cell padding (the space between a row's
# rule and its text); a heading under a table stands a paragraph's space off.
DEFAULT_CLAIM_PADDING_RATIO = 2.0
# A line starting left of a table's box by more than this many of its font sizes
# stands outside the table (a heading, `I-4 I-1〜I-3の…`), not in its first column.
DEFAULT_OUTDENT_RATIO = 0.5


def words_to_row_blocks(words: Sequence[Word]) -> list[list[Word]]:
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


def closes_table(upper: Component, lower: Component, words: Sequence[Word]) -> bool:
    """A strip of one row drawn apart just below a table, its cells under the
    table's columns: the table's last row (a totals row set off by a gap).

    A heading bar or a note box below a table is one run of text, and the next
    table has a header row over its own rows: neither is one row of cells."""
    up, low = component_to_bands(upper), component_to_bands(lower)
    if len(up) < 2 or len(low) != 1:
        return False
    row = [w for w in words if lower.box.contains_point(w.box.xc, w.box.yc)]
    sizes = sizes_inside(upper, words)
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
    return words_form_row(row, bounds, sizes) and _prints_values(row)


def _prints_values(row: Sequence[Word]) -> bool:
    """Whether most runs of text in a row are values (`81事業`, `57%`): a totals
    row; the next table's header strip (`項目 | R5取組内容 …`) prints none."""
    texts = [line.text for line in words_to_lines(0, row)]
    values = sum(1 for text in texts if is_value(text))
    return values >= max(2, len(texts) // 2)


def span(words: Sequence[Word]) -> tuple[float, float]:
    """The (top, bottom) of a block of words: one row, however many lines it wraps to."""
    return min(w.box.top for w in words), max(w.box.bottom for w in words)


def has_cells(band: Band, words: Sequence[Word]) -> bool:
    """Whether a row without borders holds several cells: runs of text a column apart."""
    own = [w for w in words if band.top <= w.box.yc <= band.bottom]
    return any(fragments(line) >= 2 for line in words_to_line_groups(own))


def sizes_inside(comp: Component, words: Sequence[Word]) -> list[float]:
    box = comp.box
    return sorted(w.size for w in words if box.contains_point(w.box.xc, w.box.yc))


def words_form_row(row: Sequence[Word], bounds: Sequence[float], sizes: Sequence[float]) -> bool:
    """Words outside a table's borders that are one more row of it: no larger than
    the table's own text (a heading is larger), none running across a column
    border, and in at least two columns (a heading is one run of text)."""
    if sizes and max(w.size for w in row) > DEFAULT_ROW_SIZE_RATIO * sizes[len(sizes) // 2]:
        return False
    inner = bounds[1:-1]
    columns = set()
    for w in row_words_cut_at_borders(row, bounds):
        if any(runs_across(w, b) for b in inner):
            return False
        columns.add(sum(1 for b in inner if b <= w.box.xc))
    return len(columns) >= 2


def claim_rows_beside(comp: Component, others: Sequence[Component], words: Sequence[Word]) -> None:
    """Give a table the rows printed just outside its rules, above or below.

    A table continued from the previous page without its header may start with a
    row that has no rule above it; a table whose data rows have neither rules nor
    shading (only its header is shaded) has its rows under its last edge. Such
    text joins the table when it lines up with its columns (words_form_row) and
    stands as close to the edge as the table's own text stands to its rules (a
    heading stands a paragraph's space off) — or, under the rows, when its first
    line prints values a blank line apart (a 合計 row). One row at a time: the
    caller claims again once the rows claimed are ruled off.
    """
    beside = _Beside(comp, others, words)
    if not beside.bands:
        return
    beside.claim_above()
    beside.claim_below()


class _Beside:
    """What claim_rows_beside weighs, taken once before it adds a rule (the
    component's box, bands and text as they were): the words above and below
    the table up to the next table, its text sizes and cell padding."""

    def __init__(self, comp: Component, others: Sequence[Component], words: Sequence[Word]):
        self.comp, self.words = comp, words
        box = self.box = comp.box
        near = [o.box for o in others if o is not comp and o.box.x0 < box.x1 and box.x0 < o.box.x1]
        ceiling = max((b.bottom for b in near if b.bottom <= box.top + DEFAULT_SNAP), default=0.0)
        self.floor = min((b.top for b in near if b.top >= box.bottom - DEFAULT_SNAP), default=1e9)
        inside_x = [w for w in words if box.x0 - 1 <= w.box.x0 and w.box.x1 <= box.x1 + 1]
        self.above = sorted(
            (w for w in inside_x if ceiling < w.box.yc < box.top), key=lambda w: -w.box.bottom
        )
        self.below = sorted(
            (w for w in inside_x if box.bottom < w.box.yc < self.floor), key=lambda w: w.box.top
        )
        self.bands = component_to_bands(comp)
        if not self.bands:
            return
        self.sizes = sizes_inside(comp, words)
        self.inside = [w for w in words if box.contains_point(w.box.xc, w.box.yc)]
        padding = cell_padding(self.bands, self.inside)
        self.pad_top: float | None = padding[0] if padding is not None else None
        self.pad_bottom: float | None = padding[1] if padding is not None else None

    def bounds_with(self, block: Sequence[Word], first: bool) -> list[float]:
        """The column borders a row next to the table's first (or last) rows must fit."""
        bands, box = self.bands, self.box
        ruled = [b.bounds for b in bands if len(b.bounds) > 2]
        if ruled:
            return ruled[0] if first else ruled[-1]
        if len(bands) == 1 and not has_cells(bands[0], self.inside):
            return [box.x0, box.x1]  # a box of one run of text (a title bar) has no columns
        # No vertical border at all: the columns come from the text of the block
        # and of the rows next to it (under the same header shading).
        groups = bands_to_groups(self.comp, bands)
        group = groups[0] if first else groups[-1]
        rows = [*voting_rows(self.comp, group), span(block)]
        text = [w for w in self.inside if group[0].top <= w.box.yc <= group[-1].bottom]
        return [box.x0, *aligned_bounds(box, rows, [*text, *block]), box.x1]

    def claim_above(self) -> None:
        """A row just above the table's top edge, ruled off into it."""
        box = self.box
        block: list[Word] = []
        edge = box.top
        for w in self.above:
            if edge - w.box.bottom > DEFAULT_LINE_GAP_RATIO * w.size:
                break
            block.append(w)
            edge = min(edge, w.box.top)
        near_enough = not block or padding_fits(
            box.top - max(w.box.bottom for w in block), self.pad_bottom, block
        )
        if not (block and near_enough) and self.above and len(self.bands) >= 2:
            block, near_enough, edge = self._spaced_row_above(edge)
        if block and words_left_of(box, self.words, min(w.box.top for w in block), box.top):
            return  # a line starting left of the table: a heading (`I-4 I-1〜I-3の…`)
        if (
            block
            and near_enough
            and words_form_row(block, self.bounds_with(block, True), self.sizes)
        ):
            self.comp.add(segment=Segment(True, edge - DEFAULT_SLACK, box.x0, box.x1))

    def _spaced_row_above(self, edge: float) -> tuple[list[Word], bool, float]:
        """Rows spaced out above the table (a table continued on a new page
        without its header, rows floating over its 合計 strip): a row whose
        first line stands where the pitch of the rows below puts it, and prints
        values."""
        tops = sorted(_text_tops(self.bands, self.inside))
        if len(tops) < 2:
            return [], False, edge
        pitch = max(b - a for a, b in pairwise(tops))
        reach = tops[0] - (1 + DEFAULT_PITCH_SLACK) * pitch
        block = [w for w in self.above if w.box.top >= reach]
        near_enough = bool(block) and any(
            words_are_values(line) for line in words_to_line_groups(block)
        )
        return block, near_enough, min((w.box.top for w in block), default=edge)

    def claim_below(self) -> None:
        """A row just under the table's bottom edge, ruled off into it: the
        longest run of its first lines that is one row."""
        box, below = self.box, self.below
        block = _lines_below(below, box.bottom, DEFAULT_LINE_GAP_RATIO)
        near_enough = not block or padding_fits(
            min(w.box.top for w in block) - box.bottom, self.pad_top, block
        )
        if not (block and near_enough) and below and len(self.bands) >= 2:
            block = self._spaced_row_below()
            near_enough = bool(block) and words_are_values(words_to_line_groups(block)[0])
        if not (block and near_enough):
            return
        lines = self._lines_of_the_row(block)
        for k in range(len(lines), 0, -1):
            row = [w for line in lines[:k] for w in line]
            if words_form_row(row, self.bounds_with(row, False), self.sizes):
                bottom = max(w.box.bottom for w in row) + DEFAULT_SLACK
                self.comp.add(segment=Segment(True, bottom, box.x0, box.x1))
                return

    def _spaced_row_below(self) -> list[Word]:
        """A row of values set a blank line apart under the rows (a 合計 row,
        rows spaced out): the table's next row, as closes_table has it for a
        drawn strip; spaced out further, where the pitch of the rows above puts
        it (a one-line row under two-line ones)."""
        box, below = self.box, self.below
        block = _lines_below(below, box.bottom, DEFAULT_CLOSING_GAP_RATIO)
        spaced = _row_pitch(self.bands, self.inside)
        if not block and spaced is not None:
            last_top, pitch = spaced
            limit = last_top + (1 + DEFAULT_PITCH_SLACK) * pitch
            block = _lines_below(below, box.bottom, max((limit - box.bottom) / below[0].size, 0))
        return block

    def _lines_of_the_row(self, block: list[Word]) -> list[list[Word]]:
        """The block's lines up to the first that runs out of the table's sides: a
        note or a heading set close under the last row (`※ KPIの設定が…`, its ※
        left of the table) is not part of the row."""
        lines = words_to_line_groups(block)
        outside = words_left_of(self.box, self.words, self.box.bottom, self.floor)
        for n, line in enumerate(lines):
            tol = DEFAULT_SAME_LINE_RATIO * line[0].size
            if any(abs(w.box.yc - line[0].box.yc) <= tol for w in outside):
                return lines[:n]
        return lines


def words_left_of(box: Box, words: Sequence[Word], top: float, bottom: float) -> list[Word]:
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
            w.box.x0 < box.x0 - DEFAULT_OUTDENT_RATIO * w.size
            or (w.text.startswith(NOTE_MARK) and w.box.x0 < box.x0 + w.size)
        )
    ]


def _text_tops(bands: Sequence[Band], inside: Sequence[Word]) -> list[float]:
    """The top of each band's text, for the bands that hold text, in band order."""
    tops = []
    for band in bands:
        own = [w.box.top for w in inside if band.top <= w.box.yc <= band.bottom]
        if own:
            tops.append(min(own))
    return tops


def _row_pitch(bands: Sequence[Band], inside: Sequence[Word]) -> tuple[float, float] | None:
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


def words_are_values(row: Sequence[Word]) -> bool:
    """Whether most printed words of a row are values (`13事業`, `68%`; a dash
    for "not published" is neither), at least two."""
    printed = [w for w in row if not is_not_published(nfkc_value(w.text))]
    values = sum(1 for w in printed if is_value(w.text))
    return values >= max(2, len(printed) // 2)


def cell_padding(bands: Sequence[Band], inside: Sequence[Word]) -> tuple[float, float] | None:
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


def padding_fits(gap: float, padding: float | None, block: Sequence[Word]) -> bool:
    """Whether text `gap` off a table's edge stands as close as its cells' text
    stands to their rules (at least a quarter of an em is always close)."""
    if padding is None:
        return True
    em = sorted(w.size for w in block)[len(block) // 2]
    return gap <= max(DEFAULT_CLAIM_PADDING_RATIO * padding, 0.25 * em)
