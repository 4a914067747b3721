"""A person's memory: notes and tags (for anyone, not only prospects), their
summary and timeline, and the whole memory out and back in (export/import).

Notes live in ``person_notes`` with an external-content FTS5 index kept in
step here, one row each way per write. A prospect added offline has no
person id yet: its notes wait on the prospects row until the look-up, when
``carry_pending`` moves them over (schema v3, see migrations).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from engage_tui.domain import Interaction, Prospect
from engage_tui.store import ingest, links, rows, watch_rows
from engage_tui.store.inbox import people_by_id, posts_by_id
from engage_tui.store.relationship_results import (
    NoteRecord,
    PersonSummary,
    RelationshipData,
    TimelineEntry,
)
from engage_tui.store.timeutil import from_us, opt_dt, opt_us, to_us
from engage_tui.text.safe import clean_text

TIMELINE_LIMIT = 200
COUNT_WINDOW = timedelta(days=30)


def clean_tags(tags: list[str]) -> list[str]:
    return sorted({t.strip().lower() for t in tags if t.strip()})


def is_tag(tag: str) -> bool:
    """Whether ``tag`` is one engage itself stores: the person view splits what
    is typed at commas and spaces, and ``clean_tags`` lower-cases each word, so
    a tag is one lower-case word with no comma and nothing a terminal acts on."""
    return (
        tag.split() == [tag]
        and clean_text(tag, single_line=True) == tag
        and "," not in tag
        and tag.lower() == tag
    )


# --- notes and tags ----------------------------------------------------------------
# Notes and tags are stored per account. A person of several linked accounts
# (see ``links``) reads them together: every account's notes in the order
# they were written, each text once, and the union of their tags. A write to
# a linked person goes to each of its accounts, so unlinking later leaves
# every account what it held plus what was written while linked.
def account_notes(conn: sqlite3.Connection, account_id: str) -> str:
    """One account's own notes, whatever it is linked to."""
    row = conn.execute(
        "SELECT notes FROM person_notes WHERE person_id = ?", (account_id,)
    ).fetchone()
    return "" if row is None else str(row[0])


def notes(conn: sqlite3.Connection, person_id: str) -> str:
    """The notes of ``person_id``'s person: each linked account's text in the
    order it was last written, a text two accounts share shown once."""
    accounts = links.accounts_of(conn, person_id)
    if len(accounts) == 1:
        return account_notes(conn, person_id)
    marks = ", ".join("?" * len(accounts))
    texts = [
        r[0]
        for r in conn.execute(
            f"SELECT notes FROM person_notes WHERE person_id IN ({marks}) AND notes <> ''"
            " ORDER BY updated_us, person_id",
            accounts,
        )
    ]
    return "\n\n".join(dict.fromkeys(texts))


def merge_notes(base: str, current: str, mine: str) -> str:
    """What to store when the notes are ``current`` now, were ``base`` when the
    user began to edit them, and the user's words are ``mine``: another
    program's change (an import adding a line) is kept after the user's words,
    never overwritten by them."""
    if current == base or current in mine:
        return mine
    added = current[len(base) :] if current.startswith(base) else current
    added = added.lstrip("\n")
    if added in mine:
        return mine
    if not mine:
        return added
    return f"{mine}\n{added}" if current.startswith(base) else f"{mine}\n\n{added}"


def set_notes(conn: sqlite3.Connection, person_id: str, text: str, at: datetime) -> None:
    """Write the notes of ``person_id``'s person: to each of its accounts."""
    if not person_id:
        raise ValueError("notes need a person id")
    for account in links.accounts_of(conn, person_id):
        set_account_notes(conn, account, text, at)


def set_account_notes(conn: sqlite3.Connection, account_id: str, text: str, at: datetime) -> None:
    """Write one account's own notes (an import restores them this way)."""
    if not account_id:
        raise ValueError("notes need a person id")
    old = conn.execute(
        "SELECT n, notes FROM person_notes WHERE person_id = ?", (account_id,)
    ).fetchone()
    if old is not None:
        if old[1] == text:
            return
        conn.execute(
            "INSERT INTO person_notes_fts(person_notes_fts, rowid, notes) VALUES ('delete', ?, ?)",
            old,
        )
        conn.execute(
            "UPDATE person_notes SET notes = ?, updated_us = ? WHERE n = ?",
            (text, to_us(at), old[0]),
        )
        n = old[0]
    else:
        cursor = conn.execute(
            "INSERT INTO person_notes(person_id, notes, updated_us) VALUES (?, ?, ?)",
            (account_id, text, to_us(at)),
        )
        n = cursor.lastrowid
    conn.execute("INSERT INTO person_notes_fts(rowid, notes) VALUES (?, ?)", (n, text))


def account_tags(conn: sqlite3.Connection, account_id: str) -> tuple[str, ...]:
    return tuple(
        r[0]
        for r in conn.execute(
            "SELECT tag FROM person_tags WHERE person_id = ? ORDER BY tag", (account_id,)
        )
    )


def tags(conn: sqlite3.Connection, person_id: str) -> tuple[str, ...]:
    """The tags of ``person_id``'s person: the union over its accounts."""
    accounts = links.accounts_of(conn, person_id)
    if len(accounts) == 1:
        return account_tags(conn, person_id)
    marks = ", ".join("?" * len(accounts))
    return tuple(
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT tag FROM person_tags WHERE person_id IN ({marks}) ORDER BY tag",
            accounts,
        )
    )


def set_tags(conn: sqlite3.Connection, person_id: str, new: list[str]) -> None:
    """Replace the tags of ``person_id``'s person. Each account keeps those of
    its own tags that stay; a tag the person did not have goes to every
    account, so an unlink later leaves it on each."""
    if not person_id:
        raise ValueError("tags need a person id")
    wanted = clean_tags(new)
    accounts = links.accounts_of(conn, person_id)
    had = {a: set(account_tags(conn, a)) for a in accounts}
    fresh = set(wanted) - set().union(*had.values())
    for account in accounts:
        conn.execute("DELETE FROM person_tags WHERE person_id = ?", (account,))
        conn.executemany(
            "INSERT INTO person_tags(person_id, tag) VALUES (?, ?)",
            [(account, t) for t in wanted if t in had[account] or t in fresh],
        )


def tags_by_person(conn: sqlite3.Connection) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for pid, tag in conn.execute("SELECT person_id, tag FROM person_tags ORDER BY person_id, tag"):
        out.setdefault(pid, []).append(tag)
    return out


def notes_by_person(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT person_id, notes FROM person_notes"))


def set_pending_notes(conn: sqlite3.Connection, handle: str, text: str) -> None:
    """Notes for a prospect added by handle and not looked up yet."""
    row = watch_rows.pending_row(conn, handle)
    if row is not None:
        watch_rows.set_row_notes(conn, *row, text)


def carry_pending(conn: sqlite3.Connection, handle: str, person_id: str, at: datetime) -> None:
    """A pending prospect was looked up: its notes and tags become the person's."""
    row = watch_rows.pending_row(conn, handle)
    if row is None:
        return
    n, pending = row
    if pending:
        mine = notes(conn, person_id)
        set_notes(conn, person_id, f"{mine}\n{pending}" if mine else pending, at)
        watch_rows.set_row_notes(conn, n, pending, "")
    conn.execute(
        "INSERT OR IGNORE INTO person_tags(person_id, tag)"
        " SELECT ?, tag FROM prospect_tags WHERE prospect = ?",
        (person_id, n),
    )
    conn.execute("DELETE FROM prospect_tags WHERE prospect = ?", (n,))


# --- a person's summary -------------------------------------------------------------
def summary(conn: sqlite3.Connection, person_id: str, now: datetime) -> PersonSummary:
    """``person_id``'s person over every account linked to it: one timeline,
    counts and "last engaged" across networks, notes and tags once."""
    accounts = links.accounts_of(conn, person_id)
    marks = ", ".join("?" * len(accounts))
    cached = people_by_id(conn, accounts)
    watched = conn.execute(
        f"SELECT min(added_us), max(last_engaged_us), count(*) FROM prospects"
        f" WHERE person_id IN ({marks})",
        accounts,
    ).fetchone()
    since = to_us(now - COUNT_WINDOW)
    counts = dict(
        conn.execute(
            "SELECT direction, count(*) FROM interactions"
            f" WHERE person_id IN ({marks}) AND at_us >= ? GROUP BY direction",
            (*accounts, since),
        ).fetchall()
    )
    first, last = conn.execute(
        f"SELECT min(at_us), max(at_us) FROM interactions WHERE person_id IN ({marks})", accounts
    ).fetchone()
    outbound_last = conn.execute(
        f"SELECT max(at_us) FROM interactions WHERE person_id IN ({marks})"
        " AND direction = 'outbound'",
        accounts,
    ).fetchone()[0]
    firsts = [v for v in (first, watched[0]) if v is not None]
    engaged = [v for v in (outbound_last, watched[1]) if v is not None]
    return PersonSummary(
        person_id=person_id,
        person=cached.get(person_id),
        notes=notes(conn, person_id),
        tags=tags(conn, person_id),
        is_prospect=watched[2] > 0,
        last_engaged_at=opt_dt(max(engaged)) if engaged else None,
        first_seen=opt_dt(min(firsts)) if firsts else None,
        last_touched=opt_dt(last),
        inbound_30d=int(counts.get("inbound", 0)),
        outbound_30d=int(counts.get("outbound", 0)),
        timeline=tuple(timeline(conn, person_id, TIMELINE_LIMIT)),
        accounts=tuple(accounts),
        linked=tuple(cached[a] for a in accounts if a in cached),
    )


def timeline(conn: sqlite3.Connection, person_id: str, limit: int) -> list[TimelineEntry]:
    """Newest first, over every linked account; an interaction with no text
    of its own carries its post."""
    accounts = links.accounts_of(conn, person_id)
    marks = ", ".join("?" * len(accounts))
    found = [
        rows.interaction(r)
        for r in conn.execute(
            f"SELECT {rows.INTERACTION_COLS} FROM interactions WHERE person_id IN ({marks})"
            " ORDER BY at_us DESC, id DESC LIMIT ?",
            (*accounts, limit),
        )
    ]
    posts = posts_by_id(conn, [i.post_id for i in found if not i.text])
    return [
        TimelineEntry(i, None if i.text else posts.get(i.post_id) if i.post_id else None)
        for i in found
    ]


# --- export and import --------------------------------------------------------------
def export_data(conn: sqlite3.Connection, since: datetime | None) -> RelationshipData:
    """The memory in a stable order, so two exports of one state are equal."""
    where, params = ("WHERE at_us >= ?", (to_us(since),)) if since else ("", ())
    found = [
        rows.interaction(r)
        for r in conn.execute(
            f"SELECT {rows.INTERACTION_COLS} FROM interactions {where}"
            " ORDER BY at_us, person_id, direction, kind, coalesce(post_id, ''),"
            " coalesce(text, ''), id",
            params,
        )
    ]
    note_rows = [
        NoteRecord(pid, text, from_us(at))
        for pid, text, at in conn.execute(
            "SELECT person_id, notes, updated_us FROM person_notes WHERE notes <> ''"
            " ORDER BY person_id"
        )
    ]
    tag_rows = tuple(
        (pid, tag)
        for pid, tag in conn.execute("SELECT person_id, tag FROM person_tags ORDER BY 1, 2")
    )
    pending_tags: dict[int, list[str]] = {}
    for n, tag in conn.execute("SELECT prospect, tag FROM prospect_tags ORDER BY tag"):
        pending_tags.setdefault(n, []).append(tag)
    watch = [
        Prospect(
            person_id=pid or "",
            added_at=from_us(added),
            notes=text if pid is None else "",
            last_engaged_at=opt_dt(engaged),
            pending_handle=pending,
            tags=tuple(pending_tags.get(n, ())),
        )
        for n, pid, pending, added, text, engaged in conn.execute(
            "SELECT n, person_id, pending_handle, added_us, notes, last_engaged_us"
            " FROM prospects ORDER BY coalesce(person_id, ''), lower(coalesce(pending_handle, ''))"
        )
    ]
    groups = links.all_links(conn)
    wanted = sorted(
        {i.person_id for i in found}
        | {n.person_id for n in note_rows}
        | {pid for pid, _ in tag_rows}
        | {p.person_id for p in watch if p.person_id}
        | {account for group in groups for account in group}
    )
    people = people_by_id(conn, wanted)
    # A link is exported between the accounts the file names (a link to an
    # account engage never cached has no person record to hang on).
    kept = [tuple(a for a in group if a in people) for group in groups]
    return RelationshipData(
        people=tuple(people[p] for p in wanted if p in people),
        prospects=tuple(watch),
        notes=tuple(note_rows),
        tags=tag_rows,
        interactions=tuple(found),
        links=tuple(group for group in kept if len(group) > 1),
    )


def import_data(conn: sqlite3.Connection, data: RelationshipData) -> dict[str, int]:
    """Merge an export into this store; what is already here is kept, and an
    interaction already recorded (same person, direction, kind, time, post) is
    not added twice. Returns how many of each were added or changed."""

    ingest.upsert_people(conn, list(data.people))
    added = {
        "people": len(data.people),
        "prospects": 0,
        "notes": 0,
        "tags": 0,
        "interactions": 0,
        "links": 0,
    }
    for p in data.prospects:
        if _import_prospect(conn, p):
            added["prospects"] += 1
    for note in data.notes:
        if account_notes(conn, note.person_id) != note.notes:
            set_account_notes(conn, note.person_id, note.notes, note.updated_at)
            added["notes"] += 1
    for pid, tag in data.tags:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO person_tags(person_id, tag) VALUES (?, ?)", (pid, tag)
        )
        added["tags"] += cursor.rowcount
    for item in data.interactions:
        if not _has_interaction(conn, item):
            conn.execute(
                "INSERT INTO interactions(person_id, direction, kind, at_us, post_id, text)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    item.person_id,
                    item.direction.value,
                    item.kind,
                    to_us(item.at),
                    item.post_id,
                    item.text,
                ),
            )
            added["interactions"] += 1
    for group in data.links:
        for account in group[1:]:
            if account not in links.accounts_of(conn, group[0]):
                links.link(conn, group[0], account, datetime.now(UTC))
                added["links"] += 1
    return added


def _import_prospect(conn: sqlite3.Connection, p: Prospect) -> bool:
    """Add one watchlist entry unless it is already there (then only a later
    ``last_engaged_at`` is taken). Returns whether a row was added."""
    engaged = opt_us(p.last_engaged_at)
    if p.person_id:
        if conn.execute("SELECT 1 FROM prospects WHERE person_id = ?", (p.person_id,)).fetchone():
            if engaged is not None:
                conn.execute(
                    "UPDATE prospects SET last_engaged_us = max(coalesce(last_engaged_us, ?), ?)"
                    " WHERE person_id = ?",
                    (engaged, engaged, p.person_id),
                )
            return False
        cursor = conn.execute(
            "INSERT INTO prospects(person_id, added_us, last_engaged_us) VALUES (?, ?, ?)",
            (p.person_id, to_us(p.added_at), engaged),
        )
    else:
        handle = (p.pending_handle or "").lstrip("@")
        if not handle or watch_rows.pending_row(conn, handle) is not None:
            return False
        cursor = conn.execute(
            "INSERT INTO prospects(person_id, pending_handle, added_us, notes, last_engaged_us)"
            " VALUES (NULL, ?, ?, ?, ?)",
            (handle, to_us(p.added_at), p.notes, engaged),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO prospect_tags(prospect, tag) VALUES (?, ?)",
            [(cursor.lastrowid, t) for t in p.tags],
        )
    # Every prospects row has its notes_fts row (see store.prospects).
    conn.execute(
        "INSERT INTO notes_fts(rowid, notes) SELECT n, notes FROM prospects WHERE n = ?",
        (cursor.lastrowid,),
    )
    return True


def _has_interaction(conn: sqlite3.Connection, item: Interaction) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM interactions WHERE person_id = ? AND direction = ? AND kind = ?"
            " AND at_us = ? AND post_id IS ?",
            (item.person_id, item.direction.value, item.kind, to_us(item.at), item.post_id),
        ).fetchone()
        is not None
    )
