"""People the owner keeps: the watchlist, notes, tags, history, export and import."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.domain import Interaction, Prospect
from engage_tui.store import prospects
from engage_tui.store.aggregates.base import Aggregate, utc_now

# relationships (and its result types) is imported inside the methods that use
# it: only the Person and Prospects screens and the CLI need it, and the
# inbox's start-up should not pay for loading it.
if TYPE_CHECKING:
    from engage_tui.store.relationship_results import PersonSummary, RelationshipData


class Prospects(Aggregate):
    def add(self, person_id: str | None, at: datetime, pending_handle: str | None = None) -> None:
        with self._write() as conn:
            prospects.add(conn, person_id, at, pending_handle)

    def pending(self) -> list[str]:
        """Handles added offline, still to be looked up."""
        return prospects.pending_handles(self._conn())

    def resolve_pending(self, handle: str, person_id: str) -> bool:
        from engage_tui.store import relationships

        with self._write() as conn:
            relationships.carry_pending(conn, handle, person_id, utc_now())
            return prospects.resolve_pending(conn, handle, person_id)

    def remove(self, person_id: str) -> None:
        with self._write() as conn:
            prospects.remove(conn, person_id)

    def remove_pending(self, handle: str) -> None:
        with self._write() as conn:
            prospects.remove_pending(conn, handle)

    def listing(self, sort: str = "stale") -> list[Prospect]:
        """``stale`` (never engaged, then longest since), ``name`` or ``added`` (newest)."""
        with self._read() as conn:
            return prospects.listing(conn, sort)

    def watched_on(self, network: str) -> tuple[str, ...]:
        """The ids of the looked-up prospects a pull of ``network`` watches,
        newest added first (one not cached yet is kept: its id is enough)."""
        return tuple(
            p.person_id
            for p in self.listing(sort="added")
            if p.person_id
            and p.pending_handle is None
            and (p.person is None or p.person.network == network)
        )

    def set_notes(self, person_id: str, notes: str, at: datetime | None = None) -> None:
        """Notes about anyone (prospect or not), kept when they leave the watchlist."""
        from engage_tui.store import relationships

        with self._write() as conn:
            relationships.set_notes(conn, person_id, notes, at or utc_now())

    def set_notes_since(self, person_id: str, base: str, notes: str, at: datetime) -> str:
        """Save the user's ``notes``, begun from ``base``; what another program
        wrote since is kept after them (see ``merge_notes``). Returns what is stored."""
        from engage_tui.store import relationships

        with self._write() as conn:
            merged = relationships.merge_notes(base, relationships.notes(conn, person_id), notes)
            relationships.set_notes(conn, person_id, merged, at)
            return merged

    def set_tags(self, person_id: str, tags: list[str]) -> None:
        """Replace someone's tags (trimmed, lower-cased, each once)."""
        from engage_tui.store import relationships

        with self._write() as conn:
            relationships.set_tags(conn, person_id, tags)

    def add_interaction(self, interaction: Interaction) -> None:
        """Outbound ones also move the prospect's ``last_engaged_at`` forward."""
        with self._write() as conn:
            prospects.add_interaction(conn, interaction)

    def interactions(self, person_id: str, limit: int = 200) -> list[Interaction]:
        return prospects.interactions(self._conn(), person_id, limit)

    def notes(self, person_id: str) -> str:
        from engage_tui.store import relationships

        return relationships.notes(self._conn(), person_id)

    def tags(self, person_id: str) -> tuple[str, ...]:
        from engage_tui.store import relationships

        return relationships.tags(self._conn(), person_id)

    def set_pending_notes(self, handle: str, notes: str) -> None:
        """Notes for a prospect added by handle, before the sync looks them up."""
        from engage_tui.store import relationships

        with self._write() as conn:
            relationships.set_pending_notes(conn, handle, notes)

    def person_summary(self, person_id: str, now: datetime) -> PersonSummary:
        """Profile, notes, tags, counts of the last 30 days and the timeline."""
        from engage_tui.store import relationships

        with self._read() as conn:
            return relationships.summary(conn, person_id, now)

    def export_relationships(self, since: datetime | None = None) -> RelationshipData:
        """Interactions (since ``since``), notes, tags, the watchlist and the
        people they name, in a stable order."""
        from engage_tui.store import relationships

        with self._read() as conn:
            return relationships.export_data(conn, since)

    def import_relationships(self, data: RelationshipData) -> dict[str, int]:
        """Merge an export in one transaction; returns what was added per part."""
        from engage_tui.store import relationships

        with self._write() as conn:
            return relationships.import_data(conn, data)
