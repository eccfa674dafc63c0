"""How the office producers' text prints: its width in IPAexGothic, the lines it wraps
to in a cell (for row heights), and printed numbers as Excel number formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

FONT = "IPAexGothic"
FONT_FILE = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")

# ---------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------


@cache
def _advances() -> tuple[dict[int, float], float]:
    from fontTools.ttLib import TTFont

    f = TTFont(str(FONT_FILE))
    upm = f["head"].unitsPerEm
    hmtx = f["hmtx"].metrics
    cmap = f.getBestCmap()
    return {cp: hmtx[g][0] / upm for cp, g in cmap.items()}, 1.0


def char_width(ch: str, size: float) -> float:
    adv, _ = _advances()
    return adv.get(ord(ch), 1.0) * size


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)


NO_START = frozenset("、。，．）〕］｝」』】〉》・ー～…‥！？％：；々ゝゞヽヾ)]},.%:;!?")
NO_END = frozenset("（〔［｛「『【〈《([{")


def _units(text: str) -> Iterator[str]:
    """Unbreakable units: runs of ASCII letters/digits (with .,%-/ inside) and single
    other characters, kinsoku characters glued to their neighbour."""
    units: list[str] = []
    for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9.,%/\-]*|\s|.", text):
        u = m.group()
        if units and (u[0] in NO_START or (units[-1] and units[-1][-1] in NO_END)):
            units[-1] += u
        else:
            units.append(u)
    return iter(units)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x3000


def _spaced_width(unit: str, prev: str, size: float, gap: float) -> float:
    """Width of `unit` after the character `prev`, with `gap` em added at every change
    between CJK and Latin letters or digits (Impress's Asian/Latin autospacing)."""
    w = text_width(unit, size)
    if gap:
        for a, b in zip(prev + unit, unit, strict=False):
            if (_is_cjk(a) and _is_latin(b)) or (_is_latin(a) and _is_cjk(b)):
                w += gap * size
    return w


def wrap_count(text: str, width: float, size: float, latin_gap: float = 0.0) -> int:
    """Lines `text` takes in a cell `width` pt wide (greedy, a little pessimistic:
    LibreOffice's breaking differs in details); `latin_gap`: see _spaced_width."""
    if not text:
        return 1
    lines = 0
    for para in text.split("\n"):
        lines += 1
        x = 0.0
        prev = ""
        for u in _units(para):
            w = _spaced_width(u, prev[-1:] if x > 0 else "", size, latin_gap)
            prev = u
            if x + w > width and x > 0:
                lines += 1
                x = 0.0
            while w > width:  # a unit wider than the cell is broken anywhere
                lines += 1
                w -= width
            x += w
    return lines


# ---------------------------------------------------------------------------------
# Printed numbers as numbers
# ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.(\d+))?(%|[^\d\s.,%\-—－]+)?$")


def as_number(text: str) -> tuple[float, str] | None:
    """(value, Excel number format) printing `text` exactly, or None to keep it text:
    '52事業' -> (52, '0"事業"'), '68%' -> (0.68, '0%'), '1,071時間' -> (1071,
    '#,##0"時間"'), '67.4%' -> (0.674, '0.0%')."""
    m = _NUMBER.match(text)
    if not m:
        return None
    whole, frac, unit = m.group(1), m.group(2) or "", m.group(3) or ""
    grouped = "," in whole
    value = Decimal(whole.replace(",", "") + ("." + frac if frac else ""))
    body = ("#,##0" if grouped else "0") + ("." + "0" * len(frac) if frac else "")
    if unit == "%":
        if grouped:
            return None
        fmt = body + "%"
        value = value / 100
    elif unit:
        if '"' in unit or "\\" in unit:
            return None
        fmt = body + f'"{unit}"'
    else:
        fmt = body
    if format_number(float(value), fmt) != text:
        return None
    return float(value), fmt


def format_number(value: float, fmt: str) -> str:
    """What Calc prints for `value` in one of the formats as_number makes."""
    m = re.match(r'^(#,##0|0)(?:\.(0+))?(%|"([^"]*)")?$', fmt)
    assert m, fmt
    grouped, decimals = m.group(1) == "#,##0", len(m.group(2) or "")
    pct = m.group(3) == "%"
    v = Decimal(str(value)) * (100 if pct else 1)
    s = f"{v:,.{decimals}f}" if grouped else f"{v:.{decimals}f}"
    return s + ("%" if pct else (m.group(4) or ""))
