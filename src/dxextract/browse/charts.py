"""A static HTML report of charts: stored Documents → one self-contained page.

Inline SVG written here, no JavaScript and nothing fetched: it opens offline
from the file system. Two charts, for what researchers would rather see than
read: achievement per field and fiscal year (printed 達成率), and each KPI's
actual against its target. Every bar carries data-* attributes with the
values it draws, so a test (or a scraper) can read them back. A KPI's history
across editions (kpi_history_svg) is drawn here too, for its Datasette page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from dxextract.models import Document, FieldRow, Kpi

# Bar geometry in px: wide enough for 100% to be read, rows tall enough for
# 12 px Japanese text.
DEFAULT_BAR_WIDTH = 400
DEFAULT_ROW_HEIGHT = 22
DEFAULT_LABEL_WIDTH = 360

_STYLE = """
body { font-family: sans-serif; margin: 2em; }
svg text { font-size: 12px; }
"""

# Bar colours, as attributes so an SVG cut out of the page keeps them.
COLOURS = {"achieved": "#3a7", "target": "#bbb", "actual": "#37a"}

# Labels longer than this (in characters, ~12 px each) are cut with "…" so
# they stay left of the bars; the full text is the bar's tooltip (<title>).
DEFAULT_LABEL_CHARS = 29


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


def _short(text: str) -> str:
    return text if len(text) <= DEFAULT_LABEL_CHARS else text[: DEFAULT_LABEL_CHARS - 1] + "…"


def documents_to_achievement_svg(docs: Sequence[Document]) -> str:
    """Horizontal bars of the printed 達成率: per field, one bar per fiscal year.

    Fields in the order the reports print them; every results year of every
    stored report (plan years have no 達成率).
    """
    by_field: dict[tuple[str, str], dict[int, FieldRow]] = {}
    for doc in docs:
        for f in doc.fields:
            if f.achieved_pct is not None:
                by_field.setdefault((f.area, f.code), {})[f.fiscal_year] = f
    rows: list[str] = []
    n = 0
    for (area, code), years in by_field.items():
        for fiscal_year in sorted(years):
            f = years[fiscal_year]
            y = n * DEFAULT_ROW_HEIGHT
            n += 1
            pct = float(f.achieved_pct or 0)
            width = DEFAULT_BAR_WIDTH * min(pct, 100.0) / 100.0
            rows.append(_label(y, _short(f"{area} {code} {f.name}") + f" {fiscal_year}"))
            rows.append(
                f'<rect class="bar achieved" x="{DEFAULT_LABEL_WIDTH}" y="{y + 3}" '
                f'width="{width:.1f}" height="{DEFAULT_ROW_HEIGHT - 6}" '
                f'fill="{COLOURS["achieved"]}" '
                + _attrs(data_field=code, data_area=area, data_year=fiscal_year,
                         data_value=f.achieved_pct)
                + f"><title>{escape(f'{area} {code} {f.name} {fiscal_year}年度')}</title></rect>"
            )  # fmt: skip
            rows.append(
                f'<text x="{DEFAULT_LABEL_WIDTH + width + 4:.1f}" y="{y + 15}">'
                f"{escape(str(f.achieved_pct))}%（{f.achieved}/{f.kpi_projects}）</text>"
            )
    return _svg(rows, n, "分野別・年度別の達成率")


def _kpi_rows(kpis: Sequence[tuple[str, Kpi]]) -> list[str]:
    rows: list[str] = []
    for n, (field_code, kpi) in enumerate(kpis):
        y = 2 * n * DEFAULT_ROW_HEIGHT
        scale = max(abs(kpi.target or 0), abs(kpi.actual or 0)) or 1
        rows.append(_label(y, _short(f"{field_code} {kpi.name}")))
        for i, (kind, value, text) in enumerate(
            (("target", kpi.target, kpi.target_text), ("actual", kpi.actual, kpi.actual_text))
        ):
            by = y + i * (DEFAULT_ROW_HEIGHT - 4)
            width = DEFAULT_BAR_WIDTH * abs(value or 0) / scale
            rows.append(
                f'<rect class="bar {kind}" x="{DEFAULT_LABEL_WIDTH}" y="{by + 2}" '
                f'width="{width:.1f}" height="{DEFAULT_ROW_HEIGHT - 8}" fill="{COLOURS[kind]}" '
                + _attrs(data_kpi=kpi.name, data_kind=kind, data_value=value)
                + f"><title>{escape(kpi.name)}</title></rect>"
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
    """The whole page: achievement across the stored reports, then each report's KPIs."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja"><head><meta charset="utf-8">',
        "<title>DX報告書 グラフ</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>DX報告書 グラフ</h1>",
    ]
    if docs:
        parts += [
            "<h2>分野別・年度別の達成率（公表値）</h2>",
            "<p>達成 ÷ うちKPI設定事業数。括弧内はその事業数。</p>",
            documents_to_achievement_svg(docs),
        ]
    for doc in docs:
        r = doc.report
        parts += [
            f'<section class="report" data-file="{escape(r.file)}">',
            f"<h2>{escape(r.title)}</h2>",
            f"<p>{escape(r.file)}（{r.results_fiscal_year}年度実績）</p>",
            "<h3>指標の目標値と実績値</h3>",
            "<p>各指標の目標値（灰）と実績値（青）。長さは指標ごとに大きい方を基準とする。</p>",
            document_to_kpi_svg(doc),
            "</section>",
        ]
    if not docs:
        parts.append("<p>報告書がまだ取り込まれていません。</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def kpi_history_svg(rows: Sequence[Mapping[str, Any]]) -> str:
    """A KPI's target and actual by fiscal year (one point per stored edition;
    rows as the kpi_history view gives them), in the report's colours."""
    points = [r for r in rows if r["fiscal_year"] is not None]
    values = [v for r in points for v in (r["target"], r["actual"]) if v is not None]
    if not points or not values:
        return ""
    width, height, pad = 420, 180, 36
    years = sorted({r["fiscal_year"] for r in points})
    low, high = float(min(values)), float(max(values))
    margin = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
    low, high = low - margin, high + margin

    def x(year: int) -> float:
        span = max(1, years[-1] - years[0])
        return pad + (year - years[0]) / span * (width - 2 * pad) if len(years) > 1 else width / 2

    def y(value: float) -> float:
        share = (float(value) - low) / ((high - low) or 1)
        return height - pad - share * (height - 2 * pad)

    parts = []
    for key, label in (("target", "目標値"), ("actual", "実績値")):
        colour = COLOURS[key]
        pts = [(x(r["fiscal_year"]), y(r[key])) for r in points if r[key] is not None]
        if len(pts) > 1:
            line = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}"/>')
        parts.extend(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="{colour}"/>' for a, b in pts)
        legend_y = 14 if key == "target" else 28
        parts.append(f'<text x="8" y="{legend_y}" fill="{colour}">{label}</text>')
    parts.extend(
        f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle">{year}</text>'
        for year in years
    )
    title = escape("目標値と実績値の推移")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}" class="dx-history-chart">{"".join(parts)}</svg>'
    )
