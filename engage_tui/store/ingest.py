"""Writing what a sync brings: people, posts, events, cursors, snapshots.

Every function here runs inside the caller's write transaction, where no
other connection can write, so "look up what exists, then insert the rest"
is exact and rowids handed out are ``max(n) + 1`` onwards.

Where the time of a pull goes (bench/store_bench.py) is the B-tree work per
row and the pages each commit writes, so rows that are already stored and
unchanged are never rewritten, group head flags are decided before a row is
inserted (not inserted set and then cleared), and full-text indexing is
deferred to larger batches (see ``search_index``).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Protocol, TypeVar

from engage_tui.domain import Notification, NotificationKind, Person, Post, TriageState
from engage_tui.store import groups, inbox, search_index
from engage_tui.store.sqlutil import chunks, placeholders
from engage_tui.store.timeutil import DAY_US, opt_us, to_us


class _Keyed(Protocol):
    @property
    def id(self) -> str: ...


# A person or a post: what the upserts compare with what is stored.
Row = TypeVar("Row", bound=_Keyed)

_GROUPED = (NotificationKind.LIKE.value, NotificationKind.REPOST.value)
_FOLLOW = NotificationKind.FOLLOW.value
_NEW = TriageState.NEW.value


def group_key(kind: str, subject_id: str | None, created_us: int) -> str | None:
    """Likes and reposts of one post on one UTC day share a key (see migrations).

    Follows are grouped per batch instead, by ``insert_events``."""
    if subject_id is None or kind not in _GROUPED:
        return None
    return f"{kind}|{subject_id}|{created_us // DAY_US}"


def follow_key(first_n: int) -> str:
    """The key of follows that arrived together, named by the first one's rowid.

    X gives no follow time (its source stamps every follow of a pull with the
    moment of the pull), and a follow has nothing to answer but the person:
    "these people followed you since the last look" is the grouping that
    means something on every network. So the follows of one batch (one pull)
    for one account on one network are one group, whether the network dates
    each follow (Bluesky, Mastodon) or not (X); the group stands at its
    newest member's time. A rowid names the group uniquely and for good (it
    is reused only once every row from it onwards is gone, with every member
    of the old group), and is fixed at insert like every key. Migration 5
    keys older follows the same way (see migrations)."""
    return f"follow|{first_n}"


def _max_rowid(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT max(n) FROM {table}").fetchone()[0] or 0)


def _changed(
    batch: Sequence[Row],
    old: dict[str, tuple],
    values: Callable[[Row], tuple],
    merge: Callable[[tuple, tuple], tuple],
) -> list[tuple[int, tuple, tuple]]:
    """(rowid, stored values, merged values) of each stored row the batch changes."""
    changed = []
    for item in batch:
        if item.id not in old:
            continue
        n, *was = old[item.id]
        merged = merge(values(item), tuple(was))
        if merged != tuple(was):
            changed.append((n, tuple(was), merged))
    return changed


def _existing(
    conn: sqlite3.Connection, table: str, columns: str, ids: Sequence[str]
) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for part in chunks(ids):
        sql = f"SELECT id, {columns} FROM {table} WHERE id IN ({placeholders(len(part))})"
        for row in conn.execute(sql, part):
            found[row[0]] = tuple(row[1:])
    return found


def _last_by_id(items: Iterable[Row]) -> list[Row]:
    by_id: dict[str, Row] = {}
    for item in items:
        by_id[item.id] = item
    return list(by_id.values())


@dataclass(frozen=True, slots=True)
class _Table(Generic[Row]):
    """How one table of the cache takes a batch: the columns its values fill,
    how a stored row and a newer copy merge, and its full-text index."""

    index: search_index.Index  # names the table, its full-text table and columns
    fields: tuple[str, ...]  # the stored columns, in the order of ``values``
    values: Callable[[Row], tuple]
    merge: Callable[[tuple, tuple], tuple]  # (new, stored) -> what to store
    text: slice  # the ``values`` the full-text table holds, in its order
    # A column kept for lookups, worked out from the values: (name, how).
    derived: tuple[str, Callable[[tuple], object]] | None = None

    def row(self, values: tuple) -> tuple:
        """What is stored: the values, and the derived column after them."""
        return values if self.derived is None else (*values, self.derived[1](values))

    def text_of(self, values: tuple) -> tuple:
        return values[self.text]


def _upsert(conn: sqlite3.Connection, table: _Table[Row], batch: list[Row]) -> None:
    """Insert new rows, update changed ones; unchanged rows are not rewritten."""
    if not batch:
        return
    name, fts = table.index.table, table.index.fts
    fields = ", ".join(table.fields)
    extra: tuple[str, ...] = () if table.derived is None else (table.derived[0],)
    old = _existing(conn, name, f"n, {fields}", [item.id for item in batch])

    fresh = [item for item in batch if item.id not in old]
    if fresh:
        mark = search_index.indexed_to(conn, table.index)
        columns = ("id", *table.fields, *extra)
        conn.executemany(
            f"INSERT INTO {name}({', '.join(columns)}) VALUES ({placeholders(len(columns))})",
            [(item.id, *table.row(table.values(item))) for item in fresh],
        )
        search_index.flush_if_due(conn, table.index, mark)
    changed = _changed(batch, old, table.values, table.merge)
    if not changed:
        return
    # Rows above the mark are not in the index yet: they are indexed later, as they are then.
    mark = search_index.indexed_to(conn, table.index)

    text = table.text_of
    retext = [(n, was, now) for n, was, now in changed if text(was) != text(now) and n <= mark]
    marks = placeholders(len(table.index.columns.split(",")))
    conn.executemany(
        f"INSERT INTO {fts}({fts}, rowid, {table.index.columns}) VALUES ('delete', ?, {marks})",
        [(n, *text(was)) for n, was, _ in retext],
    )
    sets = ", ".join(f"{column} = ?" for column in (*table.fields, *extra))
    conn.executemany(
        f"UPDATE {name} SET {sets} WHERE n = ?", [(*table.row(now), n) for n, _, now in changed]
    )
    conn.executemany(
        f"INSERT INTO {fts}(rowid, {table.index.columns}) VALUES (?, {marks})",
        [(n, *text(now)) for n, _, now in retext],
    )


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


_PEOPLE: _Table[Person] = _Table(
    index=search_index.PEOPLE,
    fields=("network", "handle", "name", "bio", "followers_count", "protected", "seen_us"),
    values=_person_values,
    merge=_merge_person,
    text=slice(1, 3),  # handle, name
    derived=("handle_lc", lambda values: values[1].lower()),
)


def upsert_people(conn: sqlite3.Connection, people: Iterable[Person]) -> None:
    """Insert new people, update changed ones; unchanged rows are not rewritten.
    The profile facts a read carried replace the person's old ones, and the
    link suggestions they lead to are drawn again."""
    batch = _last_by_id(people)
    _upsert(conn, _PEOPLE, batch)
    if any(p.facts is not None for p in batch):
        from engage_tui.store import link_evidence

        link_evidence.save_facts(conn, batch, to_us(datetime.now(UTC)))


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
        " ".join(p.labels) or None,
    )


def _merge_post(new: tuple, old: tuple) -> tuple:
    """Missing links, mentions, metrics or url keep the cached ones; a post
    once seen deleted stays deleted."""
    return (
        *new[:4],
        *(old[i] if new[i] is None else new[i] for i in (4, 5, 6)),
        new[7] or old[7],
        *(old[i] if new[i] is None else new[i] for i in (8, 9, 10, 11, 12)),
        max(new[13], old[13]),
        new[14] or old[14],
    )


_POSTS: _Table[Post] = _Table(
    index=search_index.POSTS,
    fields=(
        "network",
        "author_id",
        "text",
        "created_us",
        "in_reply_to_id",
        "quoted_id",
        "conversation_id",
        "mentions",
        "likes",
        "reposts",
        "replies",
        "quotes",
        "url",
        "deleted",
        "labels",
    ),
    values=_post_values,
    merge=_merge_post,
    text=slice(2, 3),  # text
)


def upsert_posts(conn: sqlite3.Connection, posts: Iterable[Post]) -> None:
    """Insert new posts, update changed ones; unchanged rows are not rewritten."""
    _upsert(conn, _POSTS, _last_by_id(posts))


def _known_ids(conn: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    known: set[str] = set()
    for part in chunks(ids):
        sql = f"SELECT id FROM notifications WHERE id IN ({placeholders(len(part))})"
        known.update(row[0] for row in conn.execute(sql, part))
    return known


def _group_follows(rows: list[groups.NewRow]) -> set[str]:
    """Key the follows of this batch (one pull) as one group per network and
    account; returns the keys, all new. A follow alone keeps no key, as a row
    outside any group is its own head (and costs no group index entry)."""
    batches: dict[tuple[str, str], list[groups.NewRow]] = {}
    for row in rows:
        if row.values[2] == _FOLLOW:
            batches.setdefault((row.values[1], row.values[12]), []).append(row)  # network, account
    keys: set[str] = set()
    for members in batches.values():
        if len(members) > 1:
            key = follow_key(members[0].n)
            keys.add(key)
            for row in members:
                row.values[11] = key
    return keys


def insert_events(conn: sqlite3.Connection, events: Iterable[Notification]) -> int:
    """Insert new events and their inbound interactions; returns how many were new.

    An event already stored is left exactly as it is, so a re-sync never
    resets its triage state, ``done_at`` or ``seen`` flag. Within one pull
    the first copy of an event wins.
    """
    first: dict[str, Notification] = {}
    for e in events:
        first.setdefault(e.id, e)
    known = _known_ids(conn, list(first))
    before = _max_rowid(conn, "notifications")
    rows: list[groups.NewRow] = []
    for e in first.values():
        if e.id in known:
            continue
        created = to_us(e.created_at)
        kind = e.kind.value
        state = e.state.value
        rows.append(
            groups.NewRow(
                n=before + len(rows) + 1,
                values=[
                    e.id,
                    e.network,
                    kind,
                    e.raw_kind,
                    e.actor_id,
                    e.post_id,
                    e.subject_id,
                    created,
                    state,
                    opt_us(e.done_at),
                    int(e.seen),
                    group_key(kind, e.subject_id, created),
                    e.account,
                ],
            )
        )
    if not rows:
        return 0
    fresh_keys = _group_follows(rows)
    # Decide every head flag first, so no row is indexed as a head only to be cleared.
    clear_all, clear_new = groups.plan_heads(conn, rows, fresh_keys)
    conn.executemany(
        "INSERT INTO notifications(id, network, kind, raw_kind, actor_id, post_id, subject_id,"
        " created_us, state, done_us, seen, group_key, account, head_all, head_new, n)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(*row.values, row.head_all, row.head_new, row.n) for row in rows],
    )
    conn.executemany("UPDATE notifications SET head_all = 0 WHERE n = ?", clear_all)
    conn.executemany("UPDATE notifications SET head_new = 0 WHERE n = ?", clear_new)
    # Inserts are counted here, once per batch (see migrations).
    added = Counter((row.values[2], row.values[8]) for row in rows)
    conn.executemany(
        "INSERT INTO notification_counts(kind, state, count) VALUES (?, ?, ?)"
        " ON CONFLICT(kind, state) DO UPDATE SET count = count + excluded.count",
        [(kind, state, c) for (kind, state), c in added.items()],
    )
    # A prospect's new post (NEW_POST) is their own words, not something
    # they did toward the owner: it is no engagement, owes no thank.
    conn.execute(
        "INSERT INTO interactions(person_id, direction, kind, at_us, post_id, text)"
        " SELECT e.actor_id, 'inbound', e.kind, e.created_us,"
        " coalesce(e.post_id, e.subject_id), p.text"
        " FROM notifications AS e LEFT JOIN posts AS p ON p.id = e.post_id"
        " WHERE e.n > ? AND e.kind <> ?",
        (before, NotificationKind.NEW_POST.value),
    )
    # Done is not for good: the same person writing again in the same
    # conversation brings back what was marked done there.
    inbox.reopen_answered_again(conn, before + 1)
    return len(rows)


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
