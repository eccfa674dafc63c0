"""What the office producers (calc.py, impress.py) share: the report as a flat list of
blocks with table grids, text measuring for row heights, printed numbers as Excel
number formats, the LibreOffice conversion and the check of a rendered PDF.

The grids reproduce what tools/make_writer_pdf.py and make_fixture_pdfs.py print:
the summary table (an empty corner spanning the two header rows, areas over years),
field tables (a fiscal-year group row over the column names, a 合計 row), initiative
tables (項目 | R5取組内容 | R5成果・効果 | R6取組内容, cells merged as `Spans` says) and
the KPI table under each, on the same grid of columns when `Spans.kpi_fits()`.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parents[1]
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from fy2023_content import (  # noqa: E402
    REPORT,
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

ROOT = TOOLS.parent
FIXTURES = ROOT / "tests" / "fixtures" / "producers"
FONT = "IPAexGothic"
FONT_FILE = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")

# ---------------------------------------------------------------------------------
# Flat blocks
# ---------------------------------------------------------------------------------


@dataclass
class Cell:
    col: int  # first grid column
    text: str
    span: int = 1
    rowspan: int = 1
    header: bool = False
    align: str = "left"  # left, center, right
    bold: bool = False
    share: str = ""  # summary cells: the share printed after the bold count
    letter_spaced: bool = False  # 合 計


@dataclass
class Grid:
    kind: str  # summary, field, item, kpi
    weights: list[float]  # relative width of each grid column
    rows: list[list[Cell]]
    header_rows: int
    total_row: bool = False  # the last row is a 合計 row
    attached: bool = False  # a KPI table right under its initiative table


@dataclass
class Text:
    kind: str  # title, heading, part, field_heading, section, paragraph, footnote
    text: str


@dataclass
class Value:
    """新しい価値: a shaded label and its text, between a section heading and tables."""

    label: str
    text: str


@dataclass
class Break:
    pass


Flat = Text | Grid | Value | Break


@dataclass(frozen=True)
class Widths:
    """Relative column widths of the tables (before merging per Spans)."""

    summary: tuple[float, ...] = (1.6, 1.0, 1.0, 1.0, 1.0)
    field: tuple[float, ...] = (0.7, 2.6, 1.0, 1.4, 1.0, 1.2, 1.0, 1.4)
    item: tuple[float, ...] = (1.0, 1.6, 1.6, 1.6)
    kpi: tuple[float, ...] = (2.2, 1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True)
class GridOptions:
    widths: Widths = field(default_factory=Widths)
    field_keys_span_rows: bool = False  # 項番 and 分野 span both header rows
    value_align: str = "right"


def summary_grid(report: Report, o: GridOptions) -> Grid:
    s = report.summary
    first = [Cell(0, "", rowspan=2, header=True)]
    second: list[Cell] = []
    col = 1
    for area in s.areas:
        first.append(Cell(col, area, span=len(s.years), header=True, align="center"))
        for year in s.years:
            second.append(Cell(col, report.fill(year), header=True, align="center"))
            col += 1
    rows = [first, second]
    for r in s.rows:
        cells = [Cell(0, r.label, bold=True)]
        for i, c in enumerate(r.cells):
            cells.append(Cell(i + 1, c.count, align="center", bold=c.bold, share=c.share))
        rows.append(cells)
    return Grid("summary", list(o.widths.summary), rows, 2)


def field_grid(t: FieldTable, report: Report, o: GridOptions) -> Grid:
    keys = 2 if o.field_keys_span_rows and t.groups[0].span > 2 else 0
    first = [Cell(i, t.columns[i], rowspan=2, header=True, align="center") for i in range(keys)]
    col = keys
    for i, g in enumerate(t.groups):
        span = g.span - keys if i == 0 else g.span
        first.append(Cell(col, report.fill(g.label), span=span, header=True, align="center"))
        col += span
    second = [Cell(i, c, header=True, align="center") for i, c in enumerate(t.columns) if i >= keys]
    rows = [first, second]
    va = o.value_align
    for r in t.rows:
        cells = [Cell(0, r.code, align="center"), Cell(1, r.name)]
        cells += [Cell(i + 2, v, align=va) for i, v in enumerate(r.values)]
        rows.append(cells)
    tot = t.total
    label = "合 計" if tot.letter_spaced else tot.label
    cells = [Cell(0, ""), Cell(1, label, align="center", letter_spaced=tot.letter_spaced)]
    cells += [Cell(i + 2, v, align=va) for i, v in enumerate(tot.values)]
    rows.append(cells)
    return Grid("field", list(o.widths.field), rows, 2, total_row=True)


def initiative_grids(item: Initiative, report: Report, o: GridOptions) -> list[Grid]:
    spans = item.spans
    labels = [report.fill(x) for x in report.labels.initiative_columns]
    values = (item.title, item.activities, item.outcomes, item.next_activities)
    weights: list[float] = []
    head: list[Cell] = []
    body: list[Cell] = []
    for label, value, span, w in zip(labels, values, spans.item, o.widths.item, strict=True):
        col = len(weights)
        weights += [w / span] * span
        head.append(Cell(col, label, span=span, header=True, align="center"))
        body.append(Cell(col, value, span=span))
    grids = [Grid("item", weights, [head, body], 1)]
    if not item.kpis:
        return grids
    kpi_labels = [report.fill(x) for x in report.labels.kpi_columns]
    if spans.kpi_fits():
        kweights, kspans, col = list(weights), spans.kpi, spans.kpi_lead
    else:
        kweights, kspans, col = list(o.widths.kpi), (1, 1, 1, 1, 1), 0
    lead = col
    head = [Cell(i, "") for i in range(lead)]
    starts = []
    for label, span in zip(kpi_labels, kspans, strict=True):
        head.append(Cell(col, label, span=span, header=True, align="center"))
        starts.append((col, span))
        col += span
    rows = [head]
    va = o.value_align
    for k in item.kpis:
        cells = [Cell(i, "") for i in range(lead)]
        aligns = ["left", va, va, "center", va]
        for (c, span), text, align in zip(
            starts, (k.name, k.target, k.actual, k.status, k.next_target), aligns, strict=True
        ):
            cells.append(Cell(c, text, span=span, align=align))
        rows.append(cells)
    grids.append(Grid("kpi", kweights, rows, 1, attached=True))
    return grids


def flatten(report: Report, o: GridOptions) -> list[Flat]:
    """The report in reading order, as the office producers lay it out."""
    out: list[Flat] = [Text("title", report.fill(x)) for x in report.title_lines]
    out.append(Text("heading", report.fill(report.heading)))
    out.append(summary_grid(report, o))
    for block in report.blocks:
        out.extend(_block_flat(block, report, o))
    return out


def _block_flat(block: Block, report: Report, o: GridOptions) -> list[Flat]:
    match block:
        case PageBreak():
            return [Break()]
        case FieldTable():
            return [Text("field_heading", block.heading), field_grid(block, report, o)]
        case PartTitle():
            return [Text("part", report.fill(block.text))]
        case Paragraph():
            return [Text("paragraph", ("・" if block.bullet else "") + block.text)]
        case NewValue():
            return [Value(block.label, block.text)]
        case Section():
            return _section_flat(block, report, o)
    return []


def _section_flat(section: Section, report: Report, o: GridOptions) -> list[Flat]:
    out: list[Flat] = [Text("section", section.heading)]
    if section.new_value is not None:
        out.append(Value(section.new_value.label, section.new_value.text))
    for item in section.initiatives:
        out.extend(initiative_grids(item, report, o))
        if item.footnote:
            out.append(Text("footnote", item.footnote))
    return out


def column_bounds(weights: Sequence[float], total: int) -> list[int]:
    """Split `total` grid units (columns of an Excel 方眼紙 sheet) over columns of the
    given weights: the cumulative boundaries, every column at least one unit."""
    n = len(weights)
    s = sum(weights)
    bounds = [0]
    acc = 0.0
    for i, w in enumerate(weights):
        acc += w
        b = round(acc / s * total)
        b = max(b, bounds[-1] + 1)
        b = min(b, total - (n - 1 - i))
        bounds.append(b)
    bounds[-1] = total
    return bounds


# ---------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------


@cache
def _advances() -> tuple[dict[int, float], float]:
    from fontTools.ttLib import TTFont

    f = TTFont(str(FONT_FILE))
    upm = f["head"].unitsPerEm
    hmtx = f["hmtx"].metrics
    cmap = f.getBestCmap()
    return {cp: hmtx[g][0] / upm for cp, g in cmap.items()}, 1.0


def char_width(ch: str, size: float) -> float:
    adv, _ = _advances()
    return adv.get(ord(ch), 1.0) * size


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)


NO_START = frozenset("、。，．）〕］｝」』】〉》・ー～…‥！？％：；々ゝゞヽヾ)]},.%:;!?")
NO_END = frozenset("（〔［｛「『【〈《([{")


def _units(text: str) -> Iterator[str]:
    """Unbreakable units: runs of ASCII letters/digits (with .,%-/ inside) and single
    other characters, kinsoku characters glued to their neighbour."""
    units: list[str] = []
    for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9.,%/\-]*|\s|.", text):
        u = m.group()
        if units and (u[0] in NO_START or (units[-1] and units[-1][-1] in NO_END)):
            units[-1] += u
        else:
            units.append(u)
    return iter(units)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x3000


def _spaced_width(unit: str, prev: str, size: float, gap: float) -> float:
    """Width of `unit` after the character `prev`, with `gap` em added at every change
    between CJK and Latin letters or digits (Impress's Asian/Latin autospacing)."""
    w = text_width(unit, size)
    if gap:
        for a, b in zip(prev + unit, unit, strict=False):
            if (_is_cjk(a) and _is_latin(b)) or (_is_latin(a) and _is_cjk(b)):
                w += gap * size
    return w


def wrap_count(text: str, width: float, size: float, latin_gap: float = 0.0) -> int:
    """Lines `text` takes in a cell `width` pt wide (greedy, a little pessimistic:
    LibreOffice's breaking differs in details); `latin_gap`: see _spaced_width."""
    if not text:
        return 1
    lines = 0
    for para in text.split("\n"):
        lines += 1
        x = 0.0
        prev = ""
        for u in _units(para):
            w = _spaced_width(u, prev[-1:] if x > 0 else "", size, latin_gap)
            prev = u
            if x + w > width and x > 0:
                lines += 1
                x = 0.0
            while w > width:  # a unit wider than the cell is broken anywhere
                lines += 1
                w -= width
            x += w
    return lines


# ---------------------------------------------------------------------------------
# Printed numbers as numbers
# ---------------------------------------------------------------------------------

_NUMBER = re.compile(r"^(0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.(\d+))?(%|[^\d\s.,%\-—－]+)?$")


def as_number(text: str) -> tuple[float, str] | None:
    """(value, Excel number format) printing `text` exactly, or None to keep it text:
    '52事業' -> (52, '0"事業"'), '68%' -> (0.68, '0%'), '1,071時間' -> (1071,
    '#,##0"時間"'), '67.4%' -> (0.674, '0.0%')."""
    m = _NUMBER.match(text)
    if not m:
        return None
    whole, frac, unit = m.group(1), m.group(2) or "", m.group(3) or ""
    grouped = "," in whole
    value = Decimal(whole.replace(",", "") + ("." + frac if frac else ""))
    body = ("#,##0" if grouped else "0") + ("." + "0" * len(frac) if frac else "")
    if unit == "%":
        if grouped:
            return None
        fmt = body + "%"
        value = value / 100
    elif unit:
        if '"' in unit or "\\" in unit:
            return None
        fmt = body + f'"{unit}"'
    else:
        fmt = body
    if format_number(float(value), fmt) != text:
        return None
    return float(value), fmt


def format_number(value: float, fmt: str) -> str:
    """What Calc prints for `value` in one of the formats as_number makes."""
    m = re.match(r'^(#,##0|0)(?:\.(0+))?(%|"([^"]*)")?$', fmt)
    assert m, fmt
    grouped, decimals = m.group(1) == "#,##0", len(m.group(2) or "")
    pct = m.group(3) == "%"
    v = Decimal(str(value)) * (100 if pct else 1)
    s = f"{v:,.{decimals}f}" if grouped else f"{v:.{decimals}f}"
    return s + ("%" if pct else (m.group(4) or ""))


# ---------------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------------


def soffice_convert(src: Path, outdir: Path, to: str = "pdf") -> Path:
    """`src` converted by LibreOffice headless (a profile of its own, so that
    conversions may run side by side) into `outdir`; `to`: the --convert-to
    filter (`pdf`, or `csv:…` options). The path of `<stem>.<first word of to>`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed (soffice not found)")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )
    out = outdir / f"{src.stem}.{to.split(':')[0]}"
    if to == "pdf" and not out.is_file():
        raise RuntimeError(f"LibreOffice wrote no PDF for {src}")
    return out


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


# ---------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cell_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The text inside each table cell pdfplumber finds on `page` (lines and the edges
    of filled rectangles), characters taken by their centre, read row by row."""
    out = []
    chars = page.chars
    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        for row in table.rows:
            for bbox in row.cells:
                if bbox is None:
                    continue
                x0, top, x1, bottom = bbox
                inside = [
                    c
                    for c in chars
                    if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                    and top <= (c["top"] + c["bottom"]) / 2 <= bottom
                ]
                inside.sort(key=lambda c: (round(c["top"] / 2), c["x0"]))
                out.append("".join(c["text"] for c in inside))
    return out


def check(report: Report, pdf: Path) -> list[str]:
    """The strings of printed_strings(report) not found in `pdf` (all whitespace removed
    on both sides): first in `pdftotext -layout`, then per page in pdftotext's raw
    order, then in the cells pdfplumber finds. Also reports '###' (a numeric cell too
    narrow) and characters outside the page or cut by their cell's bottom edge."""
    import pdfplumber

    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    haystacks = [_squash(layout), _squash(raw)]
    wanted = [s for s in dict.fromkeys(printed_strings(report)) if _squash(s)]
    missing = [s for s in wanted if not any(_squash(s) in h for h in haystacks)]
    problems: list[str] = []
    if "###" in layout:
        problems.append("### in the text (a numeric cell too narrow)")
    with pdfplumber.open(pdf) as doc:
        cells: list[str] = []
        for n, page in enumerate(doc.pages, 1):
            if missing:
                cells += [_squash(t) for t in _cell_texts(page)]
            for c in page.chars:
                if (
                    c["x0"] < -0.5
                    or c["x1"] > page.width + 0.5
                    or c["top"] < -0.5
                    or (c["bottom"] > page.height + 0.5)
                ):
                    problems.append(f"page {n}: {c['text']!r} outside the page")
                    break
            problems += [f"page {n}: {p}" for p in _cut_chars(page)]
            problems += [f"page {n}: {p}" for p in _overlapping_chars(page)]
    missing = [s for s in missing if not any(_squash(s) in t for t in cells)]
    return missing + problems


def _cut_chars(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Characters whose box crosses a horizontal ruling line under them within their
    column (text running over a cell's bottom edge: clipped in the rendering)."""
    out = []
    hlines = [e for e in page.edges if e["orientation"] == "h"]
    for c in page.chars:
        top, bottom = c["top"], c["bottom"]
        h = bottom - top
        mid = (c["x0"] + c["x1"]) / 2
        for e in hlines:
            if e["x0"] <= mid <= e["x1"] and top + 0.3 * h < e["top"] < bottom - 0.3 * h:
                out.append(f"{c['text']!r} at y={top:.1f} cut by a rule at y={e['top']:.1f}")
                break
        if len(out) >= 3:
            break
    return out


def _overlapping_chars(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Pairs of characters drawn over each other (text boxes or tables overlapping)."""
    buckets: dict[tuple[int, int], list[dict]] = {}  # type: ignore[type-arg]
    out = []
    for c in page.chars:
        if not c["text"].strip():
            continue
        key = (int(c["x0"] // 8), int(c["top"] // 8))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for o in buckets.get((key[0] + dx, key[1] + dy), []):
                    w = min(c["x1"], o["x1"]) - max(c["x0"], o["x0"])
                    h = min(c["bottom"], o["bottom"]) - max(c["top"], o["top"])
                    if w > 0.4 * (c["x1"] - c["x0"]) and h > 0.4 * (c["bottom"] - c["top"]):
                        out.append(f"{o['text']!r} and {c['text']!r} overlap at y={c['top']:.1f}")
                        if len(out) >= 3:
                            return out
        buckets.setdefault(key, []).append(c)
    return out


def ceil_div(a: float, b: float) -> int:
    return math.ceil(a / b - 1e-9)


# ---------------------------------------------------------------------------------
# The producers' command line (calc.py and impress.py)
# ---------------------------------------------------------------------------------

Render = Callable[[Report, Path, Any], int]


def sweep_random_styles(
    name: str,
    render: Render,
    random_style: Callable[[int], Any],
    n: int,
    first: int = 0,
    keep: Path | None = None,
) -> int:
    """Render `n` random styles from seed `first` (FY2023 on even seeds, FY2024 on
    odd ones) and check each; the number of styles that miss strings."""
    from fy2024_synthetic import REPORT_FY2024

    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for seed in range(first, first + n):
            report = REPORT if seed % 2 == 0 else REPORT_FY2024
            out = folder / f"{name}_seed{seed}.pdf"
            t = time.monotonic()
            pages = render(report, out, random_style(seed))
            missing = check(report, out)
            bad += bool(missing)
            print(f"seed {seed}: {pages} pages, {time.monotonic() - t:.1f} s, "
                  f"{len(missing)} missing {missing[:3]}", flush=True)  # fmt: skip
    print(f"{n - bad}/{n} random styles pass")
    return bad


def producer_main(
    name: str,
    doc: str,
    render: Render,
    random_style: Callable[[int], Any],
    argv: list[str] | None = None,
) -> int:
    """Re-render `tests/fixtures/producers/<name>_fy20{23,24}.pdf` (the default
    style) and check them; with --seeds N, N random styles too."""
    from fy2024_synthetic import REPORT_FY2024

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=0, help="also check N random styles")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="folder for the random-style PDFs")
    args = parser.parse_args(argv)
    bad = 0
    fixtures = [
        (REPORT, FIXTURES / f"{name}_fy2023.pdf"),
        (REPORT_FY2024, FIXTURES / f"{name}_fy2024.pdf"),
    ]
    for report, out in fixtures:
        t = time.monotonic()
        pages = render(report, out, None)
        missing = check(report, out)
        bad += bool(missing)
        print(f"{out.relative_to(FIXTURES.parents[2])}: {pages} pages, "
              f"{time.monotonic() - t:.1f} s, {len(missing)} missing {missing[:5]}")  # fmt: skip
    if args.seeds:
        bad += sweep_random_styles(
            name, render, random_style, args.seeds, args.first_seed, args.keep
        )
    return bad
