"""Opening the file safely: damage checks first, then pragmas and migrations.

A file that is not a database, is truncated, fails ``PRAGMA quick_check`` or
carries a schema newer than this code is never written to: the checks run on
a read-only connection, and only a file that passes them is opened for
writing. The caller gets a plain message naming the file and what to do.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engage_tui.store.errors import (
    NewerDatabase,
    StoreError,
    Trouble,
    classify,
    damaged_error,
    store_error,
)
from engage_tui.store.migrations import LATEST_VERSION, migrate, user_version

BUSY_TIMEOUT_MS = 5000
WAL_AUTOCHECKPOINT_PAGES = 4000
_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


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
        raise damaged_error(path, "it is not an SQLite database")
    if len(header) < _HEADER_SIZE:
        raise damaged_error(path, "the file is truncated")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = int.from_bytes(header[24:28], "big")
    page_count = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    # The in-header page count is only trustworthy when these two agree.
    if change_counter == valid_for and page_count and size < page_count * page_size:
        raise damaged_error(path, "the file is truncated")


# PRAGMA quick_check reads the whole file: 4.7 s at a million notifications
# (bench). Small files are checked on every open; big ones when a migration
# is due or when the last clean check is a week old, and always by
# Store.verify(), which the app may run in a worker. The cheap checks
# (header, length, schema, version) run on every open.
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024
FULL_CHECK_EVERY_US = 7 * 86_400_000_000
CHECKED_AT_KEY = "store.checked_at"


def _needs_full_check(conn: sqlite3.Connection, size: int, version: int) -> bool:
    if size <= FULL_CHECK_MAX_BYTES or version < LATEST_VERSION:
        return True
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (CHECKED_AT_KEY,)).fetchone()
    if row is None or not str(row[0]).isdigit():
        return True
    return time.time_ns() // 1000 - int(row[0]) > FULL_CHECK_EVERY_US


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise damaged_error(path, f"integrity check: {result[0]}")


def check_existing(path: Path, *, defer: bool = False) -> tuple[bool, bool]:
    """Raise DamagedDatabase / NewerDatabase without writing a byte to ``path``.

    Returns (the full ``PRAGMA quick_check`` ran and passed, it is still due).
    With ``defer`` a due full check is left to the caller (``Store.verify``
    in a worker), unless a migration is due: nothing is written to a file
    that has not passed it.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return False, False  # SQLite treats an empty file as an empty database
        _check_header(path, size)
    except OSError as err:
        raise store_error(err, path) from None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as err:
        raise _not_readable(err, path, "it cannot be opened") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        found = user_version(conn)
        if found > LATEST_VERSION:
            raise _newer(path, found)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not _needs_full_check(conn, size, found):
            return False, False
        if defer and found == LATEST_VERSION:
            return False, True
        quick_check(conn, path)
        return True, False
    except sqlite3.OperationalError as err:
        if classify(err, path) is Trouble.BUSY:
            raise
        raise _not_readable(err, path, str(err)) from None
    except sqlite3.DatabaseError as err:
        raise _not_readable(err, path, str(err)) from None
    finally:
        conn.close()


def _not_readable(err: sqlite3.Error, path: Path, detail: str) -> StoreError:
    # A read-only folder (no -shm can be made next to a -wal), a file owned
    # by root or a full disk is not damage: moving the file aside would
    # abandon the drafts in it. Only what SQLite calls corrupt, and errors
    # with no other explanation, are reported as damage.
    trouble = classify(err, path)
    if trouble in (Trouble.PERMISSION, Trouble.DISK_FULL):
        return store_error(err, path)
    return damaged_error(path, detail)


def record_check(conn: sqlite3.Connection) -> None:
    with write_tx(conn):
        conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (CHECKED_AT_KEY, str(time.time_ns() // 1000)),
        )


def make_private(path: Path) -> None:
    """The file holds drafts, notes and the watchlist: readable by the user
    only, whatever the umask. SQLite gives the -wal and -shm files it creates
    the database file's mode, so a file created 0600 covers them; files left
    by an older engage lose their group and other bits (the owner's are kept:
    a read-only file stays read-only)."""
    with contextlib.suppress(OSError):  # it exists, or cannot be made: opening it says which
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = stat.S_IMODE(each.stat().st_mode)
            if mode & 0o077:
                os.chmod(each, mode & 0o700)
        except OSError:
            pass  # missing, or not ours (after a `sudo engage sync`)


def connect(path: Path) -> sqlite3.Connection:
    """A connection with engage's pragmas; autocommit, transactions are explicit."""
    make_private(path)
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
    # A checkpoint copies the WAL's pages into the file and syncs it. At the
    # default 1,000 pages it ran every third pull into a 1M cache (a pull of
    # 100 dirties about 320 pages there, mostly random-key index leaves);
    # at 4,000 pages (16 MB of WAL) a page dirtied by several pulls is copied
    # once, and ingest there ran about a third faster, checkpoints included.
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    return conn


def open_and_migrate(path: Path, *, defer_check: bool = False) -> tuple[sqlite3.Connection, bool]:
    """Check, then open for writing and migrate to the latest schema.

    Returns the connection and whether a full check is still due (see
    ``check_existing``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    checked, pending = check_existing(path, defer=defer_check) if path.exists() else (False, False)
    conn = connect(path)
    try:
        found = user_version(conn)
        if found > LATEST_VERSION:  # another process could have raced us
            raise _newer(path, found)
        if found < LATEST_VERSION:
            migrate(conn)
        if checked and path.stat().st_size > FULL_CHECK_MAX_BYTES:
            record_check(conn)
    except BaseException:
        conn.close()
        raise
    return conn, pending


@contextmanager
def write_tx(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE: take the write lock up front (waiting up to the busy
    timeout) instead of failing with "database is locked" on upgrade."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk, an
        # I/O error): a second ROLLBACK would fail and hide the real error.
        if conn.in_transaction:
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
