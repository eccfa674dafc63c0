"""Producer: the report as a Word document (python-docx), converted to PDF by
LibreOffice Writer, the way a prefecture exports a .docx it wrote in Word.

    python tools/producers/docx.py               # tests/fixtures/producers/docx_fy20{23,24}.pdf
    python tools/producers/docx.py --seeds 0 20  # and 20 random styles, checked

The document is what Word makes: A4 portrait, Heading 1/2 styles for the part titles and
section headings, IPAexGothic/IPAexMincho set for East-Asian text (w:rFonts
w:eastAsia), tables in the `Table Grid` style (or horizontal rules / shading only),
header cells shaded with w:shd, header rows repeated on every page (w:tblHeader),
rows that never split (w:cantSplit), Word's paragraph spacing (8 pt after, 1.08
lines) in body text. Writer lays it out: its own line breaking, Asian/Latin spacing
(w:autoSpaceDE), its own borders and fills, its own font subsets.

`check(report, pdf)` lists the strings of printed_strings(report) missing from the
output's text layer.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# Run as a script, this folder is sys.path[0] and this file would shadow python-docx.
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(_HERE)]
_TOOLS = str(Path(__file__).resolve().parents[1])
if _TOOLS not in sys.path:
    sys.path.insert(0, _TOOLS)

from fy2023_content import REPORT, Report  # noqa: E402
from producers.docbrowser_common import FIXTURES, page_count, report_fixture, sweep  # noqa: E402
from producers.docbrowser_common import check as _check  # noqa: E402
from producers.docbrowser_flow import ITEM_WEIGHTS, KPI_WEIGHTS  # noqa: E402
from producers.docx_document import build_docx  # noqa: E402
from producers.office_common import soffice_convert  # noqa: E402

GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"

Borders = Literal["grid", "rules", "shading"]  # Table Grid, horizontal rules, or none (fills)


@dataclass(frozen=True)
class Style:
    """The layout options a Word author might pick. Content and order never change."""

    body_font: str = MINCHO  # East-Asian font of body text (headings: heading_font)
    heading_font: str = GOTHIC
    table_font: str = GOTHIC
    body_size: float = 10.5  # pt, Word's Japanese default
    table_size: float = 9.0
    field_size: float = 11.0  # the field tables' text (large: the 地域 table runs over)
    h1_size: float = 14.0
    h2_size: float = 12.0
    title_size: float = 16.0
    margins_mm: tuple[float, float, float, float] = (25.0, 20.0, 25.0, 20.0)  # t r b l
    cell_pad_mm: float = 1.9  # left/right cell margin (Word: 1.9 mm)
    cell_pad_v_mm: float = 0.5
    row_height_mm: float = 13.0  # field tables' minimum row height (0: auto)
    borders: Borders = "grid"
    header_fill: str = "D9E2F3"
    zebra: str | None = None  # fill of every other body row
    total_fill: str | None = "F2F2F2"
    heading_color: str = "1F3864"
    heading_rule: bool = True  # a bottom border under Heading 1
    page_breaks: Literal["all", "parts", "none"] = "parts"
    repeat_header: bool = True
    value_align: Literal["left", "center", "right"] = "right"
    item_weights: tuple[float, ...] = ITEM_WEIGHTS
    kpi_weights: tuple[float, ...] = KPI_WEIGHTS
    field_weights: tuple[float, ...] | None = None
    table_width: float = 1.0  # share of the text width
    autospace: bool = True  # Asian/Latin spacing (Word's default)
    space_after: float = 8.0  # Word 2013+ Normal: 8 pt after, 1.08 lines
    line_spacing: float = 1.08
    gap_between_tables: float = 2.0  # pt: the empty paragraph between item and KPI table
    total_label: Literal["space", "expanded"] = "space"  # 合　計 typed, or expanded spacing
    bullet: Literal["list", "char"] = "list"  # List Bullet style, or a typed ・
    bold_headers: bool = True


DEFAULT = Style()


def random_style(seed: int) -> Style:
    """A plausible Word layout per seed (portrait A4; text always inside its cell)."""
    rng = random.Random(f"docx-{seed}")

    def jitter(ws: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(0.7, 1.4), 2) for w in ws)

    body = rng.choice((MINCHO, GOTHIC))
    table_size = rng.choice((8.0, 9.0, 9.0, 10.0, 10.5))
    borders: Borders = rng.choice(("grid", "grid", "grid", "rules", "shading"))
    fills = ("D9E2F3", "DEEAF6", "E2EFD9", "EDEDED", "FBE4D5", "D9D9D9", "C6D9F1")
    return Style(
        body_font=body,
        heading_font=rng.choice((GOTHIC, GOTHIC, MINCHO)),
        table_font=rng.choice((GOTHIC, MINCHO, body)),
        body_size=rng.choice((10.0, 10.5, 11.0, 12.0)),
        table_size=table_size,
        field_size=rng.choice((table_size, table_size + 1, 11.0, 12.0)),
        h1_size=rng.choice((12.0, 14.0, 16.0)),
        h2_size=rng.choice((11.0, 12.0, 13.0)),
        title_size=rng.choice((14.0, 16.0, 18.0)),
        margins_mm=rng.choice(
            (
                (25.0, 20.0, 25.0, 20.0),
                (35.0, 30.0, 30.0, 30.0),
                (20.0, 15.0, 20.0, 15.0),
                (25.4, 25.4, 25.4, 25.4),
                (15.0, 12.7, 15.0, 12.7),
            )
        ),
        cell_pad_mm=rng.choice((1.0, 1.9, 1.9, 2.5)),
        cell_pad_v_mm=rng.choice((0.0, 0.5, 1.0, 1.5)),
        row_height_mm=rng.choice((0.0, 0.0, 8.0, 10.0)),
        borders=borders,
        header_fill=rng.choice(fills),
        zebra=rng.choice((None, None, "F2F2F2", "EEF3FA")) if borders != "rules" else None,
        total_fill=rng.choice((None, "F2F2F2", "FFF2CC")),
        heading_color=rng.choice(("000000", "1F3864", "2F5496", "385623", "C00000")),
        heading_rule=rng.random() < 0.5,
        page_breaks=rng.choice(("all", "parts", "none")),
        repeat_header=rng.random() < 0.8,
        value_align=rng.choice(("right", "center", "left")),
        item_weights=jitter(ITEM_WEIGHTS),
        kpi_weights=jitter(KPI_WEIGHTS),
        field_weights=None
        if rng.random() < 0.5
        else jitter((0.7, 2.6, 0.9, 1.2, 1.0, 1.1, 0.9, 1.2)),
        table_width=rng.choice((1.0, 1.0, 0.95, 0.9)),
        autospace=rng.random() < 0.8,
        space_after=rng.choice((0.0, 6.0, 8.0, 10.0)),
        line_spacing=rng.choice((1.0, 1.08, 1.15, 1.5)),
        gap_between_tables=rng.choice((1.0, 2.0, 6.0)),
        total_label=rng.choice(("space", "expanded")),
        bullet=rng.choice(("list", "char")),
        bold_headers=rng.random() < 0.6,
    )


# ---------------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------------


def to_pdf(docx: Path, outdir: Path) -> Path:
    """Writer converts the .docx (one LibreOffice conversion for every producer)."""
    return soffice_convert(docx, outdir)


def render(report: Report, out_pdf: Path, style: Style | None = None) -> int:
    """Write `report` as a .docx in `style`, convert it with Writer to `out_pdf`; the
    page count."""
    st = style or DEFAULT
    out_pdf = Path(out_pdf)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docx-producer-") as tmp:
        src = Path(tmp) / (out_pdf.stem + ".docx")
        build_docx(report, st).save(str(src))
        pdf = to_pdf(src, Path(tmp))
        shutil.move(str(pdf), out_pdf)
    return page_count(out_pdf)


def check(report: Report, pdf: Path) -> list[str]:
    """The strings of printed_strings(report) missing from `pdf`."""
    return _check(report, pdf)


def fixtures() -> list[tuple[Report, Path]]:
    from fy2024_synthetic import REPORT_FY2024

    return [(REPORT, FIXTURES / "docx_fy2023.pdf"), (REPORT_FY2024, FIXTURES / "docx_fy2024.pdf")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs=2, type=int, metavar=("FIRST", "LAST"))
    parser.add_argument("--docx", type=Path, help="also keep the FY2023 .docx here")
    args = parser.parse_args(argv)
    ok = True
    for report, pdf in fixtures():
        t0 = time.perf_counter()
        pages = render(report, pdf)
        ok &= report_fixture(report, pdf, pages, time.perf_counter() - t0)
    if args.docx:
        build_docx(REPORT, DEFAULT).save(str(args.docx))
    if args.seeds:
        with tempfile.TemporaryDirectory() as tmp:
            res = sweep(render, random_style, REPORT, range(*args.seeds), Path(tmp), "docx")
        n = len(res.seconds)
        print(f"{res.passed}/{n} seeds passed, {sum(res.seconds) / max(n, 1):.1f} s per render")
        ok &= not res.failed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
