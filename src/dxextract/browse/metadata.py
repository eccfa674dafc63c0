"""One Python definition of the Datasette metadata → `metadata.yml` beside the db.

Built from what the database holds (its tables and views, the reports'
titles), so it stays true when other tables (findings, kpi_history) appear:
labels for an object that is not there yet are harmless, and a canned query
is offered only when every table it reads exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from dxextract.browse import DEFAULT_PUBLISHER
from dxextract.browse.labels import TABLES, column_description
from dxextract.browse.queries import canned_queries
from dxextract.errors import BrowseError
from dxextract.store import schema_columns
from dxextract.store.search import DEFAULT_MIN_FTS_CHARS, search_fts_tables

# Where `serve` mounts the folder of ingested PDFs (Datasette's --static), so
# a page cell can link to /pdfs/<file>.pdf#page=N.
DEFAULT_PDF_MOUNT = "pdfs"

DEFAULT_LICENSE = "元資料の利用条件は発行元（都道府県）のウェブサイトの利用規約による"

# Columns researchers narrow results by; each table offers those it has.
FACET_COLUMNS = ("fiscal_year", "area", "field_code", "code", "status", "unit", "rule", "severity")

# Default order of rows, where the primary key's order is not the useful one.
SORTS: dict[str, tuple[str, str]] = {
    "reports": ("sort_desc", "results_fiscal_year"),
    "area_summaries": ("sort", "fiscal_year"),
    "fields": ("sort", "code"),
    "field_totals": ("sort", "fiscal_year"),
    "kpis": ("sort", "initiative_id"),
    "findings": ("sort", "severity"),
    "kpi_history": ("sort", "kpi_key"),
}

# What a foreign key to this table shows instead of the bare id.
LABEL_COLUMNS = {"reports": "file", "initiatives": "title", "kpis": "name"}

# Tables the store keeps for search and for linking editions (kpi_history is
# their view): hidden from the table list.
HIDDEN = (
    "initiatives_search",
    "kpis_search",
    "initiative_keys",
    "kpi_keys",
    "report_keys",
    "_sqlite_migrations",  # the schema's steps (store/schema.py)
)

# Objects other code builds, labelled even in a database that does not have
# them yet (one written before they existed): their columns as the store makes them.
BUILT_ELSEWHERE = ("findings", "kpi_history")


def database_description(pdf_dir: str | None) -> str:
    """What a researcher needs before the first query: search rules and where the PDFs are."""
    pdfs = (
        f"各行の「ページ」はPDFの該当ページへのリンク"
        f"（/{DEFAULT_PDF_MOUNT}/ で {pdf_dir} を配信）。"
        if pdf_dir
        else "各行の file と page が出典のPDFとページ。"
    )
    return (
        "都道府県のDX報告書（PDF）から抽出した記録。"
        f"全文検索（取組・指標）は{DEFAULT_MIN_FTS_CHARS}文字以上の語で検索する（trigram）。"
        "全角・半角は区別しない（ﾁｬｯﾄﾎﾞｯﾄ ＝ チャットボット）。"
        f"{DEFAULT_MIN_FTS_CHARS - 1}文字以下は定型クエリ「短い語の検索」を使う。" + pdfs
    )


def reports_to_source(
    reports: Sequence[tuple[str, str]], publisher: str = DEFAULT_PUBLISHER
) -> str:
    """`福島県「表題」（file.pdf）` for each stored report, joined."""
    if not reports:
        return publisher
    return "、".join(f"{publisher}「{title}」（{file}）" for file, title in reports)


def table_metadata(name: str, columns: Sequence[str], fts: Mapping[str, str]) -> dict[str, Any]:
    """Title, description, column labels, facets, sort, label column, search of one table."""
    out: dict[str, Any] = {}
    if name in TABLES:
        out["title"], out["description"] = TABLES[name]
    described = {c: d for c in columns if (d := column_description(name, c)) is not None}
    if described:
        out["columns"] = described
    facets = [c for c in FACET_COLUMNS if c in columns]
    if facets:
        out["facets"] = facets
    if name in SORTS:
        key, column = SORTS[name]
        out[key] = column
    if name in LABEL_COLUMNS:
        out["label_column"] = LABEL_COLUMNS[name]
    if name in fts:
        # The FTS index is on the normalised copy; its rowid is the record's id.
        out["fts_table"] = fts[name]
        out["fts_pk"] = "id"
    if name in HIDDEN:
        out["hidden"] = True
    return out


def build_metadata(
    database: str,
    tables: Mapping[str, Sequence[str]],
    reports: Sequence[tuple[str, str]],
    pdf_dir: str | None,
    publisher: str = DEFAULT_PUBLISHER,
) -> dict[str, Any]:
    """The whole metadata document for database `database` (the db file's stem).

    `tables`: every table and view in the db → its columns; `reports`:
    (file, title) of each stored report; `pdf_dir`: the folder served at
    /pdfs/, or None when the PDFs are not served; `publisher`: who published
    the reports (the source line).
    """
    built = {name: tuple(columns) for name, columns in schema_columns().items()}
    objects = {**{name: built[name] for name in BUILT_ELSEWHERE}, **tables}
    fts = {t: f for t, f in search_fts_tables().items() if f in tables}
    meta: dict[str, Any] = {
        "title": "DX報告書データ",
        "description": database_description(pdf_dir),
        "source": reports_to_source(reports, publisher),
        "license": DEFAULT_LICENSE,
        "databases": {
            database: {
                "title": "DX報告書データ",
                "description": database_description(pdf_dir),
                "tables": {
                    name: table_metadata(name, objects.get(name, ()), fts)
                    for name in (*TABLES, *HIDDEN)
                    if name in objects
                },
                "queries": canned_queries(set(tables)),
            }
        },
    }
    if pdf_dir:
        # The plugin serves the folder itself (Datasette's --static looks for
        # percent-encoded names on disk: 福島.pdf would 404) and links only the
        # files it holds.
        meta["plugins"] = {
            "dxextract": {
                "pdf_url": f"/{DEFAULT_PDF_MOUNT}/",
                "pdf_dir": str(Path(pdf_dir).resolve()),
            }
        }
    return meta


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]  # PyYAML has no type information
    """Multi-line strings (the canned queries' SQL) as readable | blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def metadata_to_yaml(meta: Mapping[str, Any]) -> str:
    """YAML text, Japanese kept as is, keys in definition order."""
    text: str = yaml.dump(
        dict(meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return text


def write_metadata(path: Path, meta: Mapping[str, Any]) -> Path:
    """Write `meta` as YAML at `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(metadata_to_yaml(meta), encoding="utf-8")
    except OSError as exc:
        raise BrowseError(f"cannot write {path}: {exc}") from exc
    return path
