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


@pytest.mark.parametrize("seed", [None, 0, 96])  # GRID, random platypus layouts
def test_grid_paragraphs_keep_the_wrapped_lines(
    seed: int | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """platypus must not re-wrap the lines wrap_text made (GRID's Paragraph cells)."""
    layout = gen.GRID if seed is None else gen.random_layout(seed)
    assert layout.engine == "platypus"
    made: list[tuple[str, Any]] = []

    class Recording(gen.PdfParagraph):  # type: ignore[misc,name-defined]
        def __init__(self, text: str, *args: object, **kwargs: object) -> None:
            super().__init__(text, *args, **kwargs)
            made.append((text, self))

    monkeypatch.setattr(gen, "PdfParagraph", Recording)
    gen.render_report(content.REPORT, tmp_path / "grid.pdf", layout)
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


# --- tables continuing on the next page -------------------------------------------

# Seeds of `random_layout` by kind, for the extractor's stitching tests; each has its
# continued field table checked below.
SPLIT_REPEAT_SEEDS = (4, 6, 26, 54, 61)  # canvas, split tables, header rows repeated
SPLIT_NO_REPEAT_SEEDS = (7, 8, 24, 28, 90)  # canvas, split tables, data rows only
PLATYPUS_SEEDS = (0, 11, 27, 41, 96)  # platypus route (27, 41 repeat the header rows)
HEADER_WORDS = ("項番", "分野", "項目", "指標名")


def _tops(page: Any, text: str) -> list[float]:
    return sorted(m["top"] for m in page.search(text, regex=False))


def _check_continued_field_table(path: Path, layout: Any) -> None:
    """The layout's continued field table: its first `continue_rows` data rows under
    its heading on one page, the others at the top of the next page, under repeated
    header rows or (without `repeat_header`) under no header word at all."""
    table = list(content.REPORT.field_tables())[layout.continued_field_table]
    # A row by the start of its 分野 (codes like Ⅲ-1 wrap in their narrow column).
    markers = [r.name[:4] for r in table.rows] + [table.total.values[0]]
    n = max(1, min(layout.continue_rows, len(markers) - 1))
    with pdfplumber.open(path) as pdf:
        heading = _squeeze(table.heading)
        p = next(i for i, pg in enumerate(pdf.pages) if heading in _squeeze(pg.extract_text()))
        first, rest = pdf.pages[p], pdf.pages[p + 1]
        h = _tops(first, table.heading)[0] + 1
        for m in markers[:n]:
            assert any(t > h for t in _tops(first, m)), f"{m} not under the heading"
        assert not any(t > h for t in _tops(first, markers[n])), f"{markers[n]} not continued"
        top = _tops(rest, markers[n])[0]
        assert all(_tops(rest, m) for m in markers[n:]), "continuation incomplete"
        assert not any(t < top for t in _tops(rest, markers[n - 1])), "a row printed twice"
        above = {w for w in HEADER_WORDS if any(t < top for t in _tops(rest, w))}
        if layout.repeat_header:
            assert "分野" in above, above
            return
        assert not above, f"header words above the continuation: {above}"
        if layout.table_style == "rules":  # no shading, no rule above its first row
            drawn = rest.rects + rest.lines
            assert not [d for d in drawn if d["bottom"] < top - 0.5], drawn[:3]


@pytest.mark.parametrize("seed", SPLIT_REPEAT_SEEDS + SPLIT_NO_REPEAT_SEEDS + PLATYPUS_SEEDS)
def test_random_layouts_continue_a_field_table(seed: int, tmp_path: Path) -> None:
    layout = gen.random_layout(seed)
    assert layout.split_tables and layout.continued_field_table in (0, 1)
    assert layout.engine == ("platypus" if seed in PLATYPUS_SEEDS else "canvas")
    if seed not in PLATYPUS_SEEDS:
        assert layout.repeat_header == (seed in SPLIT_REPEAT_SEEDS)
    path = tmp_path / f"random-{seed}.pdf"
    gen.render_report(content.REPORT, path, layout)
    _check_continued_field_table(path, layout)
    stream, _ = _stream_text(path)
    assert _missing_in_order(stream, list(content.printed_strings(content.REPORT))) == []


def _table_parts(pages: list[Any]) -> dict[int, list[tuple[int, float, Any]]]:
    """The parts of every table, by grid: (page index, y, TableItem), in order."""
    parts: dict[int, list[tuple[int, float, Any]]] = {}
    for n, page in enumerate(pages):
        for item, y in page:
            if isinstance(item, gen.TableItem):
                parts.setdefault(id(item.grid), []).append((n, y, item))
    return parts


def _check_parts(layout: Any, pages: list[Any]) -> int:
    """Every table printed once, split only between data rows, each part with a data
    row, a continuation first on the next page with or without the header rows.
    Returns how many tables are split."""
    split = 0
    for chain in _table_parts(pages).values():
        grid = chain[0][2].grid
        head = [id(row) for row in grid.rows[: grid.header_rows]]
        body = [id(row) for _, _, item in chain for row in item.rows if not row.header]
        assert body == [id(row) for row in grid.rows[grid.header_rows :]]  # once, in order
        for k, (page, y, item) in enumerate(chain):
            rows = [id(row) for row in item.rows]
            assert rows[: item.head] == head[: item.head] and item.head in (len(head), 0)
            assert not any(row.header for row in item.rows[item.head :])
            assert len(rows) > item.head  # at least one data row
            if k == 0:
                assert item.head == len(head)
                continue
            assert (page, y) == (chain[k - 1][0] + 1, 0.0) and pages[page][0][0] is item
            assert item.head == (len(head) if layout.repeat_header else 0)
        split += len(chain) > 1
    return split


@pytest.mark.parametrize("seed", [s for s in range(40) if gen.random_layout(s).engine == "canvas"])
def test_canvas_tables_split_between_data_rows(seed: int) -> None:
    gen.register_font()
    layout = gen.random_layout(seed)
    split = _check_parts(layout, gen.canvas_pages(content.REPORT, layout))
    assert (split > 0) == layout.split_tables


@pytest.mark.parametrize("repeat", [True, False])
def test_summary_table_splits_at_the_page_fill(repeat: bool) -> None:
    gen.register_font()
    layout = replace(gen.SLIDES, name="t", split_tables=True, repeat_header=repeat)
    layout = replace(layout, fill_fraction=0.35, max_tables_per_page=1)
    pages = gen.canvas_pages(content.REPORT, layout)
    _check_parts(layout, pages)
    summary = [item for page in pages[:2] for item, _ in page if isinstance(item, gen.TableItem)]
    assert [t.grid.kind for t in summary] == ["summary", "summary"]
    assert summary[1].head == (2 if repeat else 0)


def test_named_layouts_do_not_split_tables() -> None:
    """SLIDES and GRID keep their pagination (their bytes: the committed-PDF test)."""
    assert not gen.SLIDES.split_tables and not gen.GRID.split_tables
    assert gen.SLIDES.repeat_header and gen.GRID.repeat_header


def test_random_layout_kinds() -> None:
    layouts = [gen.random_layout(s) for s in range(200)]
    platypus = [x for x in layouts if x.engine == "platypus"]
    split = [x for x in layouts if x.engine == "canvas" and x.split_tables]
    assert 30 <= len(platypus) <= 70 and 40 <= len(split) <= 80
    assert {x.repeat_header for x in platypus} == {x.repeat_header for x in split} == {True, False}
    assert {x.landscape for x in platypus} == {True, False}
    assert all(x.table_style == "grid" for x in platypus)


@pytest.mark.parametrize("seed", [SPLIT_NO_REPEAT_SEEDS[0], PLATYPUS_SEEDS[0]])
def test_random_renders_are_reproducible(seed: int, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    gen.render_report(content.REPORT, a, gen.random_layout(seed))
    gen.render_report(content.REPORT, b, gen.random_layout(seed))
    assert a.read_bytes() == b.read_bytes()
