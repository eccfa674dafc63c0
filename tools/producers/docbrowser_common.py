"""What the docx and browser producers share: the report as a flat list of blocks and
tables (the printed grid, merged cells included), the string check and a seed sweep.

The producers (`tools/producers/docx.py`, `tools/producers/browser.py`) render the
same content through real software (LibreOffice Writer from a python-docx .docx;
headless Chromium printing HTML/CSS). Both walk `flow(report)`, so that the order of
blocks, the headings and labels, and every table's rows and columns are the ones of
`printed_strings(report)`; only the look is theirs.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Literal

TOOLS = Path(__file__).resolve().parents[1]
ROOT = TOOLS.parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from fy2023_content import (  # noqa: E402
    Block,
    FieldTable,
    Initiative,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
    printed_strings,
)

FIXTURES = ROOT / "tests" / "fixtures" / "producers"
GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")

Align = Literal["left", "center", "right"]


# ---------------------------------------------------------------------------------
# Tables: the printed grid
# ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One printed cell at grid column `col`, `span` columns wide; `rowspan` > 1 merges
    it with the cells below (those rows then leave the column out)."""

    col: int
    runs: tuple[tuple[str, bool], ...]  # (text, bold)
    span: int = 1
    rowspan: int = 1
    align: Align = "left"
    letter_spaced: bool = False  # 「合 計」

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool = False
    total: bool = False


@dataclass(frozen=True)
class Table:
    kind: Literal["summary", "field", "item", "kpi"]
    weights: tuple[float, ...]  # relative widths of the grid columns
    rows: tuple[Row, ...]
    header_rows: int

    @property
    def columns(self) -> int:
        return len(self.weights)


def _c(col: int, text: str, align: Align = "left", span: int = 1, bold: bool = False) -> Cell:
    return Cell(col, ((text, bold),), span, 1, align)


def summary_table(report: Report, value_align: Align = "center") -> Table:
    s = report.summary
    first = [Cell(0, (("", False),), rowspan=2, align="center")]
    second: list[Cell] = []
    col = 1
    for area in s.areas:
        first.append(_c(col, area, "center", span=len(s.years)))
        for year in s.years:
            second.append(_c(col, report.fill(year), "center"))
            col += 1
    rows = [Row(tuple(first), header=True), Row(tuple(second), header=True)]
    for r in s.rows:
        cells = [_c(0, r.label, "left", bold=True)]
        for i, c in enumerate(r.cells):
            runs = ((c.count, c.bold),) + (((c.share, False),) if c.share else ())
            cells.append(Cell(i + 1, runs, align=value_align))
        rows.append(Row(tuple(cells)))
    weights = (1.6,) + (1.0,) * (col - 1)
    return Table("summary", weights, tuple(rows), 2)


FIELD_WEIGHTS = (0.7, 2.6, 0.9, 1.2, 1.0, 1.1, 0.9, 1.2)


def field_table(t: FieldTable, report: Report, value_align: Align = "right") -> Table:
    first: list[Cell] = []
    col = 0
    for g in t.groups:
        first.append(_c(col, report.fill(g.label), "center", span=g.span))
        col += g.span
    second = [_c(i, label, "center") for i, label in enumerate(t.columns)]
    rows = [Row(tuple(first), header=True), Row(tuple(second), header=True)]
    for r in t.rows:
        cells = [_c(0, r.code, "center"), _c(1, r.name)]
        cells += [_c(i + 2, v, value_align) for i, v in enumerate(r.values)]
        rows.append(Row(tuple(cells)))
    total = Cell(1, ((t.total.label, False),), align="center", letter_spaced=t.total.letter_spaced)
    cells = [_c(0, "", "center"), total]
    cells += [_c(i + 2, v, value_align) for i, v in enumerate(t.total.values)]
    rows.append(Row(tuple(cells), total=True))
    weights = FIELD_WEIGHTS if len(t.columns) == 8 else (1.0,) * len(t.columns)
    return Table("field", weights, tuple(rows), 2)


ITEM_WEIGHTS = (1.0, 1.6, 1.6, 1.6)
KPI_WEIGHTS = (2.4, 1.0, 1.0, 1.0, 1.0)


def initiative_tables(
    item: Initiative,
    report: Report,
    item_weights: Sequence[float] = ITEM_WEIGHTS,
    kpi_weights: Sequence[float] = KPI_WEIGHTS,
    value_align: Align = "right",
) -> tuple[Table, Table | None]:
    """The initiative table and the KPI table under it on one grid of columns, with the
    printed merged cells (Spans); a KPI table that does not tile the grid gets its own."""
    spans = item.spans
    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    weights: list[float] = []
    head: list[Cell] = []
    body: list[Cell] = []
    for label, value, span, w in zip(labels, values, spans.item, item_weights, strict=True):
        col = len(weights)
        weights += [w / span] * span
        head.append(_c(col, label, "center", span))
        body.append(_c(col, value, "left", span))
    table = Table("item", tuple(weights), (Row(tuple(head), True), Row(tuple(body))), 1)
    if not item.kpis:
        return table, None
    if spans.kpi_fits():
        kw, kspans, col = tuple(weights), spans.kpi, spans.kpi_lead
    else:
        kw, kspans, col = tuple(kpi_weights), (1, 1, 1, 1, 1), 0
    lead = [_c(i, "", "center") for i in range(col)]
    khead, starts = list(lead), []
    for label in (report.fill(x) for x in report.labels.kpi_columns):
        span = kspans[len(starts)]
        khead.append(_c(col, label, "center", span))
        starts.append((col, span))
        col += span
    rows = [Row(tuple(khead), True)]
    aligns: tuple[Align, ...] = ("left", value_align, value_align, "center", value_align)
    for k in item.kpis:
        cells = list(lead)
        texts = (k.name, k.target, k.actual, k.status, k.next_target)
        for (c, span), text, align in zip(starts, texts, aligns, strict=True):
            cells.append(_c(c, text, align, span))
        rows.append(Row(tuple(cells)))
    return table, Table("kpi", kw, tuple(rows), 1)


# ---------------------------------------------------------------------------------
# Blocks in reading order
# ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1: report heading, field-table headings, part titles; 2: sections
    text: str
    kind: Literal["report", "field", "part", "section"]


@dataclass(frozen=True)
class Text:
    text: str
    kind: Literal["paragraph", "bullet", "note"]


@dataclass(frozen=True)
class Value:
    """「新しい価値」 and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class TableBlock:
    table: Table
    under: bool = False  # a KPI table printed right under its initiative table


@dataclass(frozen=True)
class Break:
    before_part: bool  # the next block is a part title
    before_field: bool  # the next block is a field table


FlowBlock = Title | Heading | Text | Value | TableBlock | Break


def flow(
    report: Report,
    item_weights: Sequence[float] = ITEM_WEIGHTS,
    kpi_weights: Sequence[float] = KPI_WEIGHTS,
    value_align: Align = "right",
) -> Iterator[FlowBlock]:
    """The report as the blocks a document prints, in the order of printed_strings."""
    yield Title(tuple(report.fill(x) for x in report.title_lines))
    yield Heading(1, report.fill(report.heading), "report")
    yield TableBlock(summary_table(report, "center"))
    blocks = report.blocks
    for n, block in enumerate(blocks):
        if isinstance(block, PageBreak):
            nxt = blocks[n + 1] if n + 1 < len(blocks) else None
            yield Break(isinstance(nxt, PartTitle), isinstance(nxt, FieldTable))
        else:
            yield from _block_flow(block, report, item_weights, kpi_weights, value_align)


def _block_flow(
    block: Block,
    report: Report,
    item_weights: Sequence[float],
    kpi_weights: Sequence[float],
    value_align: Align,
) -> Iterator[FlowBlock]:
    """The flow blocks of one content block (not a page break)."""
    match block:
        case FieldTable():
            yield Heading(1, block.heading, "field")
            yield TableBlock(field_table(block, report, value_align))
        case PartTitle():
            yield Heading(1, report.fill(block.text), "part")
        case Paragraph():
            yield Text(block.text, "bullet" if block.bullet else "paragraph")
        case NewValue():
            yield Value(block.label, block.text)
        case Section():
            yield Heading(2, block.heading, "section")
            if block.new_value is not None:
                yield Value(block.new_value.label, block.new_value.text)
            for item in block.initiatives:
                table, kpi = initiative_tables(item, report, item_weights, kpi_weights, value_align)
                yield TableBlock(table)
                if kpi is not None:
                    yield TableBlock(kpi, under=True)
                if item.footnote:
                    yield Text(item.footnote, "note")


def page_break_wanted(b: Break, mode: str) -> bool:
    """Whether a content PageBreak becomes a page break under a style's `page_breaks`:
    'all', 'parts' (only before part titles and field tables), 'none'."""
    if mode == "all":
        return True
    if mode == "parts":
        return b.before_part
    return False


# ---------------------------------------------------------------------------------
# Text widths (to keep columns wide enough for their unbreakable runs)
# ---------------------------------------------------------------------------------


def _units(text: str) -> Iterator[str]:
    for m in re.finditer(r"[!-~]+|\S", text):
        yield m.group()


def em_width(text: str) -> float:
    """A generous width estimate in em: ASCII 0.6, anything else 1, and a quarter em
    where ASCII meets other text (Word's Asian/Latin spacing)."""
    ascii_ = [" " <= ch <= "~" for ch in text]
    switches = sum(a != b for a, b in pairwise(ascii_))
    return sum(0.6 if a else 1.0 for a in ascii_) + 0.25 * switches


def min_unit_em(text: str) -> float:
    return max((em_width(u) for u in _units(text)), default=0.0)


def fit_widths(table: Table, total: float, size_pt: float, pad_pt: float) -> list[float]:
    """Column widths (same unit as `total`, in pt) proportional to the weights, widened
    where a cell's widest unbreakable run would not fit."""
    n = table.columns
    need = [2 * pad_pt + size_pt] * n
    for row in table.rows:
        for cell in row.cells:
            w = _cell_em(cell, row.header) * size_pt + 2 * pad_pt + 2
            per = w / cell.span
            for c in range(cell.col, cell.col + cell.span):
                need[c] = max(need[c], per)
    s = sum(table.weights)
    widths = [total * w / s for w in table.weights]
    fixed: set[int] = set()
    for _ in range(n):
        short = {i for i in range(n) if widths[i] < need[i] - 1e-6}
        if not short:
            break
        fixed |= short
        for i in fixed:
            widths[i] = need[i]
        rest = [i for i in range(n) if i not in fixed]
        room = total - sum(widths[i] for i in fixed)
        rs = sum(table.weights[i] for i in rest) or 1.0
        for i in rest:
            widths[i] = room * table.weights[i] / rs
    return widths


def _cell_em(cell: Cell, header: bool) -> float:
    """The width (em) a cell's column needs for it."""
    full = em_width(cell.text)
    if cell.letter_spaced:
        return full * 2
    if not header and full <= 6.5:  # values, codes: never wrapped
        return full
    if header and full <= 10:  # labels: in two lines at most
        return max(full / 2 + 1, min_unit_em(cell.text))
    return min_unit_em(cell.text)


# ---------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------

# Code points Chromium (Skia) writes in the text layer for a glyph IPAex shares between
# two code points (its ToUnicode map names one of them): the character each stands
# for. Kangxi radicals (U+2F00-U+2FDF, ⼀ for 一, ⽀ for 支 ...) and CJK radical
# supplements with a compatibility decomposition are mapped by NFKC. Both the PDF's
# text and the expected strings are folded the same way.
LOOKALIKES = {
    "\u2ea0": "民",  # CJK RADICAL CIVILIAN (no NFKC decomposition)
    "\u0336": "—",  # COMBINING LONG STROKE OVERLAY for EM DASH
    "\u301c": "～",  # WAVE DASH for FULLWIDTH TILDE
}


def unlookalike(ch: str) -> str:
    if ch in LOOKALIKES:
        return LOOKALIKES[ch]
    if "\u2e80" <= ch <= "\u2fdf":
        return unicodedata.normalize("NFKC", ch)
    return ch


def fold(text: str) -> str:
    """Whitespace removed, look-alikes mapped back."""
    return "".join(unlookalike(c) for c in _WS.sub("", text))


_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


def pdf_text(pdf: Path) -> tuple[str, Counter[str]]:
    """All pages' characters in drawing order (pdfplumber), whitespace removed and
    look-alikes mapped back; with a count of the look-alikes met."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found: Counter[str] = Counter()
    out: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                for c in ch["text"]:
                    m = unlookalike(c)
                    if m != c:
                        found[c] += 1
                    out.append(m)
    return fold("".join(out)), found


def check(report: Report, pdf: Path) -> list[str]:
    """The strings of printed_strings(report) not found in the PDF's text layer."""
    text, _ = pdf_text(pdf)
    return [s for s in printed_strings(report) if fold(s) not in text]


def out_of_order(report: Report, pdf: Path) -> list[str]:
    """Strings found, but only before the previous string's position (reading order)."""
    text, _ = pdf_text(pdf)
    pos, late = 0, []
    for s in printed_strings(report):
        q = fold(s)
        at = text.find(q, pos)
        if at < 0:
            if q in text:
                late.append(s)
            continue
        pos = at + len(q)
    return late


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    m = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(m.group(1)) if m else 0


# ---------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------


@dataclass
class SweepResult:
    passed: int = 0
    failed: list[tuple[int, list[str]]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    lookalikes: Counter[str] = field(default_factory=Counter)


def sweep(
    render: Callable[..., int],
    random_style: Callable[[int], object],
    report: Report,
    seeds: range,
    tmp: Path,
    name: str,
) -> SweepResult:
    res = SweepResult()
    for seed in seeds:
        style = random_style(seed)
        pdf = tmp / f"{name}_seed{seed}.pdf"
        t0 = time.perf_counter()
        pages = render(report, pdf, style)
        res.seconds.append(time.perf_counter() - t0)
        missing = check(report, pdf)
        res.lookalikes.update(pdf_text(pdf)[1])
        if missing:
            res.failed.append((seed, missing))
            print(f"seed {seed}: {pages} pages, {len(missing)} missing {missing[:3]} {style}")
        else:
            res.passed += 1
            print(f"seed {seed}: {pages} pages, ok ({res.seconds[-1]:.1f} s)")
    return res


def report_fixture(report: Report, pdf: Path, pages: int, seconds: float) -> bool:
    missing = check(report, pdf)
    late = out_of_order(report, pdf)
    _, looks = pdf_text(pdf)
    rel = pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf
    shown = ", ".join(f"U+{ord(c):04X}×{n}" for c, n in sorted(looks.items())) or "none"
    print(
        f"{rel}: {pages} pages, {seconds:.1f} s, {len(missing)} missing, "
        f"{len(late)} out of order, look-alikes: {shown}"
    )
    for s in missing:
        print(f"  missing: {s}")
    return not missing
