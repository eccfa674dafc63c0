"""Text wrapping by the rules the extractor joins lines by (`wrap_text`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .fonts import text_width

# Kinsoku (JIS X 4051, the common subset): no line starts with these …
NO_START = frozenset("、。，．）〕］｝」』】〉》・ー～…‥！？％：；々ゝゞヽヾ")
# … and none ends with these.
NO_END = frozenset("（〔［｛「『【〈《")


def _is_ascii_word_char(ch: str) -> bool:
    return "!" <= ch <= "~"


def _units(text: str) -> Iterator[str]:
    """Unbreakable units: a maximal run of ASCII non-space characters, one space, or
    one other character."""
    i = 0
    while i < len(text):
        j = i + 1
        if _is_ascii_word_char(text[i]):
            while j < len(text) and _is_ascii_word_char(text[j]):
                j += 1
        yield text[i:j]
        i = j


def wrap_text(
    text: str,
    font: str,
    size: float,
    width: float,
    kinsoku: bool = True,
    char_space: float = 0.0,
) -> list[str]:
    """Break `text` into lines no wider than `width`, by the rules the extractor joins by.

    - Never between two ASCII non-space characters: 'ICT', '30,748', '(3,662' stay
      whole; a break goes before or after such a run.
    - A space may be a break; the space is then dropped (lines never start or end with
      one). Between two ASCII words this is the only way to break.
    - Anywhere else between two characters, except (with `kinsoku`) before 、。）」 …
      or after （「 …, in which case the last character moves to the next line.
    - '\\n' forces a break. A unit wider than `width` gets a line of its own (callers
      size columns so that this does not happen).

    `char_space` (em) is letter spacing: every character counts that much wider.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, size, width, kinsoku, char_space))
    return lines


def _wrap_paragraph(
    text: str, font: str, size: float, width: float, kinsoku: bool, char_space: float
) -> list[str]:
    wrapper = _Wrapper(font, size, width, kinsoku, char_space)
    for unit in _units(text):
        wrapper.add(unit)
    return wrapper.finish()


@dataclass
class _Wrapper:
    """One paragraph broken into lines unit by unit: the finished lines and the one
    being filled (its units and their width)."""

    font: str
    size: float
    width: float
    kinsoku: bool
    char_space: float
    lines: list[str] = field(default_factory=list)
    cur: list[str] = field(default_factory=list)
    cur_w: float = 0.0

    def w(self, unit: str) -> float:
        if self.char_space:
            return text_width(unit, self.font, self.size) + self.char_space * self.size * len(unit)
        return text_width(unit, self.font, self.size)

    def add(self, unit: str) -> None:
        if unit == " ":  # a space never starts a line
            if self.cur:
                self.cur.append(unit)
                self.cur_w += self.w(unit)
            return
        unit_w = self.w(unit)
        if self.cur and self.cur_w + unit_w > self.width + 1e-6:
            self._break(unit, unit_w)
        self.cur.append(unit)
        self.cur_w += unit_w

    def _break(self, unit: str, unit_w: float) -> None:
        """End the line before `unit` (or, by kinsoku, before its last characters)."""
        carry = self._kinsoku_carry(unit, unit_w) if self.kinsoku else []
        if carry:
            del self.cur[-len(carry) :]
        self._flush()
        self.cur = carry
        self.cur_w = sum(map(self.w, self.cur))

    def _kinsoku_carry(self, unit: str, unit_w: float) -> list[str]:
        """The characters that move down with `unit`: while the new line would start
        with 、。）… or the old one end with （「…, if what moves still fits on the new
        line; else none."""
        kept, moved, head = list(self.cur), list[str](), unit
        while len(kept) > 1 and kept[-1] != " " and (head[0] in NO_START or kept[-1] in NO_END):
            head = kept.pop()
            moved.insert(0, head)
        if moved and sum(map(self.w, moved)) + unit_w <= self.width + 1e-6:
            return moved
        return []

    def _flush(self) -> None:
        """The line so far, less its trailing spaces, if anything is left."""
        while self.cur and self.cur[-1] == " ":
            self.cur.pop()
        if self.cur:
            self.lines.append("".join(self.cur))

    def finish(self) -> list[str]:
        self._flush()
        return self.lines


def min_unit_width(text: str, font: str, size: float) -> float:
    """The narrowest width at which `wrap_text` keeps every line of `text` inside it:
    the width of its widest unbreakable unit."""
    return max((text_width(u, font, size) for u in _units(text) if u != " "), default=0.0)
