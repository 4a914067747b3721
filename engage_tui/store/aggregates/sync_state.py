"""What the sync engine writes and resumes from: pulls, cursors, snapshots, meta."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.store.aggregates.base import Aggregate, meta_value
from engage_tui.store.connection import write_tx
from engage_tui.store.migrations import ACCOUNT_SEP
from engage_tui.store.sqlutil import chunks, placeholders
from engage_tui.store.timeutil import opt_dt

if TYPE_CHECKING:
    from engage_tui.domain.exchange import PullResult


def account_key(account: str, key: str) -> str:
    """``key`` (a cursor, snapshot, source or notification id) as kept for
    ``account``; an account not known yet ("") keeps the bare key."""
    return f"{account}{ACCOUNT_SEP}{key}" if account else key


class SyncState(Aggregate):
    def apply_pull(
        self, source: str, result: PullResult, at: datetime, *, account: str = ""
    ) -> int:
        """Store a pull in one transaction; returns how many events were new.

        People, posts, events (with their inbound interactions), cursors,
        snapshots and the source's last-pull time commit together or not at all.
        ``account`` (the signed-in account's person id) owns the events, the
        cursors, the snapshots and the pull time.
        """
        conn = self._conn()
        # Cache rows may skip the fsync at commit (synchronous=NORMAL): a power
        # cut can then lose the newest pulls, whole transactions with their
        # cursors, so the next sync fetches them again; it cannot corrupt the
        # file. The next FULL commit (a draft, the outbox, triage) syncs them too.
        conn.execute("PRAGMA synchronous = NORMAL")
        try:
            return self._apply_pull(conn, source, result, at, account)
        finally:
            conn.execute("PRAGMA synchronous = FULL")

    def _apply_pull(
        self,
        conn: sqlite3.Connection,
        source: str,
        result: PullResult,
        at: datetime,
        account: str,
    ) -> int:
        # ingest (with json and the search index) loads on the sync thread,
        # after the inbox's first frame.
        from engage_tui.store import ingest

        with write_tx(conn):
            ingest.upsert_people(conn, result.people)
            ingest.upsert_posts(conn, result.posts)
            events = result.events
            if account:
                events = [
                    e._replace(id=account_key(account, e.id), account=account) for e in events
                ]
            new = ingest.insert_events(conn, events)
            for key, value in result.cursors.items():
                ingest.set_cursor(conn, account_key(account, key), value, at)
            for name, members in result.snapshots.items():
                ingest.replace_snapshot(conn, account_key(account, name), members)
            ingest.record_pull(conn, account_key(account, source), at, new)
        return new

    def last_pull(self, source: str) -> datetime | None:
        """When ``source`` was last stored by apply_pull (None: never)."""
        row = (
            self._conn()
            .execute("SELECT last_pull_us FROM sync_sources WHERE source = ?", (source,))
            .fetchone()
        )
        return None if row is None else opt_dt(row[0])

    def cursor(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM cursors WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def snapshot(self, name: str) -> frozenset[str]:
        return frozenset(
            r[0]
            for r in self._conn().execute(
                "SELECT member FROM snapshot_members WHERE name = ?", (name,)
            )
        )

    def known_posts(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        conn = self._conn()
        for part in chunks(ids):
            sql = f"SELECT id FROM posts WHERE id IN ({placeholders(len(part))})"
            found.update(r[0] for r in conn.execute(sql, part))
        return found

    def known_owners(self) -> list[str]:
        """The person ids of every account the sync engine has signed in as."""
        return [
            r[0]
            for r in self._conn().execute(
                # "owner_id" alone: a file from before several accounts
                # whose owner the upgrade could not place on a network.
                "SELECT value FROM meta WHERE key = 'owner_id'"
                " OR (key >= 'owner_id:' AND key < 'owner_id;')"
            )
        ]

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on this thread's connection: it
        moves when any other connection (another process's ``engage sync``,
        another thread here) commits to the file, and never for this one's
        own commits. Reading it touches no table."""
        return int(self._conn().execute("PRAGMA data_version").fetchone()[0])

    def meta_get(self, key: str) -> str | None:
        return meta_value(self._conn(), key)

    def meta_set(self, key: str, value: str | None) -> None:
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
