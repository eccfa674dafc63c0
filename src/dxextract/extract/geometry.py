"""What a page is made of once read: boxes, words, ruling segments and the page's
layout; the small steps on them every later stage shares (a word split before a
character, fragments of one word joined)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

# Lines of free text farther apart horizontally than this many font sizes are
# separate fragments (a footnote on the left, the page number on the right).
DEFAULT_FRAGMENT_GAP_RATIO = 3.0
# Points of slack where coordinates of the drawing meet: a word's centre on a
# table's border, a rule laid just outside the words it frames, a line drawn as a
# rectangle thinner than this. Far under the smallest print (~6 pt), above the
# rounding of every producer seen.
DEFAULT_SLACK = 1.0


class Box(NamedTuple):
    """A rectangle in PDF points, pdfplumber's top-down coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float
    # For a shaded box: its colour, so that a table's header shading can be told
    # from its banded rows; empty otherwise.
    shade: str = ""

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_bbox(self) -> tuple[float, float, float, float]:
        """The contract's bbox: [x0, top, x1, bottom], rounded to 0.01 pt."""
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))


class Word(NamedTuple):
    """Characters that stand together on one line; `size` is the font size.

    `spans` holds each character's (x0, x1), so that a word a cell border runs
    through can be cut there (split_word_before); empty for a word made by hand.
    `spaced`: the PDF draws a space right before it on its line (a printed gap
    between words, `庵　浮雨`), not a gap of letter-spacing or a cell border.
    """

    text: str
    box: Box
    size: float
    spans: tuple[tuple[float, float], ...] = ()
    spaced: bool = False


def split_word_before(word: Word, n: int) -> tuple[Word, Word] | None:
    """A word cut before its character `n` (where a cell border passes through
    it); None when that leaves a side empty."""
    if len(word.spans) != len(word.text) or n <= 0 or n >= len(word.text):
        return None
    left, right = word.spans[:n], word.spans[n:]
    box = word.box
    return (
        word._replace(
            text=word.text[:n],
            box=Box(left[0][0], box.top, left[-1][1], box.bottom),
            spans=left,
        ),
        Word(word.text[n:], Box(right[0][0], box.top, right[-1][1], box.bottom), word.size, right),
    )


class Segment(NamedTuple):
    """A horizontal (`horizontal=True`: y=pos, x from start to end) or vertical rule."""

    horizontal: bool
    pos: float
    start: float
    end: float


class PageLayout(NamedTuple):
    """What one page holds, as plain values: the input of tables.py.

    `unread` says why a page's text was not read (a scan with an OCR layer)."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    segments: tuple[Segment, ...]
    fills: tuple[Box, ...]
    unread: str = ""


def is_ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_fragments(parts: Sequence[str]) -> str:
    """Join the pieces of one cell or line the way the contract asks.

    No space between two Japanese characters; one space between two Latin
    words (a line ending in a letter or digit followed by one starting with one).
    Spaces inside a piece follow the same rule, so letter-spacing (`合 計`,
    `令 和 ３ 年`) disappears while `Word Excel` keeps its space.
    """
    out = ""
    for part in parts:
        for token in part.split():
            if out and is_ascii_word_char(out[-1]) and is_ascii_word_char(token[0]):
                out += " "
            out += token
    return out
