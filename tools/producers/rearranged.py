"""Rearranged editions of the DX report: the same printed texts, laid out the way a
next year's report might rearrange them, to test the extractor on.

    python tools/producers/rearranged.py          # writes tests/fixtures/producers/*.pdf

Editions (each for FY2023 `REPORT` and FY2024 `REPORT_FY2024`):

- ``kpi_inside`` (portrait A4): every initiative is ONE bordered table: its header row
  (項目 | R5取組内容 | R5成果・効果 | R6取組内容), its row, then a shaded sub-header row
  (指標名 | 目標値(R5年度) | 実績値(R5年度) | 指標の達成状況 | 目標値(R6年度)) re-dividing
  the same width into five columns (SPANs over a common grid of columns) and the KPI
  rows under it. The summary is two tables, one per area (行政のDX, then 地域のDX), each
  with its own header showing the two fiscal years.
- ``mixed_pages`` (portrait A4 with one landscape page): the 行政 field table is split
  right before its 合計 row (a manual page break under the summary), the 合計 row on
  the next page under the repeated two header rows; the first page of the
  【市町村支援・連携】 part (its paragraph and II-1) is a landscape page; the 地域 field
  table starts at the bottom of the II-2 page and continues on the next page without
  its header (the continuation starts with the Ⅲ-6 data row); KPI tables are separate
  tables under their initiative, with the printed merged cells (Spans).
- ``field_order`` (portrait A4): the field tables print 達成率(B)/(A) before 達成(B)
  (values moved with their column) and break their header words over lines
  (うちKPI設定 / 事業数 / (A), 達成率 / (B)/(A), 達成 / (B)); otherwise like
  ``mixed_pages`` without the forced splits and the landscape page.

`render(report, out_pdf, edition, style)` returns the page count; `random_style(seed)`
varies font size (7–10 pt), padding, margins, column widths and borders (full grid,
horizontal rules, shaded cells) for a sweep; `check(report, pdf)` lists the printed
strings that cannot be found in the PDF (and any text drawn off the page).
Output is deterministic (reportlab `invariant=1`).

The parts: rearranged_style.py (EDITIONS, Style, random_style), rearranged_tables.py
(platypus Tables from the grids, the grids only these editions print),
rearranged_story.py (an edition's flowables); this module writes the PDF, checks it,
re-exports the names callers use (`from producers import rearranged`) and is the script.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/

from fixturegen.fonts import FONT
from fy2023_content import REPORT, Report, printed_strings
from fy2024_synthetic import REPORT_FY2024
from producers.rearranged_story import build_story
from producers.rearranged_style import DEFAULT_STYLE, EDITIONS, Style, random_style
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

__all__ = [
    "DEFAULT_STYLE",
    "EDITIONS",
    "OUT_DIR",
    "REPORTS",
    "ROOT",
    "Style",
    "build_story",
    "check",
    "main",
    "out_path",
    "random_style",
    "render",
]

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "tests" / "fixtures" / "producers"
REPORTS = {"fy2023": REPORT, "fy2024": REPORT_FY2024}


def _doc(path: Path, report: Report, st: Style) -> BaseDocTemplate:
    m = st.margin

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        w, _ = doc.pageTemplate.pagesize  # the page's own (portrait or landscape)
        canvas.setFont(FONT, 8)
        canvas.drawCentredString(w / 2, m / 2, str(doc.page))

    templates = []
    for name, size in (("portrait", portrait(A4)), ("landscape", landscape(A4))):
        frame = Frame(m, m, size[0] - 2 * m, size[1] - 2 * m, 0, 0, 0, 0, id=name)
        templates.append(PageTemplate(name, [frame], onPage=footer, pagesize=size))
    doc = BaseDocTemplate(
        str(path),
        pagesize=portrait(A4),
        leftMargin=m,
        rightMargin=m,
        topMargin=m,
        bottomMargin=m,
        invariant=1,
        pageCompression=1,
        title=" ".join(report.fill(x) for x in report.title_lines),
        author="dxextract rearranged producer",
    )
    doc.addPageTemplates(templates)
    return doc


def render(report: Report, out_pdf: Path, edition: str, style: Style | None = None) -> int:
    """Write `report` as `edition` (kpi_inside, mixed_pages, field_order) to `out_pdf`;
    return the page count."""
    st = style or DEFAULT_STYLE
    out_pdf = Path(out_pdf)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    story = build_story(report, edition, st)
    doc = _doc(out_pdf, report, st)
    doc.build(story)
    return int(doc.page)


# ---------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(text.split())


def check(report: Report, pdf: Path) -> list[str]:
    """Problems: printed strings not found in the PDF's text (pdfplumber chars in
    drawing order, whitespace removed on both sides), chars drawn off the page."""
    import pdfplumber

    problems: list[str] = []
    pages: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            pages.append(_squash("".join(c["text"] for c in page.chars)))
            for c in page.chars:
                if c["x0"] < 0 or c["x1"] > page.width or c["top"] < 0 or c["bottom"] > page.height:
                    problems.append(f"p.{n}: {c['text']!r} drawn off the page")
                    break
    whole = "".join(pages)
    for s in printed_strings(report):
        if _squash(s) not in whole:
            problems.append(f"missing: {s!r}")
    return problems


def out_path(edition: str, year: str) -> Path:
    return OUT_DIR / f"rearranged_{edition}_{year}.pdf"


def main(argv: Sequence[str] | None = None) -> int:
    failed = 0
    for edition in EDITIONS:
        for year, report in REPORTS.items():
            out = out_path(edition, year)
            pages = render(report, out, edition)
            problems = check(report, out)
            failed += bool(problems)
            status = "ok" if not problems else f"{len(problems)} problems: {problems[:3]}"
            print(f"{out.relative_to(ROOT)}: {pages} pages, check {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
