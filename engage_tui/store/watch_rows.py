"""A watchlist row by its own keys: one waiting for its look-up, found by
handle, and a row's own notes kept with their full-text row. Shared by the
watchlist (prospects.py) and a person's memory (relationships.py): the
watchlist already reads relationships.py, so these live here rather than
make the two import each other."""

from __future__ import annotations

import sqlite3


def pending_row(conn: sqlite3.Connection, handle: str) -> tuple[int, str] | None:
    """The watchlist row (n, notes) of ``handle`` added offline and not looked
    up yet; a handle is matched without its @ and case."""
    return conn.execute(
        "SELECT n, notes FROM prospects WHERE person_id IS NULL AND lower(pending_handle) = ?",
        (handle.lstrip("@").lower(),),
    ).fetchone()


def set_row_notes(conn: sqlite3.Connection, n: int, old: str, notes: str) -> None:
    """A watchlist row's own notes, and their full-text row with them."""
    conn.execute("INSERT INTO notes_fts(notes_fts, rowid, notes) VALUES ('delete', ?, ?)", (n, old))
    conn.execute("UPDATE prospects SET notes = ? WHERE n = ?", (notes, n))
    conn.execute("INSERT INTO notes_fts(rowid, notes) VALUES (?, ?)", (n, notes))
