"""The dxextract Datasette plugin: Japanese search that ignores width, PDF page links.

Loaded by Datasette from its --plugins-dir (`dxextract serve` passes this
folder). Its hooks (https://docs.datasette.io/en/0.65/plugin_hooks.html):

- `prepare_connection`: SQL functions for the canned queries: `nfkc(text)`,
  and `fts_terms(text)`, the query as FTS5 terms each quoted (an empty query
  matches nothing instead of failing; `"`, `*`, `(` are text).
- `asgi_wrapper`: Datasette's table search box sends the query as typed and
  matches it against the FTS index, which holds NFKC-normalised text; so the
  wrapper NFKC-normalises every `_search…` argument of the request before
  Datasette reads it: ﾁｬｯﾄﾎﾞｯﾄ and チャットボット then find the same rows.
  A query shorter than the trigram index can find (1–2 characters: AI, DX,
  県) on a table the search tables copy (initiatives, kpis) becomes a
  substring match on those columns instead (`_where`), so the ordinary search
  box finds it.
- `register_routes`: `/pdfs/<file>` sends a PDF of that folder (not Datasette's
  `--static`, which looks for the percent-encoded name on disk, so a Japanese
  file name (福島.pdf) would never be found); `/-/dxextract.css`, the style below;
  `/-/region/<database>/<table>/<id>.png`, a record's printed region cut out of
  its PDF page at 2× (regions.py).
- `extra_template_vars`: a row page of a record with a region gets that image;
  a KPI's row page its report and its history across editions (the
  `kpi_history` rows of its key, with charts.kpi_history_svg), shown by
  templates/row.html.
- `extra_css_urls`: that style on every page: data first — the list of column
  descriptions Datasette prints above a table's rows is hidden (each column's
  description is its header's tooltip, its Japanese label under its name).
- `render_cell`: a `report_id` cell shows the report's file name, linked to its
  row, not its sha256; a view's `kpi_id` links to the KPI's row; a `page` cell
  becomes a link opening the PDF at that page (`/pdfs/<file>#page=N`), and a
  `file` cell a link to the PDF, only where the metadata configures the plugin
  and the PDFs folder holds that file.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlencode

import datasette
from datasette.utils.asgi import Response, asgi_send, asgi_send_file, asgi_send_html
from markupsafe import Markup, escape

from dxextract.browse.charts import kpi_history_svg
from dxextract.browse.regions import REGION_TABLES, region_png, region_sql
from dxextract.store.search import DEFAULT_MIN_FTS_CHARS, SEARCH_TABLES
from dxextract.text import nfkc

Scope = MutableMapping[str, Any]
App = Callable[[Scope, Any, Any], Awaitable[None]]

PLUGIN = "dxextract"

H = TypeVar("H", bound=Callable[..., Any])
# Datasette ships no type information; its marker keeps the hook's signature.
hookimpl: Callable[[H], H] = datasette.hookimpl


def _nfkc(value: Any) -> Any:
    return nfkc(value) if isinstance(value, str) else value


def fts_terms(text: Any) -> str:
    """`チャット ボット` → `"チャット" "ボット"`: every word one FTS5 string (a
    double quote in it doubled), all of them required; nothing to search for
    is `""`, which matches no row (Datasette's escape_fts gives `` for it, a
    syntax error)."""
    words = str(text or "").split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("nfkc", 1, _nfkc, deterministic=True)
    conn.create_function("fts_terms", 1, fts_terms, deterministic=True)


# A table page of a table the search tables copy: /<database>/<table>[.json].
_TABLE_PATH_RE = re.compile(r"^/[^/]+/(?P<table>[^/.]+)(?:\.json)?$")
# Record table → (search table, its text columns).
_SHORT_SEARCH = {source: (name, columns) for name, (source, columns) in SEARCH_TABLES.items()}


def short_search_where(table: str, query: str) -> str:
    """The `_where` clause that finds `query` (NFKC-normalised) as a substring of
    the table's search columns, ASCII case folded as the trigram index does."""
    search_table, columns = _SHORT_SEARCH[table]
    literal = "'" + query.lower().replace("'", "''") + "'"
    found = " or ".join(f"instr(lower([{c}]), {literal})" for c in columns)
    return f"id in (select id from [{search_table}] where {found})"


def nfkc_search_args(query_string: bytes, path: str = "") -> bytes:
    """The query string with every `_search…` value NFKC-normalised, the rest
    untouched; on a table page of a searched table, a `_search` shorter than
    DEFAULT_MIN_FTS_CHARS becomes a substring `_where` (the trigram index finds
    nothing shorter)."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
    if not any(key.startswith("_search") for key, _ in pairs):
        return query_string
    normalised = [
        (key, nfkc(value) if key.startswith("_search") else value) for key, value in pairs
    ]
    page = _TABLE_PATH_RE.match(path)
    # The filter form's submission first goes through Datasette's redirect to a
    # clean URL (`_filter_…` arguments): that URL keeps `_search` as typed.
    filtering = any(key.startswith("_filter_") for key, _ in normalised)
    if page and page["table"] in _SHORT_SEARCH and not filtering:
        short = [
            v.strip()
            for k, v in normalised
            if k == "_search" and 0 < len(v.strip()) < DEFAULT_MIN_FTS_CHARS
        ]
        if short:
            normalised = [(k, v) for k, v in normalised if k != "_search"]
            normalised.append(("_where", short_search_where(page["table"], short[0])))
            # Datasette ignores it; the search box shows it (extra_template_vars).
            normalised.append((SHORT_SEARCH_ARG, short[0]))
    return urlencode(normalised, encoding="utf-8").encode("ascii")


@hookimpl
def asgi_wrapper() -> Callable[[App], App]:
    def wrap(app: App) -> App:
        async def normalised(scope: Scope, receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("query_string"):
                query = nfkc_search_args(scope["query_string"], scope.get("path", ""))
                scope = dict(scope, query_string=query)
            await app(scope, receive, send)

        return normalised

    return wrap


def pdf_link(base: str, file: str, page: int | None) -> Markup:
    """`<a href="/pdfs/x.pdf#page=3">x.pdf p.3</a>`; without a page, to the file."""
    href = base + quote(file)
    text = file
    if page is not None:
        href += f"#page={page}"
        text = f"{file} p.{page}"
    return Markup('<a href="{}">{}</a>').format(href, escape(text))


def pdf_in_folder(folder: str, name: str) -> Path | None:
    """The file `name` directly inside `folder`, if it is there (no other path;
    a name the file system cannot hold, a NUL byte in it, is none either)."""
    try:
        root = Path(folder).resolve()
        path = (root / name).resolve()
        if path.parent != root or not path.is_file():
            return None
    except (OSError, ValueError):
        return None
    return path


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Callable[..., Awaitable[None]]]]:
    async def send_pdf(request: Any, send: Any) -> None:
        name = unquote(request.url_vars["name"])
        config = datasette.plugin_config(PLUGIN) or {}
        path = pdf_in_folder(config["pdf_dir"], name) if config.get("pdf_dir") else None
        if path is None:
            await asgi_send_html(send, "404: no such PDF", 404)
            return
        await asgi_send_file(send, path, content_type="application/pdf")

    async def send_css(request: Any, send: Any) -> None:
        await asgi_send(send, STYLE, 200, content_type="text/css; charset=utf-8")

    async def send_region(request: Any, send: Any) -> None:
        png = await _region(datasette, request.url_vars)
        if png is None:
            await asgi_send_html(send, "404: no printed region for that row", 404)
            return
        headers = {"cache-control": "max-age=3600"}
        await Response(png, headers=headers, content_type="image/png").asgi_send(send)

    return [
        (r"^/pdfs/(?P<name>[^/]+)$", send_pdf),
        (r"^/-/dxextract\.css$", send_css),
        (r"^/-/region/(?P<database>[^/]+)/(?P<table>[a-z_]+)/(?P<id>[0-9]+)\.png$", send_region),
    ]


async def _region(datasette: Any, url_vars: dict[str, str]) -> bytes | None:
    """The PNG of a row's printed region, or None (no such row, region or PDF)."""
    table = url_vars["table"]
    if table not in REGION_TABLES or url_vars["database"] not in datasette.databases:
        return None
    config = datasette.plugin_config(PLUGIN) or {}
    if not config.get("pdf_dir"):
        return None
    db = datasette.get_database(url_vars["database"])
    found = (await db.execute(region_sql(table), [int(url_vars["id"])])).first()
    if found is None or None in tuple(found)[2:]:
        return None
    path = pdf_in_folder(config["pdf_dir"], str(found["file"]))
    if path is None:
        return None
    bbox = tuple(float(v) for v in tuple(found)[2:])
    try:
        return await asyncio.to_thread(
            region_png, path, path.stat().st_mtime, int(found["page"]), bbox
        )
    except Exception:  # a PDF changed or damaged since it was ingested: no image
        return None


# The columns a researcher reads first, shown first on a table's page (the
# rest follow in the table's order; the data itself, JSON and CSV keep it).
FIRST_COLUMNS = {
    "kpis": ["id", "name", "fiscal_year", "target_text", "actual_text", "status", "page"],
    "initiatives": ["id", "title", "field_code", "area", "page"],
}

# The short query a `_where` stands for, kept for the search box to show.
SHORT_SEARCH_ARG = "_dx_search"


@hookimpl
def extra_template_vars(
    template: str, database: str, table: str, view_name: str, request: Any, datasette: Any
) -> Callable[[], Awaitable[dict[str, Any]]] | dict[str, Any] | None:
    if view_name == "table":
        out: dict[str, Any] = {"dx_first": FIRST_COLUMNS.get(table, [])}
        if request is not None and request.args.get(SHORT_SEARCH_ARG):
            out["search"] = request.args.get(SHORT_SEARCH_ARG)
        return out
    if view_name != "row" or table not in REGION_TABLES or request is None:
        return None

    async def variables() -> dict[str, Any]:
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return {}
        out: dict[str, Any] = {
            "dx_region": datasette.urls.path(f"/-/region/{database}/{table}/{pks}.png")
        }
        db = datasette.get_database(database)
        if table == "kpis":
            out.update(await _kpi_story(db, int(pks), database, datasette))
        elif table == "initiatives":
            out["dx_kpis"] = await _initiative_kpis(db, int(pks), database, datasette)
        return out

    return variables


async def _linked_kpis(
    db: Any, sql: str, args: list[Any], database: str, datasette: Any, id_column: str
) -> list[dict[str, Any]]:
    """The rows of `sql`, each KPI with `href`, its page (`id_column` names its id)."""
    rows = [dict(row) for row in await db.execute(sql, args)]
    for row in rows:
        row["href"] = datasette.urls.row(database, "kpis", str(row[id_column]))
    return rows


async def _initiative_kpis(
    db: Any, initiative_id: int, database: str, datasette: Any
) -> list[dict[str, Any]]:
    """An initiative's KPIs, each linked to its own page (and so to its history)."""
    sql = (
        "select id, name, fiscal_year, target_text, actual_text, status, next_target_text, "
        "page from kpis where initiative_id = ? order by seq"
    )
    return await _linked_kpis(db, sql, [initiative_id], database, datasette, "id")


async def _kpi_story(db: Any, kpi_id: int, database: str, datasette: Any) -> dict[str, Any]:
    """A KPI's report and initiative, and its rows in every stored edition."""
    head = (
        await db.execute(
            "select k.name, i.id as initiative_id, i.title, r.id as report_id, r.file, "
            "r.results_fiscal_year from kpis k join initiatives i on i.id = k.initiative_id "
            "join reports r on r.id = k.report_id where k.id = ?",
            [kpi_id],
        )
    ).first()
    if head is None:
        return {}
    sql = (
        "select h.* from kpi_history h where h.kpi_key = "
        "(select kpi_key from kpi_keys where kpi_id = ?) order by h.fiscal_year, h.file"
    )
    history = await _linked_kpis(db, sql, [kpi_id], database, datasette, "kpi_id")
    return {
        "dx_kpi": dict(head),
        "dx_initiative_href": datasette.urls.row(
            database, "initiatives", str(head["initiative_id"])
        ),
        "dx_report_href": datasette.urls.row(database, "reports", quote(str(head["report_id"]))),
        "dx_history": history,
        "dx_history_svg": Markup(kpi_history_svg(history)),
    }


# The views whose rows are KPIs: their kpi_id links to the KPI's page (its history).
KPI_VIEWS = ("kpi_results", "kpi_history")

# Rows first, on the first screen of a 1,366 × 768 window: the column
# descriptions are in the headers' tooltips; the filter, facet and export lines
# are made compact (a facet lists its first values, the rest scroll).
STYLE = """dl.column-descriptions { display: none; }
th .dx-name { font-weight: normal; font-size: 0.7em; color: #666; }
table.rows-and-columns td, table.rows-and-columns th { padding: 0.35em 0.4em; }
td.col-report_id, td.col-initiative_id { max-width: 6.5em; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
td.col-name, td.col-title { min-width: 9em; }
form.filters { margin-bottom: 0.3em; }
form.filters .filter-row, form.filters .search-row { margin-bottom: 0.2em; }
.facet-results { margin: 0.2em 0; }
.facet-info-name { margin: 0.1em 0; }
.facet-info ul { max-height: 4.6em; overflow-y: auto; margin: 0; }
p.suggested-facets, p.export-links { display: inline-block; margin: 0.2em 1.5em 0.2em 0; }
"""


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path("/-/dxextract.css")]


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    if value is None:
        return None
    if column == "report_id":
        return _report_cell(value, database, datasette)
    if column == "kpi_id" and table in KPI_VIEWS and isinstance(value, int):
        return _kpi_cell(value, database, datasette)
    if column in ("page", "file"):
        return _pdf_cell(row, value, column, table, database, datasette)
    return None


def _kpi_cell(value: int, database: str, datasette: Any) -> Callable[[], Awaitable[Markup]]:
    """A view's kpi_id as a link to the KPI's row."""
    href = datasette.urls.row(database, "kpis", str(value))

    async def kpi_link() -> Markup:
        return Markup('<a href="{}">{}</a>').format(href, value)

    return kpi_link


def _pdf_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Callable[[], Awaitable[Markup | None]] | None:
    """A `file` cell as a link to its PDF, a `page` cell to that page of the
    row's PDF; none unless the metadata configures the PDFs folder and it holds
    the file (one ingested from elsewhere is not linked)."""
    config = datasette.plugin_config(PLUGIN, database=database) or {}
    base, folder = config.get("pdf_url"), config.get("pdf_dir")
    if not base or not folder:
        return None

    def linked(file: str, page: int | None) -> Markup | None:
        return pdf_link(base, file, page) if pdf_in_folder(folder, file) else None

    async def link() -> Markup | None:
        if column == "file":
            return linked(str(value), None) if table in (None, "reports") else None
        if not isinstance(value, int):
            return None
        file = await _row_file(row, database, datasette)
        return linked(file, value) if file else None

    return link


async def _row_file(row: Any, database: str, datasette: Any) -> str | None:
    """The PDF a row was read from: its `file` column, else its report's."""
    keys = set(row.keys()) if hasattr(row, "keys") else set()
    if "file" in keys and row["file"]:
        return str(row["file"])
    if "report_id" not in keys:
        return None
    report_id = row["report_id"]
    if isinstance(report_id, dict):  # a foreign key Datasette expanded to its label
        report_id = report_id["value"]
    result = await datasette.get_database(database).execute(
        "select file from reports where id = ?", [report_id]
    )
    found = result.first()
    return str(found["file"]) if found is not None else None


def _report_cell(value: Any, database: str, datasette: Any) -> Callable[[], Awaitable[Markup]]:
    """A report_id as its file name, linked to the report's row."""
    sha = value["value"] if isinstance(value, dict) else value
    label = value.get("label") if isinstance(value, dict) else None

    async def cell() -> Markup:
        name = label
        if not name or name == sha:
            result = await datasette.get_database(database).execute(
                "select file from reports where id = ?", [sha]
            )
            found = result.first()
            name = found["file"] if found is not None else sha
        href = datasette.urls.row(database, "reports", quote(str(sha)))
        return Markup('<a href="{}" title="{}">{}</a>').format(href, sha, name)

    return cell
