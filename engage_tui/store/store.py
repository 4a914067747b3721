"""The Store: engage's one SQLite file (cache, drafts, outbox, notes, triage).

Every layer above uses only its aggregates, one attribute each: ``sync_state``,
``people``, ``inbox``, ``drafts``, ``outbox``, ``prospects``, ``today`` and
``usage`` (``store.outbox.enqueue(request)``, ``store.drafts.save(draft)``).
Widgets and the sync engine see domain objects, never rows. Each aggregate
(``aggregates/``) owns its reads and write transactions; the SQL they share
lives in the query modules beside this one (``ingest``, ``inbox``,
``search``, ``outbox``, ``prospects``, ``usage``...). This class is the
connection manager they all stand on: it opens, checks and closes the file
and hands each thread its connection.

Threads: each thread gets its own connection (opened on first use with the
same pragmas), so the TUI reads while the sync worker writes, which WAL
allows without blocking. Connections of threads that have ended are closed
when a new one is opened, since Textual starts a thread per worker.
Processes: every write is a short ``BEGIN IMMEDIATE`` transaction under a
5 s busy timeout, so the app and a cron ``engage sync`` share the file (the
TUI's write queue shortens it on its own thread with ``set_busy_timeout`` and
tries again itself, so no key waits on it).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from engage_tui.store.connection import (
    connect,
    damaged_error,
    open_and_migrate,
    quick_check,
    record_check,
)
from engage_tui.store.errors import (
    DatabaseGone,
    StoreError,
    Trouble,
    classify,
    gone_message,
    store_error,
)
from engage_tui.store.results import InboxRow

if TYPE_CHECKING:
    from engage_tui.store.aggregates.drafts import Drafts
    from engage_tui.store.aggregates.inbox import Inbox
    from engage_tui.store.aggregates.outbox import Outbox
    from engage_tui.store.aggregates.people import People
    from engage_tui.store.aggregates.prospects import Prospects
    from engage_tui.store.aggregates.subscriptions import Subscriptions
    from engage_tui.store.aggregates.suggestions import Suggestions
    from engage_tui.store.aggregates.sync_state import SyncState
    from engage_tui.store.aggregates.today import Today
    from engage_tui.store.aggregates.usage import Usage

# The aggregates import relationships, sessions, engagement, ingest and search
# inside the methods that use them: only the Person and Today screens, the CLI,
# the sync thread and `/` need them, after the inbox's first frame (about 8 ms
# of the app's start).

__all__ = ["InboxRow", "Store"]


class Store:
    def __init__(self, path: Path, first: sqlite3.Connection) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conns: dict[threading.Thread, sqlite3.Connection] = {
            threading.current_thread(): first
        }
        self._closed = False
        # True while a due full integrity check was deferred by open().
        self.check_pending = False
        self._identity = _identity(path)

    # The aggregates: callers say which part of the file they mean. Each is
    # built (and its module, its queries and its domain classes imported) on
    # first use: the inbox's first frame needs three of the ten.
    @cached_property
    def sync_state(self) -> SyncState:
        from engage_tui.store.aggregates.sync_state import SyncState

        return SyncState(self._conn)

    @cached_property
    def people(self) -> People:
        from engage_tui.store.aggregates.people import People

        return People(self._conn)

    @cached_property
    def inbox(self) -> Inbox:
        from engage_tui.store.aggregates.inbox import Inbox

        return Inbox(self._conn)

    @cached_property
    def drafts(self) -> Drafts:
        from engage_tui.store.aggregates.drafts import Drafts

        return Drafts(self._conn)

    @cached_property
    def outbox(self) -> Outbox:
        from engage_tui.store.aggregates.outbox import Outbox

        return Outbox(self._conn)

    @cached_property
    def prospects(self) -> Prospects:
        from engage_tui.store.aggregates.prospects import Prospects

        return Prospects(self._conn)

    @cached_property
    def today(self) -> Today:
        from engage_tui.store.aggregates.today import Today

        return Today(self._conn)

    @cached_property
    def usage(self) -> Usage:
        from engage_tui.store.aggregates.usage import Usage

        return Usage(self._conn)

    @cached_property
    def suggestions(self) -> Suggestions:
        from engage_tui.store.aggregates.suggestions import Suggestions

        return Suggestions(self._conn)

    @cached_property
    def subscriptions(self) -> Subscriptions:
        from engage_tui.store.aggregates.subscriptions import Subscriptions

        return Subscriptions(self._conn)

    def check_still_there(self) -> None:
        """Raise DatabaseGone when the file at ``path`` is no longer the one
        opened: SQLite would go on writing to the deleted file, and every
        word written there would be lost at quit."""
        if self._identity is not None and _identity(self.path) != self._identity:
            raise DatabaseGone(gone_message(self.path), self.path)

    @classmethod
    def open(cls, path: Path, *, defer_check: bool = False) -> Store:
        """Open (creating and migrating) the database; raises StoreError.

        A damaged file, or one from a newer engage, raises DamagedDatabase or
        NewerDatabase and is left byte for byte as it was. With
        ``defer_check`` a due full integrity check is not run here (it reads
        the whole file) but left to ``verify()``, and ``check_pending`` says
        so: the app paints first, verifies in a worker, and only then syncs.
        """
        path = Path(path)
        try:
            conn, pending = open_and_migrate(path, defer_check=defer_check)
        except StoreError:
            raise
        except (sqlite3.OperationalError, OSError) as err:
            if classify(err, path) in (Trouble.PERMISSION, Trouble.DISK_FULL):
                raise store_error(err, path) from None
            raise StoreError(
                f"engage could not open its database {path} ({err}). If another engage is "
                "busy with it, wait a moment and start again; otherwise check that the folder "
                "is writable and the disk is not full.",
                path,
            ) from None
        store = cls(path, conn)
        store.check_pending = pending
        return store

    def verify(self) -> None:
        """Run the full integrity check (seconds on a big file: use a worker).

        Raises DamagedDatabase with the same plain message as ``open``.
        """
        # Its own read-only connection with a small page cache: the check reads
        # every page once, and keeping them cached would only hold memory.
        reader = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            reader.execute("PRAGMA cache_size = -1000")
            quick_check(reader, self.path)
        except sqlite3.DatabaseError as err:
            raise damaged_error(self.path, str(err)) from None
        finally:
            reader.close()
        record_check(self._conn())
        self.check_pending = False

    def _conn(self) -> sqlite3.Connection:
        thread = threading.current_thread()
        with self._lock:
            if self._closed:
                raise StoreError(f"the database {self.path} is closed", self.path)
            conn = self._conns.get(thread)
            if conn is not None:
                return conn
            for other in [t for t in self._conns if not t.is_alive()]:
                self._conns.pop(other).close()
            conn = connect(self.path)
            self._conns[thread] = conn
            return conn

    def set_busy_timeout(self, ms: int) -> None:
        """How long this thread's writes wait for another process's write lock.

        The TUI's write queue waits briefly and tries again itself, rather
        than holding its place for the default 5 s."""
        self._conn().execute(f"PRAGMA busy_timeout = {int(ms)}")

    def reconnect(self) -> None:
        """Close this thread's connection; the next call opens a fresh one.

        SQLite opens a file it may not write read-only and keeps it so: once
        the user has given the file back, only a new connection can write."""
        with self._lock:
            conn = self._conns.pop(threading.current_thread(), None)
        if conn is not None:
            conn.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            conns, self._conns = self._conns, {}
        mine = conns.pop(threading.current_thread(), None)
        if mine is not None:
            mine.close()
        # Another thread's connection may be inside a query right now (a
        # worker still counting as the app exits): closing it from here can
        # crash the process. Letting go of it closes it once that thread
        # has finished with it, or at once if it is idle.
        conns.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), None if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)
