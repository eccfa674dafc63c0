"""Text-layer pitfalls of real editions (the shared pitfalls.md): what a label, code,
year or heading is printed as in a layout (look-alike code points, letter spacing,
field codes and years in other forms). Both engines use them.
"""

from __future__ import annotations

import random
import re
from functools import cache

from .layouts import Layout

# Look-alike code points that Word/PowerPoint exports print for unified ideographs
# (Kangxi radicals; 長 from the CJK radicals supplement). IPAexGothic maps every one to
# the ideograph's own glyph, so the page looks the same and only the text layer differs.
LOOKALIKES = {
    "目": "\u2f6c",  # ⽬
    "行": "\u2f8f",  # ⾏
    "人": "\u2f08",  # ⼈
    "月": "\u2f49",  # ⽉
    "日": "\u2f47",  # ⽇
    "入": "\u2f0a",  # ⼊
    "用": "\u2f64",  # ⽤
    "高": "\u2fbc",  # ⾼
    "手": "\u2f3f",  # ⼿
    "支": "\u2f40",  # ⽀
    "長": "\u2ed1",  # ⻑
    "大": "\u2f24",  # ⼤
    "生": "\u2f63",  # ⽣
    "一": "\u2f00",  # ⼀
}


SHORT_LABEL = 6  # letter spacing only for labels of at most this many characters


# A field code as printed: I-1, I - 2, II, IV, Ⅲ-1, Ⅴ (then a space or the end).
CODE_RE = re.compile(r"(?P<roman>[IVX]+|[\u2160-\u216b])(?:\s*-\s*(?P<num>[0-9]+))?(?=\s|$)")
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
FULLWIDTH = str.maketrans("IVX0123456789-", "ＩＶＸ０１２３４５６７８９－")
YEAR_RE = re.compile(r"令和([0-9]+)年度")


def _rng(layout: Layout, *key: object) -> random.Random:
    """A generator for one choice of one layout (seeded by a string: reproducible)."""
    return random.Random("|".join(map(str, (layout.name, *key))))


@cache
def _lookalike_table(layout: Layout) -> dict[int, str]:
    """The layout's look-alikes: each ideograph of LOOKALIKES with chance 0.7."""
    rr = _rng(layout, "lookalikes")
    return {ord(k): v for k, v in LOOKALIKES.items() if rr.random() < 0.7}


def lookalike(text: str, layout: Layout) -> str:
    return text.translate(_lookalike_table(layout)) if layout.lookalikes else text


def split_code(heading: str) -> tuple[str, str] | None:
    """('I - 2', '行政サービスの向上に向けた取組') for a heading starting with a code."""
    m = CODE_RE.match(heading)
    if m is None or not heading[m.end() :].startswith(" "):
        return None
    return heading[: m.end()], heading[m.end() :].lstrip(" ")


def code_form(code: str, layout: Layout, where: str) -> str:
    """A field code in one of its printed forms (with `fullwidth_codes`, a choice per
    code and place): full-width ＩＩＩ－１, Roman-numeral characters Ⅲ-1, spaced III - 1."""
    m = CODE_RE.fullmatch(code)
    if not layout.fullwidth_codes or m is None:
        return code
    roman = m["roman"]
    n = ord(roman) - 0x215F if roman[0] >= "\u2160" else ROMAN.index(roman)
    form = _rng(layout, "code", where, code).choice(["fullwidth", "roman", "spaced"])
    if form == "fullwidth":
        head, sep = ROMAN[n].translate(FULLWIDTH), "－"
    elif form == "roman":
        head, sep = chr(0x215F + n), "-"
    else:
        head, sep = ROMAN[n], " - "
    if m["num"] is None:
        return head
    num = m["num"].translate(FULLWIDTH) if form == "fullwidth" else m["num"]
    return head + sep + num


def year_form(text: str, layout: Layout, where: str) -> str:
    """令和5年度 in a header cell as 令和５年度, 2023年度 or unchanged (with
    `fullwidth_codes`, a choice per cell)."""
    if not layout.fullwidth_codes:
        return text

    def form(m: re.Match[str]) -> str:
        choice = _rng(layout, "year", where, m[0]).choice(["fullwidth", "western", "kept"])
        if choice == "fullwidth":
            return f"令和{m[1].translate(FULLWIDTH)}年度"
        if choice == "western":
            return f"{2018 + int(m[1])}年度"
        return m[0]

    return YEAR_RE.sub(form, text)


def spaced(text: str, layout: Layout, where: str) -> tuple[str, float]:
    """(text, char_space) of a short label: letter-spaced with `letter_spacing`; 合計
    sometimes 「合 計」 with a real space instead, as the report prints it; in platypus
    (no letter spacing in Paragraphs) always with real spaces."""
    if not layout.letter_spacing or not 2 <= len(text) <= SHORT_LABEL or " " in text:
        return text, 0.0
    if layout.engine == "platypus" or (
        text == "合計" and _rng(layout, "total", where).random() < 0.5
    ):
        return " ".join(text), 0.0
    return text, layout.letter_spacing


def heading_text(text: str, layout: Layout, code: bool = False) -> str:
    """A heading as printed: look-alikes; with `code`, its leading field code in the
    form the layout prints it."""
    split = split_code(text) if code and layout.fullwidth_codes else None
    if split is not None:
        text = f"{code_form(split[0], layout, 'heading')} {split[1]}"
    return lookalike(text, layout)
