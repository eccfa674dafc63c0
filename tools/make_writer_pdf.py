"""A third rendering of the FY2023 content, by a route that is not reportlab:
HTML → LibreOffice Writer → PDF, the way an office suite exports a document.

    python tools/make_writer_pdf.py [--out tests/fixtures/fukushima_dx_r5_writer.pdf]

Needs LibreOffice (Debian: libreoffice-writer-nogui) and a Japanese font
(fonts-ipaexfont-gothic); the tests only read the committed PDF, so neither is
needed to run them. Writer lays out everything itself: its own line breaking
(ICU), its own table borders (lines drawn per cell edge), its own fonts
embedding and text positioning, so the extractor meets a PDF that nobody here
laid out by hand. Tables alternate between full borders and horizontal rules
only, header cells are shaded.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fy2023_content import (
    REPORT,
    FieldTable,
    Initiative,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "fukushima_dx_r5_writer.pdf"

CSS = """
@page { size: 29.7cm 21cm; margin: 1.2cm; }
body { font-family: 'IPAexGothic'; font-size: 9pt; }
h1 { font-size: 16pt; text-align: center; }
h2 { font-size: 12pt; }
h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }
th { font-weight: normal; }
p.note { font-size: 8pt; }
"""


# Writer's HTML import honours table attributes better than CSS: full borders, or
# only the horizontal ones (rules=rows frame=hsides).
TABLE_ATTRS = {
    "grid": 'border=1 cellpadding=4 cellspacing=0 width="100%"',
    "rules": 'border=1 frame=hsides rules=rows cellpadding=4 cellspacing=0 width="100%"',
}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def row(cells: list[str], tag: str = "td", attrs: list[str] | None = None) -> str:
    attrs = attrs or [""] * len(cells)
    shade = ' bgcolor="#c9d7ea"' if tag == "th" else ""
    return (
        "<tr>"
        + "".join(f"<{tag}{shade}{a}>{esc(c)}</{tag}>" for c, a in zip(cells, attrs, strict=True))
        + "</tr>"
    )


def summary_html(report: Report) -> str:
    s = report.summary
    head1 = (
        "<tr><th rowspan=2 bgcolor=#c9d7ea></th>"
        + "".join(f"<th colspan=2 bgcolor=#c9d7ea>{esc(a)}</th>" for a in s.areas)
        + "</tr>"
    )
    years = [report.fill(y) for y in s.years] * len(s.areas)
    head2 = row(years, "th")
    body = ""
    for r in s.rows:
        cells = [f"{c.count} {c.share}".strip() for c in r.cells]
        body += row([r.label, *cells], attrs=["", *[" align=right"] * len(cells)])
    return f"<table {TABLE_ATTRS['grid']}>{head1}{head2}{body}</table>"


def field_table_html(t: FieldTable, report: Report, style: str) -> str:
    groups = (
        "<tr>"
        + "".join(
            f"<th colspan={g.span} bgcolor=#c9d7ea>{esc(report.fill(g.label))}</th>"
            for g in t.groups
        )
        + "</tr>"
    )
    cols = row(list(t.columns), "th")
    body = "".join(row([r.code, r.name, *r.values]) for r in t.rows)
    label = "合 計" if t.total.letter_spaced else t.total.label
    body += row(["", label, *t.total.values])
    return f"<h2>{esc(t.heading)}</h2><table {TABLE_ATTRS[style]}>{groups}{cols}{body}</table>"


def initiative_html(ini: Initiative, report: Report, style: str) -> str:
    head = row([report.fill(c) for c in report.labels.initiative_columns], "th")
    body = row([ini.title, ini.activities, ini.outcomes, ini.next_activities])
    out = f"<table {TABLE_ATTRS[style]}>{head}{body}</table>"
    if ini.kpis:
        khead = row([report.fill(c) for c in report.labels.kpi_columns], "th")
        kbody = "".join(
            row([k.name, k.target, k.actual, k.status, k.next_target]) for k in ini.kpis
        )
        out += f"<table {TABLE_ATTRS[style]}>{khead}{kbody}</table>"
    if ini.footnote:
        out += f"<p class=note>{esc(ini.footnote)}</p>"
    return out


def report_to_html(report: Report) -> str:
    parts = [f"<h1>{'<br>'.join(esc(report.fill(t)) for t in report.title_lines)}</h1>"]
    parts.append(f"<h3>{esc(report.fill(report.heading))}</h3>")
    parts.append(summary_html(report))
    for n, block in enumerate(report.blocks):
        style = "grid" if n % 2 == 0 else "rules"
        if isinstance(block, FieldTable):
            parts.append(field_table_html(block, report, style))
        elif isinstance(block, PartTitle):
            parts.append(f"<h2>{esc(report.fill(block.text))}</h2>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>・{esc(block.text)}</p>")
        elif isinstance(block, NewValue):
            parts.append(f"<p>{esc(block.label)}　{esc(block.text)}</p>")
        elif isinstance(block, Section):
            parts.append(f"<h3>{esc(block.heading)}</h3>")
            if block.new_value:
                parts.append(f"<p>{esc(block.new_value.label)}　{esc(block.new_value.text)}</p>")
            for ini in block.initiatives:
                parts.append(initiative_html(ini, report, style))
        elif isinstance(block, PageBreak):
            parts.append('<p style="page-break-before: always"></p>')
    head = f"<head><meta charset=utf-8><style>{CSS}</style></head>"
    return f"<html>{head}<body>{''.join(parts)}</body></html>"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (args.out.stem + ".html")
        src.write_text(report_to_html(REPORT), encoding="utf-8")
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copy(Path(tmp) / (args.out.stem + ".pdf"), args.out)
    print(args.out)


if __name__ == "__main__":
    main()
