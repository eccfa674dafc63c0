"""Store validated Documents in SQLite (sqlite-utils) and read them back.

One table per record list of the contract (shared/data-contract.md) plus
`reports`, whose primary key is the PDF's sha256; beside them the findings of
the consistency checks, the keys that link editions, and the search tables and
views for Datasette. A report is written or replaced in one transaction: a
failed ingest leaves nothing of that document behind.

- `sqlite.py`: sqlite-utils, imported once (without numpy and pandas).
- `schema.py`: column types, keys, indexes, views; creating what is missing.
- `connection.py`: opening a database for writing (upgraded) or reading only.
- `documents.py`: storing Documents, one transaction each; the files table.
- `loading.py`: stored reports read back as Documents.
- `findings.py`: the findings the caller computed, beside the records they locate.
- `editions.py`: the keys that pair records across editions, and the edition changes.
- `reissue.py`: issues of one edition: which is current, whether one is partial.
- `search.py`, `views.py`: the NFKC search tables and the researchers' views.
- `overview.py`: the stored reports in counts (what `ingest` says at the end).

Only this package imports sqlite_utils, and only through `sqlite.py`.
"""

from dxextract.models import BBOX_COLUMNS
from dxextract.store.connection import (
    DEFAULT_BUSY_TIMEOUT_MS,
    open_db,
    open_db_readonly,
    open_db_upgrading,
    reading_db,
)
from dxextract.store.documents import (
    SeenFile,
    StoreOutcome,
    StoreResult,
    count_rows,
    edition_changes,
    remember_refusal,
    reread_document,
    seen_file,
    store_document,
)
from dxextract.store.findings import NO_CHECKS, Checks, load_findings, load_unread_findings
from dxextract.store.loading import load_documents, read_documents
from dxextract.store.overview import describe_objects, report_overviews, schema_columns
from dxextract.store.schema import (
    COLUMNS,
    FINDINGS,
    FINDINGS_COLUMNS,
    FOREIGN_KEYS,
    INDEXES,
    NULLABLE,
    NUMBER,
    TABLES,
    UNIQUE_INDEXES,
    ensure_schema,
)

__all__ = [
    "BBOX_COLUMNS",
    "COLUMNS",
    "DEFAULT_BUSY_TIMEOUT_MS",
    "FINDINGS",
    "FINDINGS_COLUMNS",
    "FOREIGN_KEYS",
    "INDEXES",
    "NO_CHECKS",
    "NULLABLE",
    "NUMBER",
    "TABLES",
    "UNIQUE_INDEXES",
    "Checks",
    "SeenFile",
    "StoreOutcome",
    "StoreResult",
    "count_rows",
    "describe_objects",
    "edition_changes",
    "ensure_schema",
    "load_documents",
    "load_findings",
    "load_unread_findings",
    "open_db",
    "open_db_readonly",
    "open_db_upgrading",
    "read_documents",
    "reading_db",
    "remember_refusal",
    "report_overviews",
    "reread_document",
    "schema_columns",
    "seen_file",
    "store_document",
]
