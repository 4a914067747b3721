"""Keeping the full-text indexes of posts and people in step, in batches.

FTS5 writes one new segment per transaction and merges segments later, so
indexing each pull's few dozen posts on its own paid that per pull (a few
per cent of a pull's time; see FLUSH_AT). New rows are indexed lazily: each index
remembers (in ``meta``) the highest rowid it holds, and every row above that
mark is pending. Pending rows are indexed in one statement when there are
``FLUSH_AT`` of them (inside the ingest transaction that reached the count)
and before every search, so a search always finds what was ingested.

Rows only ever get rowids above the mark (rowids grow inside the write
lock), and a changed row at or below the mark has its index entry replaced
at once; a changed row above it is simply indexed later, with its new text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# Measured with bench/store_bench.py at 1M posts: a search that finds just
# under this many pending posts waits about 18 ms for them (300: about 40 ms,
# over the 30 ms target), while ingest gains only a few per cent from larger
# batches: the index is a small part of a pull's cost.
FLUSH_AT = 100


@dataclass(frozen=True, slots=True)
class Index:
    fts: str  # the FTS5 table
    table: str  # its external content table, keyed by rowid ``n``
    columns: str  # the indexed columns, in the FTS table's order
    mark_key: str  # the meta row holding the highest rowid indexed


POSTS = Index("posts_fts", "posts", "text", "search.posts_indexed_to")
PEOPLE = Index("people_fts", "people", "handle, name", "search.people_indexed_to")
ALL = (POSTS, PEOPLE)

# Written by the migration that introduced lazy indexing (everything older is indexed).
MARK_KEYS = tuple(index.mark_key for index in ALL)


def indexed_to(conn: sqlite3.Connection, index: Index) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (index.mark_key,)).fetchone()
    return int(row[0]) if row is not None else 0


def _newest(conn: sqlite3.Connection, index: Index) -> int:
    return int(conn.execute(f"SELECT coalesce(max(n), 0) FROM {index.table}").fetchone()[0])


def pending(conn: sqlite3.Connection, index: Index) -> int:
    """How many rows wait to be indexed."""
    mark = indexed_to(conn, index)
    return int(
        conn.execute(f"SELECT count(*) FROM {index.table} WHERE n > ?", (mark,)).fetchone()[0]
    )


def any_pending(conn: sqlite3.Connection) -> bool:
    return any(_newest(conn, index) > indexed_to(conn, index) for index in ALL)


def flush(conn: sqlite3.Connection, index: Index) -> int:
    """Index every pending row (inside the caller's write transaction); returns how many."""
    mark = indexed_to(conn, index)
    newest = _newest(conn, index)
    if newest <= mark:
        return 0
    cursor = conn.execute(
        f"INSERT INTO {index.fts}(rowid, {index.columns})"
        f" SELECT n, {index.columns} FROM {index.table} WHERE n > ?",
        (mark,),
    )
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (index.mark_key, str(newest)),
    )
    return cursor.rowcount


def flush_all(conn: sqlite3.Connection) -> int:
    return sum(flush(conn, index) for index in ALL)


def flush_if_due(conn: sqlite3.Connection, index: Index, mark: int) -> None:
    """After an insert: index the pending rows once there are FLUSH_AT of them."""
    if _newest(conn, index) - mark >= FLUSH_AT:
        flush(conn, index)
