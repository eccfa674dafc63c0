"""Real Datasette 0.65 in-process over a database ingested from the slides fixture PDF.

No mock: `Datasette(...)` with the metadata `dxextract metadata` writes, the
plugin folder `dxextract serve` passes (which serves the PDFs at /pdfs/), queried
through its in-process client (`ds.client.get`).
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from datasette.app import Datasette
from dxtest import SLIDES_PDF, SYNTHETIC_PDF
from edits import with_kpi

from dxextract.browse.metadata import build_metadata, metadata_to_yaml
from dxextract.browse.plugins.dxextract_browse import nfkc_search_args
from dxextract.browse.queries import QUERY_NAMES
from dxextract.browse.serve import PLUGINS_DIR, TEMPLATES_DIR
from dxextract.ingest import checks
from dxextract.models import Document
from dxextract.store import describe_objects, open_db, store_document
from dxextract.text import nfkc

# A KPI marked 達成 whose actual misses its target, injected into the content
# and rendered: the consistency checks run at ingest store a `status` finding.
CONTRADICTED_KPI = "コピー用紙購入量（本庁（知事部局））"


def make_db(
    path: Path, doc: Document, with_findings: bool = True, pdf_dir: Path = SLIDES_PDF.parent
) -> dict[str, Any]:
    """Ingest `doc` into `path`; return the metadata `dxextract metadata` would write."""
    db = open_db(path)
    store_document(db, doc, checks=checks())
    if not with_findings:
        # As a database written before the consistency checks had a table.
        db.execute("drop table if exists findings")
    objects, reports = describe_objects(db)
    db.close()
    meta = build_metadata(path.stem, objects, reports, str(pdf_dir))
    # What Datasette reads is the YAML file: go through it.
    loaded: dict[str, Any] = yaml.safe_load(metadata_to_yaml(meta))
    assert loaded == meta
    return loaded


def start(path: Path, meta: dict[str, Any]) -> Datasette:
    """Datasette as `dxextract serve` runs it: the database read-only, not immutable."""
    ds = Datasette(
        files=[str(path)],
        metadata=meta,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    asyncio.run(ds.invoke_startup())
    return ds


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory, slides_doc: Document) -> Iterator[Datasette]:
    path = tmp_path_factory.mktemp("browse") / "dx.db"
    yield start(path, make_db(path, slides_doc))


def get(ds: Datasette, path: str) -> httpx.Response:
    response: httpx.Response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def rows(ds: Datasette, path: str, **params: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    sep = "&" if "?" in path else "?"
    data: list[dict[str, Any]] = get(ds, f"{path}{sep}_shape=array&{query}").json()
    return data


def golden_kpis(golden: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(i, k) for i in golden["initiatives"] for k in i["kpis"]]


# --- search -----------------------------------------------------------------


@pytest.mark.parametrize("query", ["チャットボット", "ﾁｬｯﾄﾎﾞｯﾄ"])
def test_table_search_finds_the_ai_initiative_and_its_kpi(ds: Datasette, query: str) -> None:
    initiatives = rows(ds, "/dx/initiatives.json", _search=query)
    assert [r["title"] for r in initiatives] == ["AIの活用"]
    kpis = rows(ds, "/dx/kpis.json", _search=query)
    assert [(r["name"], r["initiative_id"]) for r in kpis] == [
        ("チャットボット満足度", initiatives[0]["id"])
    ]


@pytest.mark.parametrize("query", ["ペーパーレス", "ﾍﾟｰﾊﾟｰﾚｽ"])
def test_table_search_finds_the_paperless_initiative(ds: Datasette, query: str) -> None:
    titles = [r["title"] for r in rows(ds, "/dx/initiatives.json", _search=query)]
    # The second one mentions paperless work in its outcomes.
    assert titles == ["ペーパーレス化の推進", "職員用パソコンのモバイル化"]


def test_the_search_box_page_shows_the_match_for_a_half_width_query(ds: Datasette) -> None:
    html = get(ds, "/dx/initiatives?_search=" + quote("ﾁｬｯﾄﾎﾞｯﾄ")).text
    assert "1 row" in html
    assert "AIの活用" in html


def test_canned_search_normalises_the_query(ds: Datasette) -> None:
    full = rows(ds, "/dx/search.json", q="チャットボット")
    half = rows(ds, "/dx/search.json", q="ﾁｬｯﾄﾎﾞｯﾄ")
    assert full == half
    assert [(r["kind"], r["text"]) for r in full] == [
        ("取組", "AIの活用"),
        ("指標", "チャットボット満足度"),
    ]


AI_TITLES = [
    "AIの活用",
    "AI・RPA等の利用促進・共同利用",
    "テクノアカデミーを中心としたデジタル人材育成",
]


@pytest.mark.parametrize("query", ["AI", "ＡＩ", "ai"])
def test_the_search_box_finds_a_word_shorter_than_the_index_can(ds: Datasette, query: str) -> None:
    """Two characters are below the trigram index's minimum: the plugin turns
    the table's own search into a substring match, so the box finds them."""
    assert [r["title"] for r in rows(ds, "/dx/initiatives.json", _search=query)] == AI_TITLES
    names = [r["name"] for r in rows(ds, "/dx/kpis.json", _search="満足", _size="max")]
    assert names and all("満足" in n for n in names)
    html = get(ds, "/dx/initiatives?_search=" + quote(query)).text
    assert "3 rows" in html and "AIの活用" in html


def test_a_short_search_is_text_not_sql(ds: Datasette) -> None:
    for query in ("'", "%", "_", "');"):
        response = asyncio.run(ds.client.get("/dx/initiatives.json?_search=" + quote(query)))
        assert response.status_code == 200, (query, response.text[:300])


def test_the_canned_full_text_search_opens_empty_and_takes_any_character(
    ds: Datasette,
) -> None:
    """Opened without a query it shows no error (Datasette's escape_fts turned
    an empty query into a syntax error); quotes and operators are text."""
    html = get(ds, "/dx/search").text
    assert "syntax error" not in html and "fts5" not in html
    for query in ("", '"', "*", "(", 'チャット"', "OR", "NOT AND"):
        assert rows(ds, "/dx/search.json", q=query) == [], query
    assert rows(ds, "/dx/search.json", q="チャット ボット")


def test_short_words_in_the_canned_query(ds: Datasette, slides_doc: Document) -> None:
    found = rows(ds, "/dx/search_short.json", q="ＡＩ")
    titles = [r["text"] for r in found if r["kind"] == "取組"]
    assert titles == AI_TITLES
    assert rows(ds, "/dx/search_short.json", q="ai") == found
    assert rows(ds, "/dx/search_short.json", q="") == []
    # % is a character, not a wildcard: only the text that prints a percent sign.
    percent = [
        i.title
        for i in slides_doc.initiatives
        if "%" in nfkc(i.title + i.activities + i.outcomes + i.next_activities)
    ]
    assert 0 < len(percent) < len(slides_doc.initiatives)
    assert [r["text"] for r in rows(ds, "/dx/search_short.json", q="％")] == percent


@pytest.mark.parametrize(
    ("query_string", "expected"),
    [
        ("_search=%EF%BE%81%EF%BD%AC", "_search=%E3%83%81%E3%83%A3"),  # ﾁｬ → チャ
        ("_search_title=%EF%BC%A1%EF%BC%A9&_sort=id", "_search_title=AI&_sort=id"),
        ("q=%EF%BE%81&_search=", "q=%EF%BE%81&_search="),  # only _search… is touched
        ("_facet=status", "_facet=status"),
    ],
)
def test_search_arguments_are_normalised(query_string: str, expected: str) -> None:
    assert nfkc_search_args(query_string.encode()) == expected.encode()


# --- facets, views, canned queries ------------------------------------------


def test_status_facet_counts_match_the_golden(ds: Datasette, golden: dict[str, Any]) -> None:
    data = get(ds, "/dx/kpis.json?_facet=status").json()
    counts = {r["value"]: r["count"] for r in data["facet_results"]["status"]["results"]}
    assert counts == {"達成": 14, "一部達成": 5}
    assert counts == Counter(k["status"] for _, k in golden_kpis(golden))


def test_metadata_facets_are_offered_on_kpi_results(ds: Datasette) -> None:
    data = get(ds, "/dx/kpi_results.json").json()
    assert set(data["facet_results"]) == {"fiscal_year", "area", "field_code", "status", "unit"}
    assert data["facet_results"]["fiscal_year"]["results"][0]["count"] == 19


def test_kpi_results_gives_the_19_fy2023_kpis_with_pages(
    ds: Datasette, slides_doc: Document, golden: dict[str, Any]
) -> None:
    got = rows(ds, "/dx/kpi_results.json", fiscal_year="2023", _size="max")
    want = golden_kpis(golden)
    assert len(got) == 19
    assert [(r["name"], r["initiative"], r["target"], r["actual"], r["unit"]) for r in got] == [
        (k["name"], i["title"], k["target"], k["actual"], k["unit"]) for i, k in want
    ]
    assert [r["page"] for r in got] == [k.page for i in slides_doc.initiatives for k in i.kpis]
    assert all(isinstance(r["page"], int) for r in got)


def test_status_contradictions_is_empty_for_the_consistent_report(ds: Datasette) -> None:
    assert rows(ds, "/dx/status_contradictions.json") == []


def test_status_contradictions_lists_the_kpi_that_misses_its_target(
    tmp_path: Path, slides_doc: Document
) -> None:
    # 33百万枚 printed as the actual, as tools/injections.py's status_lower (test_checks).
    doc = with_kpi(slides_doc, CONTRADICTED_KPI, actual=33_000_000, actual_text="33百万枚")
    path = tmp_path / "dx.db"
    ds = start(path, make_db(path, doc))
    got = rows(ds, "/dx/status_contradictions.json")
    assert [(r["name"], r["status"], r["actual_text"], r["target_text"]) for r in got] == [
        (CONTRADICTED_KPI, "達成", "33百万枚", "32百万枚")
    ]


def test_kpis_not_achieved_by_field(ds: Datasette, golden: dict[str, Any]) -> None:
    got = rows(ds, "/dx/kpis_not_achieved.json", field_code="")
    # Golden order is document order, field by field.
    want = [(i["field_code"], k["name"]) for i, k in golden_kpis(golden) if k["status"] != "達成"]
    assert [(r["field_code"], r["name"]) for r in got] == want
    assert {r["status"] for r in got} == {"一部達成"}
    one_field = rows(ds, "/dx/kpis_not_achieved.json", field_code="I-2")
    assert rows(ds, "/dx/kpis_not_achieved.json", field_code="Ｉ－２") == one_field
    assert [r["name"] for r in one_field] == ["県及び市町村行政手続のオンライン利用率"]


def test_initiatives_without_kpis(ds: Datasette, golden: dict[str, Any]) -> None:
    got = rows(ds, "/dx/initiatives_without_kpis.json")
    want = [i["title"] for i in golden["initiatives"] if not i["kpis"]]
    assert [r["title"] for r in got] == want
    assert all(r["page"] for r in got)


def test_field_achievement_view(ds: Datasette) -> None:
    got = rows(ds, "/dx/field_achievement.json", fiscal_year="2023", field_code="I-2")
    assert [
        (r["kpi_projects"], r["achieved"], r["printed_pct"], r["recomputed_pct"]) for r in got
    ] == [(4, 1, 25, 25)]


# --- labels and provenance --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "texts"),
    [
        (
            "/dx/kpis",
            ["指標（KPI）", "指標名 — ", "目標値 — ", "実績値 — ", "達成状況 — ", "単位 — "],
        ),
        (
            "/dx/initiatives",
            ["取組", "項目 — ", "取組内容 — ", "成果・効果 — ", "2文字以下は部分一致"],
        ),
        ("/dx/kpi_results", ["指標の結果", "実績/目標 — "]),
        ("/dx/field_achievement", ["達成率（再計算） — ", "達成率（公表） — "]),
        ("/dx/findings", ["検査結果", "検査規則 — "]),
        ("/dx", ["全文検索", "3文字以上", "/pdfs/", "短い語の検索"]),
    ],
)
def test_japanese_labels_appear_on_the_pages(ds: Datasette, path: str, texts: list[str]) -> None:
    html = unescape(get(ds, path).text)
    for text in texts:
        assert text in html, text


@pytest.mark.parametrize(
    ("path", "column", "label"),
    [
        ("/dx/kpis", "name", "指標名"),
        ("/dx/kpis", "target", "目標値"),
        ("/dx/kpis", "status", "達成状況"),
        ("/dx/kpi_results", "actual", "実績値"),
        ("/dx/initiatives", "title", "項目"),
    ],
)
def test_column_headers_show_the_japanese_label(
    ds: Datasette, path: str, column: str, label: str
) -> None:
    html = get(ds, path).text
    header = re.search(rf'<th [^>]*data-column="{column}"[^>]*>(.*?)</th>', html, re.S)
    assert header is not None
    # The label heads the column (the sort link's text), its SQL name small under it.
    assert re.search(rf'rel="nofollow">{label}(&nbsp;[▼▲])?</a>', header.group(1))
    assert f'<span class="dx-name">{column}</span>' in header.group(1)


def test_the_source_names_the_prefecture_and_the_reports_title(
    ds: Datasette, slides_doc: Document
) -> None:
    html = unescape(get(ds, "/dx").text)
    assert f"福島県「{slides_doc.report.title}」" in html


def test_foreign_keys_show_labels(ds: Datasette) -> None:
    data = get(
        ds, "/dx/kpis.json?_labels=on&_shape=array&name=" + quote("チャットボット満足度")
    ).json()
    assert data[0]["initiative_id"]["label"] == "AIの活用"
    assert data[0]["report_id"]["label"] == "fukushima_dx_r5.pdf"


RECORD_PAGES = [
    "/dx/area_summaries", "/dx/fields", "/dx/field_totals", "/dx/initiatives", "/dx/kpis",
    "/dx/kpi_results", "/dx/field_achievement", "/dx/findings",
]  # fmt: skip


@pytest.mark.parametrize("path", RECORD_PAGES)
def test_every_record_links_to_its_pdf_page(ds: Datasette, path: str) -> None:
    html = get(ds, path + "?_size=max").text
    links = re.findall(r'href="/pdfs/fukushima_dx_r5\.pdf#page=(\d+)"', html)
    table = path.rsplit("/", 1)[1]
    n_rows = get(ds, f"/dx/{table}.json?_size=0").json()["filtered_table_rows_count"]
    assert len(links) == n_rows
    assert all(1 <= int(p) <= 15 for p in links)


def test_reports_link_to_their_pdf(ds: Datasette) -> None:
    html = get(ds, "/dx/reports").text
    assert '<a href="/pdfs/fukushima_dx_r5.pdf">fukushima_dx_r5.pdf</a>' in html


def test_the_linked_pdf_is_served(ds: Datasette) -> None:
    response = get(ds, "/pdfs/fukushima_dx_r5.pdf")
    assert response.content == SLIDES_PDF.read_bytes()


def test_kpi_page_link_is_its_page(ds: Datasette, slides_doc: Document) -> None:
    page = next(
        k.page for i in slides_doc.initiatives for k in i.kpis if k.name == "チャットボット満足度"
    )
    html = get(ds, "/dx/kpi_results?name=" + quote("チャットボット満足度")).text
    assert f'href="/pdfs/fukushima_dx_r5.pdf#page={page}"' in html


# --- without the findings table ---------------------------------------------


def test_metadata_works_without_findings(tmp_path: Path, slides_doc: Document) -> None:
    path = tmp_path / "dx.db"
    meta = make_db(path, slides_doc, with_findings=False)
    queries = meta["databases"]["dx"]["queries"]
    assert set(queries) == set(QUERY_NAMES) - {"status_contradictions"}
    ds = start(path, meta)
    assert len(rows(ds, "/dx/kpi_results.json")) == 19
    assert asyncio.run(ds.client.get("/dx/findings")).status_code == 404


# --- several editions -------------------------------------------------------


def test_kpi_history_shows_a_kpi_across_editions(
    tmp_path: Path, slides_doc: Document, synthetic_doc: Document
) -> None:
    path = tmp_path / "dx.db"
    make_db(path, synthetic_doc)
    ds = start(path, make_db(path, slides_doc))
    got = rows(ds, "/dx/kpi_history.json", kpi_key="チャットボット満足度|I-3", _sort="fiscal_year")
    assert [(r["fiscal_year"], r["file"], r["target_text"], r["actual_text"]) for r in got] == [
        (2023, "fukushima_dx_r5.pdf", "60%", "61%"),
        (2024, "fukushima_dx_r6_synthetic.pdf", "62%", "65%"),
    ]
    html = unescape(get(ds, "/dx/kpi_history").text)
    assert "指標の推移" in html
    header = re.search(r'<th [^>]*data-column="kpi_key"[^>]*>(.*?)</th>', html, re.S)
    assert header is not None and "指標キー" in header.group(1)


def test_pdf_with_a_japanese_name_is_linked_and_served(
    tmp_path: Path, slides_doc: Document
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    name = "福島県 DX概要.pdf"
    (folder / name).write_bytes(SLIDES_PDF.read_bytes())
    doc = slides_doc.model_copy(
        update={"report": slides_doc.report.model_copy(update={"file": name})}
    )
    path = tmp_path / "dx.db"
    ds = start(path, make_db(path, doc, pdf_dir=folder))
    href = "/pdfs/" + quote(name)
    html = get(ds, "/dx/reports").text
    assert f'<a href="{href}">' in html
    response = get(ds, href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.content == SLIDES_PDF.read_bytes()
    # A PDF the folder does not hold (ingested from elsewhere) gets no link.
    (folder / name).unlink()
    assert href not in get(ds, "/dx/reports").text
    assert asyncio.run(ds.client.get(href)).status_code == 404
    # Nothing outside the folder is served, and a name no file can have is none.
    assert asyncio.run(ds.client.get("/pdfs/..%2Fdx.db")).status_code == 404
    assert asyncio.run(ds.client.get("/pdfs/%00.pdf")).status_code == 404
    assert asyncio.run(ds.client.get("/pdfs/a%00b.pdf")).status_code == 404


def test_an_ingest_while_serving_is_seen_on_the_next_request(
    tmp_path: Path, slides_doc: Document, synthetic_doc: Document
) -> None:
    """`serve` opens the database read-only but not immutable: a report stored
    while it runs is on the next page, and no page fails."""
    path = tmp_path / "dx.db"
    ds = start(path, make_db(path, slides_doc))
    assert [r["file"] for r in rows(ds, "/dx/reports.json")] == [slides_doc.report.file]
    db = open_db(path)
    store_document(db, synthetic_doc)
    db.close()
    files = sorted(r["file"] for r in rows(ds, "/dx/reports.json"))
    assert files == sorted([slides_doc.report.file, SYNTHETIC_PDF.name])
    for table in ("reports", "area_summaries", "fields", "initiatives", "kpis", "findings"):
        get(ds, f"/dx/{table}")
    both = rows(ds, "/dx/kpis.json", _size="max")
    first = rows(ds, "/dx/kpis.json", _size="max", report_id=slides_doc.report.sha256)
    assert len(both) > len(first) > 0


def test_rows_come_first_and_a_report_is_named_by_its_file(
    ds: Datasette, slides_doc: Document
) -> None:
    """The column descriptions are each header's tooltip (the list Datasette
    prints above the rows is hidden by the plugin's style); a report_id cell
    shows the report's file name, linked to its row, not its sha256."""
    html = get(ds, "/dx/kpis").text
    assert '<link rel="stylesheet" href="/-/dxextract.css">' in html
    style = get(ds, "/-/dxextract.css")
    assert style.headers["content-type"].startswith("text/css")
    assert "dl.column-descriptions { display: none; }" in style.text
    assert 'title="指標名 — ' in html  # the name column's description, as its tooltip
    sha = slides_doc.report.sha256
    cells = re.findall(r'<td class="col-report_id[^"]*">(.*?)</td>', html)
    assert cells and set(cells) == {
        f'<a href="/dx/reports/{sha}" title="{sha}">{slides_doc.report.file}</a>'
    }


def test_a_rows_printed_region_is_served_as_an_image(ds: Datasette) -> None:
    """`/-/region/<db>/<table>/<id>.png`: the row's region cut out of its PDF page."""
    import io

    from PIL import Image

    kpi = rows(ds, "/dx/kpis.json", _size="1")[0]
    response = asyncio.run(ds.client.get(f"/-/region/dx/kpis/{kpi['id']}.png"))
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    # 2x the region and its margin: as wide as the KPI table's row, a row high.
    assert image.width > 2 * 400 and 20 < image.height < image.width
    html = get(ds, f"/dx/kpis/{kpi['id']}").text
    assert f'src="/-/region/dx/kpis/{kpi["id"]}.png"' in html
    for missing in ("/-/region/dx/kpis/999999.png", "/-/region/dx/reports/1.png",
                    "/-/region/nodb/kpis/1.png"):  # fmt: skip
        assert asyncio.run(ds.client.get(missing)).status_code == 404, missing


def test_an_initiatives_page_lists_its_kpis_and_views_link_each_kpi(ds: Datasette) -> None:
    initiative = rows(ds, "/dx/initiatives.json", title="行政手続のオンライン化")[0]
    html = unescape(get(ds, f"/dx/initiatives/{initiative['id']}").text)
    kpis = rows(ds, "/dx/kpis.json", initiative_id=str(initiative["id"]))
    assert kpis
    for kpi in kpis:
        assert f'<a href="/dx/kpis/{kpi["id"]}">{kpi["name"]}</a>' in html
    assert (
        "この取組の指標" in html
        and f'src="/-/region/dx/initiatives/{initiative["id"]}.png"' in html
    )
    results = get(ds, "/dx/kpi_results").text
    first = rows(ds, "/dx/kpi_results.json")[0]
    assert f'<a href="/dx/kpis/{first["kpi_id"]}">{first["kpi_id"]}</a>' in results
