"""What the sync engine writes and resumes from: pulls, cursors, snapshots, meta."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.store.aggregates.base import Aggregate, meta_value
from engage_tui.store.connection import write_tx
from engage_tui.store.sqlutil import chunks, placeholders
from engage_tui.store.timeutil import opt_dt

if TYPE_CHECKING:
    from engage_tui.domain.exchange import PullResult


class SyncState(Aggregate):
    def apply_pull(self, source: str, result: PullResult, at: datetime) -> int:
        """Store a pull in one transaction; returns how many events were new.

        People, posts, events (with their inbound interactions), cursors,
        snapshots and the source's last-pull time commit together or not at all.
        """
        conn = self._conn()
        # Cache rows may skip the fsync at commit (synchronous=NORMAL): a power
        # cut can then lose the newest pulls, whole transactions with their
        # cursors, so the next sync fetches them again; it cannot corrupt the
        # file. The next FULL commit (a draft, the outbox, triage) syncs them too.
        conn.execute("PRAGMA synchronous = NORMAL")
        try:
            return self._apply_pull(conn, source, result, at)
        finally:
            conn.execute("PRAGMA synchronous = FULL")

    def _apply_pull(
        self, conn: sqlite3.Connection, source: str, result: PullResult, at: datetime
    ) -> int:
        # ingest (with json and the search index) loads on the sync thread,
        # after the inbox's first frame.
        from engage_tui.store import ingest

        with write_tx(conn):
            ingest.upsert_people(conn, result.people)
            ingest.upsert_posts(conn, result.posts)
            new = ingest.insert_events(conn, result.events)
            for key, value in result.cursors.items():
                ingest.set_cursor(conn, key, value, at)
            for name, members in result.snapshots.items():
                ingest.replace_snapshot(conn, name, members)
            ingest.record_pull(conn, source, at, new)
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
