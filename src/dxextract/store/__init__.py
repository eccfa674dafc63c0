"""Store validated Documents in SQLite (sqlite-utils) and read them back.

One table per record list of the contract (shared/data-contract.md) plus
`reports`, whose primary key is the PDF's sha256; beside them the findings of
the consistency checks, the keys that link editions, and the search tables and
views for Datasette. A report is written or replaced in one transaction: a
failed ingest leaves nothing of that document behind.

- `schema.py`: column types, keys, indexes, views; creating what is missing.
- `documents.py`: opening a database, storing and loading Documents.
- `findings.py`: the checks' findings beside the records they locate.
- `overview.py`: the stored reports in counts (what `ingest` says at the end).

Only this package imports sqlite_utils, and only through `sqlite.py`.
"""

from dxextract.models import BBOX_COLUMNS
from dxextract.store.documents import (
    DEFAULT_BUSY_TIMEOUT_MS,
    SeenFile,
    StoreOutcome,
    StoreResult,
    count_rows,
    edition_changes,
    load_documents,
    open_db,
    open_db_readonly,
    open_db_upgrading,
    read_documents,
    reading_db,
    remember_refusal,
    reread_document,
    seen_file,
    store_document,
)
from dxextract.store.findings import NO_CHECKS, Checks, load_findings, load_unread_findings
from dxextract.store.overview import report_overviews
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
    describe_objects,
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
    "seen_file",
    "store_document",
]
