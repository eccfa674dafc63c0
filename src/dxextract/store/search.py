"""Japanese full-text search: NFKC-normalised copies of the searchable text.

The contract's tables keep text as published (full-width ＡＩ, half-width ｶﾅ
as printed), and FTS5 compares the bytes it indexed: 「ﾁｬｯﾄﾎﾞｯﾄ」 would never
find 「チャットボット」. So the searchable columns are copied, NFKC-normalised,
into tables of their own (`initiatives_search`, `kpis_search`; same `id` as
the record they copy), and those are indexed with FTS5's trigram tokenizer
(https://www.sqlite.org/fts5.html §4.3.5), which needs no word segmentation:
any three consecutive characters match, so Japanese needs no dictionary. The
query side is normalised the same way (text.nfkc, used by the
Datasette plugin). the store (store/) owns the tables; this module only says what goes in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dxextract.text import nfkc

# Search table → (record table it copies, columns copied and indexed).
SEARCH_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "initiatives_search": ("initiatives", ("title", "activities", "outcomes", "next_activities")),
    "kpis_search": ("kpis", ("name",)),
}

# FTS5's trigram tokenizer first shipped in SQLite 3.34.0
# (https://www.sqlite.org/releaselog/3_34_0.html).
TRIGRAM_SQLITE_VERSION = (3, 34, 0)

# The trigram tokenizer indexes sequences of three characters, so a shorter
# query matches nothing (https://www.sqlite.org/fts5.html §4.3.5); shorter
# searches go through the LIKE canned query instead.
DEFAULT_MIN_FTS_CHARS = 3


def fts_table_of(search_table: str) -> str:
    """The FTS5 table sqlite-utils' enable_fts creates for `search_table`."""
    return f"{search_table}_fts"


def record_to_search_row(record: Mapping[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """A stored record row → its search row: id, report_id, normalised text columns."""
    row: dict[str, Any] = {"id": record["id"], "report_id": record["report_id"]}
    for column in columns:
        value = record[column]
        row[column] = nfkc(value) if isinstance(value, str) else value
    return row


def search_fts_tables() -> dict[str, str]:
    """Record table → the FTS5 table that searches it (Datasette's `fts_table`)."""
    return {source: fts_table_of(name) for name, (source, _) in SEARCH_TABLES.items()}
