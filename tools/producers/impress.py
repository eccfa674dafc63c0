"""A producer of the DX report the way a prefecture's PowerPoint deck prints it: a
.pptx made with python-pptx, converted to PDF by LibreOffice Impress.

    python tools/producers/impress.py    # rewrites tests/fixtures/producers/impress_fy20{23,24}.pdf

Slides 16:9 or 4:3; each starts with a title text box (the part title, the field
table's heading, or the section heading); real pptx tables (`add_table`) with a
shaded header row, cells merged as the content's `Spans` say, body rows white or
banded, ruled in black or in white lines as PowerPoint's default table style; every
run in IPAexGothic (latin and East-Asian typeface). One slide per PageBreak group,
more when a group does not fit: a table too long for a slide continues on the next
one under its header rows repeated, the slide titled with the section heading again
(as the content itself repeats headings). python-pptx does not lay anything out,
so the heights of rows, text boxes and tables are estimated here from wrapped line
counts, generously, since Impress grows a row that needs more room.
"""

from __future__ import annotations

import random
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fy2023_content import Report
from producers.impress_draw import draw
from producers.impress_plan import Layout, plan
from producers.office_common import check, page_count, producer_main, soffice_convert
from producers.office_flat import Widths


@dataclass(frozen=True)
class Style:
    aspect: str = "16:9"  # 16:9, 4:3
    font_size: float = 9.0  # table text
    title_size: float = 18.0
    heading_size: float = 12.0  # section headings
    margin: float = 24.0  # slide side margin, pt
    cell_margin: tuple[float, float] = (4.0, 2.5)  # left/right, top/bottom, pt
    header_fill: str = "1F4E79"
    header_text: str = "FFFFFF"
    band_fill: str | None = "DEEAF6"  # every other body row; None: white
    body_fill: str = "FFFFFF"
    rules: str = "grid"  # grid (black lines), white (white lines on fills), horizontal
    title_bar: bool = True  # the title on a filled bar (else text over a rule)
    title_fill: str = "1F4E79"
    section_fill: str = "BDD7EE"
    label_fill: str = "FFE699"
    widths: Widths = field(default_factory=Widths)
    field_keys_span_rows: bool = False
    value_align: str = "right"
    body_anchor: str = "top"  # top, middle
    honour_breaks: bool = True
    line_factor: float = 1.3  # estimated row height per wrapped line, in font sizes
    gap: float = 8.0  # between blocks
    kpi_gap: float = 0.0  # between an initiative table and its KPI table
    page_numbers: bool = True


DEFAULT = Style()

DARK = ("1F4E79", "2F5597", "385723", "7F6000", "203864", "3B3838", "4472C4")
PALE = ("DEEAF6", "E2EFDA", "FBE5D6", "EDEDED", "DAE3F3", "FFF2CC")
MID = ("BDD7EE", "C5E0B4", "F8CBAD", "D9D9D9", "B4C7E7", "FFE699")


def random_style(seed: int) -> Style:
    rng = random.Random(f"impress-{seed}")

    def jitter(ws: tuple[float, ...], amount: float = 0.25) -> tuple[float, ...]:
        return tuple(round(w * rng.uniform(1 - amount, 1 + amount), 3) for w in ws)

    w = Widths()
    dark_header = rng.random() < 0.6
    dark = rng.choice(DARK)
    rules = rng.choice(("grid", "grid", "white", "horizontal"))
    band = rng.choice((None, rng.choice(PALE)))
    if rules == "white" and band is None:
        band = rng.choice(PALE)
    aspect = rng.choice(("16:9", "16:9", "4:3"))
    return Style(
        aspect=aspect,
        font_size=rng.choice((8.0, 9.0, 9.0, 10.0, 10.5) if aspect == "16:9" else (8.0, 9.0)),
        title_size=rng.choice((16.0, 18.0, 20.0, 24.0)),
        heading_size=rng.choice((11.0, 12.0, 14.0)),
        margin=rng.choice((18.0, 24.0, 30.0, 36.0)),
        cell_margin=(rng.choice((3.0, 4.0, 7.2)), rng.choice((2.0, 3.6))),
        header_fill=dark if dark_header else rng.choice(MID),
        header_text="FFFFFF" if dark_header else "000000",
        band_fill=band,
        body_fill="FFFFFF" if rules != "white" else rng.choice(("FFFFFF", "F2F2F2")),
        rules=rules,
        title_bar=rng.random() < 0.6,
        title_fill=dark,
        section_fill=rng.choice(MID),
        label_fill=rng.choice(PALE + MID),
        widths=Widths(jitter(w.summary), jitter(w.field), jitter(w.item), jitter(w.kpi)),
        field_keys_span_rows=rng.random() < 0.4,
        value_align=rng.choice(("right", "right", "center")),
        body_anchor=rng.choice(("top", "top", "middle")),
        honour_breaks=rng.random() < 0.75,
        line_factor=round(rng.uniform(1.3, 1.55), 2),
        gap=rng.choice((6.0, 8.0, 12.0)),
        kpi_gap=rng.choice((0.0, 0.0, 4.0, 8.0)),
        page_numbers=rng.random() < 0.7,
    )


def render(report: Report, out_pdf: Path, style: Style | None = None) -> int:
    style = style or DEFAULT
    out_pdf = Path(out_pdf)
    lay = Layout(style)
    slides = plan(report, style)
    with tempfile.TemporaryDirectory(prefix="impress-") as tmp:
        src = Path(tmp) / (out_pdf.stem + ".pptx")
        draw(slides, lay, src)
        pdf = soffice_convert(src, Path(tmp))
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        out_pdf.write_bytes(pdf.read_bytes())
    return page_count(out_pdf)


def main(argv: list[str] | None = None) -> int:
    return producer_main("impress", __doc__ or "", render, random_style, argv)


__all__ = ["DEFAULT", "Style", "check", "random_style", "render", "replace"]

if __name__ == "__main__":
    raise SystemExit(main())
