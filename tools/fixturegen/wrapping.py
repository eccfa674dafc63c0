"""Text wrapping by the rules the extractor joins lines by (`wrap_text`)."""

from __future__ import annotations

from collections.abc import Iterator

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


def _wrap_paragraph(  # noqa: C901 (split in the next commit)
    text: str, font: str, size: float, width: float, kinsoku: bool, char_space: float
) -> list[str]:
    def w(unit: str) -> float:
        if char_space:
            return text_width(unit, font, size) + char_space * size * len(unit)
        return text_width(unit, font, size)

    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    for unit in _units(text):
        if unit == " ":
            if cur:
                cur.append(unit)
                cur_w += w(unit)
            continue
        unit_w = w(unit)
        if cur and cur_w + unit_w > width + 1e-6:
            carry: list[str] = []
            if kinsoku:
                # Move characters down while the new line would start with 、。）… or the
                # old one end with （「…, if what moves still fits on the new line.
                kept, moved, head = list(cur), list[str](), unit
                while (
                    len(kept) > 1
                    and kept[-1] != " "
                    and (head[0] in NO_START or kept[-1] in NO_END)
                ):
                    head = kept.pop()
                    moved.insert(0, head)
                if moved and sum(map(w, moved)) + unit_w <= width + 1e-6:
                    cur, carry = kept, moved
            while cur and cur[-1] == " ":
                cur.pop()
            if cur:
                lines.append("".join(cur))
            cur = carry
            cur_w = sum(map(w, cur))
        cur.append(unit)
        cur_w += unit_w
    while cur and cur[-1] == " ":
        cur.pop()
    if cur:
        lines.append("".join(cur))
    return lines


def min_unit_width(text: str, font: str, size: float) -> float:
    """The narrowest width at which `wrap_text` keeps every line of `text` inside it:
    the width of its widest unbreakable unit."""
    return max((text_width(u, font, size) for u in _units(text) if u != " "), default=0.0)
