"""The Store: engage's one SQLite file (cache, drafts, outbox, notes, triage).

Every layer above uses only these methods; widgets and the sync engine see
domain objects, never rows. The queries live in the sibling modules
(``ingest``, ``inbox``, ``search``, ``outbox``, ``prospects``, ``usage``);
this class owns connections and transactions.

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

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from engage_tui.domain import (
    Interaction,
    Prospect,
)
from engage_tui.store import prospects
from engage_tui.store.aggregates.drafts import Drafts
from engage_tui.store.aggregates.inbox import Inbox
from engage_tui.store.aggregates.outbox import Outbox
from engage_tui.store.aggregates.people import People
from engage_tui.store.aggregates.sync_state import SyncState
from engage_tui.store.aggregates.usage import Usage
from engage_tui.store.connection import (
    connect,
    damaged_error,
    open_and_migrate,
    quick_check,
    read_tx,
    record_check,
    write_tx,
)
from engage_tui.store.errors import StoreError, Trouble, classify, store_error
from engage_tui.store.results import InboxRow, SearchHit

# relationships, sessions and engagement (and their result types) are imported
# inside the methods that use them: only the Person and Today screens and the
# CLI need them, and the inbox's start-up should not pay for loading them.
# So are ingest and search (with json and the search index): the sync thread
# and `/` load them, after the first frame (about 8 ms of the app's start).
if TYPE_CHECKING:
    from engage_tui.store.relationship_results import (
        DayCounts,
        Engager,
        PersonSummary,
        RelationshipData,
        ReplySpeed,
        SessionInfo,
        ThankCard,
    )

__all__ = ["InboxRow", "SearchHit", "Store"]


def _now() -> datetime:
    return datetime.now(UTC)


class Store(SyncState, People, Inbox, Drafts, Outbox, Usage):
    def __init__(self, path: Path, first: sqlite3.Connection) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conns: dict[threading.Thread, sqlite3.Connection] = {
            threading.current_thread(): first
        }
        self._closed = False
        # True while a due full integrity check was deferred by open().
        self.check_pending = False

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
            conns, self._conns = list(self._conns.values()), {}
        for conn in conns:
            conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- prospects and relationships ----------------------------------------
    def add_prospect(
        self, person_id: str | None, at: datetime, pending_handle: str | None = None
    ) -> None:
        with write_tx(self._conn()) as conn:
            prospects.add(conn, person_id, at, pending_handle)

    def pending_prospects(self) -> list[str]:
        """Handles added offline, still to be looked up."""
        return prospects.pending_handles(self._conn())

    def resolve_pending_prospect(self, handle: str, person_id: str) -> bool:
        from engage_tui.store import relationships

        with write_tx(self._conn()) as conn:
            relationships.carry_pending(conn, handle, person_id, _now())
            return prospects.resolve_pending(conn, handle, person_id)

    def remove_prospect(self, person_id: str) -> None:
        with write_tx(self._conn()) as conn:
            prospects.remove(conn, person_id)

    def remove_pending_prospect(self, handle: str) -> None:
        with write_tx(self._conn()) as conn:
            prospects.remove_pending(conn, handle)

    def prospects(self, sort: str = "stale") -> list[Prospect]:
        """``stale`` (never engaged, then longest since), ``name`` or ``added`` (newest)."""
        with read_tx(self._conn()) as conn:
            return prospects.listing(conn, sort)

    def set_notes(self, person_id: str, notes: str, at: datetime | None = None) -> None:
        """Notes about anyone (prospect or not), kept when they leave the watchlist."""
        from engage_tui.store import relationships

        with write_tx(self._conn()) as conn:
            relationships.set_notes(conn, person_id, notes, at or _now())

    def set_tags(self, person_id: str, tags: list[str]) -> None:
        """Replace someone's tags (trimmed, lower-cased, each once)."""
        from engage_tui.store import relationships

        with write_tx(self._conn()) as conn:
            relationships.set_tags(conn, person_id, tags)

    def add_interaction(self, interaction: Interaction) -> None:
        """Outbound ones also move the prospect's ``last_engaged_at`` forward."""
        with write_tx(self._conn()) as conn:
            prospects.add_interaction(conn, interaction)

    def interactions(self, person_id: str, limit: int = 200) -> list[Interaction]:
        return prospects.interactions(self._conn(), person_id, limit)

    # --- relationship memory (notes, tags, history) ---------------------------
    def notes(self, person_id: str) -> str:
        from engage_tui.store import relationships

        return relationships.notes(self._conn(), person_id)

    def tags(self, person_id: str) -> tuple[str, ...]:
        from engage_tui.store import relationships

        return relationships.tags(self._conn(), person_id)

    def set_pending_notes(self, handle: str, notes: str) -> None:
        """Notes for a prospect added by handle, before the sync looks them up."""
        from engage_tui.store import relationships

        with write_tx(self._conn()) as conn:
            relationships.set_pending_notes(conn, handle, notes)

    def person_summary(self, person_id: str, now: datetime) -> PersonSummary:
        """Profile, notes, tags, counts of the last 30 days and the timeline."""
        from engage_tui.store import relationships

        with read_tx(self._conn()) as conn:
            return relationships.summary(conn, person_id, now)

    def export_relationships(self, since: datetime | None = None) -> RelationshipData:
        """Interactions (since ``since``), notes, tags, the watchlist and the
        people they name, in a stable order."""
        from engage_tui.store import relationships

        with read_tx(self._conn()) as conn:
            return relationships.export_data(conn, since)

    def import_relationships(self, data: RelationshipData) -> dict[str, int]:
        """Merge an export in one transaction; returns what was added per part."""
        from engage_tui.store import relationships

        with write_tx(self._conn()) as conn:
            return relationships.import_data(conn, data)

    # --- the daily session --------------------------------------------------------
    def start_session(self, at: datetime) -> int:
        from engage_tui.store import sessions

        with write_tx(self._conn()) as conn:
            return sessions.start(conn, at)

    def save_session(
        self, session_id: int, active: timedelta, ended_at: datetime | None = None
    ) -> None:
        from engage_tui.store import sessions

        with write_tx(self._conn()) as conn:
            sessions.save(conn, session_id, active, ended_at)

    def session(self, session_id: int) -> SessionInfo | None:
        from engage_tui.store import sessions

        return sessions.get(self._conn(), session_id)

    def last_session(self, before: datetime) -> SessionInfo | None:
        """The newest session started before ``before``."""
        from engage_tui.store import sessions

        return sessions.latest_before(self._conn(), before)

    def streak(self, today: date, tz: tzinfo) -> int:
        """Local days in a row with a session or an engagement (a reply, thank
        or like), up to ``today``; see ``sessions``."""
        from engage_tui.store import sessions

        with read_tx(self._conn()) as conn:
            return sessions.current_streak(conn, today, tz)

    # --- who engages ----------------------------------------------------------------
    def thank_queue(self, since: datetime, answered_since: datetime) -> list[ThankCard]:
        """People who engaged since ``since`` and whom the owner has not thanked,
        liked or answered since ``answered_since``: one card each, newest first."""
        from engage_tui.store import engagement

        with read_tx(self._conn()) as conn:
            return engagement.thank_queue(conn, since, answered_since, self.meta_get("owner_id"))

    def top_engagers(self, since: datetime, limit: int = 5) -> list[Engager]:
        from engage_tui.store import engagement

        with read_tx(self._conn()) as conn:
            return engagement.top_engagers(conn, since, self.meta_get("owner_id"), limit)

    def reply_speed(self, since: datetime) -> ReplySpeed:
        """Median time from a mention or reply arriving to the owner's answer."""
        from engage_tui.store import engagement

        with read_tx(self._conn()) as conn:
            return engagement.reply_speed(conn, since)

    def day_counts(self, start: datetime, end: datetime) -> DayCounts:
        """Replies, likes, thanks queued and items done in [start, end); new items left."""
        from engage_tui.store import engagement

        with read_tx(self._conn()) as conn:
            return engagement.day_counts(conn, start, end)
