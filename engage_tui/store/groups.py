"""Keeping the inbox's group heads right as rows arrive and change state.

Each group (likes, or reposts, of one post on one UTC day; the follows of
one pull) has one row with
``head_all = 1`` (its newest member) and at most one with ``head_new = 1``
(its newest member still new); rows outside groups are their own heads. The
inbox reads heads straight from partial indexes, so these flags must be
exact after every write transaction. Only the store writes notifications,
through ``ingest.insert_events`` (which plans the flags of new rows here before
inserting them) and ``inbox.set_triage``, which call here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from engage_tui.store.sqlutil import chunks

Position = tuple[int, int]  # (created_us, n): the inbox's order


# One statement for every (key, state) pair, prepared once: a UNION ALL with a
# branch per pair cost more to prepare than to run, and a query per pair paid
# Python's per-call overhead 50 times a pull.
_NEWEST_SQL = (
    "SELECT k.value, s.value, x.created_us, x.n"
    " FROM json_each(?) AS k, json_each(?) AS s, notifications AS x"
    " WHERE x.n = (SELECT n FROM notifications WHERE group_key = k.value AND state = s.value"
    " ORDER BY created_us DESC, n DESC LIMIT 1)"
)


def _newest(
    conn: sqlite3.Connection, keys: list[str], states: Iterable[str]
) -> dict[tuple[str, str], Position]:
    """For each (key, state): the newest member's position."""
    import json  # only writes need it; the inbox's start-up does not load it

    found: dict[tuple[str, str], Position] = {}
    for part in chunks(keys):
        params = (json.dumps(list(part)), json.dumps(list(states)))
        for key, state, created, n in conn.execute(_NEWEST_SQL, params):
            found[(key, state)] = (created, n)
    return found


# Told apart by identity (``row is top``): no generated __eq__ to build at start.
@dataclass(slots=True, eq=False)
class NewRow:
    """A notification about to be inserted at rowid ``n``: its column values
    (``insert_events`` order: id, network, kind, raw_kind, actor_id, post_id,
    subject_id, created_us, state, done_us, seen, group_key) and its head flags."""

    n: int
    values: list
    head_all: int = 1
    head_new: int = 0


def plan_heads(
    conn: sqlite3.Connection,
    rows: list[NewRow],
    fresh_keys: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[tuple[int]], list[tuple[int]]]:
    """Set the head flags of rows about to be inserted, and return the rowids
    of old heads they displace (head_all, head_new) for the caller to clear.

    ``fresh_keys`` name groups that have no stored member yet (a batch's
    follows): they need no look-up."""
    by_key: dict[str, list[NewRow]] = {}
    for row in rows:
        key = row.values[11]
        row.head_all = 1
        row.head_new = int(row.values[8] == "new")
        if key is not None:
            by_key.setdefault(key, []).append(row)
    if not by_key:
        return [], []
    stored = [key for key in by_key if key not in fresh_keys]
    old = _newest(conn, stored, ("new", "done")) if stored else {}
    clear_all: list[tuple[int]] = []
    clear_new: list[tuple[int]] = []
    for key, members in by_key.items():
        top = max(members, key=_position)
        top_new = max((r for r in members if r.head_new), key=_position, default=None)
        for row in members:
            row.head_all = int(row is top)
            row.head_new = int(row is top_new)
        old_all = max((old[(key, s)] for s in ("new", "done") if (key, s) in old), default=None)
        if old_all is not None:
            if old_all > _position(top):
                top.head_all = 0
            else:
                clear_all.append((old_all[1],))
        old_new = old.get((key, "new"))
        if old_new is not None and top_new is not None:
            if old_new > _position(top_new):
                top_new.head_new = 0
            else:
                clear_new.append((old_new[1],))
    return clear_all, clear_new


def _position(row: NewRow) -> Position:
    return (row.values[7], row.n)


def newest_new(conn: sqlite3.Connection, keys: list[str]) -> dict[str, Position]:
    return {key: pos for (key, _), pos in _newest(conn, keys, ("new",)).items()}


def after_triage(
    conn: sqlite3.Connection, keys: list[str], heads_before: dict[str, Position]
) -> None:
    """Rows of these groups changed state (their head_new was zeroed): move
    each group's head_new to its newest member that is still new."""
    heads_after = newest_new(conn, keys)
    conn.executemany(
        "UPDATE notifications SET head_new = 0 WHERE n = ? AND head_new = 1",
        [(pos[1],) for key, pos in heads_before.items() if heads_after.get(key) != pos],
    )
    conn.executemany(
        "UPDATE notifications SET head_new = 1 WHERE n = ? AND head_new = 0",
        [(pos[1],) for pos in heads_after.values()],
    )
