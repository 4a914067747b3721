"""The watchlist (prospects, their notes and tags) and the interaction log."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from engage_tui.domain import Direction, Interaction, Prospect
from engage_tui.store import rows, watch_rows
from engage_tui.store.errors import StoreError
from engage_tui.store.inbox import people_by_id
from engage_tui.store.timeutil import from_us, opt_dt, to_us

_ORDER = {
    # Longest since the owner last engaged first; never engaged before all.
    "stale": "p.last_engaged_us IS NOT NULL, p.last_engaged_us, p.added_us, p.n",
    "name": "lower(coalesce(nullif(pe.name, ''), pe.handle, p.pending_handle)), p.n",
    "added": "p.added_us DESC, p.n DESC",
}


def add(
    conn: sqlite3.Connection, person_id: str | None, at: datetime, pending_handle: str | None
) -> None:
    """Add someone to the watchlist; adding them again changes nothing.

    Offline, only a handle may be known: it waits as ``pending_handle`` until
    ``resolve_pending`` learns the person. A handle the cache already knows
    is resolved at once.
    """
    if person_id is None:
        if not pending_handle:
            raise ValueError("add_prospect needs a person id or a handle")
        handle = pending_handle.lstrip("@")
        known = conn.execute(
            "SELECT id FROM people WHERE handle_lc = ? ORDER BY n DESC LIMIT 1", (handle.lower(),)
        ).fetchone()
        if known is None:
            if watch_rows.pending_row(conn, handle) is None:
                cursor = conn.execute(
                    "INSERT INTO prospects(person_id, pending_handle, added_us)"
                    " VALUES (NULL, ?, ?)",
                    (handle, to_us(at)),
                )
                _index_notes(conn, cursor.lastrowid)
            return
        person_id = known[0]
    cursor = conn.execute(
        "INSERT INTO prospects(person_id, added_us) VALUES (?, ?)"
        " ON CONFLICT(person_id) DO NOTHING",
        (person_id, to_us(at)),
    )
    if cursor.rowcount == 1:
        _index_notes(conn, cursor.lastrowid)
        _engaged_from_history(conn, person_id)


def _engaged_from_history(conn: sqlite3.Connection, person_id: str) -> None:
    # Someone the owner already answered is not "never engaged" when watched.
    conn.execute(
        "UPDATE prospects SET last_engaged_us = (SELECT max(at_us) FROM interactions"
        " WHERE person_id = ?1 AND direction = 'outbound') WHERE person_id = ?1"
        " AND last_engaged_us IS NULL",
        (person_id,),
    )


def _index_notes(conn: sqlite3.Connection, n: int | None) -> None:
    # Every prospect row has its FTS row (even with empty notes): deleting an
    # FTS row that was never inserted would corrupt the external-content index.
    conn.execute(
        "INSERT INTO notes_fts(rowid, notes) SELECT n, notes FROM prospects WHERE n = ?", (n,)
    )


def resolve_pending(conn: sqlite3.Connection, handle: str, person_id: str) -> bool:
    """A handle added offline was looked up: attach the person (keeping notes, tags)."""
    row = watch_rows.pending_row(conn, handle)
    if row is None:
        return False
    if conn.execute("SELECT 1 FROM prospects WHERE person_id = ?", (person_id,)).fetchone():
        # Already watched under the id: the pending duplicate goes.
        _delete_rows(conn, "n = ?", (row[0],))
        return True
    conn.execute(
        "UPDATE prospects SET person_id = ?, pending_handle = NULL WHERE n = ?", (person_id, row[0])
    )
    _engaged_from_history(conn, person_id)
    return True


def pending_handles(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT pending_handle FROM prospects WHERE person_id IS NULL ORDER BY added_us, n"
        )
    ]


def _delete_rows(conn: sqlite3.Connection, where: str, params: tuple) -> None:
    found = conn.execute(f"SELECT n, notes FROM prospects WHERE {where}", params).fetchall()
    conn.executemany(
        "INSERT INTO notes_fts(notes_fts, rowid, notes) VALUES ('delete', ?, ?)", found
    )
    conn.executemany("DELETE FROM prospects WHERE n = ?", [(n,) for n, _ in found])


def remove(conn: sqlite3.Connection, person_id: str) -> None:
    _delete_rows(conn, "person_id = ?", (person_id,))


def remove_pending(conn: sqlite3.Connection, handle: str) -> None:
    _delete_rows(
        conn, "person_id IS NULL AND lower(pending_handle) = ?", (handle.lstrip("@").lower(),)
    )


def listing(conn: sqlite3.Connection, sort: str) -> list[Prospect]:
    if sort not in _ORDER:
        raise ValueError(f"unknown prospect sort {sort!r}; use one of {sorted(_ORDER)}")
    found = conn.execute(
        "SELECT p.n, p.person_id, p.pending_handle, p.added_us, p.notes, p.last_engaged_us"
        " FROM prospects AS p LEFT JOIN people AS pe ON pe.id = p.person_id"
        f" ORDER BY {_ORDER[sort]}"
    ).fetchall()
    tags: dict[int, list[str]] = {}
    for n, tag in conn.execute("SELECT prospect, tag FROM prospect_tags ORDER BY tag"):
        tags.setdefault(n, []).append(tag)
    # Since schema v3 a looked-up person's notes and tags are theirs, not the
    # watchlist's (store.relationships); a pending row keeps its own.
    # Imported here: the inbox's start-up path does not need relationships.
    from engage_tui.store import relationships

    person_notes = relationships.notes_by_person(conn)
    person_tags = relationships.tags_by_person(conn)
    people = people_by_id(conn, [r[1] for r in found if r[1]])
    if conn.execute("SELECT 1 FROM person_links LIMIT 1").fetchone() is not None:
        found = _as_persons(conn, found, sort)
        linked = {r[1] for r in found if r[1] and len(links_of(conn, r[1])) > 1}
        person_notes.update((pid, relationships.notes(conn, pid)) for pid in linked)
        person_tags.update((pid, list(relationships.tags(conn, pid))) for pid in linked)
    return [
        Prospect(
            person_id=person_id or "",
            added_at=from_us(added),
            notes=person_notes.get(person_id, "") if person_id else notes,
            last_engaged_at=opt_dt(engaged),
            person=people.get(person_id) if person_id else None,
            pending_handle=pending,
            tags=tuple(person_tags.get(person_id, ()) if person_id else tags.get(n, ())),
        )
        for n, person_id, pending, added, notes, engaged in found
    ]


def links_of(conn: sqlite3.Connection, person_id: str) -> list[str]:
    from engage_tui.store import links

    return links.accounts_of(conn, person_id)


def _as_persons(conn: sqlite3.Connection, found: list[Any], sort: str) -> list[Any]:
    """A prospect is a person: one row for linked accounts watched twice, and
    "last engaged" is the newest across all their accounts (stale only when
    stale everywhere), the watchlist's mark or an outbound interaction."""
    out: list[Any] = []
    seen: set[str] = set()
    for row in found:
        n, person_id, pending, added, notes, _engaged = row
        if not person_id:
            out.append(row)
            continue
        accounts = links_of(conn, person_id)
        if len(accounts) == 1:
            out.append(row)
            continue
        if seen & set(accounts):
            continue
        seen.update(accounts)
        marks = ",".join("?" * len(accounts))
        newest = conn.execute(
            f"SELECT max(v) FROM (SELECT max(last_engaged_us) AS v FROM prospects"
            f" WHERE person_id IN ({marks}) UNION ALL SELECT max(at_us) FROM interactions"
            f" WHERE person_id IN ({marks}) AND direction = 'outbound')",
            (*accounts, *accounts),
        ).fetchone()[0]
        out.append((n, person_id, pending, added, notes, newest))
    if sort == "stale":
        out.sort(key=lambda r: (r[5] is not None, r[5] or 0))
    return out


def _prospect_row(conn: sqlite3.Connection, person_id: str) -> tuple[int, str]:
    row = conn.execute(
        "SELECT n, notes FROM prospects WHERE person_id = ?", (person_id,)
    ).fetchone()
    if row is None:
        raise StoreError(
            "Notes and tags are kept for people on your watchlist; add this person first."
        )
    return row[0], row[1]


def set_notes(conn: sqlite3.Connection, person_id: str, notes: str) -> None:
    watch_rows.set_row_notes(conn, *_prospect_row(conn, person_id), notes)


def set_tags(conn: sqlite3.Connection, person_id: str, tags: list[str]) -> None:
    n, _ = _prospect_row(conn, person_id)
    clean = sorted({t.strip() for t in tags if t.strip()})
    conn.execute("DELETE FROM prospect_tags WHERE prospect = ?", (n,))
    conn.executemany(
        "INSERT INTO prospect_tags(prospect, tag) VALUES (?, ?)", [(n, t) for t in clean]
    )


def add_interaction(conn: sqlite3.Connection, item: Interaction) -> int:
    at = to_us(item.at)
    cursor = conn.execute(
        "INSERT INTO interactions(person_id, direction, kind, at_us, post_id, text)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (item.person_id, item.direction.value, item.kind, at, item.post_id, item.text),
    )
    if item.direction is Direction.OUTBOUND:
        conn.execute(
            "UPDATE prospects SET last_engaged_us = max(coalesce(last_engaged_us, ?), ?)"
            " WHERE person_id = ?",
            (at, at, item.person_id),
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def remove_interaction(
    conn: sqlite3.Connection, person_id: str, direction: Direction, kind: str, at: datetime
) -> None:
    """Forget one interaction (an undone "I did it"), and with it the
    prospect's "last engaged" when that was the newest."""
    conn.execute(
        "DELETE FROM interactions WHERE id = (SELECT id FROM interactions"
        " WHERE person_id = ? AND direction = ? AND kind = ? AND at_us = ?"
        " ORDER BY id DESC LIMIT 1)",
        (person_id, direction.value, kind, to_us(at)),
    )
    if direction is Direction.OUTBOUND:
        conn.execute(
            "UPDATE prospects SET last_engaged_us = (SELECT max(at_us) FROM interactions"
            " WHERE person_id = ? AND direction = 'outbound')"
            " WHERE person_id = ? AND last_engaged_us = ?",
            (person_id, person_id, to_us(at)),
        )


def interactions(conn: sqlite3.Connection, person_id: str, limit: int) -> list[Interaction]:
    return [
        rows.interaction(r)
        for r in conn.execute(
            f"SELECT {rows.INTERACTION_COLS} FROM interactions WHERE person_id = ?"
            " ORDER BY at_us DESC, id DESC LIMIT ?",
            (person_id, limit),
        )
    ]
