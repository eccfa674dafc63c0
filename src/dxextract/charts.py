"""A static HTML report of charts: stored Documents → one self-contained page.

Inline SVG written here, no JavaScript and nothing fetched: it opens offline
from the file system. Two charts, for what researchers would rather see than
read: achievement per field and fiscal year (printed 達成率), and each KPI's
actual against its target. Every bar carries data-* attributes with the
values it draws, so a test (or a scraper) can read them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .models import Document, Kpi

# Bar geometry in px: wide enough for 100% to be read, rows tall enough for
# 12 px Japanese text.
DEFAULT_BAR_WIDTH = 400
DEFAULT_ROW_HEIGHT = 22
DEFAULT_LABEL_WIDTH = 360

_STYLE = """
body { font-family: sans-serif; margin: 2em; }
svg text { font-size: 12px; }
.achieved { fill: #3a7; } .target { fill: #bbb; } .actual { fill: #37a; }
.axis { stroke: #999; }
"""


def _attrs(**values: object) -> str:
    return " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in values.items())


def _svg(rows: list[str], n_rows: int, title: str) -> str:
    height = (n_rows + 1) * DEFAULT_ROW_HEIGHT
    width = DEFAULT_LABEL_WIDTH + DEFAULT_BAR_WIDTH + 160
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">' + "".join(rows) + "</svg>"
    )


def _label(y: float, text: str) -> str:
    return f'<text x="0" y="{y + 15}">{escape(text)}</text>'


def document_to_achievement_svg(doc: Document) -> str:
    """Horizontal bars of the printed 達成率 per field (results years only)."""
    fields = [f for f in doc.fields if f.achieved_pct is not None]
    rows: list[str] = []
    for n, f in enumerate(fields):
        y = n * DEFAULT_ROW_HEIGHT
        pct = float(f.achieved_pct or 0)
        width = DEFAULT_BAR_WIDTH * min(pct, 100.0) / 100.0
        rows.append(_label(y, f"{f.code} {f.name}（{f.fiscal_year}年度）"))
        rows.append(
            f'<rect class="bar achieved" x="{DEFAULT_LABEL_WIDTH}" y="{y + 3}" '
            f'width="{width:.1f}" height="{DEFAULT_ROW_HEIGHT - 6}" '
            + _attrs(
                data_field=f.code,
                data_area=f.area,
                data_year=f.fiscal_year,
                data_value=f.achieved_pct,
            )
            + "/>"
        )
        rows.append(
            f'<text x="{DEFAULT_LABEL_WIDTH + width + 4:.1f}" y="{y + 15}">'
            f"{escape(str(f.achieved_pct))}%（{f.achieved}/{f.kpi_projects}）</text>"
        )
    return _svg(rows, len(fields), "分野別の達成率")


def _kpi_rows(kpis: Sequence[tuple[str, Kpi]]) -> list[str]:
    rows: list[str] = []
    for n, (field_code, kpi) in enumerate(kpis):
        y = 2 * n * DEFAULT_ROW_HEIGHT
        scale = max(abs(kpi.target or 0), abs(kpi.actual or 0)) or 1
        rows.append(_label(y, f"{field_code} {kpi.name}"))
        for i, (kind, value, text) in enumerate(
            (("target", kpi.target, kpi.target_text), ("actual", kpi.actual, kpi.actual_text))
        ):
            by = y + i * (DEFAULT_ROW_HEIGHT - 4)
            width = DEFAULT_BAR_WIDTH * abs(value or 0) / scale
            rows.append(
                f'<rect class="bar {kind}" x="{DEFAULT_LABEL_WIDTH}" y="{by + 2}" '
                f'width="{width:.1f}" height="{DEFAULT_ROW_HEIGHT - 8}" '
                + _attrs(data_kpi=kpi.name, data_kind=kind, data_value=value)
                + "/>"
            )
            word = "目標" if kind == "target" else "実績"
            status = f"（{kpi.status}）" if kind == "actual" and kpi.status else ""
            rows.append(
                f'<text x="{DEFAULT_LABEL_WIDTH + width + 4:.1f}" y="{by + 13}">'
                f"{word} {escape(text + status)}</text>"
            )
    return rows


def document_to_kpi_svg(doc: Document) -> str:
    """Per KPI of the results year: a grey target bar and a blue actual bar, to scale."""
    kpis = [
        (i.field_code, k)
        for i in doc.initiatives
        for k in i.kpis
        if k.fiscal_year == doc.report.results_fiscal_year
    ]
    return _svg(_kpi_rows(kpis), 2 * len(kpis), "指標の目標値と実績値")


def documents_to_html(docs: Sequence[Document]) -> str:
    """The whole report page: per stored report, the two charts."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja"><head><meta charset="utf-8">',
        "<title>DX報告書 グラフ</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>DX報告書 グラフ</h1>",
    ]
    for doc in docs:
        r = doc.report
        parts += [
            f'<section class="report" data-file="{escape(r.file)}">',
            f"<h2>{escape(r.title)}</h2>",
            f"<p>{escape(r.file)}（{r.results_fiscal_year}年度実績）</p>",
            "<h3>分野別の達成率（公表値）</h3>",
            document_to_achievement_svg(doc),
            "<h3>指標の目標値と実績値</h3>",
            "<p>各指標の目標値（灰）と実績値（青）。長さは指標ごとに大きい方を基準とする。</p>",
            document_to_kpi_svg(doc),
            "</section>",
        ]
    if not docs:
        parts.append("<p>報告書がまだ取り込まれていません。</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
