"""The inbox: keyset windows over notifications, grouping, counts, triage.

A window is a union of one index range per (kind, state), each already in
``(created_us, n)`` order and limited, merged newest first: the cost depends
on the window size, not on how many notifications the file holds, and a
rare kind is as quick to filter as a common one. Positions are keyset
``(created_us, n)`` pairs (``n`` is the rowid), never OFFSET.

Grouping (likes, or reposts, of one post on one UTC day; the follows one
pull brought) uses the precomputed ``group_key``: a row is shown only when it is the newest member
of its group among the rows the window shows (new only, or all), and the
row then carries every member. Membership is exact across windows, with no
look-ahead limit: a member older than the window edge is still folded into
its head, and never shows again on a later window.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from engage_tui.domain import Handled, Notification, NotificationKind, Person, Post, TriageState
from engage_tui.store import groups, rows
from engage_tui.store.migrations import ACCOUNT_SEP
from engage_tui.store.sqlutil import chunks, placeholders
from engage_tui.store.timeutil import from_us, to_us

ALL_KINDS = tuple(k.value for k in NotificationKind)


class Head(NamedTuple):
    # A tuple, as Member: a window's rows are read before the first frame,
    # and a dataclass costs about a millisecond to create at import.
    notification: Notification
    position: tuple[int, int]
    group_key: str | None


class Member(NamedTuple):
    # A tuple, not a dataclass: a window may build hundreds of these.
    id: str
    actor_id: str


def _kinds(kinds: frozenset[NotificationKind] | None) -> list[str]:
    if kinds is None:
        return list(ALL_KINDS)
    return sorted(k.value for k in kinds)


def _states(include_done: bool) -> list[str]:
    return [TriageState.NEW.value, TriageState.DONE.value] if include_done else ["new"]


def parse_position(after: tuple[str, str]) -> tuple[int, int]:
    try:
        return int(after[0]), int(after[1])
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not an inbox position: {after!r}") from None


def format_position(position: tuple[int, int]) -> tuple[str, str]:
    return str(position[0]), str(position[1])


def head_positions(
    conn: sqlite3.Connection,
    limit: int,
    after: tuple[int, int] | None,
    kinds: frozenset[NotificationKind] | None,
    include_done: bool,
    group: bool,
    accounts: frozenset[str] | None = None,
) -> list[int]:
    """Rowids of the rows to show, newest first; ``accounts`` keeps only
    the rows of those signed-in accounts (None: every account)."""
    if limit <= 0:
        return []
    where: list[tuple[str, tuple[str, ...]]]
    if group:
        # Group heads only, straight from a partial index (see groups.py).
        flag = "head_all" if include_done else "head_new"
        where = [(f"kind = ? AND {flag} = 1", (kind,)) for kind in _kinds(kinds)]
    else:
        where = [
            ("kind = ? AND state = ?", (kind, state))
            for kind in _kinds(kinds)
            for state in _states(include_done)
        ]
    if not where or (accounts is not None and not accounts):
        return []
    # The per-kind index ranges stay the plan; the account test filters them
    # (a user's accounts are few and of similar volume).
    only = "" if accounts is None else f" AND account IN ({placeholders(len(accounts))})"
    branches = []
    params: list[object] = []
    for condition, values in where:
        sql = f"SELECT * FROM (SELECT n, created_us FROM notifications WHERE {condition}{only}"
        params += list(values)
        if accounts is not None:
            params += sorted(accounts)
        if after is not None:
            sql += " AND (created_us, n) < (?, ?)"
            params += list(after)
        branches.append(sql + " ORDER BY created_us DESC, n DESC LIMIT ?)")
        params.append(limit)
    sql = " UNION ALL ".join(branches) + " ORDER BY 2 DESC, 1 DESC LIMIT ?"
    params.append(limit)
    return [row[0] for row in conn.execute(sql, params)]


def heads(conn: sqlite3.Connection, rowids: list[int]) -> list[Head]:
    found: dict[int, Head] = {}
    for part in chunks(rowids):
        sql = (
            f"SELECT {rows.NOTIFICATION_COLS}, n, group_key FROM notifications"
            f" WHERE n IN ({placeholders(len(part))})"
        )
        for row in conn.execute(sql, part):
            found[row[14]] = Head(rows.notification(row), (row[3], row[14]), row[15])
    return [found[n] for n in rowids if n in found]


def members(
    conn: sqlite3.Connection, keys: list[str], include_done: bool
) -> dict[str, list[Member]]:
    """Every member of each group, newest first."""
    out: dict[str, list[Member]] = {key: [] for key in keys}
    state = "" if include_done else " AND state = 'new'"
    for part in chunks(keys):
        sql = (
            "SELECT group_key, id, actor_id FROM notifications"
            f" WHERE group_key IN ({placeholders(len(part))}){state}"
            " ORDER BY created_us DESC, n DESC"
        )
        for key, nid, actor in conn.execute(sql, part):
            out[key].append(Member(nid, actor))
    return out


def people_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, Person]:
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Person] = {}
    for part in chunks(wanted):
        sql = f"SELECT {rows.PERSON_COLS} FROM people WHERE id IN ({placeholders(len(part))})"
        for row in conn.execute(sql, part):
            found[row[0]] = rows.person(row)
    return found


def posts_by_id(conn: sqlite3.Connection, ids: Iterable[str | None]) -> dict[str, Post]:
    wanted = list(dict.fromkeys(i for i in ids if i))
    found: dict[str, Post] = {}
    for part in chunks(wanted):
        sql = f"SELECT {rows.POST_COLS} FROM posts WHERE id IN ({placeholders(len(part))})"
        for row in conn.execute(sql, part):
            found[row[0]] = rows.post(row)
    return found


def count(
    conn: sqlite3.Connection,
    kinds: frozenset[NotificationKind] | None,
    include_done: bool,
    accounts: frozenset[str] | None = None,
) -> int:
    """Exact: read from counters that triggers keep in step with every write
    (counted row by row when only some accounts are asked for)."""
    kind_list = _kinds(kinds)
    states = _states(include_done)
    if not kind_list or (accounts is not None and not accounts):
        return 0
    if accounts is not None:
        sql = (
            "SELECT count(*) FROM notifications"
            f" WHERE account IN ({placeholders(len(accounts))})"
            f" AND kind IN ({placeholders(len(kind_list))})"
            f" AND state IN ({placeholders(len(states))})"
        )
        return int(conn.execute(sql, [*sorted(accounts), *kind_list, *states]).fetchone()[0])
    sql = (
        "SELECT coalesce(sum(count), 0) FROM notification_counts"
        f" WHERE kind IN ({placeholders(len(kind_list))})"
        f" AND state IN ({placeholders(len(states))})"
    )
    return int(conn.execute(sql, [*kind_list, *states]).fetchone()[0])


def adopt_unowned(conn: sqlite3.Connection, account: str, network: str) -> int:
    # A row whose account-named twin was pulled already stays as it is.
    prefix = account + ACCOUNT_SEP
    cursor = conn.execute(
        "UPDATE notifications SET account = ?, id = ? || id"
        " WHERE account = '' AND network = ? AND NOT EXISTS"
        " (SELECT 1 FROM notifications AS twin WHERE twin.id = ? || notifications.id)",
        (account, prefix, network, prefix),
    )
    return cursor.rowcount


def new_from(
    conn: sqlite3.Connection, actor_id: str, since: datetime, account: str | None
) -> list[str]:
    """Ids of the new items ``actor_id`` brought since ``since`` (in ``account``
    only, when given): one range of notifications_window per kind."""
    kinds = [k.value for k in NotificationKind]
    sql = (
        f"SELECT id FROM notifications WHERE kind IN ({placeholders(len(kinds))})"
        " AND state = 'new' AND created_us >= ? AND actor_id = ?"
    )
    args: list[object] = [*kinds, to_us(since), actor_id]
    if account is not None:
        sql += " AND account = ?"
        args.append(account)
    return [r[0] for r in conn.execute(sql, args)]


def set_triage(
    conn: sqlite3.Connection,
    ids: list[str],
    state: TriageState,
    at: datetime,
    handled: Handled | None = None,
) -> int:
    """Returns how many rows changed; rows already in ``state`` keep their done_at.

    ``handled`` says how an answer finished them (only with DONE); back to
    NEW, the mark goes."""
    done_us = to_us(at) if state is TriageState.DONE else None
    how = handled.value if handled is not None and state is TriageState.DONE else None
    keys: set[str] = set()
    for part in chunks(ids):
        keys.update(
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT group_key FROM notifications"
                f" WHERE id IN ({placeholders(len(part))}) AND state <> ?"
                " AND group_key IS NOT NULL",
                [*part, state.value],
            )
        )
    key_list = sorted(keys)
    heads_before = groups.newest_new(conn, key_list) if key_list else {}
    changed = 0
    for part in chunks(ids):
        # A row outside any group is its own head; grouped rows are settled below.
        cursor = conn.execute(
            "UPDATE notifications SET state = ?, done_us = ?, handled = ?,"
            " head_new = (group_key IS NULL AND ? = 'new')"
            f" WHERE id IN ({placeholders(len(part))}) AND state <> ?",
            [state.value, done_us, how, state.value, *part, state.value],
        )
        changed += cursor.rowcount
    if key_list:
        groups.after_triage(conn, key_list, heads_before)
    return changed


def snooze(conn: sqlite3.Connection, ids: list[str], until: datetime, at: datetime) -> int:
    """Put these new items away until ``until``: done (out of the new view and
    its count) with no answer, to come back by ``wake_snoozed``."""
    changed = set_triage(conn, ids, TriageState.DONE, at)
    for part in chunks(ids):
        conn.execute(
            "UPDATE notifications SET snooze_us = ?"
            f" WHERE id IN ({placeholders(len(part))}) AND state = 'done'",
            [to_us(until), *part],
        )
    return changed


def unsnooze(conn: sqlite3.Connection, ids: list[str], at: datetime) -> None:
    """Undo a snooze: the items are new again where they were (a snooze that
    has already come back leaves them where it put them)."""
    for part in chunks(ids):
        conn.execute(
            f"UPDATE notifications SET snooze_us = NULL WHERE id IN ({placeholders(len(part))})",
            part,
        )
    set_triage(conn, ids, TriageState.NEW, at)


def wake_snoozed(conn: sqlite3.Connection, now: datetime) -> list[str]:
    """Bring back every snoozed item whose time has come: new again, on top
    (it stands at ``now``), marked snoozed. Returns their ids. A clock that
    went back wakes nothing early and puts nothing back to sleep."""
    now_us = to_us(now)
    due = conn.execute(
        "SELECT id, created_us, group_key FROM notifications"
        " WHERE snooze_us IS NOT NULL AND snooze_us <= ?",
        (now_us,),
    ).fetchall()
    if not due:
        return []
    ids = [row[0] for row in due]
    for part in chunks(ids):
        # Never earlier than it was: a clock set back does not bury it.
        conn.execute(
            "UPDATE notifications SET snooze_us = NULL, woke_us = ?,"
            " created_us = max(created_us, ?)"
            f" WHERE id IN ({placeholders(len(part))})",
            [now_us, now_us, *part],
        )
    # Only items still put away come back: one marked done since stays done.
    set_triage(conn, ids, TriageState.NEW, now)
    keys = sorted({row[2] for row in due if row[2] is not None})
    _rehead(conn, keys)
    return ids


def _rehead(conn: sqlite3.Connection, keys: list[str]) -> None:
    """Set these groups' head flags again from scratch (their members' times moved)."""
    for key in keys:
        conn.execute(
            "UPDATE notifications SET"
            " head_all = (n = (SELECT n FROM notifications AS y WHERE y.group_key = ?1"
            " ORDER BY created_us DESC, n DESC LIMIT 1)),"
            " head_new = (n IS (SELECT n FROM notifications AS y WHERE y.group_key = ?1"
            " AND y.state = 'new' ORDER BY created_us DESC, n DESC LIMIT 1))"
            " WHERE group_key = ?1",
            (key,),
        )


def reopen_answered_again(conn: sqlite3.Connection, rowids_from: int) -> list[str]:
    """Items marked done come back when the same person writes again in the
    same conversation: for the mentions, replies and quotes inserted from
    rowid ``rowids_from`` on, their author's done items whose post is in that
    conversation are new again. Returns their ids."""
    found = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT old.id FROM notifications AS new"
            " JOIN posts AS np ON np.id = new.post_id"
            " JOIN posts AS op ON op.conversation_id = np.conversation_id"
            " JOIN notifications AS old ON old.post_id = op.id"
            " WHERE new.n >= ? AND np.conversation_id IS NOT NULL"
            " AND old.actor_id = new.actor_id AND old.account = new.account"
            " AND old.state = 'done' AND old.n < new.n",
            (rowids_from,),
        )
    ]
    if found:
        set_triage(conn, found, TriageState.NEW, from_us(0))  # back to new: no time kept
    return found


def newest_done(conn: sqlite3.Connection, account: str) -> int | None:
    row = conn.execute(
        "SELECT MAX(created_us) FROM notifications WHERE state = 'done' AND account = ?",
        (account,),
    ).fetchone()
    return row[0] if row and row[0] is not None else None


def mark_seen(conn: sqlite3.Connection, ids: list[str]) -> None:
    for part in chunks(ids):
        conn.execute(
            f"UPDATE notifications SET seen = 1 WHERE id IN ({placeholders(len(part))})"
            " AND seen = 0",
            part,
        )
