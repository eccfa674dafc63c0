"""Producer: the report as an HTML page printed to PDF by headless Chromium, the way a
report is printed from a prefecture's CMS or a browser.

    python tools/producers/browser.py              # writes tests/fixtures/producers/browser_*.pdf
    python tools/producers/browser.py --seeds 0 20 # and 20 random styles, checked

The page is its own HTML/CSS (not the Writer route's): IPAex fonts by @font-face from
their files, `border-collapse: collapse` tables, shaded <th> header cells, zebra rows
(tr:nth-child(even)), @page size A4 portrait or landscape, a <thead> that Chromium
repeats where a table continues on the next page, page-break-before where the content
has PageBreak (per style), a CMS-like look (a title bar, headings with a coloured bar).

Chromium (Skia) writes text as subset Type 0 fonts positioned glyph by glyph and, with
IPAex fonts, puts look-alike code points in the text layer (U+2EA0 ⺠ for 民, U+0336
for —): the output keeps them, `check` maps them back (docbrowser_common.LOOKALIKES)
and the command line says which appeared.
"""

from __future__ import annotations

import argparse
import atexit
import html
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

_TOOLS = str(Path(__file__).resolve().parents[1])
if _TOOLS not in sys.path:
    sys.path.insert(0, _TOOLS)

from fy2023_content import REPORT, Report  # noqa: E402
from producers.docbrowser_common import (  # noqa: E402
    FIXTURES,
    GOTHIC,
    MINCHO,
    fit_widths,
    page_count,
    report_fixture,
    sweep,
)
from producers.docbrowser_common import check as _check  # noqa: E402
from producers.docbrowser_flow import (  # noqa: E402
    FIELD_WEIGHTS,
    ITEM_WEIGHTS,
    KPI_WEIGHTS,
    Break,
    Cell,
    FlowBlock,
    Heading,
    Table,
    TableBlock,
    Text,
    Title,
    Value,
    flow,
    page_break_wanted,
)

TableStyle = Literal["grid", "rules", "shading"]  # ruled cells, horizontal rules, fills only


@dataclass(frozen=True)
class Style:
    """The layout options of a CMS stylesheet. Content and order never change."""

    orientation: Literal["portrait", "landscape"] = "portrait"
    margins_mm: tuple[float, float, float, float] = (15.0, 12.0, 15.0, 12.0)  # t r b l
    body_font: Literal["gothic", "mincho"] = "gothic"
    body_size: float = 10.0  # pt
    table_size: float = 9.0
    title_size: float = 15.0
    h2_size: float = 12.5
    h3_size: float = 11.0
    line_height: float = 1.5
    cell_pad_pt: tuple[float, float] = (3.0, 4.0)  # vertical, horizontal
    table_style: TableStyle = "grid"
    zebra: str | None = "#f3f6fa"  # even body rows
    header_bg: str = "#dbe5f1"
    header_fg: str = "#000000"
    border_color: str = "#7f8c99"
    accent: str = "#1d4f91"  # title bar, heading bars
    title_bar: bool = True
    heading_bar: Literal["left", "under", "fill"] = "left"
    page_breaks: Literal["all", "parts", "none"] = "none"  # a web page flows on
    repeat_header: bool = True  # header rows in <thead>
    value_align: Literal["left", "center", "right"] = "right"
    item_weights: tuple[float, ...] = ITEM_WEIGHTS
    kpi_weights: tuple[float, ...] = KPI_WEIGHTS
    field_weights: tuple[float, ...] = FIELD_WEIGHTS
    table_width: float = 1.0  # share of the content width
    kpi_gap_pt: float = 3.0  # between an initiative table and its KPI table
    total_label: Literal["space", "letter-spacing"] = "letter-spacing"
    bold_headers: bool = True


DEFAULT = Style()


def random_style(seed: int) -> Style:
    """A plausible CMS print layout per seed (text always inside its cell)."""
    rng = random.Random(f"browser-{seed}")

    def jitter(ws: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(0.7, 1.4), 2) for w in ws)

    table_style: TableStyle = rng.choice(("grid", "grid", "rules", "shading"))
    palette = rng.choice(
        (
            ("#dbe5f1", "#000000", "#1d4f91"),
            ("#1d4f91", "#ffffff", "#1d4f91"),
            ("#e2efd9", "#000000", "#38761d"),
            ("#eeeeee", "#000000", "#444444"),
            ("#fde9d9", "#000000", "#b45f06"),
            ("#4a7ebb", "#ffffff", "#264f78"),
        )
    )
    size = rng.choice((8.0, 8.5, 9.0, 10.0, 10.5))
    return Style(
        orientation=rng.choice(("portrait", "portrait", "landscape")),
        margins_mm=rng.choice(
            (
                (15.0, 12.0, 15.0, 12.0),
                (10.0, 10.0, 10.0, 10.0),
                (20.0, 20.0, 20.0, 20.0),
                (12.7, 12.7, 12.7, 12.7),
                (25.0, 20.0, 25.0, 20.0),
            )
        ),
        body_font=rng.choice(("gothic", "gothic", "mincho")),
        body_size=rng.choice((9.0, 10.0, 10.5, 12.0)),
        table_size=size,
        title_size=rng.choice((13.0, 15.0, 18.0)),
        h2_size=rng.choice((11.0, 12.5, 14.0)),
        h3_size=rng.choice((10.5, 11.0, 12.0)),
        line_height=rng.choice((1.3, 1.5, 1.7)),
        cell_pad_pt=(rng.choice((1.5, 3.0, 5.0)), rng.choice((2.0, 4.0, 6.0))),
        table_style=table_style,
        zebra=rng.choice((None, "#f3f6fa", "#f7f7f7", "#fbf8ee")),
        header_bg=palette[0],
        header_fg=palette[1],
        border_color=rng.choice(("#000000", "#7f8c99", "#999999", "#b7c4d3")),
        accent=palette[2],
        title_bar=rng.random() < 0.7,
        heading_bar=rng.choice(("left", "under", "fill")),
        page_breaks=rng.choice(("all", "parts", "none")),
        repeat_header=rng.random() < 0.8,
        value_align=rng.choice(("right", "right", "center", "left")),
        item_weights=jitter(ITEM_WEIGHTS),
        kpi_weights=jitter(KPI_WEIGHTS),
        field_weights=jitter(FIELD_WEIGHTS),
        table_width=rng.choice((1.0, 1.0, 0.96, 0.9)),
        kpi_gap_pt=rng.choice((0.0, 3.0, 8.0)),
        total_label=rng.choice(("space", "letter-spacing")),
        bold_headers=rng.random() < 0.7,
    )


# ---------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------


def _css(st: Style) -> str:
    t, r, b, left = st.margins_mm
    size = "A4 landscape" if st.orientation == "landscape" else "A4"
    font = "DocMincho" if st.body_font == "mincho" else "DocGothic"
    vpad, hpad = st.cell_pad_pt
    border = f"0.75pt solid {st.border_color}"
    if st.table_style == "grid":
        cells = f"th, td {{ border: {border}; }}"
    elif st.table_style == "rules":
        cells = (
            f"table {{ border-top: 1.5pt solid {st.accent};"
            f" border-bottom: 1.5pt solid {st.accent}; }}"
            f" th, td {{ border-bottom: {border}; }}"
        )
    else:  # shading only: no ruling lines
        cells = "th, td { border: none; }"
    zebra = f"tbody tr:nth-child(even) td {{ background: {st.zebra}; }}" if st.zebra else ""
    bar = {
        "left": f"border-left: 5pt solid {st.accent}; padding: 2pt 0 2pt 6pt;",
        "under": f"border-bottom: 1.5pt solid {st.accent}; padding: 0 0 2pt 0;",
        "fill": f"background: {st.accent}; color: #fff; padding: 3pt 6pt;",
    }[st.heading_bar]
    title = (
        f"background: {st.accent}; color: #fff; padding: 8pt 10pt; text-align: left;"
        if st.title_bar
        else "text-align: center;"
    )
    weight = "bold" if st.bold_headers else "normal"
    return f"""
@font-face {{ font-family: 'DocGothic'; src: url(file://{GOTHIC}) format('truetype'); }}
@font-face {{ font-family: 'DocMincho'; src: url(file://{MINCHO}) format('truetype'); }}
@page {{ size: {size}; margin: {t}mm {r}mm {b}mm {left}mm; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: '{font}', 'DocGothic'; font-size: {st.body_size}pt;
       line-height: {st.line_height}; color: #222; }}
header.site {{ {title} margin: 0 0 10pt 0; }}
header.site h1 {{ font-family: 'DocGothic'; font-size: {st.title_size}pt; margin: 0;
                 line-height: 1.4; font-weight: bold; }}
h2, h3 {{ font-family: 'DocGothic'; font-weight: bold;
         break-after: avoid; page-break-after: avoid; }}
h2 {{ font-size: {st.h2_size}pt; margin: 14pt 0 6pt 0; {bar} }}
h2.report {{ font-size: {st.h3_size + 0.5}pt; border: none; background: none; color: #222;
            padding: 0; }}
h3 {{ font-size: {st.h3_size}pt; margin: 10pt 0 4pt 0; color: {st.accent}; }}
.break {{ break-before: page; page-break-before: always; }}
section.break > :first-child {{ margin-top: 0; }}
p {{ margin: 0 0 6pt 0; }}
p.value {{ margin: 2pt 0 6pt 0; break-after: avoid; }}
p.value .label {{ display: inline-block; border: 0.75pt solid {st.accent}; color: {st.accent};
                 font-family: 'DocGothic'; font-weight: bold; padding: 0 4pt; margin-right: 6pt;
                 line-height: 1.4; }}
p.note {{ break-before: avoid; page-break-before: avoid;
         font-size: {max(7.5, st.table_size - 0.5)}pt; margin: 2pt 0 8pt 0; }}
ul {{ margin: 0 0 8pt 0; padding-left: 1.5em; }}
table {{ border-collapse: collapse; table-layout: fixed; width: {st.table_width * 100:.1f}%;
        margin: 0 0 10pt 0; font-size: {st.table_size}pt; line-height: 1.35; }}
table.under {{ margin-top: {st.kpi_gap_pt - 10}pt;
              break-before: avoid; page-break-before: avoid; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
th, td {{ padding: {vpad}pt {hpad}pt; vertical-align: top; overflow-wrap: break-word; }}
th {{ background: {st.header_bg}; color: {st.header_fg}; font-weight: {weight};
     vertical-align: middle; text-align: center; }}
{cells}
{zebra}
tr.total td {{ background: #eef0f2; font-weight: bold; }}
td.l {{ text-align: left; }} td.c {{ text-align: center; }} td.r {{ text-align: right; }}
.ls {{ letter-spacing: 1em; margin-right: -1em; }}
"""


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _content_width_pt(st: Style) -> float:
    w = 297.0 if st.orientation == "landscape" else 210.0
    _, r, _, left = st.margins_mm
    return (w - r - left) * 72 / 25.4 * st.table_width


def table_html(table: Table, st: Style, under: bool = False) -> str:
    if table.kind == "field":
        table = replace(table, weights=st.field_weights)
    widths = fit_widths(table, _content_width_pt(st), st.table_size, st.cell_pad_pt[1])
    total = sum(widths)
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths)
    head: list[str] = []
    body: list[str] = []
    for row in table.rows:
        cells = "".join(_cell_html(cell, row.header, st) for cell in row.cells)
        tr = f'<tr class="total">{cells}</tr>' if row.total else f"<tr>{cells}</tr>"
        (head if row.header else body).append(tr)
    cls = f' class="{table.kind}{" under" if under else ""}"'
    if st.repeat_header:
        inner = f"<thead>{''.join(head)}</thead><tbody>{''.join(body)}</tbody>"
    else:  # header rows as the first rows of the body: not repeated
        inner = f"<tbody>{''.join(head)}{''.join(body)}</tbody>"
    return f"<table{cls}><colgroup>{cols}</colgroup>{inner}</table>"


def _cell_html(cell: Cell, header: bool, st: Style) -> str:
    """A header cell (<th>, its text) or a data cell (<td>, its runs, bold or not)."""
    attrs = ""
    if cell.span > 1:
        attrs += f" colspan={cell.span}"
    if cell.rowspan > 1:
        attrs += f" rowspan={cell.rowspan}"
    if header:
        return f"<th{attrs}>{esc(cell.text)}</th>"
    parts = []
    for k, (text, bold) in enumerate(cell.runs):
        if not text:
            continue
        t = esc(text)
        if cell.letter_spaced:
            t = "\u3000".join(t) if st.total_label == "space" else f'<span class="ls">{t}</span>'
        parts.append((" " if k else "") + (f"<b>{t}</b>" if bold else t))
    return f'<td class="{cell.align[0]}"{attrs}>{"".join(parts)}</td>'


def report_html(report: Report, st: Style) -> str:
    parts: list[str] = []
    open_section = False
    pending = False
    for block in flow(report, st.item_weights, st.kpi_weights, st.value_align):
        if isinstance(block, Break):
            pending = pending or page_break_wanted(block, st.page_breaks)
            continue
        if pending:
            if open_section:
                parts.append("</section>")
            parts.append('<section class="break">')
            open_section, pending = True, False
        parts.append(_block_html(block, st))
    if open_section:
        parts.append("</section>")
    title = esc(report.fill(report.title_lines[0]))
    return (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_css(st)}</style></head><body><main>{''.join(parts)}</main></body></html>"
    )


def _block_html(block: FlowBlock, st: Style) -> str:
    """A block of the flow (not a break) as HTML."""
    match block:
        case Title():
            lines = "<br>".join(esc(x) for x in block.lines)
            return f'<header class="site"><h1>{lines}</h1></header>'
        case Heading():
            return _heading_html(block)
        case Text():
            return _text_html(block)
        case Value():
            label = f'<span class="label">{esc(block.label)}</span>'
            return f'<p class="value">{label}{esc(block.text)}</p>'
        case TableBlock():
            return table_html(block.table, st, block.under)
    return ""


def _heading_html(block: Heading) -> str:
    if block.kind == "report":
        return f'<h2 class="report">{esc(block.text)}</h2>'
    if block.level == 1:
        return f'<h2 class="{block.kind}">{esc(block.text)}</h2>'
    return f"<h3>{esc(block.text)}</h3>"


def _text_html(block: Text) -> str:
    if block.kind == "bullet":
        return f"<ul><li>{esc(block.text)}</li></ul>"
    if block.kind == "note":
        return f'<p class="note">{esc(block.text)}</p>'
    return f"<p>{esc(block.text)}</p>"


# ---------------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------------

_PROFILE: Path | None = None


def _profile() -> Path:
    """One private Chromium profile for this process."""
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = Path(tempfile.mkdtemp(prefix="chr-docbrowser-"))
        atexit.register(shutil.rmtree, _PROFILE, True)
    return _PROFILE


def print_pdf(page: Path, out_pdf: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is needed: apt-get install chromium")
    subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={_profile()}", "--no-pdf-header-footer",
            f"--print-to-pdf={out_pdf}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    if not out_pdf.is_file():
        raise RuntimeError(f"Chromium wrote no {out_pdf}")


def render(report: Report, out_pdf: Path, style: Style | None = None) -> int:
    """Write `report` as HTML in `style`, print it with headless Chromium to `out_pdf`;
    the page count."""
    st = style or DEFAULT
    out_pdf = Path(out_pdf).resolve()
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="browser-producer-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(report_html(report, st), encoding="utf-8")
        pdf = Path(tmp) / "report.pdf"
        print_pdf(page, pdf)
        shutil.move(str(pdf), out_pdf)
    return page_count(out_pdf)


def check(report: Report, pdf: Path) -> list[str]:
    """The strings of printed_strings(report) missing from `pdf` (look-alikes mapped)."""
    return _check(report, pdf)


def fixtures() -> list[tuple[Report, Path]]:
    from fy2024_synthetic import REPORT_FY2024

    return [
        (REPORT, FIXTURES / "browser_fy2023.pdf"),
        (REPORT_FY2024, FIXTURES / "browser_fy2024.pdf"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs=2, type=int, metavar=("FIRST", "LAST"))
    parser.add_argument("--html", type=Path, help="also write the FY2023 HTML here")
    args = parser.parse_args(argv)
    ok = True
    for report, pdf in fixtures():
        t0 = time.perf_counter()
        pages = render(report, pdf)
        ok &= report_fixture(report, pdf, pages, time.perf_counter() - t0)
    if args.html:
        args.html.write_text(report_html(REPORT, DEFAULT), encoding="utf-8")
    if args.seeds:
        with tempfile.TemporaryDirectory() as tmp:
            res = sweep(render, random_style, REPORT, range(*args.seeds), Path(tmp), "browser")
        n = len(res.seconds)
        looks = ", ".join(f"U+{ord(c):04X}×{k}" for c, k in sorted(res.lookalikes.items()))
        print(f"{res.passed}/{n} seeds passed, {sum(res.seconds) / max(n, 1):.1f} s per render")
        print(f"look-alikes over the seeds: {looks or 'none'}")
        ok &= not res.failed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
