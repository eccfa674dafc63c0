"""Tests of the fixture-PDF generator (tools/make_fixture_pdfs.py) and its content."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import fy2023_content as content  # noqa: E402
import make_fixture_pdfs as gen  # noqa: E402

PUBLISHED_TEXT = ROOT.parent / "shared" / "000_4d565530f8a1ddcb.txt"


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def _stream_text(path: Path) -> tuple[str, str]:
    """(characters in content-stream order, extract_text of every page), whitespace
    removed. The renderers draw each cell's lines one after another, so a cell's text is
    contiguous in stream order even where extract_text interleaves neighbouring cells."""
    with pdfplumber.open(path) as pdf:
        stream = "".join(c["text"] for page in pdf.pages for c in page.chars)
        text = "".join(page.extract_text() for page in pdf.pages)
    return _squeeze(stream), _squeeze(text)


def _missing_in_order(stream: str, strings: list[str]) -> list[str]:
    missing, pos = [], 0
    for s in map(_squeeze, strings):
        found = stream.find(s, pos)
        if found < 0:
            missing.append(s)
        else:
            pos = found + len(s)
    return missing


# --- content ----------------------------------------------------------------------


def test_content_counts() -> None:
    report = content.REPORT
    initiatives = list(report.initiatives())
    assert len(initiatives) == 24
    assert sum(len(i.kpis) for i in initiatives) == 19
    gyosei, chiiki = report.field_tables()
    assert (len(gyosei.rows), len(chiiki.rows)) == (5, 8)
    assert (gyosei.total.label, chiiki.total.label) == ("合計", "合計")
    assert all(i.spans.kpi_fits() for i in initiatives if i.kpis)


def _published_cells(text: str) -> list[str]:
    """The published text as cells and lines, a cell's line-break spaces joined."""

    def join(cell: str) -> str:
        keep = [
            ch
            for i, ch in enumerate(cell)
            if ch != " "
            or (
                0 < i < len(cell) - 1
                and cell[i - 1].isascii()
                and cell[i - 1].isalnum()
                and cell[i + 1].isascii()
                and cell[i + 1].isalnum()
            )
        ]
        return "".join(keep)

    parts: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"</?b>|\*\*", "", line).rstrip()
        line = re.sub(r"^#+ |^- ", "", line)
        if "\t" in line:
            parts += [join(c) for c in line.split("\t") if c]
        elif line:
            parts.append(line)
    return parts


@pytest.mark.skipif(not PUBLISHED_TEXT.is_file(), reason="shared/ text not beside the repo")
def test_content_is_the_published_text_in_order() -> None:
    """Every string of the content is in the published text, in document order, and
    together they cover all of it."""
    sep = "\x00"
    published = sep.join(_published_cells(PUBLISHED_TEXT.read_text(encoding="utf-8")))
    covered = list(published)
    pos = 0
    for s in content.printed_strings(content.REPORT):
        found = published.find(s, pos)
        assert found >= 0, f"not in the published text (in order): {s!r}"
        covered[found : found + len(s)] = sep * len(s)
        pos = found + len(s)
    assert "".join(covered).replace(sep, "") == ""


def test_a_new_edition_is_a_change_of_years() -> None:
    years = content.Years("令和6年度", "令和7年度", "R6", "R7")
    strings = list(content.printed_strings(replace(content.REPORT, years=years)))
    assert strings[:2] == [
        "デジタル変革（DX）に係る令和6年度の実施状況及び",
        "令和7年度の事業・実施一覧について【概要】",
    ]
    assert "目標値(R7年度)" in strings and "R6成果・効果" in strings
    assert not any("R5" in s and "年度" in s for s in strings if s.startswith("目標値"))


# --- wrapping ---------------------------------------------------------------------

ALPHABET = list("ABCxyz0129,.()%-/ ") + list("あいう漢字、。（）「」ー・ＤＸ")


@given(
    text=st.text(alphabet=st.sampled_from(ALPHABET), max_size=60),
    width=st.floats(min_value=1.0, max_value=200.0),
    kinsoku=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_wrap_text_breaks_only_where_allowed(text: str, width: float, kinsoku: bool) -> None:
    gen.register_font()
    size = 10.0
    lines = gen.wrap_text(text, gen.FONT, size, width, kinsoku)
    pos = 0
    for k, line in enumerate(lines):
        assert line and line == line.strip(" ")
        skipped = 0
        while text[pos] == " ":
            pos, skipped = pos + 1, skipped + 1
        if k and not skipped:  # a break without a space: never inside an ASCII run
            assert not (
                gen._is_ascii_word_char(text[pos - 1]) and gen._is_ascii_word_char(text[pos])
            ), (text, lines)
        assert text.startswith(line, pos), (text, lines)  # nothing lost, nothing added
        pos += len(line)
        if gen.text_width(line, gen.FONT, size) > width + 1e-6:
            assert len(list(gen._units(line))) == 1, (text, lines)  # only an over-wide unit
    assert text[pos:].strip(" ") == ""


def test_wrap_text_keeps_ascii_runs_whole() -> None:
    gen.register_font()
    text = "クレジット利用件数30,748件、無線LANに対応(3,662台)"
    for width in range(20, 200, 7):
        lines = gen.wrap_text(text, gen.FONT, 10.0, float(width))
        assert "".join(lines) == text
        for run in ("30,748", "LAN", "(3,662"):
            assert any(run in line for line in lines)


# --- rendering --------------------------------------------------------------------


def test_committed_pdfs_are_what_main_writes(tmp_path: Path) -> None:
    assert gen.main(["--root", str(tmp_path)]) == 0
    for rel in (gen.SLIDES_PDF, gen.GRID_PDF):
        assert (tmp_path / rel).read_bytes() == (ROOT / rel).read_bytes(), (
            f"{rel} is stale: run `python tools/make_fixture_pdfs.py`"
        )


@pytest.mark.parametrize("rel", [gen.SLIDES_PDF, gen.GRID_PDF])
def test_committed_pdfs_hold_all_the_content_as_text(rel: Path) -> None:
    stream, text = _stream_text(ROOT / rel)
    assert "(cid:" not in text and "\ufffd" not in text
    assert _missing_in_order(stream, list(content.printed_strings(content.REPORT))) == []


def test_grid_field_table_continues_on_the_next_page() -> None:
    """GRID: the 地域 field table starts near a page bottom and continues on the next
    page under its two repeated header rows."""
    with pdfplumber.open(ROOT / gen.GRID_PDF) as pdf:
        pages = [_squeeze(page.extract_text()) for page in pdf.pages]
    start = next(i for i, t in enumerate(pages) if "地域のデジタル変革（DX）等分野ごと" in t)
    first, rest = pages[start], pages[start + 1]
    for header in ("令和5年度", "項番", "達成事業(B)", "達成率(B)/(A)"):
        assert header in first and header in rest
    assert "Ⅲ-1震災からの復興・再生4事業" in first and "Ⅲ-1震災からの復興・再生4事業" not in rest
    assert "合計81事業" in rest and "合計81事業" not in first


def test_grid_paragraphs_keep_the_wrapped_lines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """platypus must not re-wrap the lines wrap_text made (GRID's Paragraph cells)."""
    made: list[tuple[str, Any]] = []

    class Recording(gen.PdfParagraph):  # type: ignore[misc,name-defined]
        def __init__(self, text: str, *args: object, **kwargs: object) -> None:
            super().__init__(text, *args, **kwargs)
            made.append((text, self))

    monkeypatch.setattr(gen, "PdfParagraph", Recording)
    gen.render_report(content.REPORT, tmp_path / "grid.pdf", gen.GRID)
    wrapped = [(t, p) for t, p in made if t and hasattr(p, "blPara")]
    assert len(wrapped) > 400
    assert all(len(p.blPara.lines) == t.count("<br/>") + 1 for t, p in wrapped)


@pytest.mark.parametrize("seed", [0, 1, 9, 24, 27])
def test_random_layouts_render_every_initiative(seed: int, tmp_path: Path) -> None:
    layout = gen.random_layout(seed)
    path = tmp_path / f"random-{seed}.pdf"
    pages = gen.render_report(content.REPORT, path, layout)  # raises on text outside a box
    stream, text = _stream_text(path)
    assert pages > 1
    assert "(cid:" not in text and "\ufffd" not in text
    titles = [i.title for i in content.REPORT.initiatives()]
    assert _missing_in_order(stream, titles) == []
    assert _missing_in_order(stream, list(content.printed_strings(content.REPORT))) == []


def test_random_layouts_differ_and_are_reproducible() -> None:
    assert gen.random_layout(3) == gen.random_layout(3)
    assert len({gen.random_layout(s) for s in range(10)}) == 10
