"""Which accounts are one person (schema v12, ``person_links``).

An account with no row is a person of its own. A person of several accounts
is a number shared by their rows; the number means nothing outside this
table. Linking and unlinking only move rows here: notes, tags and
interactions stay on the account they were written on, and the readers in
``relationships`` gather them over ``accounts_of``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from engage_tui.store.timeutil import to_us


def person_of(conn: sqlite3.Connection, account_id: str) -> int | None:
    row = conn.execute(
        "SELECT person FROM person_links WHERE account_id = ?", (account_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def accounts_of(conn: sqlite3.Connection, account_id: str) -> list[str]:
    """Every account of ``account_id``'s person, itself included, in the
    order they were linked (the two of a first link as they were named)."""
    person = person_of(conn, account_id)
    if person is None:
        return [account_id]
    return [
        r[0]
        for r in conn.execute(
            "SELECT account_id FROM person_links WHERE person = ? ORDER BY seq",
            (person,),
        )
    ]


def link(conn: sqlite3.Connection, first: str, second: str, at: datetime) -> None:
    """Make ``first`` and ``second`` (and every account already linked to
    either) one person; linking accounts already one person changes nothing."""
    if not first or not second:
        raise ValueError("linking needs two account ids")
    if first == second:
        return
    mine, theirs = person_of(conn, first), person_of(conn, second)
    if mine is not None and mine == theirs:
        return
    now = to_us(at)
    person, seq = conn.execute(
        "SELECT coalesce(max(person), 0) + 1, coalesce(max(seq), 0) + 1 FROM person_links"
    ).fetchone()
    add = "INSERT INTO person_links(account_id, person, seq, linked_us) VALUES (?, ?, ?, ?)"
    if mine is None and theirs is None:
        conn.executemany(add, [(first, person, seq, now), (second, person, seq + 1, now)])
    elif mine is None or theirs is None:
        joined, alone = (theirs, first) if mine is None else (mine, second)
        conn.execute(add, (alone, joined, seq, now))
    else:
        conn.execute("UPDATE person_links SET person = ? WHERE person = ?", (mine, theirs))


def unlink(conn: sqlite3.Connection, account_id: str) -> None:
    """``account_id`` becomes a person of its own again; a person left with
    one account is no longer a link at all."""
    person = person_of(conn, account_id)
    if person is None:
        return
    conn.execute("DELETE FROM person_links WHERE account_id = ?", (account_id,))
    left = conn.execute("SELECT count(*) FROM person_links WHERE person = ?", (person,)).fetchone()[
        0
    ]
    if left < 2:
        conn.execute("DELETE FROM person_links WHERE person = ?", (person,))


def all_links(conn: sqlite3.Connection) -> list[list[str]]:
    """Every person of several accounts, each as ``accounts_of`` orders it,
    the people in the order of their first account's id."""
    found: dict[int, list[str]] = {}
    for person, account in conn.execute(
        "SELECT person, account_id FROM person_links ORDER BY person, seq"
    ):
        found.setdefault(person, []).append(account)
    return sorted(found.values(), key=lambda accounts: min(accounts))
