"""The report's title (the largest lines at the top of its first page) and the
fiscal years it prints: what every record's years default to."""

from __future__ import annotations

from collections.abc import Sequence

from dxextract.errors import NotADxReportError
from dxextract.extract.cells import Item, TextLine
from dxextract.extract.geometry import join_fragments
from dxextract.extract.values import find_fiscal_years
from dxextract.extract.vocabulary import Vocabulary, vocabulary_or_default
from dxextract.text import nfkc_compact

# Lines of the title are printed in the same size, give or take rounding.
DEFAULT_TITLE_SIZE_RATIO = 0.99


def items_to_title(items: Sequence[Item], vocabulary: Vocabulary | None = None) -> str:
    """The report's title: the largest lines at the top of the first page."""
    first_page = min((it.page for it in items), default=1)
    lines: list[TextLine] = []
    for it in items:
        if it.page != first_page:
            break
        if not isinstance(it, TextLine):
            break
        lines.append(it)
    # Lines that name the report (実施状況, 実施一覧, 【概要】) before lines that only
    # name DX: a heading printed larger than the title (「令和5年度に実施したDX関連
    # 事業の…」, a Word style) is not the title.
    headings = vocabulary_or_default(vocabulary).headings
    title_re, end_re, dx_re = headings["title"], headings["title_end"], headings["dx"]
    candidates = [ln for ln in lines if title_re.search(nfkc_compact(ln.text))] or [
        ln for ln in lines if dx_re.search(nfkc_compact(ln.text))
    ]
    if not candidates:
        raise NotADxReportError("not a DX report: no title naming 実施状況 or DX on the first page")
    size = max(ln.size for ln in candidates)
    # The title is the first run of lines in the largest size; it ends with its
    # closing mark (【概要】) even when a heading of nearly its size follows.
    start = next(i for i, ln in enumerate(lines) if ln.size >= DEFAULT_TITLE_SIZE_RATIO * size)
    run: list[str] = []
    for ln in lines[start:]:
        if ln.size < DEFAULT_TITLE_SIZE_RATIO * size or (
            run and end_re.search(nfkc_compact(run[-1]))
        ):
            break
        run.append(ln.text)
    title = join_fragments(run)
    if not dx_re.search(nfkc_compact(title)):
        raise NotADxReportError(f"not a DX report: title {title[:40]!r} does not name DX")
    return title


def title_to_years(title: str) -> tuple[int, int]:
    """(results year, plan year) as the title prints them: 令和5年度の実施状況及び令和6年度の…"""
    years = find_fiscal_years(title)
    if not years:
        raise NotADxReportError("not a DX report: the title prints no fiscal year")
    return years[0], years[1] if len(years) > 1 else years[0] + 1
