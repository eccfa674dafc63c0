"""Text assembly and vocabulary: joining wrapped lines, look-alikes, codes, headers."""

from __future__ import annotations

import pytest

from dxextract.extract.cells import Cell, Row, TextLine
from dxextract.extract.classify import Kind, kind_of_header, line_to_heading, text_to_code
from dxextract.extract.geometry import Box, join_fragments
from dxextract.extract.headers import is_header_row, is_header_text
from dxextract.text import lookalike_to_ideograph, nfkc


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["地方創生・関係人口", "の創出"], "地方創生・関係人口の創出"),
        (["介護ロボットやICT", "機器の導入施設数"], "介護ロボットやICT機器の導入施設数"),
        (["合 計"], "合計"),  # letter-spacing between two Japanese characters
        (["令 和 ３ 年 度"], "令和３年度"),
        (["Microsoft", "Excel"], "Microsoft Excel"),  # two Latin words keep one space
        (
            ["図られた。", "(令和5年度時点で54団体(累計))"],
            "図られた。(令和5年度時点で54団体(累計))",
        ),
        (["13事業 68%"], "13事業68%"),
        ([], ""),
    ],
)
def test_join_fragments(parts: list[str], joined: str) -> None:
    assert join_fragments(parts) == joined


@pytest.mark.parametrize(
    ("char", "mapped"),
    [
        ("⽬", "目"),
        ("⾏", "行"),
        ("⼈", "人"),
        ("\uf92e", "冷"),
        # CJK radicals supplement: NFKC leaves them; UCD's EquivalentUnifiedIdeograph maps them.
        ("\u2ea0", "民"),  # ⺠, what Chromium writes for 民 with IPAex fonts
        ("\u2ed8", "青"),  # ⻘
        ("\u2e8f", "\u5c23"),  # ⺏ CJK RADICAL LAME TWO
        ("\u31d0", "一"),  # ㇐ CJK stroke H
        ("６", "６"),
        ("（", "（"),
        ("a", "a"),
    ],
)
def test_lookalike_ideographs_map_to_ordinary_ones(char: str, mapped: str) -> None:
    assert lookalike_to_ideograph(char) == mapped


def test_text_compared_anywhere_folds_the_radicals_nfkc_leaves() -> None:
    """Search and edition keys compare with nfkc(): 県⺠ (U+2EA0) is 県民."""
    assert nfkc("県\u2ea0アプリ　ＡＩ") == "県民アプリ AI"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I-1 まず始めに実施すべき取組", "I-1"),
        ("I - 2 行政サービスの向上に向けた取組", "I-2"),
        ("Ｉ－２", "I-2"),
        ("Ⅰ-3", "I-3"),
        ("I-4I-1～I-3の取組を支える基盤整備", "I-4"),
        ("II-1市町村に求められる", "II-1"),
        ("Ⅲ-4 産業振興", "III-4"),
        ("Ⅳ", "IV"),
        ("IV デジタルデバインド対策", "IV"),
        ("V情報セキュリティ・個人情報保護", "V"),
        # letter-spaced unevenly: one numeral (layout seed 93), not II and a word
        ("II I-1震災からの復興・再生", "III-1"),
        ("I I - 2 行政", "II-2"),
        ("II 【市町村支援・連携】", "II"),
        ("V IoT活用", "V"),
        ("ICT支援員による", None),
        ("VR技術", None),
        ("行政のDX", None),
    ],
)
def test_normalize_code(text: str, code: str | None) -> None:
    assert text_to_code(text) == code


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("目標値 (R5年度)", True),
        ("目標値（令和６年度）", True),
        ("うちKPI設定 事業数 (A)", True),
        ("達成率 (B)/(A)", True),
        ("R5成果・効果", True),
        ("令和5年度", True),
        ("指標の 達成状況", True),
        ("地域のデジタル変革（DX）", True),
        ("分野名", True),  # a reworded header still counts
        ("取組内容（R5）", True),
        ("52事業", False),
        ("13事業 68%", False),
        ("—", False),
        ("職員の意識改革と行動変容", False),
    ],
)
def test_is_header_text(text: str, header: bool) -> None:
    assert is_header_text(text) is header


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("指標名 目標値(R5年度) 実績値(R5年度) 指標の達成状況 目標値(R6年度)", Kind.KPI),
        ("項目 R5取組内容 R5成果・効果 R6取組内容", Kind.INITIATIVE),
        ("令和5年度 令和6年度 項番 分野 事業数 うちKPI設定事業数(A)", Kind.FIELDS),
        ("行政のDX 地域のDX 令和5年度 令和6年度", Kind.SUMMARY),
        ("行政のデジタル変革（DX） 地域のデジタル変革（DX） R5 R6", Kind.SUMMARY),
        ("新しい価値", Kind.UNKNOWN),
    ],
)
def test_kind_of_header(header: str, kind: Kind) -> None:
    assert kind_of_header(header) is kind


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("I - 3 公務能率の向上に向けた取組", "section", "I-3"),
        ("※ KPIの設定がなじまない取組項目", "no_kpi", ""),
        ("行政のデジタル変革（DX）分野ごとの達成状況", "area", "行政のDX"),
        ("地域のデジタル変革（DX）等分野ごとの達成状況", "area", "地域のDX"),
        ("● デジタル変革の自走 ● 業務の効率化", "text", ""),
    ],
)
def test_line_to_heading(text: str, kind: str, value: str) -> None:
    heading = line_to_heading(TextLine(1, Box(0, 0, 10, 10), text, 10.0))
    assert (heading.kind, heading.value) == (kind, value)


def _cells_row(*texts: str) -> Row:
    cells = tuple(
        Cell(Box(50.0 + 60 * i, 100.0, 110.0 + 60 * i, 115.0), t) for i, t in enumerate(texts)
    )
    return Row(1, Box(50.0, 100.0, 50.0 + 60 * len(texts), 115.0), cells)


@pytest.mark.parametrize(
    ("texts", "header"),
    [
        (("", "令和5年度", "", "令和6年度"), True),
        # a letter-spaced year label cut by the columns (layout seed 53)
        (("", "", "令和5", "年度", "", "令和", "6年度"), True),
        (("項番", "分野", "事業数"), True),
        (("I-1", "まず始めに", "7事業"), False),
        (("令和5", "7事業"), False),
    ],
)
def test_a_header_row_is_header_words_or_fiscal_years_only(
    texts: tuple[str, ...], header: bool
) -> None:
    assert is_header_row(_cells_row(*texts)) is header
