"""Printed cells → numbers, units and fiscal years.

The DX report prints its values for people: `32百万枚`, `６８％`, `1億2,000万`,
`▲5`, `—` for "not published", `令和5年度` or `R5` for a fiscal year. This module
turns such text into plain values for records.py and knows nothing of tables.
Every function starts from `nfkc_value`, so full-width forms and minus signs are
dealt with in one place (pitfalls.md: "Full-width digits and signs").
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext
from functools import cache
from typing import NamedTuple

from dxextract.contract import Number
from dxextract.errors import ValueParseError
from dxextract.text import nfkc

# Japanese tables print a minus as ▲ or △ (accounting style) or as whatever dash
# the author's font offered. NFKC turns only the full-width － into "-" and leaves
# the others alone, so they are mapped after it. The katakana long mark ー is not
# among them: it is a letter inside words such as データ.
MINUS_SIGNS = "▲△−–—―‐－‒"
_MINUS_TO_ASCII = str.maketrans(dict.fromkeys(MINUS_SIGNS, "-"))

# What the report prints for "not published", as `nfkc_value` leaves it: every
# dash has become "-", ー stands in for a dash in some fonts, and NFKC spells the
# ellipsis … as "...". The data contract makes all of them null, never 0.
NULL_MARKERS = frozenset({"", "-", "ー", "..."})
# Marks that print a dash for "not published" in some producer, alone in a cell
# (after nfkc_value): ̶ U+0336 COMBINING LONG STROKE OVERLAY (what Chromium writes
# for — with IPAex fonts), ─ U+2500 box drawing, ‒ U+2012 figure dash, ー the
# long vowel mark, and every minus sign above (nfkc_value made them "-"). A run
# of them (`──`, `--`) is one mark.
DASH_MARKS = "-\u0336\u2500\u2012\u30fc"
_DASHES_ONLY_RE = re.compile(f"[{DASH_MARKS}]+")


def is_not_published(cleaned: str) -> bool:
    """Whether a normalized cell says "not published": empty, a dash-like mark, `...`."""
    return cleaned in NULL_MARKERS or _DASHES_ONLY_RE.fullmatch(cleaned) is not None


# The report's own footnote references (`※1`, `※３`) printed after a value:
# they belong to the note, not to the number or its unit.
_FOOTNOTES_RE = re.compile(r"(?:\s*※\s*[0-9]*)+$")

# Scale words multiply the number before them. 百万 and 千万 are read as one word
# (32百万 = 32×10^6, the style of Japanese accounts); a larger word may be
# followed by smaller ones the Japanese way: 1億2,000万 = 1×10^8 + 2,000×10^4.
SCALES: dict[str, int] = {
    "兆": 10**12,
    "千億": 10**11,
    "百億": 10**10,
    "億": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "万": 10**4,
    "千": 10**3,
}

# Thousands separators must group by three: `1,00` is a misread, not 100.
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# Longest scale word first, so that 百万 is not read as a stray 百 before 万.
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_GROUP_RE = re.compile(rf"\s*({_NUMBER})\s*({_SCALE})?")

# A unit is words and symbols (枚, PV, 時間, %, 経営体). A digit, sign or separator
# left in it, or a scale word at its start, means that the number was not read
# whole (`1,00`, `2万1億`, `R5.6`, `5万万`), so the cell is refused.
_BAD_UNIT_RE = re.compile(r"[0-9+\-.,※]|^[十百千万億兆]")

# Western year 0 of each era: 令和N年度 = 2018 + N, 平成N年度 = 1988 + N (the data
# contract); R and H are the report's abbreviations (`R5取組内容`, `H30年度から`).
# A Western year is its own number.
_YEAR_BASES: dict[str, int] = {
    "reiwa": 2018,
    "heisei": 1988,
    "r": 2018,
    "h": 1988,
    "west": 0,
    "fy": 0,
}
_ERA_N = r"元|[0-9]{1,2}"
# 令和6年3月 and R5.6月 are dates, not fiscal years: an era year needs 年度, except
# the bare R form that the report uses in headers (`R5成果・効果`), which must not
# run on into a month (`R5.6月`, `R5/6`, `R5年3月`) or sit inside a word (`PR5`).
_FISCAL_YEAR = (
    rf"令\s*和\s*(?P<reiwa>{_ERA_N})\s*年\s*度"
    rf"|平\s*成\s*(?P<heisei>{_ERA_N})\s*年\s*度"
    rf"|(?<![A-Za-z0-9])R\s*(?P<r>{_ERA_N})(?:\s*年\s*度|(?![0-9A-Za-z]|[./][0-9]|\s*年))"
    rf"|(?<![A-Za-z0-9])H\s*(?P<h>{_ERA_N})\s*年\s*度"
    r"|(?<![0-9])(?P<west>[12][0-9]{3})\s*年\s*度"
    r"|(?<![A-Za-z0-9])FY\s*(?P<fy>[12][0-9]{3})(?![0-9])"
)

# A summary-table cell `13事業68%`: a count whose unit ends it, then a percentage.
_COUNT_AND_PERCENT = rf"(?P<count>.*[^\s0-9.,\-])\s*(?P<percent>-?\s*(?:{_NUMBER})\s*%)"


# These two are compiled when first used: `dxextract tables` reads no fiscal
# year and no summary cell, and compiling them costs ~0.5 ms at every start.
@cache
def _fiscal_year_re() -> re.Pattern[str]:
    return re.compile(_FISCAL_YEAR)


@cache
def _count_and_percent_re() -> re.Pattern[str]:
    return re.compile(_COUNT_AND_PERCENT, re.DOTALL)


class Quantity(NamedTuple):
    """A printed value: None for both when the report does not publish it."""

    value: Number | None
    unit: str | None


def nfkc_value(text: str) -> str:
    """`▲１，０００ ` → `-1,000`: NFKC, every minus sign as "-", stripped."""
    return nfkc(text).translate(_MINUS_TO_ASCII).strip()


def _decimal_to_number(amount: Decimal) -> Number:
    """An integral amount becomes an int, so that JSON prints 1000, not 1000.0."""
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


def _text_to_amount(text: str) -> tuple[Decimal, str] | None:
    """`1億2,000万人` → (120000000, "人"): scaled groups, largest first, then the rest.

    None when the text does not start with a number.
    """
    total = Decimal(0)
    previous_scale: int | None = None
    position = 0
    # Enough digits that no sum or product is rounded: the default 28 would turn
    # a long printed number into a different one.
    with localcontext(prec=2 * len(text) + 32, Emax=MAX_EMAX, Emin=MIN_EMIN):
        while match := _GROUP_RE.match(text, position):
            scale = SCALES[match[2]] if match[2] else 1
            amount = Decimal(match[1].replace(",", "")) * scale
            # Each group must be smaller than one of the group before (1億2,000万,
            # not 2万1億 or 1万50000); what does not fit is left to the unit check.
            if previous_scale is not None and (scale >= previous_scale or amount >= previous_scale):
                break
            total += amount
            previous_scale = scale
            position = match.end()
    if previous_scale is None:
        return None
    return total, text[position:].strip()


def parse_quantity(text: str, unit_hint: str | None = None) -> Quantity:
    """`32百万枚` → Quantity(32000000, "枚"); `—` → Quantity(None, None).

    A bare number takes `unit_hint` as its unit (the other cells of its KPI row).
    """
    cleaned = _FOOTNOTES_RE.sub("", nfkc_value(text))
    if is_not_published(cleaned):
        return Quantity(None, None)
    negative = cleaned.startswith("-")
    parsed = _text_to_amount(cleaned[1:] if negative else cleaned)
    if parsed is None or _BAD_UNIT_RE.search(parsed[1]):
        raise ValueParseError(f"not a number with a unit: {text!r}")
    amount, unit = parsed
    # copy_negate, not unary minus: it is exact, outside any context's precision.
    signed = amount.copy_negate() if negative else amount
    return Quantity(_decimal_to_number(signed), unit or unit_hint)


def is_value(text: str) -> bool:
    """Whether a printed text is one published value (`81事業`, `57%`, `1,000`)."""
    try:
        return parse_quantity(text).value is not None
    except ValueParseError:
        return False


# What a unit looks like (`事業`, `%`, `経営体`, `kWh`): a short word of
# ideographs, katakana or Latin letters; text after a number (`3の取組を…`, `1～I`) is none.
# (Tested letter by letter: a regular expression's class over the CJK block costs
# more to compile, at every start, than a page's units cost to test.)
DEFAULT_MAX_UNIT_CHARS = 4


def _is_unit_letter(ch: str) -> bool:
    return (
        "\u4e00" <= ch <= "\u9fff" or "\u30a0" <= ch <= "\u30ff" or (ch.isascii() and ch.isalpha())
    )


def is_unit_word(unit: str) -> bool:
    return unit == "%" or (
        0 < len(unit) <= DEFAULT_MAX_UNIT_CHARS and all(_is_unit_letter(ch) for ch in unit)
    )


def has_unit(text: str) -> bool:
    """Whether a printed text is one published value with a unit (`81事業`, `57%`; not `4`)."""
    try:
        unit = parse_quantity(text).unit
    except ValueParseError:
        return False
    return unit is not None and is_unit_word(unit)


def parse_count(text: str) -> int | None:
    """`52事業` → 52, `-` → None: a whole number of things, never negative."""
    quantity = parse_quantity(text)
    if quantity.value is None:
        return None
    if not isinstance(quantity.value, int) or quantity.value < 0 or quantity.unit == "%":
        raise ValueParseError(f"not a count: {text!r}")
    return quantity.value


def parse_percent(text: str) -> Number | None:
    """`68%` → 68, `67.4%` → 67.4, `-` → None; a bare number is taken as a percentage."""
    quantity = parse_quantity(text)
    if quantity.value is None:
        return None
    if quantity.unit not in (None, "%"):
        raise ValueParseError(f"not a percentage: {text!r}")
    return quantity.value


def _match_to_fiscal_year(match: re.Match[str]) -> int | None:
    """The Western fiscal year of a `_FISCAL_YEAR` match; None for year 0 (令和0年度)."""
    for group, base in _YEAR_BASES.items():
        number = match[group]
        if number is not None:
            # 元年 is the first year of an era (令和元年度 = 2019).
            year = 1 if number == "元" else int(number)
            return base + year if year > 0 else None
    return None


def parse_fiscal_year(text: str) -> int:
    """`令和5年度`, `R5`, `R5年度`, `2023年度`, `FY2023` → 2023."""
    match = _fiscal_year_re().fullmatch(nfkc_value(text))
    year = _match_to_fiscal_year(match) if match else None
    if year is None:
        raise ValueParseError(f"not a fiscal year: {text!r}")
    return year


def find_fiscal_years(text: str) -> list[int]:
    """Every fiscal year printed in the text, in order: the title's `令和5年度の実施状況
    及び令和6年度の事業…` → [2023, 2024]."""
    years = (_match_to_fiscal_year(m) for m in _fiscal_year_re().finditer(nfkc_value(text)))
    return [year for year in years if year is not None]


def find_fiscal_year(text: str) -> int | None:
    """`目標値 (R6年度)` → 2024: the first fiscal year printed in the text, if any."""
    years = find_fiscal_years(text)
    return years[0] if years else None


def split_count_and_percent(text: str) -> tuple[int | None, Number | None]:
    """`13事業 68%` → (13, 68), `52事業` → (52, None), `—` → (None, None)."""
    cleaned = _FOOTNOTES_RE.sub("", nfkc_value(text))
    if is_not_published(cleaned):
        return None, None
    match = _count_and_percent_re().fullmatch(cleaned)
    try:
        if match is None:
            # No percentage after the count: the cell is a count alone.
            return parse_count(cleaned), None
        return parse_count(match["count"]), parse_percent(match["percent"])
    except ValueParseError:
        # Name the whole cell, not the half of it that failed.
        raise ValueParseError(f"not a count and a percentage: {text!r}") from None
