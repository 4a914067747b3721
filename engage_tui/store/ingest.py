"""Writing what a sync brings: people, posts, events, cursors, snapshots.

Every function here runs inside the caller's write transaction. Search
indexes are kept in step per batch: new rows get their FTS rows with one
``INSERT ... SELECT`` over the rowids the batch created (DESIGN.md: a trigger
per row cost 5x a bulk rebuild); changed texts replace their FTS rows.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from engage_tui.domain import Notification, NotificationKind, Person, Post, TriageState
from engage_tui.store import groups
from engage_tui.store.sqlutil import chunks, placeholders
from engage_tui.store.timeutil import DAY_US, opt_us, to_us

T = TypeVar("T")


def group_key(kind: str, subject_id: str | None, created_us: int) -> str | None:
    """Likes and reposts of one post on one UTC day share a key (see migrations)."""
    if subject_id is None or kind not in (NotificationKind.LIKE, NotificationKind.REPOST):
        return None
    return f"{kind}|{subject_id}|{created_us // DAY_US}"


def _max_rowid(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT max(n) FROM {table}").fetchone()[0] or 0)


def _existing(
    conn: sqlite3.Connection, table: str, columns: str, ids: Sequence[str]
) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for part in chunks(ids):
        sql = f"SELECT id, {columns} FROM {table} WHERE id IN ({placeholders(len(part))})"
        for row in conn.execute(sql, part):
            found[row[0]] = tuple(row[1:])
    return found


def _last_by_id(items: Iterable[T]) -> list[T]:
    by_id: dict[str, T] = {}
    for item in items:
        by_id[item.id] = item  # type: ignore[attr-defined]
    return list(by_id.values())


_PERSON_FIELDS = "network, handle, name, bio, followers_count, protected, seen_us"


def _person_values(p: Person) -> tuple:
    return (
        p.network,
        p.handle,
        p.name,
        p.bio,
        p.followers_count,
        int(p.protected),
        opt_us(p.seen_at),
    )


def _merge_person(new: tuple, old: tuple) -> tuple:
    """A partial payload (no name, empty bio, no follower count or seen time)
    keeps what the cache knew."""
    network, handle, name, bio, followers, protected, seen = new
    return (
        network,
        handle,
        name or old[2],
        bio or old[3],
        old[4] if followers is None else followers,
        protected,
        old[6] if seen is None else seen,
    )


def upsert_people(conn: sqlite3.Connection, people: Iterable[Person]) -> None:
    """Insert new people, update changed ones; unchanged rows are not rewritten."""
    batch = _last_by_id(people)
    if not batch:
        return
    old = _existing(conn, "people", f"n, {_PERSON_FIELDS}", [p.id for p in batch])
    fresh = [p for p in batch if p.id not in old]
    if fresh:
        before = _max_rowid(conn, "people")
        conn.executemany(
            f"INSERT INTO people(id, handle_lc, {_PERSON_FIELDS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [(p.id, p.handle.lower(), *_person_values(p)) for p in fresh],
        )
        conn.execute(
            "INSERT INTO people_fts(rowid, handle, name) SELECT n, handle, name FROM people"
            " WHERE n > ?",
            (before,),
        )
    changed = []
    for p in batch:
        if p.id not in old:
            continue
        n, *was = old[p.id]
        merged = _merge_person(_person_values(p), tuple(was))
        if merged != tuple(was):
            changed.append((n, tuple(was), merged))
    if not changed:
        return
    retext = [(n, was, now) for n, was, now in changed if was[1:3] != now[1:3]]
    conn.executemany(
        "INSERT INTO people_fts(people_fts, rowid, handle, name) VALUES ('delete', ?, ?, ?)",
        [(n, was[1], was[2]) for n, was, _ in retext],
    )
    conn.executemany(
        "UPDATE people SET network = ?, handle = ?, name = ?, bio = ?, followers_count = ?,"
        " protected = ?, seen_us = ?, handle_lc = ? WHERE n = ?",
        [(*now, now[1].lower(), n) for n, _, now in changed],
    )
    conn.executemany(
        "INSERT INTO people_fts(rowid, handle, name) VALUES (?, ?, ?)",
        [(n, now[1], now[2]) for n, _, now in retext],
    )


def _post_values(p: Post) -> tuple:
    m = p.metrics
    return (
        p.network,
        p.author_id,
        p.text,
        to_us(p.created_at),
        p.in_reply_to_id,
        p.quoted_id,
        p.conversation_id,
        " ".join(h.lower().lstrip("@") for h in p.mentions),
        None if m is None else m.likes,
        None if m is None else m.reposts,
        None if m is None else m.replies,
        None if m is None else m.quotes,
        p.url,
        int(p.deleted),
    )


def upsert_posts(conn: sqlite3.Connection, posts: Iterable[Post]) -> None:
    """Insert or update; missing metrics or links keep the cached ones, and a
    post once seen deleted stays deleted."""
    batch = _last_by_id(posts)
    if not batch:
        return
    old = _existing(conn, "posts", "n, text", [p.id for p in batch])
    fresh = [p for p in batch if p.id not in old]
    if fresh:
        before = _max_rowid(conn, "posts")
        conn.executemany(
            "INSERT INTO posts(network, author_id, text, created_us, in_reply_to_id, quoted_id,"
            " conversation_id, mentions, likes, reposts, replies, quotes, url, deleted, id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(*_post_values(p), p.id) for p in fresh],
        )
        conn.execute(
            "INSERT INTO posts_fts(rowid, text) SELECT n, text FROM posts WHERE n > ?", (before,)
        )
    known = [p for p in batch if p.id in old]
    if not known:
        return
    retext = [old[p.id] for p in known if p.text != old[p.id][1]]
    conn.executemany(
        "INSERT INTO posts_fts(posts_fts, rowid, text) VALUES ('delete', ?, ?)", retext
    )
    conn.executemany(
        "UPDATE posts SET network = ?, author_id = ?, text = ?, created_us = ?,"
        " in_reply_to_id = coalesce(?, in_reply_to_id), quoted_id = coalesce(?, quoted_id),"
        " conversation_id = coalesce(?, conversation_id),"
        " mentions = CASE WHEN ? = '' THEN mentions ELSE ? END,"
        " likes = coalesce(?, likes), reposts = coalesce(?, reposts),"
        " replies = coalesce(?, replies), quotes = coalesce(?, quotes),"
        " url = coalesce(?, url), deleted = max(deleted, ?) WHERE id = ?",
        [(*_dup_mentions(_post_values(p)), p.id) for p in known],
    )
    conn.executemany(
        "INSERT INTO posts_fts(rowid, text) SELECT n, text FROM posts WHERE n = ?",
        [(row[0],) for row in retext],
    )


def _dup_mentions(values: tuple) -> tuple:
    # The UPDATE tests the mentions parameter and then assigns it.
    return (*values[:7], values[7], values[7], *values[8:])


def insert_events(conn: sqlite3.Connection, events: Iterable[Notification]) -> int:
    """Insert new events and their inbound interactions; returns how many were new.

    An event already stored is left exactly as it is, so a re-sync never
    resets its triage state, ``done_at`` or ``seen`` flag.
    """
    rows = []
    for e in events:
        created = to_us(e.created_at)
        kind = e.kind.value
        rows.append(
            (
                e.id,
                e.network,
                kind,
                e.raw_kind,
                e.actor_id,
                e.post_id,
                e.subject_id,
                created,
                e.state.value,
                opt_us(e.done_at),
                int(e.seen),
                group_key(kind, e.subject_id, created),
                int(e.state is TriageState.NEW),
            )
        )
    if not rows:
        return 0
    before = _max_rowid(conn, "notifications")
    cursor = conn.executemany(
        "INSERT INTO notifications(id, network, kind, raw_kind, actor_id, post_id, subject_id,"
        " created_us, state, done_us, seen, group_key, head_new)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(id) DO NOTHING",
        rows,
    )
    new = cursor.rowcount
    if new:
        # The counters for inserts are kept here, once per batch (see migrations).
        # Counted in Python: a GROUP BY here would walk the whole window index.
        added = Counter(
            conn.execute("SELECT kind, state FROM notifications WHERE n > ?", (before,))
        )
        conn.executemany(
            "INSERT INTO notification_counts(kind, state, count) VALUES (?, ?, ?)"
            " ON CONFLICT(kind, state) DO UPDATE SET count = count + excluded.count",
            [(kind, state, c) for (kind, state), c in added.items()],
        )
        # Rowids only grow inside our write lock, so "n > before" is this batch.
        groups.after_insert(conn, before)
        conn.execute(
            "INSERT INTO interactions(person_id, direction, kind, at_us, post_id, text)"
            " SELECT e.actor_id, 'inbound', e.kind, e.created_us,"
            " coalesce(e.post_id, e.subject_id), p.text"
            " FROM notifications AS e LEFT JOIN posts AS p ON p.id = e.post_id WHERE e.n > ?",
            (before,),
        )
    return new


def replace_snapshot(conn: sqlite3.Connection, name: str, members: frozenset[str]) -> None:
    """Make the saved set equal ``members``, touching only what changed."""
    current = {
        row[0]
        for row in conn.execute("SELECT member FROM snapshot_members WHERE name = ?", (name,))
    }
    conn.executemany(
        "DELETE FROM snapshot_members WHERE name = ? AND member = ?",
        [(name, m) for m in current - members],
    )
    conn.executemany(
        "INSERT INTO snapshot_members(name, member) VALUES (?, ?)",
        [(name, m) for m in members - current],
    )


def set_cursor(conn: sqlite3.Connection, key: str, value: str | None, at: datetime) -> None:
    if value is None:
        conn.execute("DELETE FROM cursors WHERE key = ?", (key,))
        return
    conn.execute(
        "INSERT INTO cursors(key, value, updated_us) VALUES (?, ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_us = excluded.updated_us",
        (key, value, to_us(at)),
    )


def record_pull(conn: sqlite3.Connection, source: str, at: datetime, new: int) -> None:
    conn.execute(
        "INSERT INTO sync_sources(source, last_pull_us, last_new) VALUES (?, ?, ?)"
        " ON CONFLICT(source) DO UPDATE SET last_pull_us = excluded.last_pull_us,"
        " last_new = excluded.last_new",
        (source, to_us(at), new),
    )
