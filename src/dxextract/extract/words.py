"""A page's visible characters → words: CJK-aware breaks (a gap wider than the
text's own spacing, a change of size or line), letter-spaced labels kept whole,
runs broken where another run starts over them."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from dxextract.extract.geometry import Box, Word
from dxextract.text import lookalike_to_ideograph

# Two characters on one line farther apart than this share of the font size
# start a new word. Letter-spaced Japanese (`合 計`) splits into words, which is
# harmless: words are joined again inside a cell by join_fragments().
DEFAULT_WORD_GAP_RATIO = 0.3


# Letter-spaced text has gaps of one width between all its characters, no wider
# than this many font sizes; a wider gap is a real one (the next cell).
DEFAULT_LETTER_SPACING_MAX = 1.2


# Letter-spacing gaps are equal (every advance of a CJK font is one em, the extra
# space a constant): gaps further apart than this share are two words or cells.
DEFAULT_LETTER_SPACING_TOLERANCE = 0.15


# Characters of one line differ in size by at most this factor: a much smaller
# or larger text at the same height is another run, never woven in by x.
DEFAULT_LINE_SIZE_RATIO = 2.0


# A character starting this share of its size before the previous one ends was
# drawn by another run of text (Excel clips a cell's overflowing run at its
# border and starts the next cell's text over it: 「…浦和区」「庵」,
# real-pdfs/cashless_kameiten_list_20190821.pdf): a word breaks there. Half an
# em: proportional punctuation overlaps its neighbour less (the （ after その他
# in real-pdfs/mhlw_betsushi1_20211201.pdf overlaps by 0.3 em).
DEFAULT_OVERLAP_RATIO = 0.5
# A character joins a line whose first character's vertical centre is at most this
# many of the smaller font size away from its own...
DEFAULT_LINE_CENTRE_RATIO = 0.3
# ...among the last lines begun (the characters come sorted by centre, so the line a
# character belongs to is one of the last few: superscripts, mixed sizes).
DEFAULT_OPEN_LINES = 4


def chars_to_words(chars: Sequence[dict[str, Any]]) -> list[Word]:
    """Group characters into lines by their vertical centre, then into words by gaps."""
    # Spaces stay in: a space the PDF draws is a word break even when it is narrow.
    glyphs = [c for c in chars if c.get("upright", True) and c["x1"] > c["x0"]]
    glyphs.sort(key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for c in glyphs:
        yc = (c["top"] + c["bottom"]) / 2
        for line in reversed(lines[-DEFAULT_OPEN_LINES:]):
            ref = line[0]
            small, large = sorted((float(ref["size"]), float(c["size"])))
            if (
                abs((ref["top"] + ref["bottom"]) / 2 - yc) <= DEFAULT_LINE_CENTRE_RATIO * small
                and large <= DEFAULT_LINE_SIZE_RATIO * small
            ):
                line.append(c)
                break
        else:
            lines.append([c])
    words: list[Word] = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        # A space the PDF draws breaks words; so does a gap, unless it is letter-spacing.
        for spaced, run in _split_at_spaces(line):
            breaks = _word_breaks(run)
            start = 0
            parts = []
            for i, brk in enumerate(breaks, 1):
                if brk:
                    parts.append((run[start:i], spaced and start == 0))
                    start = i
            parts.append((run[start:], spaced and start == 0))
            # A word all of whose characters are unseen (white on white, outside
            # their clip) is not read; one that runs on from visible text is read
            # whole, as its cell's text: 「その他（その他）」 in
            # real-pdfs/mhlw_betsushi1_20211201.pdf starts with a white その他, and
            # the published reference of that table reads it so.
            words.extend(
                _chars_to_word(part, sp)
                for part, sp in parts
                if not all(c.get("unseen", False) for c in part)
            )
    return words


def _split_at_spaces(line: list[dict[str, Any]]) -> list[tuple[bool, list[dict[str, Any]]]]:
    """A line's runs between drawn spaces, each with whether a space came before it."""
    runs: list[tuple[bool, list[dict[str, Any]]]] = [(False, [])]
    for c in line:
        if str(c["text"]).isspace():
            runs.append((True, []))
        else:
            runs[-1][1].append(c)
    return [(spaced and i > 0, r) for i, (spaced, r) in enumerate(x for x in runs if x[1])]


def _word_breaks(run: list[dict[str, Any]]) -> list[bool]:
    """For each gap between two characters of a run: does a new word start there?

    A gap wider than DEFAULT_WORD_GAP_RATIO font sizes does, except letter-spacing
    (`令 和 ５ 年 度`, `I I - 1`): a gap near one of about the same width, none
    wider than DEFAULT_LETTER_SPACING_MAX font sizes (pdfplumber#1004, #896). Gaps
    of equal width far apart in a line are cell borders, not letter-spacing.
    """
    gaps = [float(b["x0"]) - float(a["x1"]) for a, b in pairwise(run)]
    sizes = [float(b["size"]) for b in run[1:]]
    wide = [g > DEFAULT_WORD_GAP_RATIO * size for g, size in zip(gaps, sizes, strict=True)]
    overlap = [-g > DEFAULT_OVERLAP_RATIO * size for g, size in zip(gaps, sizes, strict=True)]

    def spacing(i: int) -> bool:
        return wide[i] and gaps[i] <= DEFAULT_LETTER_SPACING_MAX * sizes[i]

    def alike(i: int, j: int) -> bool:
        return 0 <= j < len(gaps) and spacing(j) and abs(gaps[i] - gaps[j]) <= tolerance * gaps[i]

    tolerance = DEFAULT_LETTER_SPACING_TOLERANCE
    if len(gaps) == 1:
        return [overlap[0] or (wide[0] and not spacing(0))]  # `I V`, `合 計`: spaced letters
    return [
        overlap[i]
        or (wide[i] and not (spacing(i) and any(alike(i, i + d) for d in (-2, -1, 1, 2))))
        for i in range(len(gaps))
    ]


def _chars_to_word(chars: list[dict[str, Any]], spaced: bool = False) -> Word:
    text = "".join(lookalike_to_ideograph(str(c["text"])) for c in chars)
    box = Box(
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )
    spans = tuple((float(c["x0"]), float(c["x1"])) for c in chars)
    return Word(text, box, max(float(c["size"]) for c in chars), spans, spaced)
