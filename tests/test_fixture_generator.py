"""Tests of the fixture-PDF generator (tools/make_fixture_pdfs.py) and its content."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]

import fy2023_content as content  # noqa: E402
import make_fixture_pdfs as gen  # noqa: E402

PUBLISHED_TEXT = ROOT.parent / "shared" / "000_4d565530f8a1ddcb.txt"


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def _norm(text: str) -> str:
    """What the extractor reads: NFKC (look-alikes, full-width and Roman-numeral codes),
    no white space (letter spacing), fiscal years as Western years (令和5年度 and
    2023年度 alike)."""
    text = _squeeze(unicodedata.normalize("NFKC", text))
    return re.sub(r"令和([0-9]+)年度", lambda m: f"{2018 + int(m[1])}年度", text)


def _stream_text(path: Path) -> tuple[str, str]:
    """(characters in content-stream order, extract_text of every page), normalised
    (`_norm`). The renderers draw each cell's lines one after another, so a cell's text
    is contiguous in stream order even where extract_text interleaves neighbouring cells
    (a fake-bold copy follows the whole text it copies)."""
    with pdfplumber.open(path) as pdf:
        stream = "".join(c["text"] for page in pdf.pages for c in page.chars)
        text = "".join(page.extract_text() for page in pdf.pages)
    return _norm(stream), _norm(text)


def _missing_in_order(stream: str, strings: list[str]) -> list[str]:
    missing, pos = [], 0
    for s in map(_norm, strings):
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


@pytest.mark.slow
@pytest.mark.parametrize("seed", [None, 0, 96])  # GRID, random platypus layouts
def test_grid_paragraphs_keep_the_wrapped_lines(seed: int | None, tmp_path: Path) -> None:
    """platypus must not re-wrap the lines wrap_text made (GRID's Paragraph cells)."""
    layout = gen.GRID if seed is None else gen.random_layout(seed)
    assert layout.engine == "platypus"
    made: list[tuple[str, Any]] = []
    options = gen.RenderOptions(on_paragraph=lambda text, par: made.append((text, par)))
    gen.render_report(content.REPORT, tmp_path / "grid.pdf", layout, options)
    wrapped = [(t, p) for t, p in made if t and hasattr(p, "blPara")]
    assert len(wrapped) > 400
    assert all(len(p.blPara.lines) == t.count("<br/>") + 1 for t, p in wrapped)


@pytest.mark.slow
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


def _pattern(text: str) -> str:
    """A regex for `text` as a layout may print it: any character by its look-alike
    too, white space (letter spacing) between any two."""
    alternatives = (re.escape(ch) + gen.LOOKALIKES.get(ch, "") for ch in _squeeze(text))
    return r"\s*".join(f"[{a}]" for a in alternatives)


def _tops(page: Any, text: str) -> list[float]:
    """Tops of `text` on a page (after `dedupe_chars`)."""
    return sorted(m["top"] for m in page.search(_pattern(text), regex=True))


def _check_continued_field_table(pdf: Any, layout: Any) -> None:
    """The layout's continued field table: its first `continue_rows` data rows under
    its heading on one page, the others at the top of the next page, under repeated
    header rows or (without `repeat_header`) under no header word at all."""
    table = list(content.REPORT.field_tables())[layout.continued_field_table]
    # A row by the start of its 分野 (codes like Ⅲ-1 wrap in their narrow column).
    markers = [r.name[:4] for r in table.rows] + [table.total.values[0]]
    n = max(1, min(layout.continue_rows, len(markers) - 1))

    def view(page: Any) -> Any:  # one copy of each fake-bold character
        return page.dedupe_chars() if layout.fake_bold else page

    heading = _norm(table.heading)
    p = next(i for i, pg in enumerate(pdf.pages) if heading in _norm(view(pg).extract_text()))
    first, rest = view(pdf.pages[p]), view(pdf.pages[p + 1])
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
    if layout.table_style in ("rules", "bands"):  # no shading or rule above its first row
        drawn = rest.rects + rest.lines
        assert not [d for d in drawn if d["bottom"] < top - 0.5], drawn[:3]


@pytest.mark.slow
@pytest.mark.parametrize("seed", SPLIT_REPEAT_SEEDS + SPLIT_NO_REPEAT_SEEDS + PLATYPUS_SEEDS)
def test_random_layouts_continue_a_field_table(seed: int, tmp_path: Path) -> None:
    layout = gen.random_layout(seed)
    assert layout.split_tables and layout.continued_field_table in (0, 1)
    assert layout.engine == ("platypus" if seed in PLATYPUS_SEEDS else "canvas")
    if seed not in PLATYPUS_SEEDS:
        assert layout.repeat_header == (seed in SPLIT_REPEAT_SEEDS)
    path = tmp_path / f"random-{seed}.pdf"
    gen.render_report(content.REPORT, path, layout)
    with pdfplumber.open(path) as pdf:  # parsed once for both checks
        _check_continued_field_table(pdf, layout)
        stream = _norm("".join(c["text"] for page in pdf.pages for c in page.chars))
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


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("seed", [SPLIT_NO_REPEAT_SEEDS[0], PLATYPUS_SEEDS[0]])
def test_random_renders_are_reproducible(seed: int, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    gen.render_report(content.REPORT, a, gen.random_layout(seed))
    gen.render_report(content.REPORT, b, gen.random_layout(seed))
    assert a.read_bytes() == b.read_bytes()


# --- text-layer pitfalls ----------------------------------------------------------

# Seeds of `random_layout` with one pitfall on and no other, for the extractor's tests
# (`PITFALL_COMBO_SEEDS`: several at once; 118 is a platypus layout).
PITFALL_SEEDS = {
    "fake_bold": (2, 20, 79),
    "lookalikes": (12, 18, 88),
    "letter_spacing": (1, 3, 60),
    "bands": (36, 65, 98),  # 65: zebra
    "boxed_headings": (24, 31, 38),
    "fullwidth_codes": (5, 47, 126),
}
PITFALL_COMBO_SEEDS = (37, 186, 118)
PITFALLS = tuple(PITFALL_SEEDS)
RADICALS = frozenset(gen.LOOKALIKES.values())
NOT_IN_CONTENT = frozenset("ＩＶ－Ⅰ０１２３４５６７８９")  # codes and years in other forms


def _pitfalls(layout: Any) -> list[str]:
    on = {
        "fake_bold": layout.fake_bold,
        "lookalikes": layout.lookalikes,
        "letter_spacing": layout.letter_spacing > 0,
        "bands": layout.table_style == "bands",
        "boxed_headings": layout.boxed_headings,
        "fullwidth_codes": layout.fullwidth_codes,
    }
    return [name for name in PITFALLS if on[name]]


def test_pitfall_seeds() -> None:
    for name, seeds in PITFALL_SEEDS.items():
        assert all(_pitfalls(gen.random_layout(s)) == [name] for s in seeds), name
    assert all(len(_pitfalls(gen.random_layout(s))) >= 4 for s in PITFALL_COMBO_SEEDS)
    assert gen.random_layout(65).zebra and gen.random_layout(118).engine == "platypus"


def test_pitfalls_are_off_by_default_and_drawn_at_random() -> None:
    assert _pitfalls(gen.SLIDES) == _pitfalls(gen.GRID) == []
    layouts = [gen.random_layout(s) for s in range(200)]
    for name in PITFALLS:
        assert 20 <= sum(name in _pitfalls(x) for x in layouts) <= 80, name
    assert not any(x.table_style == "bands" for x in layouts if x.engine == "platypus")
    assert {x.zebra for x in layouts if x.table_style == "bands"} == {True, False}
    assert all(0.2 <= x.fake_bold_offset <= 0.5 for x in layouts)
    assert all(x.letter_spacing == 0 or 0.3 <= x.letter_spacing <= 1.0 for x in layouts)


def test_code_and_year_forms_normalise_back() -> None:
    codes = [r.code for t in content.REPORT.field_tables() for r in t.rows]
    codes += [s.heading.split(" ")[0] for s in content.REPORT.sections()]
    seen: set[str] = set()
    for seed in range(12):
        layout = replace(gen.SLIDES, name=f"forms-{seed}", fullwidth_codes=True)
        for code in codes:
            printed = gen._code_form(code, layout, "cell")
            assert _norm(printed) == _norm(code)
            seen.add(printed)
        year = gen._year_form("令和5年度", layout, f"cell-{seed}")
        assert year in ("令和5年度", "令和５年度", "2023年度")
        seen.add(year)
    assert {"ＩＩＩ－１", "Ⅲ-1", "III - 1", "Ⅱ", "ＩＩ", "令和５年度", "2023年度"} <= seen


def test_wrap_text_with_letter_spacing_keeps_lines_inside() -> None:
    gen.register_font()
    text = "【地域のデジタル変革（DX）等】令和5年度 主な取組状況 及び 令和6年度 実施予定"
    for width in (80.0, 150.0, 300.0):
        lines = gen.wrap_text(text, gen.FONT, 10.0, width, char_space=0.8)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(gen._run_width(((x, False),), 10.0, 0.8) <= width for x in lines)


@pytest.fixture(scope="module")
def pitfall_pages(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """seed -> (layout, pages): every page's chars, deduplicated chars, rects and lines
    (and the first page's extract_text), each seed rendered once."""
    cache: dict[int, tuple[Any, list[dict[str, Any]]]] = {}

    def get(seed: int) -> tuple[Any, list[dict[str, Any]]]:
        if seed not in cache:
            layout = gen.random_layout(seed)
            path = tmp_path_factory.mktemp("pitfalls") / f"random-{seed}.pdf"
            gen.render_report(content.REPORT, path, layout)
            with pdfplumber.open(path) as pdf:
                pages: list[dict[str, Any]] = [
                    {
                        "chars": page.chars,
                        "deduped": page.dedupe_chars().chars if layout.fake_bold else page.chars,
                        "rects": page.rects,
                        "lines": page.lines,
                    }
                    for page in pdf.pages
                ]
                pages[0]["text"] = pdf.pages[0].extract_text()
            cache[seed] = (layout, pages)
        return cache[seed]

    return get


def _check_content(pages: list[dict[str, Any]]) -> None:
    stream = _norm("".join(c["text"] for page in pages for c in page["deduped"]))
    assert _missing_in_order(stream, list(content.printed_strings(content.REPORT))) == []


def _check_fake_bold(layout: Any, pages: list[dict[str, Any]]) -> None:
    """Bold text twice: every copy `fake_bold_offset` right of its character."""
    doubled = 0
    for page in pages:
        at = {(c["text"], round(c["top"], 1), round(c["x0"], 1)) for c in page["chars"]}
        dx = layout.fake_bold_offset
        doubled += sum((t, top, round(x + dx, 1)) in at for t, top, x in at)
        assert len(page["deduped"]) <= len(page["chars"])
    assert doubled > 300
    # As a text extractor reads it: a summary row label (bold), every character twice.
    label = "".join(ch * 2 for ch in _squeeze(gen._spaced("事業数", layout, "summary")[0]))
    assert label in _squeeze(pages[0]["text"])


def _check_lookalikes(pages: list[dict[str, Any]]) -> None:
    """Radicals in labels and headings, never in values or body text."""
    chars = "".join(c["text"] for page in pages for c in page["deduped"])
    assert RADICALS & set(chars)
    body = [i.activities for i in content.REPORT.initiatives()]
    body += [k.name for i in content.REPORT.initiatives() for k in i.kpis]
    assert any(set(gen.LOOKALIKES) & set(x) for x in body)
    raw = _squeeze(chars)
    assert [x for x in body if _squeeze(x) not in raw] == []  # printed as in the content


def _check_letter_spacing(layout: Any, pages: list[dict[str, Any]]) -> None:
    """Gaps inside short labels: 項 番 in every field table header (letter spacing in
    canvas layouts, a real space in platypus ones)."""
    gaps = []
    for page in pages:
        chars = [c for c in page["deduped"] if c["text"] != " "]
        for a, b in itertools.pairwise(chars):
            if a["text"] + b["text"] == "項番":
                gaps.append((b["x0"] - a["x1"]) / a["size"])
    assert len(gaps) >= 2
    least = layout.letter_spacing if layout.engine == "canvas" else 0.25  # a space's width
    assert all(g > 0.9 * least for g in gaps), gaps
    if layout.engine == "platypus":
        text = "".join(c["text"] for page in pages for c in page["deduped"])
        assert "項 番" in text


def _check_bands(layout: Any, pages: list[dict[str, Any]]) -> None:
    """In every table: rects only as wide as the table, no vertical line."""
    m = layout.margin
    tables = 0
    for n, placed in enumerate(gen.canvas_pages(content.REPORT, layout)):
        drawn = pages[n]["rects"] + pages[n]["lines"]
        for item, y in placed:
            if not isinstance(item, gen.TableItem):
                continue
            tables += 1
            x0 = m + item.offset
            x1, top = x0 + sum(item.widths), m + y
            bottom = top + item.height
            inside = [d for d in drawn if top - 0.1 < (d["top"] + d["bottom"]) / 2 < bottom]
            assert inside, "a table without a band or rule"
            for d in inside:
                assert abs(d["x0"] - x0) < 0.6 and abs(d["x1"] - x1) < 0.6, d
                assert d["height"] > 1 or d["width"] > 1  # no vertical edge
                if d["object_type"] == "line":
                    assert d["top"] == d["bottom"], d
    assert tables > 20


def _check_boxed_headings(pages: list[dict[str, Any]]) -> None:
    """Each section heading: a filled box holding its code, right beside it a lighter one."""
    codes = []
    for page in pages:
        rects = [r for r in page["rects"] if r["fill"]]
        for a in rects:
            for b in rects:
                if (
                    abs(a["x1"] - b["x0"]) < 0.01
                    and abs(a["top"] - b["top"]) < 0.01
                    and abs(a["bottom"] - b["bottom"]) < 0.01
                    and a["non_stroking_color"] != b["non_stroking_color"]
                ):
                    inside = [
                        c["text"]
                        for c in page["deduped"]
                        if a["x0"] < c["x0"] and c["x1"] < a["x1"] and a["top"] < c["top"]
                        if c["bottom"] < a["bottom"]
                    ]
                    codes.append(_norm("".join(inside)))
    split = [gen._split_code(s.heading) for s in content.REPORT.sections()]
    expected = [_norm(parts[0]) for parts in split if parts is not None]
    assert len(expected) == len(split)  # every section heading starts with its code
    assert sorted(codes) == sorted(expected)


def _check_fullwidth_codes(pages: list[dict[str, Any]]) -> None:
    chars = [c["text"] for page in pages for c in page["deduped"]]
    assert NOT_IN_CONTENT & set(chars)
    text = _norm("".join(chars))
    assert "2023年度" in text


CHECKS = {
    "fake_bold": lambda layout, pages: _check_fake_bold(layout, pages),
    "lookalikes": lambda layout, pages: _check_lookalikes(pages),
    "letter_spacing": lambda layout, pages: _check_letter_spacing(layout, pages),
    "bands": lambda layout, pages: _check_bands(layout, pages),
    "boxed_headings": lambda layout, pages: _check_boxed_headings(pages),
    "fullwidth_codes": lambda layout, pages: _check_fullwidth_codes(pages),
}


@pytest.mark.slow
@pytest.mark.parametrize("seed", PITFALL_COMBO_SEEDS)
def test_random_layouts_print_their_pitfalls(seed: int, pitfall_pages: Any) -> None:
    """pdfplumber sees every pitfall a layout has, and all the content (normalised)."""
    layout, pages = pitfall_pages(seed)
    _check_content(pages)
    for name in _pitfalls(layout):
        CHECKS[name](layout, pages)
