"""What every aggregate stands on: this thread's connection and its transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from engage_tui.store.connection import read_tx, write_tx


def utc_now() -> datetime:
    return datetime.now(UTC)


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    """A value of the ``meta`` table (the owner's id, engage's own marks)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


class Aggregate:
    """A part of the Store (``store.outbox``, ``store.drafts``...), over the
    Store's ``conn``: this thread's connection, opened on first use."""

    def __init__(self, conn: Callable[[], sqlite3.Connection]) -> None:
        self._conn = conn

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One short ``BEGIN IMMEDIATE`` transaction, durable when it ends."""
        return write_tx(self._conn())

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        """One snapshot for a read made of several queries."""
        return read_tx(self._conn())
