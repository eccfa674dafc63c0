"""Stage 1b: the characters a person sees on a page.

Text nobody sees is no cell text (pitfalls.md): invisible text (rendering mode
3, an OCR layer over a scan), text far smaller than a glyph it lies over, text
white on white or clipped away. pdf.py reads a page's characters through these
steps before it joins them into words.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dxextract.extract.geometry import Box

# A character smaller than this share of the one it lies over is not read: a
# 1-pt text over a 10.95-pt glyph (real-pdfs/mhlw_betsushi1_20210201.pdf: 長崎船
# over the そ of その他) is a leftover nobody sees; Excel's shrink-to-fit text
# is small too, but it overlaps nothing.
DEFAULT_TINY_RATIO = 1 / 3
# A page whose every character is invisible (rendering mode 3) over images
# covering this share of it is a scan with an OCR text layer.
DEFAULT_SCAN_COVER = 0.5
# A colour is white when each component is within this of white (CMYK: of no ink).
DEFAULT_WHITE_SLACK = 0.02
# Text rendering modes that paint nothing (PDF 32000-1, table 106): 3 invisible,
# 7 clip only.
INVISIBLE_MODES = frozenset({3, 7})


def is_white(color: Any) -> bool:
    """True for a colour that prints as white in gray, RGB or CMYK."""
    if color is None:
        return False
    if isinstance(color, tuple):  # as a page's objects give it: a page has a few
        try:
            return _is_white_tuple(color)
        except TypeError:  # a pattern's name or a list inside: not hashable
            pass
    return _is_white(color)


@lru_cache(maxsize=1024)  # a page has a few colours; a long batch, more
def _is_white_tuple(color: tuple[Any, ...]) -> bool:
    return _is_white(color)


def _is_white(color: Any) -> bool:
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        nums = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(nums) == 4:  # CMYK: no ink
        return all(v <= DEFAULT_WHITE_SLACK for v in nums)
    return bool(nums) and all(v >= 1 - DEFAULT_WHITE_SLACK for v in nums)  # gray, RGB


def visible_chars(chars: Sequence[dict[str, Any]], fills: Sequence[Box]) -> list[dict[str, Any]]:
    """The characters a person may see: not invisible (rendering mode 3 or 7) and
    not far smaller than a character they lie over (DEFAULT_TINY_RATIO). Those
    white on white or outside their clipping path are marked `unseen`: whether
    they are read is judged per word (chars_to_words)."""
    seen = [
        {**c, "unseen": True}
        if c.get("clipped", False)
        or (is_white(c.get("non_stroking_color")) and not _on_fill(c, fills))
        else c
        for c in chars
        if c.get("render_mode", 0) not in INVISIBLE_MODES
    ]
    if not seen:
        return seen
    sizes = sorted(float(c["size"]) for c in seen)
    median = sizes[len(sizes) // 2]
    tiny = [c for c in seen if float(c["size"]) < DEFAULT_TINY_RATIO * median]
    if not tiny:
        return seen
    hidden = {id(c) for c in tiny if _lies_over_larger(c, seen)}
    return [c for c in seen if id(c) not in hidden]


def _on_fill(char: dict[str, Any], fills: Sequence[Box]) -> bool:
    """Whether a character stands on a shaded box (white text on a dark header)."""
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(f.contains_point(x, y) for f in fills)


def _lies_over_larger(char: dict[str, Any], chars: Sequence[dict[str, Any]]) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    limit = float(char["size"]) / DEFAULT_TINY_RATIO
    return any(
        float(c["size"]) >= limit and c["x0"] <= x <= c["x1"] and c["top"] <= y <= c["bottom"]
        for c in chars
    )


def is_scanned_page(
    chars: Sequence[dict[str, Any]], images: Sequence[dict[str, Any]], width: float, height: float
) -> bool:
    """A page whose text is all invisible over images covering most of it: a scan
    with an OCR text layer, which is not what was printed."""
    if not chars or any(c.get("render_mode", 0) not in INVISIBLE_MODES for c in chars):
        return False
    area = sum((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) for i in images)
    return bool(area >= DEFAULT_SCAN_COVER * width * height)
