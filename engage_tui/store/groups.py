"""Keeping the inbox's group heads right as rows arrive and change state.

Each group (likes, or reposts, of one post on one UTC day) has one row with
``head_all = 1`` (its newest member) and at most one with ``head_new = 1``
(its newest member still new); rows outside groups are their own heads. The
inbox reads heads straight from partial indexes, so these flags must be
exact after every write transaction. Only the store writes notifications,
through ``ingest.insert_events`` and ``inbox.set_triage``, which call here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from engage_tui.store.sqlutil import chunks

Position = tuple[int, int]  # (created_us, n): the inbox's order


def _newest(
    conn: sqlite3.Connection, keys: list[str], states: Iterable[str], max_n: int | None
) -> dict[tuple[str, str], Position]:
    """For each (key, state): the newest member's position, among rows ``n <= max_n``."""
    branch = (
        "SELECT * FROM (SELECT group_key, state, created_us, n FROM notifications"
        " WHERE group_key = ? AND state = ?"
        + ("" if max_n is None else " AND n <= ?")
        + " ORDER BY created_us DESC, n DESC LIMIT 1)"
    )
    found: dict[tuple[str, str], Position] = {}
    state_list = list(states)
    # SQLite allows 500 terms in a compound SELECT.
    for part in chunks(keys, 400 // len(state_list)):
        params: list[object] = []
        for key in part:
            for state in state_list:
                params += [key, state] if max_n is None else [key, state, max_n]
        sql = " UNION ALL ".join([branch] * (len(part) * len(state_list)))
        for key, state, created, n in conn.execute(sql, params):
            found[(key, state)] = (created, n)
    return found


def after_insert(conn: sqlite3.Connection, before: int) -> None:
    """Rows with ``n > before`` were just inserted, each flagged as a head;
    keep only the true head of every group they joined."""
    fresh = conn.execute(
        "SELECT group_key, state, created_us, n FROM notifications"
        " WHERE n > ? AND group_key IS NOT NULL",
        (before,),
    ).fetchall()
    if not fresh:
        return
    by_key: dict[str, list[tuple[str, Position]]] = {}
    for key, state, created, n in fresh:
        by_key.setdefault(key, []).append((state, (created, n)))
    old = _newest(conn, list(by_key), ("new", "done"), before)
    clear_all: list[tuple[int]] = []
    clear_new: list[tuple[int]] = []
    for key, rows in by_key.items():
        # Before the batch only the old heads carried flags; now the batch rows do too.
        all_heads = [pos for _, pos in rows]
        new_heads = [pos for state, pos in rows if state == "new"]
        old_all = max((old[(key, s)] for s in ("new", "done") if (key, s) in old), default=None)
        if old_all is not None:
            all_heads.append(old_all)
        if (key, "new") in old:
            new_heads.append(old[(key, "new")])
        top = max(all_heads)
        clear_all += [(pos[1],) for pos in all_heads if pos != top]
        if new_heads:
            top_new = max(new_heads)
            clear_new += [(pos[1],) for pos in new_heads if pos != top_new]
    conn.executemany("UPDATE notifications SET head_all = 0 WHERE n = ?", clear_all)
    conn.executemany("UPDATE notifications SET head_new = 0 WHERE n = ?", clear_new)


def newest_new(conn: sqlite3.Connection, keys: list[str]) -> dict[str, Position]:
    return {key: pos for (key, _), pos in _newest(conn, keys, ("new",), None).items()}


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
