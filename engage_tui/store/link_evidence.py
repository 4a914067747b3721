"""Profile facts and the link suggestions drawn from them, as SQL on a connection.

Each time a platform reads a person's full profile, their facts are replaced
and the suggestions that involve them are drawn again (``domain.evidence``
decides; this module only finds the profiles that share an address with
them, through the ``key`` and ``host`` indexes). The user's answer to a
suggestion stays: a rejected or accepted pair is never offered again, and an
open one goes away when the evidence for it does. Unlinking two accounts is
the user's answer too: their pair is remembered as rejected (``unlinked``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from engage_tui.domain import Person, ProfileFact
from engage_tui.domain.evidence import (
    EvidenceKind,
    Profile,
    Suggestion,
    host_of,
    lookup_keys,
    site_key,
    suggest,
)
from engage_tui.store.sqlutil import chunks, placeholders

_FACT_COLS = "kind, value, verified, label"
_KINDS = ("home", "domain", "website", "field", "bio")


@dataclass(frozen=True, slots=True)
class LinkSuggestion:
    """An open suggestion, with both accounts as the cache knows them."""

    first: Person
    second: Person
    kind: EvidenceKind
    evidence: str

    def other(self, person_id: str) -> Person:
        return self.second if self.first.id == person_id else self.first


def save_facts(conn: sqlite3.Connection, people: Iterable[Person], at_us: int) -> None:
    """Replace the facts of each person whose profile read carried them, and
    draw their suggestions again when they changed."""
    latest = {p.id: p for p in people if p.facts is not None}
    for person in latest.values():
        assert person.facts is not None
        facts = tuple(dict.fromkeys(f for f in person.facts if f.kind in _KINDS))
        if set(facts) == set(facts_of(conn, person.id)):
            continue
        conn.execute("DELETE FROM profile_facts WHERE person_id = ?", (person.id,))
        conn.executemany(
            "INSERT OR IGNORE INTO profile_facts(person_id, kind, value, verified, label, key,"
            " host, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(person.id, *_fact_values(f), n) for n, f in enumerate(facts)],
        )
        redraw(conn, Profile(person.id, person.network, facts), at_us)


def _fact_values(fact: ProfileFact) -> tuple[str, str, int, str, str | None, str | None]:
    key = site_key(fact.value)
    return (
        fact.kind,
        fact.value,
        int(fact.verified),
        fact.label,
        key,
        None if key is None else host_of(key),
    )


def facts_of(conn: sqlite3.Connection, person_id: str) -> tuple[ProfileFact, ...]:
    rows = conn.execute(
        f"SELECT {_FACT_COLS} FROM profile_facts WHERE person_id = ? ORDER BY position",
        (person_id,),
    ).fetchall()
    return tuple(
        ProfileFact(kind, value, bool(verified), label) for kind, value, verified, label in rows
    )


def redraw(conn: sqlite3.Connection, profile: Profile, at_us: int) -> None:
    """Draw ``profile``'s suggestions again: add new pairs, update the
    evidence of open ones, drop open ones whose evidence is gone."""
    keys, domains = lookup_keys(profile.facts)
    candidates: set[str] = set()
    for column, values in (("key", sorted(keys)), ("host", sorted(domains))):
        for part in chunks(values):
            candidates.update(
                row[0]
                for row in conn.execute(
                    f"SELECT DISTINCT person_id FROM profile_facts WHERE {column} IN"
                    f" ({placeholders(len(part))})",
                    part,
                )
            )
    candidates.discard(profile.person_id)
    found = suggest(profile, _profiles(conn, sorted(candidates)))
    _forget_open(conn, profile.person_id, {(s.first, s.second) for s in found})
    conn.executemany(
        "INSERT INTO link_suggestions(first, second, kind, evidence, created_us)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(first, second) DO UPDATE SET"
        " kind = excluded.kind, evidence = excluded.evidence WHERE state = 'open'",
        [(s.first, s.second, s.kind, s.evidence, at_us) for s in found],
    )


def _forget_open(conn: sqlite3.Connection, person_id: str, keep: set[tuple[str, str]]) -> None:
    rows = conn.execute(
        "SELECT first, second FROM link_suggestions WHERE state = 'open'"
        " AND (first = ? OR second = ?)",
        (person_id, person_id),
    ).fetchall()
    conn.executemany(
        "DELETE FROM link_suggestions WHERE first = ? AND second = ? AND state = 'open'",
        [tuple(row) for row in rows if tuple(row) not in keep],
    )


def _profiles(conn: sqlite3.Connection, person_ids: list[str]) -> list[Profile]:
    networks: dict[str, str] = {}
    for part in chunks(person_ids):
        networks.update(
            conn.execute(
                f"SELECT id, network FROM people WHERE id IN ({placeholders(len(part))})", part
            ).fetchall()
        )
    return [
        Profile(pid, networks[pid], facts_of(conn, pid)) for pid in person_ids if pid in networks
    ]


def open_suggestions(
    conn: sqlite3.Connection, person_id: str | None, limit: int
) -> list[tuple[str, str, str, str]]:
    """(first, second, kind, evidence) of open suggestions, newest first;
    only ``person_id``'s when given."""
    where = "state = 'open'"
    args: tuple[object, ...] = ()
    if person_id is not None:
        where += " AND (first = ? OR second = ?)"
        args = (person_id, person_id)
    return conn.execute(
        f"SELECT first, second, kind, evidence FROM link_suggestions WHERE {where}"
        " ORDER BY created_us DESC, first, second LIMIT ?",
        (*args, limit),
    ).fetchall()


def decide(conn: sqlite3.Connection, first: str, second: str, state: str, at_us: int) -> bool:
    """Record the user's answer to an open suggestion; False when there was none."""
    first, second = sorted((first, second))
    cursor = conn.execute(
        "UPDATE link_suggestions SET state = ?, decided_us = ?"
        " WHERE first = ? AND second = ? AND state = 'open'",
        (state, at_us, first, second),
    )
    return cursor.rowcount > 0


def unlinked(conn: sqlite3.Connection, account_id: str, others: list[str], at_us: int) -> None:
    """The user unlinked ``account_id`` from ``others``: every suggestion
    between them, accepted or still open, becomes a remembered "no". Offered
    again, it would ask what the unlink has just answered, on the same
    evidence; a mistaken unlink is undone by linking again (L)."""
    for part in chunks(others):
        marks = placeholders(len(part))
        conn.execute(
            "UPDATE link_suggestions SET state = 'rejected', decided_us = ?"
            " WHERE state IN ('open', 'accepted') AND ("
            f"(first = ? AND second IN ({marks})) OR (second = ? AND first IN ({marks})))",
            (at_us, account_id, *part, account_id, *part),
        )


def answer(conn: sqlite3.Connection, first: str, second: str) -> str | None:
    """The state of the pair's suggestion (open, accepted, rejected), or None."""
    first, second = sorted((first, second))
    row = conn.execute(
        "SELECT state FROM link_suggestions WHERE first = ? AND second = ?", (first, second)
    ).fetchone()
    return None if row is None else str(row[0])


__all__ = [
    "LinkSuggestion",
    "Suggestion",
    "answer",
    "decide",
    "facts_of",
    "open_suggestions",
    "save_facts",
    "unlinked",
]
