"""The header vocabulary: which rows of a table are its header.

The words a header cell of the report is made of, and the fiscal years and
column marks printed beside them. classify.py names tables by these rows;
`dxextract tables` (dump.py) needs only this module, not the classifier.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .text import nfkc

if TYPE_CHECKING:
    from .cells import Row

# Header cells, after NFKC, without spaces, fiscal years and (A)/(B) marks.
HEADER_WORDS = frozenset(
    {
        "項番", "分野", "事業数", "うちKPI設定事業数", "KPI設定事業数", "達成", "達成事業",
        "達成事業数", "達成率", "項目", "事業名", "取組名", "取組項目", "取組内容", "成果・効果",
        "成果", "指標名", "指標", "KPI名", "成果指標",
        "目標値", "実績値", "達成状況", "指標の達成状況", "行政のDX", "地域のDX",
        "行政のデジタル変革", "地域のデジタル変革",
        "行政のデジタル変革(DX)", "地域のデジタル変革(DX)",
    }
)  # fmt: skip

# A fiscal year as a header prints it: 令和5年度, (R5), 2023年度.
YEAR_TOKEN_RE = re.compile(
    r"[(（]?(?:令和|平成)(?:元|[0-9]+)年度?[)）]?|[(（]?R[0-9]+(?:年度)?[)）]?|[(（]?(?:19|20)[0-9]{2}年度[)）]?"
)
# Column marks in headers: (A), (B)/(A).
MARK_RE = re.compile(r"[(（][A-Z][)）](?:/[(（][A-Z][)）])?")


def norm(text: str) -> str:
    """NFKC without any white space: the form all vocabulary is matched in."""
    return re.sub(r"\s+", "", nfkc(text))


def is_header_text(text: str) -> bool:
    """True when a cell holds only header vocabulary (or only a fiscal year).

    A new edition may reword a header slightly (分野名 for 分野, 取組内容等): a cell
    that holds one of the words with at most DEFAULT_HEADER_SLACK more characters
    counts too. A whole row must be header cells, so values never pass.
    """
    t = MARK_RE.sub("", YEAR_TOKEN_RE.sub("", norm(text)))
    if not t:
        return bool(norm(text))
    return t in HEADER_WORDS or any(
        word in t and len(t) <= len(word) + DEFAULT_HEADER_SLACK for word in HEADER_WORDS
    )


# How many characters a reworded header cell may add to a known header word.
DEFAULT_HEADER_SLACK = 3


def is_header_row(row: Row) -> bool:
    """Every cell header vocabulary; or the row's text fiscal years only (a
    letter-spaced `令 和 5 年 度` cut into `令和5` | `年度` by the columns)."""
    texts = [t for t in row.texts if t.strip()]
    if not texts:
        return False
    if all(is_header_text(t) for t in texts):
        return True
    joined = norm("".join(texts))
    return bool(YEAR_TOKEN_RE.search(joined)) and not YEAR_TOKEN_RE.sub("", joined)
