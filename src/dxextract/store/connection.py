"""Opening the database: for writing (created, in WAL mode, brought up to this
dxextract's schema) or for reading only (nothing in the file changes).
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dxextract.errors import StoreError
from dxextract.store.schema import ensure_schema, schema_problem, schema_state
from dxextract.store.sqlite import Database

# How long a writer waits for another connection's lock before giving up.
# Datasette may be reading the file while an ingest runs (WAL lets readers and
# one writer proceed together), and two ingests may overlap; one report is a
# few hundred rows written in well under a second, so 10 s outlasts any other
# writer's transaction yet still reports a stuck lock instead of hanging.
DEFAULT_BUSY_TIMEOUT_MS = 10_000


# Between two tries of the switch to WAL while another process holds a new file.
DEFAULT_WAL_RETRY_S = 0.05


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the database at `path`, ready for store_document."""
    return open_db_upgrading(path)[0]


def open_db_upgrading(path: str | Path) -> tuple[Database, list[str]]:
    """`open_db`, and the schema steps it applied to a file of an older dxextract."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory {path.parent}: {exc}") from exc
    try:
        # No sqlite-utils plugins: the store calls no SQL function they could add,
        # and looking for them (entry points) costs every command some 13 ms.
        db = Database(path, execute_plugins=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
        # Checked before the switch to WAL, which rewrites the file's header.
        if schema_state(db) in ("foreign", "newer"):
            raise StoreError(schema_problem(db) or "not a dxextract database")
        _ensure_wal(db)
        # Per connection, off by default: https://www.sqlite.org/foreignkeys.html §2
        db.execute("PRAGMA foreign_keys = ON")
        upgraded = ensure_schema(db)
    except sqlite3.Error as exc:  # "file is not a database", read-only, locked …
        db.close()
        raise StoreError(f"cannot open {path} as a dxextract database: {exc}") from exc
    except BaseException:
        db.close()
        raise
    return db, upgraded


def open_db_readonly(path: str | Path) -> Database:
    """Open the database at `path` for reading only: nothing in the file changes.

    SQLite's `mode=ro`; on a read-only file system, where a WAL database cannot be
    opened so (it would need its -shm file), `immutable=1`, which is what that
    medium guarantees. A file that is not a dxextract database, or whose schema
    is older or newer than this dxextract's, is refused with the reason.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError("no such database; run `dxextract ingest` first")
    uri = "file:" + urllib.parse.quote(str(path.resolve())) + "?mode=ro"
    try:
        try:
            conn = sqlite3.connect(uri, uri=True)
            conn.execute("select 1 from sqlite_master limit 1").fetchall()
        except sqlite3.OperationalError:
            if not _on_read_only_fs(path):
                raise
            conn = sqlite3.connect(uri.replace("?mode=ro", "?immutable=1"), uri=True)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
        problem = schema_problem(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path} as a dxextract database: {exc}") from exc
    if problem is not None:
        db.close()
        raise StoreError(problem)
    return db


@contextmanager
def reading_db(path: str | Path) -> Iterator[Database]:
    """The database at `path` opened read-only (open_db_readonly) for the block,
    the connection closed after it, whatever happens."""
    db = open_db_readonly(path)
    try:
        yield db
    finally:
        db.close()


def _on_read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _ensure_wal(db: Database) -> None:
    """Put the file in WAL mode (once per file; it stays so).

    The switch needs the file to itself, and SQLite may answer "database is
    locked" at once, without waiting out the busy timeout, while another
    process opening the same new file holds it: try again until the timeout.
    """
    deadline = time.monotonic() + DEFAULT_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(DEFAULT_WAL_RETRY_S)
