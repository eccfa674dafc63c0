"""Words into cells (cells.boxes_to_rows): where a run of text crosses a cell border."""

from __future__ import annotations

import pytest

from dxextract.extract.alignment import aligned_bounds
from dxextract.extract.cutting import boxes_to_rows, split_where_spacing_changes
from dxextract.extract.geometry import Box, Word

SIZE = 9.0
# Two cells side by side, the border at x=100; each cell's text starts 3 pt in.
GRID = [[Box(10.0, 0.0, 100.0, 40.0), Box(100.0, 0.0, 200.0, 40.0)]]


def _word(text: str, x0: float, top: float) -> Word:
    """A run set at its advance (each character one em), from x0."""
    spans = tuple((x0 + i * SIZE, x0 + (i + 1) * SIZE) for i in range(len(text)))
    return Word(text, Box(x0, top, spans[-1][1], top + SIZE), SIZE, spans)


def _texts(words: list[Word], grid: list[list[Box]] = GRID) -> list[str]:
    return [c.text for c in boxes_to_rows(1, grid, words)[0].cells]


def test_a_wrapping_cell_running_into_the_next_at_its_advance_is_cut_where_that_starts() -> None:
    # Left cell: two lines; its first line ends in 、 (94..103: over the border
    # at 100), the right cell's text starts 3 pt past the border, at the advance.
    first = _word("あいうえおかきくけ、さしすせそ", 13.0, 2.0)
    assert first.spans[10][0] == 103.0  # さ starts where the right cell's text does
    second = _word("たちつ", 13.0, 12.0)
    assert _texts([first, second]) == ["あいうえおかきくけ、たちつ", "さしすせそ"]


def test_the_last_glyph_of_a_wrapping_cell_over_the_border_stays_in_it() -> None:
    # 。 is drawn in the left of its box: the box reaches over the border.
    first = _word("あいうえおかきくけ。", 13.0, 2.0)  # ends at 103
    second = _word("たちつ", 13.0, 12.0)
    assert _texts([first, second]) == ["あいうえおかきくけ。たちつ", ""]


def test_a_run_cut_out_of_a_wrapping_cell_may_end_in_a_hanging_comma() -> None:
    # The right cell's part ends in 、 whose blank half hangs past the right
    # cell's border at 190 (Impress, seed 250): the rest still fits the cell.
    grid = [[Box(-80.0, 0.0, 100.0, 40.0), Box(100.0, 0.0, 190.0, 40.0)]]
    first = _word("らりるれろわをんゐゑあいうえおかきくけ。さしすせそたちつて、", -77.0, 2.0)
    assert first.spans[20][0] == 103.0 and first.box.x1 == 193.0
    second = _word("はひふ", -77.0, 12.0)
    assert _texts([first, second], grid) == [
        "らりるれろわをんゐゑあいうえおかきくけ。はひふ",
        "さしすせそたちつて、",
    ]


def test_a_one_line_cell_running_into_a_cell_with_text_of_its_own_is_cut() -> None:
    # Text overflows only into an empty cell: the right cell holds a line of
    # its own below, so the run is two cells' text at the advance (Impress,
    # seed 544), cut where the right cell's text starts.
    first = _word("あいうえおかきくけこさしすせ", 13.0, 2.0)
    second = _word("たちつてと", 103.0, 12.0)
    assert _texts([first, second]) == ["あいうえおかきくけこ", "さしすせたちつてと"]


def test_the_next_cells_text_starts_where_its_other_lines_do() -> None:
    # Chromium (seed 758): the left cell's second line is two runs, the second
    # ending in `）` over the border, the right cell's text going on at the
    # advance (`よら」`) and then in a run of its own that overlaps it (`」（`
    # set close). The cut is where the right cell's lines start (103), not a
    # padding past the border measured from the second run's start.
    lines = [_word("あいうえおかきくけ", 13.0, 2.0), _word("たちつてとなにぬねの", 103.0, 2.0)]
    run = _word("「むめもや）よら」", 49.0, 12.0)
    assert run.spans[5][0] == 94.0 and run.spans[6][0] == 103.0
    words = [*lines, _word("まみ、", 13.0, 12.0), run, _word("（R5）を", 125.0, 12.0)]
    assert _texts(words) == [
        "あいうえおかきくけまみ、「むめもや）",
        "たちつてとなにぬねのよら」（R5）を",
    ]


def test_a_one_line_cell_overflowing_into_an_empty_one_stays_whole() -> None:
    # Excel spills a long text over an empty neighbour at its advance.
    assert _texts([_word("あいうえおかきくけこさしすせ", 13.0, 2.0)]) == [
        "あいうえおかきくけこさしすせ",
        "",
    ]


# --- a word broken because it did not fit its line (cells.lines_break_a_word) ---


def _digits(text: str, right: float, top: float, width: float = 5.7) -> Word:
    """A right-aligned run of Latin glyphs `width` wide each, ending at `right`."""
    x0 = right - width * len(text)
    spans = tuple((x0 + i * width, x0 + (i + 1) * width) for i in range(len(text)))
    return Word(text, Box(x0, top, right, top + SIZE), SIZE, spans)


def _cell_text(words: list[Word], box: Box) -> str:
    return boxes_to_rows(1, [[box]], words)[0].cells[0].text


def test_a_number_wrapped_inside_its_digits_is_read_whole() -> None:
    # Impress in a narrow KPI cell: `110,000件` is wider than the line, so the
    # line is filled with `110,00` (3 pt padding each side, no room for `0`).
    box = Box(100.0, 0.0, 140.2, 30.0)
    words = [_digits("110,00", 137.2, 2.0), _digits("0件", 137.2, 12.0)]
    assert _cell_text(words, box) == "110,000件"


def test_a_line_with_room_for_the_next_digit_was_broken_at_a_space() -> None:
    # Two years on two lines, with room for more on the first: a space was there.
    box = Box(100.0, 0.0, 160.0, 30.0)
    words = [_digits("2023", 157.0, 2.0), _digits("2024", 157.0, 12.0)]
    assert _cell_text(words, box) == "2023 2024"


def test_a_full_line_of_several_words_was_broken_at_a_space() -> None:
    # `Word Excel` fills the line, but its last word does not start it: the break
    # after it was a break between words.
    box = Box(100.0, 0.0, 140.0, 30.0)
    words = [_digits("AB", 114.0, 2.0), _digits("CDE", 137.0, 2.0), _digits("FG", 137.0, 12.0)]
    assert _cell_text(words, box) == "AB CDE FG"


@pytest.mark.parametrize(
    ("box", "words", "text"),
    [
        # Calc: the count cell wraps `13事` / `業`, its share `68%` is centred
        # beside it in one ruled cell; the share's line is neither of theirs:
        # the count is read before it.
        (
            Box(211.0, 184.0, 283.0, 211.0),
            [
                Word("13事", Box(222.3, 189.8, 246.4, 200.5), 10.7),
                Word("業", Box(235.7, 200.5, 246.4, 211.2), 10.7),
                Word("68%", Box(248.3, 195.1, 270.8, 205.8), 10.7),
            ],
            "13事業68%",
        ),
        # `Microsoft Office` / `365`: the second word of the first line stands
        # over nothing, but shares its line with the first: line by line.
        (
            Box(0.0, 0.0, 100.0, 30.0),
            [
                Word("Microsoft", Box(3.0, 2.0, 50.0, 11.0), 9.0),
                Word("Office", Box(55.0, 2.0, 80.0, 11.0), 9.0),
                Word("365", Box(3.0, 12.0, 18.0, 21.0), 9.0),
            ],
            "Microsoft Office 365",
        ),
    ],
    ids=["count beside its share", "words on one baseline"],
)
def test_runs_side_by_side_are_read_one_after_the_other(
    box: Box, words: list[Word], text: str
) -> None:
    assert _cell_text(words, box) == text


def _spaced(text: str, x0: float, gaps: list[float], top: float = 2.0) -> Word:
    """A run of 9-pt glyphs, the gaps between them as given (letter-spacing)."""
    spans, x = [], x0
    for i in range(len(text)):
        spans.append((x, x + SIZE))
        x += SIZE + (gaps[i] if i < len(gaps) else 0.0)
    return Word(text, Box(x0, top, spans[-1][1], top + SIZE), SIZE, tuple(spans))


def test_an_evenly_spaced_run_over_a_border_is_one_text() -> None:
    # 均等割り付け: `行 政 の D X` over two columns, the border after `の`.
    word = _spaced("行政のDX", 60.0, [6.2, 6.21, 6.2, 6.2])
    assert word.spans[2][1] < 100.0 < word.spans[3][0]  # in a gap of its own spacing
    assert "行政のDX" in _texts([word])


def test_spaced_texts_of_two_cells_meeting_are_cut_at_the_border() -> None:
    # Two spaced year labels whose gap at the border is wider than their own
    # spacing by 0.36 pt (0.04 em): two cells' texts, however alike they look.
    word = _spaced("令和5年度令和6年度", 15.5, [8.74] * 4 + [9.1] + [8.74] * 4)
    assert word.spans[4][1] < 100.0 < word.spans[5][0]
    assert _texts([word]) == ["令和5年度", "令和6年度"]


def test_a_spaced_label_run_on_into_a_value_is_cut_at_the_border() -> None:
    # Writer: `合 計` spread over its cell, run on into the next cell's `81事`
    # (2.45 pt of Asian/Latin spacing inside it): spaced unevenly, so the gap
    # at the border is where the cells meet.
    word = _spaced("合計81事", 64.0, [12.0, 11.8, -0.05, 2.45])
    assert word.spans[1][1] < 100.0 < word.spans[2][0]
    assert _texts([word]) == ["合計", "81事"]


def test_evenly_spaced_labels_one_per_cell_are_cut_where_they_meet() -> None:
    # 令 和 6 年 度 | 令 和 7 年 度 spread over two cells so that the gap where
    # they meet is their own spacing: each label centred in its cell.
    grid = [[Box(10.0, 0.0, 88.95, 40.0), Box(88.95, 0.0, 167.9, 40.0)]]
    word = _spaced("令和6年度令和7年度", 13.395, [6.79] * 9)
    assert word.spans[4][1] < 88.95 < word.spans[5][0]
    texts = [c.text for c in boxes_to_rows(1, grid, [word])[0].cells]
    assert texts == ["令和6年度", "令和7年度"]


# --- columns from text alignment (cells.aligned_bounds) ---


def _right(text: str, x1: float, top: float) -> Word:
    """A run set at its advance ending at x1 (a right-aligned number)."""
    return _word(text, x1 - SIZE * len(text), top)


def test_one_channel_of_white_space_is_one_border_whatever_row_reaches_into_it() -> None:
    # Left-aligned labels over right-aligned numbers leave a wide channel; the
    # last row's label reaches far into it (layout seed 120, `個人情報`): the
    # rows outvote it at the channel's left side, yet the border stands where
    # every row has a gap, and there is one.
    labels = ["あいう", "かきくけ", "さし", "たちつてとなにぬねのは"]
    words = [_word(t, 13.0, 2.0 + 12 * i) for i, t in enumerate(labels)]
    words += [_right("12事業", 190.0, 2.0 + 12 * i) for i in range(len(labels))]
    box = Box(10.0, 0.0, 200.0, 50.0)
    rows = [(2.0 + 12 * i, 11.0 + 12 * i) for i in range(len(labels))]
    (border,) = aligned_bounds(box, rows, words)
    assert 13.0 + 11 * SIZE < border < 190.0 - 4 * SIZE


def test_a_narrow_gap_where_the_lines_of_a_row_start_their_runs_is_a_border() -> None:
    # reportlab (sweep seed 438): the cell before is full to its border, so the
    # gap before the next cell's text is narrower than a column's (2 pt, under
    # 0.35 em) — but three lines of the row start their runs right after it.
    left = _word("あいうえおかきくけこ", 13.0, 2.0)  # 13..103
    lines = [_word("さしすせそ", 105.0, 2.0 + 12 * i) for i in range(3)]
    lines.append(_word("たちつ", 13.0, 14.0))
    (border,) = aligned_bounds(Box(10.0, 0.0, 200.0, 50.0), [(0.0, 50.0)], [left, *lines])
    assert 103.0 < border < 105.0
    # Two lines starting there are not enough: a gap of 2 pt is no border.
    assert aligned_bounds(Box(10.0, 0.0, 200.0, 50.0), [(0.0, 50.0)], [left, *lines[:1]]) == []


def test_a_solid_label_run_on_into_a_spaced_one_is_cut_where_the_spacing_changes() -> None:
    # reportlab (sweep seed 396): `うちKPI設定事業数(A)` set solid, then `達 成 ( B )`
    # spaced out, one run: two header cells' labels.
    run = _spaced("うちKPI設定達成(B)", 13.0, [0.0] * 6 + [7.0] + [8.0] * 4)
    assert [w.text for w in split_where_spacing_changes(run)] == ["うちKPI設定", "達成(B)"]
    # One spacing throughout, or too few gaps of the second, is one run.
    for whole in (
        _spaced("達成(B)", 13.0, [8.0] * 4),
        _spaced("うちKPI設定", 13.0, [0.0] * 6),
        _spaced("うちKPI設定達成", 13.0, [0.0] * 6 + [7.0, 8.0]),
    ):
        assert split_where_spacing_changes(whole) == [whole]
