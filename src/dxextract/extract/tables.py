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
Here: the page's entry point (layout_to_items) and the tables printed with no
graphics at all, found from their text (text_blocks_to_components); graphics.py
finds the tables drawn, rows.py the rows their graphics do not enclose, bands.py
turns each into cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from dxextract.extract.alignment import runs_starting_at, words_to_lines
from dxextract.extract.bands import DEFAULT_LONE_ROW_CELLS, build_table, fragments
from dxextract.extract.cells import Item, cluster_positions, union, words_to_line_groups
from dxextract.extract.component import Component
from dxextract.extract.geometry import DEFAULT_SLACK, PageLayout, Segment, Word
from dxextract.extract.graphics import DEFAULT_EM, graphics_to_components
from dxextract.extract.rows import DEFAULT_ROW_SIZE_RATIO, words_are_values
from dxextract.extract.values import has_unit

# Tables with no graphics at all: lines further apart than this many font sizes
# are not one table...
DEFAULT_TEXT_BLOCK_GAP = 2.5
# ...and lines of one table further apart than this many font sizes are in
# different rows (the cell padding above and below a row's text).
DEFAULT_TEXT_ROW_GAP = 0.45


def text_blocks_to_components(
    words: Sequence[Word], body_size: float
) -> list[tuple[Component, list[Word]]]:
    """Tables printed with no rule and no shading at all, found from their text.

    A block of lines set close together, at least two of which hold several runs
    of text a column apart, is a table: its rows are where the lines leave a
    wider gap than their leading; its columns come from text alignment, as for
    any table without vertical borders. A larger line (a heading) ends a block;
    a block set larger than `body_size` (the page's text: a title) is none.
    """
    out: list[tuple[Component, list[Word]]] = []
    block: list[list[Word]] = []

    def close() -> None:
        # A table starts with its header and ends with a row, several cells wide:
        # a lone run of text before or after it (a note, a heading) is not a row
        # — unless its runs start where the table's columns do (a row's first
        # line whose cells are full: `職員の意識改革と行 | 仕事の仕組みや進め方、意`).
        while block and fragments(block[0]) < 2 and not _starts_columns(block[0], block):
            block.pop(0)
        while len(block) > 1 and fragments(block[-1]) < 2 and _row_gap(block[-2], block[-1]):
            block.pop()
        wide = [ln for ln in block if fragments(ln) >= 2]
        # One row alone (a KPI row continued at a page's top): at least
        # DEFAULT_LONE_ROW_CELLS runs a column apart, mostly values, two of
        # them with a unit (a letter-spaced heading `I - 4 …` prints a bare
        # digit).
        lone = (
            len(wide) == 1
            and fragments(wide[0]) >= DEFAULT_LONE_ROW_CELLS
            and words_are_values(wide[0])
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
    starts = [w.box.x0 for ln in block if fragments(ln) >= 2 for w in ln]
    return len(cluster_positions({round(s) for s in starts if runs_starting_at(s, line)})) >= 2


def _row_gap(upper: Sequence[Word], lower: Sequence[Word]) -> bool:
    """Whether two lines of a text table are in different rows (not one cell's lines)."""
    gap = min(w.box.top for w in lower) - max(w.box.bottom for w in upper)
    return gap > DEFAULT_TEXT_ROW_GAP * max(w.size for w in lower)


def _block_to_component(block: Sequence[Sequence[Word]]) -> tuple[Component, list[Word]]:
    words = [w for ln in block for w in ln]
    box = union([w.box for w in words])
    cuts = [box.top - DEFAULT_SLACK]
    for upper, lower in pairwise(block):
        if _row_gap(upper, lower):
            bottom = max(w.box.bottom for w in upper)
            cuts.append((bottom + min(w.box.top for w in lower)) / 2)
    cuts.append(box.bottom + DEFAULT_SLACK)
    segments = [Segment(True, y, box.x0 - DEFAULT_SLACK, box.x1 + DEFAULT_SLACK) for y in cuts]
    return Component(segments=segments), words


def layout_to_items(layout: PageLayout) -> list[Item]:
    """A page → its tables and free text lines, top to bottom."""
    comps = graphics_to_components(layout.segments, layout.fills, layout.words)
    boxes = [c.box for c in comps]
    inside: dict[int, list[Word]] = {}
    free: list[Word] = []
    for w in layout.words:
        hits = [
            i for i, b in enumerate(boxes) if b.contains_point(w.box.xc, w.box.yc, DEFAULT_SLACK)
        ]
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
