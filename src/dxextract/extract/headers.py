"""Which rows of a table are its header: cells made of the vocabulary's header
words (vocabulary.toml, [header]), fiscal years and column marks.

classify.py names tables by these rows; `dxextract tables` (dump.py) needs only
this module and the header words, not the classifier.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dxextract.extract.vocabulary import Vocabulary, vocabulary_or_default
from dxextract.text import nfkc_compact

if TYPE_CHECKING:
    from dxextract.extract.cells import Row

# A fiscal year as a header prints it: 令和5年度, (R5), 2023年度.
YEAR_TOKEN_RE = re.compile(
    r"[(（]?(?:令和|平成)(?:元|[0-9]+)年度?[)）]?|[(（]?R[0-9]+(?:年度)?[)）]?|[(（]?(?:19|20)[0-9]{2}年度[)）]?"
)
# Column marks in headers: (A), (B)/(A).
MARK_RE = re.compile(r"[(（][A-Z][)）](?:/[(（][A-Z][)）])?")


def is_header_text(text: str, vocabulary: Vocabulary | None = None) -> bool:
    """True when a cell holds only header vocabulary (or only a fiscal year).

    A new edition may reword a header slightly (分野名 for 分野, 取組内容等): a cell
    that holds one of the words with at most DEFAULT_HEADER_SLACK more characters
    counts too. A whole row must be header cells, so values never pass.
    """
    t = MARK_RE.sub("", YEAR_TOKEN_RE.sub("", nfkc_compact(text)))
    if not t:
        return bool(nfkc_compact(text))
    words = vocabulary_or_default(vocabulary).header_words
    return t in words or any(
        word in t and len(t) <= len(word) + DEFAULT_HEADER_SLACK for word in words
    )


# How many characters a reworded header cell may add to a known header word.
DEFAULT_HEADER_SLACK = 3


def is_header_row(row: Row, vocabulary: Vocabulary | None = None) -> bool:
    """Every cell header vocabulary; or the row's text fiscal years only (a
    letter-spaced `令 和 5 年 度` cut into `令和5` | `年度` by the columns)."""
    texts = [t for t in row.texts if t.strip()]
    if not texts:
        return False
    if all(is_header_text(t, vocabulary) for t in texts):
        return True
    joined = nfkc_compact("".join(texts))
    return bool(YEAR_TOKEN_RE.search(joined)) and not YEAR_TOKEN_RE.sub("", joined)
