"""values.py: printed cells → numbers, units and fiscal years.

The examples are the data contract's and the FY2023 report's own cells
(../shared/000_4d565530f8a1ddcb.txt); the properties cover what no table can.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dxextract.contract import Number
from dxextract.errors import ValueParseError
from dxextract.extract.values import (
    MINUS_SIGNS,
    SCALES,
    Quantity,
    find_fiscal_year,
    find_fiscal_years,
    has_unit,
    nfkc_value,
    parse_count,
    parse_fiscal_year,
    parse_percent,
    parse_quantity,
    split_count_and_percent,
)

# Units printed in the FY2023 report's KPI tables; "" is a bare number.
UNITS = ["", "件", "人", "時間", "枚", "PV", "%", "経営体", "施設", "団体", "事業", "台"]


def typed(value: Number | None) -> tuple[type, Number | None]:
    """Compare the type too: 1000 and 1000.0 are equal but JSON prints them apart."""
    return type(value), value


def to_fullwidth(text: str) -> str:
    """ASCII `-1,000.5%` → `－１，０００．５％`, as a Japanese font prints it."""
    return text.translate({code: code + 0xFEE0 for code in range(0x21, 0x7F)})


# --- nfkc_value ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("　１２３　", "123"),
        ("６８％", "68%"),
        ("１，０００", "1,000"),
        ("▲５", "-5"),
        ("⽬標値", "目標値"),  # U+2F6C KANGXI RADICAL EYE
        ("…", "..."),
        ("データ", "データ"),  # the long mark ー is a letter, not a minus
        ("R5取組内容", "R5取組内容"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert nfkc_value(text) == expected


@pytest.mark.parametrize("sign", list(MINUS_SIGNS))
def test_normalize_maps_every_minus_sign_to_ascii(sign: str) -> None:
    assert nfkc_value(f"{sign}1") == "-1"


# --- parse_quantity ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # the data contract
        ("32百万枚", 32000000, "枚"),
        ("250万PV", 2500000, "PV"),
        ("1,000時間", 1000, "時間"),
        ("68%", 68, "%"),
        ("67.4%", 67.4, "%"),
        ("30,000件", 30000, "件"),
        ("138人", 138, "人"),
        ("53人", 53, "人"),
        ("718経営体", 718, "経営体"),
        ("315施設", 315, "施設"),
        ("50団体", 50, "団体"),
        ("7事業", 7, "事業"),
        ("1,000", 1000, None),
        # the report's other cells
        ("15,691時間", 15691, "時間"),
        ("102,769件", 102769, "件"),
        ("0%", 0, "%"),
        # integral values are ints, whatever was printed
        ("68.0%", 68, "%"),
        # space put in by letter-spacing (pitfalls.md)
        ("52 事業", 52, "事業"),
        ("1 億 2,000 万", 120000000, None),
    ],
)
def test_parse_quantity(text: str, value: Number, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (typed(quantity.value), quantity.unit) == (typed(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("１２３", 123, None),
        ("６８％", 68, "%"),
        ("１，０００", 1000, None),
        ("６７．４％", 67.4, "%"),
        ("３２百万枚", 32000000, "枚"),
        ("２５０万ＰＶ", 2500000, "PV"),
        ("１，０００時間", 1000, "時間"),
        ("－５", -5, None),
        ("▲１．５万", -15000, None),
    ],
)
def test_parse_quantity_full_width(text: str, value: Number, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (typed(quantity.value), quantity.unit) == (typed(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("5千", 5000, None),
        ("2万", 20000, None),
        ("3百万", 3000000, None),
        ("4億", 400000000, None),
        ("1兆", 10**12, None),
        ("5千万円", 50000000, "円"),
        ("1億2,000万", 120000000, None),
        ("1億2000万円", 120000000, "円"),
        ("1兆5億", 1000500000000, None),
        ("1万5000人", 15000, "人"),
        ("1.5万", 15000, None),
        ("2.5億", 250000000, None),
        ("1.23456万", 12345.6, None),
        # exact: in floats 1.1 * 10**4 is 11000.000000000002 and 0.3 * 10**3 is 300.00000000000006
        ("1.1万", 11000, None),
        ("0.3千", 300, None),
    ],
)
def test_parse_quantity_scale_words(text: str, value: Number, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (typed(quantity.value), quantity.unit) == (typed(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("-5", -5, None),
        ("▲5", -5, None),
        ("△5", -5, None),
        ("－5", -5, None),
        ("−5", -5, None),
        ("▲ 5", -5, None),
        ("▲1,000件", -1000, "件"),
        ("△67.4%", -67.4, "%"),
        ("▲1.5万", -15000, None),
        ("-0", 0, None),
    ],
)
def test_parse_quantity_negative(text: str, value: Number, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (typed(quantity.value), quantity.unit) == (typed(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        *("—", "-", "－", "―", "‐", "ー", "–", "−", "", " ", "　", "\n", "…", " - ", "—※1", "※1"),
        # Other producers' dashes (pitfalls.md): what Chromium writes for — with
        # IPAex fonts (U+0336 alone), box drawing, figure dash, a run of them.
        *("\u0336", "─", "‒", "──", "ーー", " \u0336 "),
    ],
)
def test_parse_quantity_not_published(text: str) -> None:
    assert parse_quantity(text) == Quantity(None, None)
    assert parse_quantity(text, unit_hint="件") == Quantity(None, None)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("68%※1", 68, "%"),
        ("1,000時間※３", 1000, "時間"),
        ("50団体 ※2", 50, "団体"),
        ("7事業※1※2", 7, "事業"),
        ("1,000※1", 1000, None),
    ],
)
def test_parse_quantity_ignores_footnote_marks(text: str, value: Number, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (typed(quantity.value), quantity.unit) == (typed(value), unit)


@pytest.mark.parametrize(
    ("text", "unit_hint", "expected"),
    [
        ("1,000", "件", Quantity(1000, "件")),
        ("1,000", None, Quantity(1000, None)),
        ("68%", "件", Quantity(68, "%")),  # a printed unit wins over the hint
    ],
)
def test_parse_quantity_unit_hint(text: str, unit_hint: str | None, expected: Quantity) -> None:
    assert parse_quantity(text, unit_hint=unit_hint) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("約半数", "not a number with a unit: '約半数'"),
        ("A+", "not a number with a unit: 'A+'"),
        ("約100件", "not a number with a unit: '約100件'"),
        ("R5", "not a number with a unit: 'R5'"),
        ("1,00", "not a number with a unit: '1,00'"),
        ("1.2.3", "not a number with a unit: '1.2.3'"),
        ("2万1億", "not a number with a unit: '2万1億'"),
        ("1万50000", "not a number with a unit: '1万50000'"),
        ("5万万", "not a number with a unit: '5万万'"),
        ("万", "not a number with a unit: '万'"),
        ("-件", "not a number with a unit: '-件'"),
        ("--5", "not a number with a unit: '--5'"),
        ("30事業\n57%", "not a number with a unit: '30事業\\n57%'"),
    ],
)
def test_parse_quantity_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_quantity(text)
    assert str(raised.value) == message


def test_quantity_is_frozen() -> None:
    quantity = parse_quantity("68%")
    with pytest.raises(AttributeError):
        quantity.value = 1  # type: ignore[misc]


# --- parse_count and parse_percent -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52事業", 52),
        ("0事業", 0),
        ("７事業", 7),
        ("1,000件", 1000),
        ("-", None),
        ("—", None),
        ("", None),
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert typed(parse_count(text)) == typed(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5事業", "not a count: '1.5事業'"),
        ("▲3事業", "not a count: '▲3事業'"),
        ("68%", "not a count: '68%'"),
        ("約半数", "not a number with a unit: '約半数'"),
    ],
)
def test_parse_count_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_count(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("68%", 68),
        ("100%", 100),
        ("0%", 0),
        ("67.4%", 67.4),
        ("６８％", 68),
        ("68", 68),
        ("-", None),
        ("—", None),
    ],
)
def test_parse_percent(text: str, expected: Number | None) -> None:
    assert typed(parse_percent(text)) == typed(expected)


def test_parse_percent_refuses_another_unit() -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_percent("13事業")
    assert str(raised.value) == "not a percentage: '13事業'"


# --- fiscal years ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和5年度", 2023),
        ("令和５年度", 2023),
        ("R5", 2023),
        ("Ｒ５", 2023),
        ("R5年度", 2023),
        ("R05年度", 2023),
        ("令和6年度", 2024),
        ("令和元年度", 2019),
        ("R元年度", 2019),
        ("平成30年度", 2018),
        ("平成元年度", 1989),
        ("H30年度", 2018),
        ("2023年度", 2023),
        ("２０２３年度", 2023),
        ("FY2023", 2023),
        ("ＦＹ２０２３", 2023),
        ("令 和 ３ 年 度", 2021),  # letter-spacing (pitfalls.md)
        ("㋿5年度", 2023),  # U+32FF SQUARE ERA NAME REIWA
        (" R5年度 ", 2023),
    ],
)
def test_parse_fiscal_year(text: str, expected: int) -> None:
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "令和",
        "令和0年度",
        "令和5年",  # a calendar year, not a fiscal year
        "R5.6月",  # a month
        "R5年3月",
        "2023",
        "FY23",
        "R123",
        "(R5年度)",
        "目標値",
    ],
)
def test_parse_fiscal_year_refuses(text: str) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_fiscal_year(text)
    assert str(raised.value) == f"not a fiscal year: {text!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("目標値 (R6年度)", 2024),
        ("実績値 (R5年度)", 2023),
        ("目標値\n(Ｒ６年度)", 2024),
        ("R5取組内容", 2023),
        ("R5成果・効果", 2023),
        ("R6取組内容", 2024),
        ("令和5年度に実施したDX関連事業の取組実績・成果及び", 2023),
        ("【行政のデジタル変革（DX）】令和5年度 主な取組の進捗状況", 2023),
        ("新たに会計事務にAIチャットボットを導入（R5計4業務）", 2023),
        ("事業所の新規雇用者数（H30年度からの累計）", 2018),
        ("平成30年度から令和5年度まで", 2018),
        ("R5.6月策定 R6年度", 2024),  # the date is skipped, the year after it found
        ("R0 R5", 2023),
        # dates and words, not fiscal years
        ("（R5.6月策定）を策定し、これに基づき見直し工程表（R6.3月策定）を作成した。", None),
        ("防災アプリを令和6年3月に運用開始した。", None),
        ("R5年3月", None),
        ("R5/6", None),
        ("PR5", None),
        ("目標値", None),
        ("", None),
    ],
)
def test_find_fiscal_year(text: str, expected: int | None) -> None:
    assert find_fiscal_year(text) == expected


# --- split_count_and_percent -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13事業68%", (13, 68)),
        ("13事業 68%", (13, 68)),
        ("30事業\n57%", (30, 57)),
        ("6事業 32%", (6, 32)),
        ("１３事業６８％", (13, 68)),
        ("1事業 100%", (1, 100)),
        ("4事業 67.4%", (4, 67.4)),
        ("52事業", (52, None)),
        ("—", (None, None)),
        ("-", (None, None)),
        ("", (None, None)),
    ],
)
def test_split_count_and_percent(text: str, expected: tuple[int | None, Number | None]) -> None:
    count, percent = split_count_and_percent(text)
    assert (typed(count), typed(percent)) == (typed(expected[0]), typed(expected[1]))


@pytest.mark.parametrize("text", ["13%", "13 68%", "約半数", "1.5事業 5%", "13事業 —"])
def test_split_count_and_percent_refuses(text: str) -> None:
    with pytest.raises(ValueParseError) as raised:
        split_count_and_percent(text)
    assert str(raised.value) == f"not a count and a percentage: {text!r}"


# --- properties --------------------------------------------------------------

units = st.sampled_from(UNITS)


@given(n=st.integers(), unit=units)
# Past 28 digits, Decimal's default precision would round the sum and the sign.
@example(n=-(10**40) - 1, unit="件")
def test_thousands_separators_round_trip(n: int, unit: str) -> None:
    quantity = parse_quantity(f"{n:,}{unit}")
    assert (typed(quantity.value), quantity.unit) == (typed(n), unit or None)


@given(n=st.integers().map(lambda k: k * 10000), unit=units)
def test_man_round_trip(n: int, unit: str) -> None:
    quantity = parse_quantity(f"{n // 10000}万{unit}")
    assert (typed(quantity.value), quantity.unit) == (typed(n), unit or None)


@given(oku=st.integers(1, 10**6), man=st.integers(0, 9999), rest=st.integers(0, 9999))
def test_oku_man_round_trip(oku: int, man: int, rest: int) -> None:
    text = f"{oku:,}億{man:,}万{rest:,}"
    assert typed(parse_quantity(text).value) == typed(oku * 10**8 + man * 10**4 + rest)


@given(
    whole=st.integers(0, 10**9),
    fraction=st.from_regex(r"[0-9]{1,8}", fullmatch=True),
    scale=st.sampled_from(sorted(SCALES)),
)
def test_decimal_with_scale_is_exact(whole: int, fraction: str, scale: str) -> None:
    exact = Decimal(f"{whole}.{fraction}") * SCALES[scale]
    value = parse_quantity(f"{whole}.{fraction}{scale}").value
    if exact == exact.to_integral_value():
        assert typed(value) == typed(int(exact))
    else:
        assert typed(value) == typed(float(exact))


def ascii_number_text(sign: str, n: int, commas: bool, fraction: str, scale: str, unit: str) -> str:
    """`-1,234.5万件`, from its parts: what an ASCII-only font would print."""
    digits = f"{n:,}" if commas else str(n)
    return sign + digits + (f".{fraction}" if fraction else "") + scale + unit


ascii_numbers = st.builds(
    ascii_number_text,
    sign=st.sampled_from(["", "-"]),
    n=st.integers(0, 10**12),
    commas=st.booleans(),
    fraction=st.from_regex(r"[0-9]{0,4}", fullmatch=True),
    scale=st.sampled_from(["", "千", "万", "百万", "億", "兆"]),
    unit=st.sampled_from(["", "%", "PV", "件"]),
)


@given(text=ascii_numbers)
def test_full_width_parses_the_same(text: str) -> None:
    ascii_quantity = parse_quantity(text)
    full_width_quantity = parse_quantity(to_fullwidth(text))
    assert ascii_quantity.value is not None
    assert (typed(full_width_quantity.value), full_width_quantity.unit) == (
        typed(ascii_quantity.value),
        ascii_quantity.unit,
    )


@given(
    text=ascii_numbers.filter(lambda text: not text.startswith("-")),
    sign=st.sampled_from(list(MINUS_SIGNS)),
)
def test_any_minus_sign_negates(text: str, sign: str) -> None:
    positive = parse_quantity(text)
    negative = parse_quantity(sign + text)
    assert positive.value is not None
    assert (typed(negative.value), negative.unit) == (typed(-positive.value), positive.unit)


@given(text=ascii_numbers, mark=st.integers(1, 99), full_width=st.booleans())
def test_footnote_mark_is_ignored(text: str, mark: int, full_width: bool) -> None:
    suffix = to_fullwidth(f"※{mark}") if full_width else f"※{mark}"
    assert parse_quantity(text + suffix) == parse_quantity(text)


@given(n=st.integers(0, 10**9))
def test_count_round_trip(n: int) -> None:
    assert typed(parse_count(f"{n:,}事業")) == typed(n)


PARSERS: list[Callable[[str], object]] = [
    parse_quantity,
    parse_count,
    parse_percent,
    parse_fiscal_year,
    split_count_and_percent,
]


@given(text=st.text())
def test_parsers_raise_only_value_parse_error(text: str) -> None:
    # Any other exception (decimal.InvalidOperation, IndexError …) would escape the CLI's handler.
    for parse in PARSERS:
        with contextlib.suppress(ValueParseError):
            parse(text)
    assert find_fiscal_year(text) in (None, *range(1000, 3000))


@given(n=st.integers(1, 99))
def test_reiwa_fiscal_year(n: int) -> None:
    assert parse_fiscal_year(f"令和{n}年度") == 2018 + n
    assert parse_fiscal_year(f"R{n}") == 2018 + n


@given(year=st.integers(1000, 2999))
def test_western_fiscal_year_round_trip(year: int) -> None:
    assert parse_fiscal_year(f"{year}年度") == year
    assert parse_fiscal_year(f"FY{year}") == year
    assert parse_fiscal_year(to_fullwidth(f"FY{year}")) == year


@given(year=st.integers(2019, 2117))
def test_reiwa_round_trip(year: int) -> None:
    assert parse_fiscal_year(f"令和{year - 2018}年度") == year


@given(n=st.integers(1, 99))
def test_find_fiscal_year_in_header(n: int) -> None:
    assert find_fiscal_year(f"目標値 (R{n}年度)") == 2018 + n


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("デジタル変革（DX）に係る令和5年度の実施状況及び令和6年度の事業・実施一覧", [2023, 2024]),
        ("R6年度の実施状況及びR7年度の事業", [2024, 2025]),
        ("2024年度の実施状況及び令和7年度の事業", [2024, 2025]),
        ("令和6年3月に運用開始", []),
    ],
)
def test_find_fiscal_years_in_order(text: str, years: list[int]) -> None:
    assert find_fiscal_years(text) == years


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("81事業", True),
        ("57%", True),
        ("32百万枚", True),
        ("756経営体", True),
        ("1,000", False),  # a bare number
        ("4", False),
        ("—", False),  # not published
        ("達成", False),
        ("3の取組を支える基盤整備", False),  # a heading's text after its code's digit
        ("1～I", False),
    ],
)
def test_a_value_with_a_unit_is_a_number_and_a_short_word(text: str, unit: bool) -> None:
    assert has_unit(text) is unit
