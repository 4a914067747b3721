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
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from engage_tui.domain import ActionKind, ActionRequest, OutboxItem, Route
from engage_tui.store.aggregates.base import LEGACY_FACADE
from engage_tui.store.aggregates.drafts import Drafts
from engage_tui.store.aggregates.inbox import Inbox
from engage_tui.store.aggregates.outbox import Outbox
from engage_tui.store.aggregates.people import People
from engage_tui.store.aggregates.prospects import Prospects
from engage_tui.store.aggregates.suggestions import Suggestions
from engage_tui.store.aggregates.sync_state import SyncState
from engage_tui.store.aggregates.today import Today
from engage_tui.store.aggregates.usage import Usage
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
from engage_tui.store.results import InboxRow, SearchHit

# The aggregates import relationships, sessions, engagement, ingest and search
# inside the methods that use them: only the Person and Today screens, the CLI,
# the sync thread and `/` need them, after the inbox's first frame (about 8 ms
# of the app's start).

__all__ = ["InboxRow", "SearchHit", "Store"]

P = ParamSpec("P")
R = TypeVar("R")


def _forward(
    aggregate: str, method: Callable[Concatenate[Any, P], R]
) -> Callable[Concatenate[Store, P], R]:
    """An old flat method: ``method`` of the store's ``aggregate``."""
    name = method.__name__

    def forward(self: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        found: R = getattr(self._aggregates[aggregate], name)(*args, **kwargs)
        return found

    return forward


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
        # The aggregates: callers say which part of the file they mean.
        self._aggregates: dict[str, Any] = {}
        self.sync_state = self._aggregates["sync_state"] = SyncState(self._conn)
        self.people = self._aggregates["people"] = People(self._conn)
        self.inbox = self._aggregates["inbox"] = Inbox(self._conn)
        self.drafts = self._aggregates["drafts"] = Drafts(self._conn)
        self.outbox = self._aggregates["outbox"] = Outbox(self._conn)
        self.prospects = self._aggregates["prospects"] = Prospects(self._conn)
        self.today = self._aggregates["today"] = Today(self._conn)
        self.usage = self._aggregates["usage"] = Usage(self._conn)
        self.suggestions = self._aggregates["suggestions"] = Suggestions(self._conn)

    if LEGACY_FACADE:
        # The old flat methods, forwarding to the aggregates until every
        # caller names its aggregate (carry-codemod.py); removed after it.
        def enqueue(self, kind: ActionKind, **fields: str | datetime | Route | None) -> OutboxItem:
            request = ActionRequest(kind, **fields)  # type: ignore[arg-type]
            return self._aggregates["outbox"].enqueue(request)

        save_draft = _forward("drafts", Drafts.save)
        draft = _forward("drafts", Drafts.get)
        drafts_for = _forward("drafts", Drafts.for_key)
        delete_draft = _forward("drafts", Drafts.delete)
        drafts_on_their_way = _forward("drafts", Drafts.on_their_way)
        inbox_window = _forward("inbox", Inbox.window)
        actors_of = _forward("inbox", Inbox.actors_of)
        inbox_count = _forward("inbox", Inbox.count)
        inbox_accounts = _forward("inbox", Inbox.accounts)
        adopt_unowned = _forward("inbox", Inbox.adopt_unowned)
        new_from = _forward("inbox", Inbox.new_from)
        set_triage = _forward("inbox", Inbox.set_triage)
        newest_done = _forward("inbox", Inbox.newest_done)
        mark_seen = _forward("inbox", Inbox.mark_seen)
        search = _forward("inbox", Inbox.search)
        cancel = _forward("outbox", Outbox.cancel)
        due = _forward("outbox", Outbox.due)
        claim = _forward("outbox", Outbox.claim)
        undone_like_token = _forward("outbox", Outbox.undone_like_token)
        finish = _forward("outbox", Outbox.finish)
        confirm_handed = _forward("outbox", Outbox.confirm_handed)
        unconfirm_handed = _forward("outbox", Outbox.unconfirm_handed)
        outbox_item = _forward("outbox", Outbox.get)
        upsert_people = _forward("people", People.upsert)
        upsert_posts = _forward("people", People.upsert_posts)
        person = _forward("people", People.get)
        person_by_handle = _forward("people", People.by_handle)
        complete_handles = _forward("people", People.complete_handles)
        post = _forward("people", People.post)
        posts_by = _forward("people", People.posts_by)
        add_prospect = _forward("prospects", Prospects.add)
        pending_prospects = _forward("prospects", Prospects.pending)
        resolve_pending_prospect = _forward("prospects", Prospects.resolve_pending)
        remove_prospect = _forward("prospects", Prospects.remove)
        remove_pending_prospect = _forward("prospects", Prospects.remove_pending)
        set_notes = _forward("prospects", Prospects.set_notes)
        set_notes_since = _forward("prospects", Prospects.set_notes_since)
        set_tags = _forward("prospects", Prospects.set_tags)
        add_interaction = _forward("prospects", Prospects.add_interaction)
        interactions = _forward("prospects", Prospects.interactions)
        notes = _forward("prospects", Prospects.notes)
        tags = _forward("prospects", Prospects.tags)
        set_pending_notes = _forward("prospects", Prospects.set_pending_notes)
        person_summary = _forward("prospects", Prospects.person_summary)
        export_relationships = _forward("prospects", Prospects.export_relationships)
        import_relationships = _forward("prospects", Prospects.import_relationships)
        apply_pull = _forward("sync_state", SyncState.apply_pull)
        last_pull = _forward("sync_state", SyncState.last_pull)
        cursor = _forward("sync_state", SyncState.cursor)
        snapshot = _forward("sync_state", SyncState.snapshot)
        known_posts = _forward("sync_state", SyncState.known_posts)
        known_owners = _forward("sync_state", SyncState.known_owners)
        data_version = _forward("sync_state", SyncState.data_version)
        meta_get = _forward("sync_state", SyncState.meta_get)
        meta_set = _forward("sync_state", SyncState.meta_set)
        start_session = _forward("today", Today.start_session)
        save_session = _forward("today", Today.save_session)
        session = _forward("today", Today.session)
        last_session = _forward("today", Today.last_session)
        streak = _forward("today", Today.streak)
        thank_queue = _forward("today", Today.thank_queue)
        top_engagers = _forward("today", Today.top_engagers)
        reply_speed = _forward("today", Today.reply_speed)
        day_counts = _forward("today", Today.day_counts)
        log_requests = _forward("usage", Usage.log_requests)
        month_spend = _forward("usage", Usage.month_spend)
        usage_by_endpoint = _forward("usage", Usage.by_endpoint)
        latest_rate_limits = _forward("usage", Usage.latest_rate_limits)

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
