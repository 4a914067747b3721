"""Opening the file safely: damage checks first, then pragmas and migrations.

A file that is not a database, is truncated, fails ``PRAGMA quick_check`` or
carries a schema newer than this code is never written to: the checks run on
a read-only connection, and only a file that passes them is opened for
writing. The caller gets a plain message naming the file and what to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engage_tui.store.errors import DamagedDatabase, NewerDatabase
from engage_tui.store.migrations import LATEST_VERSION, migrate, user_version

BUSY_TIMEOUT_MS = 5000
_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


def _damaged(path: Path, detail: str) -> DamagedDatabase:
    return DamagedDatabase(
        f"The engage database {path} is damaged ({detail}). Nothing was changed in it. "
        f"Quit engage, move the file aside (for example rename it to {path.name}.damaged) "
        "and start engage again: it will rebuild its cache from X. Keep the old file: "
        "drafts and notes you wrote are only in it.",
        path,
    )


def _newer(path: Path, found: int) -> NewerDatabase:
    return NewerDatabase(
        f"The engage database {path} was written by a newer version of engage "
        f"(schema {found}; this version knows up to {LATEST_VERSION}). Nothing was changed "
        "in it. Upgrade engage, or move the file aside and start again to rebuild the cache "
        "from X (drafts and notes written with the newer version stay in the old file).",
        path,
    )


def _check_header(path: Path, size: int) -> None:
    with path.open("rb") as handle:
        header = handle.read(_HEADER_SIZE)
    if not header.startswith(_MAGIC):
        raise _damaged(path, "it is not an SQLite database")
    if len(header) < _HEADER_SIZE:
        raise _damaged(path, "the file is truncated")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    # The in-header page count is only trustworthy when these two agree.
    if change_counter == valid_for and page_count and size < page_count * page_size:
        raise _damaged(path, "the file is truncated")


def check_existing(path: Path) -> None:
    """Raise DamagedDatabase / NewerDatabase without writing a byte to ``path``."""
    size = path.stat().st_size
    if size == 0:
        return  # SQLite treats an empty file as an empty database
    _check_header(path, size)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as err:
        raise _damaged(path, f"it cannot be opened: {err}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        found = user_version(conn)
        if found > LATEST_VERSION:
            raise _newer(path, found)
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            raise _damaged(path, f"integrity check: {result[0]}")
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise
        raise _damaged(path, str(err)) from None
    except sqlite3.DatabaseError as err:
        raise _damaged(path, str(err)) from None
    finally:
        conn.close()


def connect(path: Path) -> sqlite3.Connection:
    """A connection with engage's pragmas; autocommit, transactions are explicit."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: in WAL mode every commit is fsynced, so a draft is on disk when
    # save_draft returns (NORMAL may lose the last commits on power loss).
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32000")
    return conn


def open_and_migrate(path: Path) -> sqlite3.Connection:
    """Check, then open for writing and migrate to the latest schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        check_existing(path)
    conn = connect(path)
    try:
        found = user_version(conn)
        if found > LATEST_VERSION:  # another process could have raced us
            raise _newer(path, found)
        if found < LATEST_VERSION:
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def write_tx(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE: take the write lock up front (waiting up to the busy
    timeout) instead of failing with "database is locked" on upgrade."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def read_tx(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One snapshot for a read made of several queries."""
    if conn.in_transaction:  # nested inside a write: already consistent
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
