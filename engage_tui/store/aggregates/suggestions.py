"""Link suggestions: the open ones, a person's facts, and the user's answer."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.domain import ProfileFact
from engage_tui.store import inbox
from engage_tui.store.aggregates.base import Aggregate, utc_now
from engage_tui.store.timeutil import to_us

if TYPE_CHECKING:
    from engage_tui.store.link_evidence import LinkSuggestion


def _one_person(conn: sqlite3.Connection, first: str, second: str) -> bool:
    from engage_tui.store import links

    person = links.person_of(conn, first)
    return person is not None and person == links.person_of(conn, second)


class Suggestions(Aggregate):
    def offered(self, person_id: str | None = None, limit: int = 20) -> list[LinkSuggestion]:
        """Open suggestions, newest first (``person_id``'s only, when given);
        a pair already one person (linked by hand) or whose account is no
        longer cached is left out."""
        from engage_tui.store import link_evidence

        with self._read() as conn:
            rows = link_evidence.open_suggestions(conn, person_id, limit)
            people = inbox.people_by_id(conn, sorted({pid for row in rows for pid in row[:2]}))
            rows = [row for row in rows if not _one_person(conn, row[0], row[1])]
        return [
            link_evidence.LinkSuggestion(people[first], people[second], kind, evidence)  # type: ignore[arg-type]
            for first, second, kind, evidence in rows
            if first in people and second in people
        ]

    def facts(self, person_id: str) -> tuple[ProfileFact, ...]:
        from engage_tui.store import link_evidence

        return link_evidence.facts_of(self._conn(), person_id)

    def accept(self, first: str, second: str, at: datetime | None = None) -> bool:
        """The user says the two accounts are one person: they are linked in
        the same transaction. False (and nothing linked) when the suggestion
        was not open (answered already, or gone)."""
        from engage_tui.store import link_evidence, links

        when = at or utc_now()
        with self._write() as conn:
            if not link_evidence.decide(conn, first, second, "accepted", to_us(when)):
                return False
            links.link(conn, first, second, when)
            return True

    def answer(self, first: str, second: str) -> str | None:
        """What became of the suggestion that two accounts are one person:
        "open", "accepted", "rejected" (by n, or by unlinking them), or None."""
        from engage_tui.store import link_evidence

        return link_evidence.answer(self._conn(), first, second)

    def reject(self, first: str, second: str, at: datetime | None = None) -> bool:
        """The user says no; the pair is never suggested again."""
        return self._decide(first, second, "rejected", at)

    def _decide(self, first: str, second: str, state: str, at: datetime | None) -> bool:
        from engage_tui.store import link_evidence

        with self._write() as conn:
            return link_evidence.decide(conn, first, second, state, to_us(at or utc_now()))
