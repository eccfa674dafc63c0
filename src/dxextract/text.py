"""One place for the look-alike mapping and NFKC: wherever text is compared or stored,
and the keys built from it that pair records across editions.

Producers write look-alikes of ordinary ideographs: Kangxi radicals (⽬ U+2F6C
for 目, docling#2338, mapped by NFKC too), CJK radicals supplement (⺠ U+2EA0 for
民: Chromium with IPAex fonts maps a glyph back to the first code point its font
lists, and NFKC leaves these alone), CJK strokes, CJK compatibility ideographs.
Unicode's own table, EquivalentUnifiedIdeograph.txt (UCD 15.0.0, shipped beside
this module), maps the radicals and strokes; NFKC the compatibility ideographs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

EQUIVALENT_IDEOGRAPHS = Path(__file__).with_name("EquivalentUnifiedIdeograph.txt")
# The blocks that hold look-alikes: CJK radicals supplement and Kangxi radicals,
# CJK strokes, CJK compatibility ideographs (and their supplement).
LOOKALIKE_RANGES = ((0x2E80, 0x2FDF), (0x31C0, 0x31EF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


# A mapping line of the UCD file: a code point or range, `;`, the ideograph.
_MAPPING_RE = r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([0-9A-F]{4,6})"


@cache
def equivalent_ideographs() -> dict[str, str]:
    """UCD's Equivalent_Unified_Ideograph property: radical or stroke → ideograph."""
    table: dict[str, str] = {}
    text = EQUIVALENT_IDEOGRAPHS.read_text(encoding="utf-8")
    # One pass of the regular expression over the file (every start reads it).
    for first, last, target in re.findall(_MAPPING_RE, text, flags=re.MULTILINE):
        ideograph = chr(int(target, 16))
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[chr(code)] = ideograph
    return table


@cache
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in equivalent_ideographs().items()}


_LOOKALIKES = frozenset(chr(c) for lo, hi in LOOKALIKE_RANGES for c in range(lo, hi + 1))


def is_lookalike(ch: str) -> bool:
    return ch in _LOOKALIKES


def lookalike_to_ideograph(ch: str) -> str:
    """One printed character with its look-alike mapped to the ordinary ideograph;
    every other character as printed (full-width digits stay full-width)."""
    if is_lookalike(ch):
        return equivalent_ideographs().get(ch) or unicodedata.normalize("NFKC", ch)
    return ch


def nfkc_compact(text: str) -> str:
    """NFKC without any white space: the form all vocabulary is matched in."""
    return re.sub(r"\s+", "", nfkc(text))


def nfkc(text: str) -> str:
    """NFKC with the look-alikes NFKC leaves alone mapped too (for comparing)."""
    return unicodedata.normalize("NFKC", text).translate(_translation())


# Punctuation, symbols and spaces: none of them tells two initiatives apart.
# In Python's re, `\w` covers kana and ideographs, so `\W` is what is left.
_NOT_WORD = re.compile(r"[\W_]+")


def nfkc_spaced(text: str) -> str:
    """NFKC, with every run of whitespace one space: `ＲＰＡの　導入` → `RPAの 導入`."""
    return " ".join(nfkc(text).split())


def kpi_key(name: str, field_code: str) -> str:
    """The stable key of a KPI across editions: normalised name, then field code."""
    return f"{nfkc_spaced(name)}|{field_code}"


def series_key(report_title: str) -> str:
    """What the editions of one report share: its title with the numbers blanked
    (令和5年度…令和6年度 and 令和6年度…令和7年度 alike)."""
    return re.sub(r"\d+", "N", nfkc(report_title))


def title_key(title: str) -> str:
    """An initiative title without what a re-wording changes: width, spaces, punctuation."""
    return _NOT_WORD.sub("", nfkc(title)).casefold()
