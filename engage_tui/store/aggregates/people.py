"""The cached people and posts: upserts from outside, lookups by id and handle."""

from __future__ import annotations

from engage_tui.domain import Person, Post
from engage_tui.store import inbox, rows
from engage_tui.store.aggregates.base import Aggregate


class People(Aggregate):
    def upsert(self, people: list[Person]) -> None:
        # ingest loads on the sync thread, after the inbox's first frame.
        from engage_tui.store import ingest

        with self._write() as conn:
            ingest.upsert_people(conn, people)

    def upsert_posts(self, posts: list[Post]) -> None:
        from engage_tui.store import ingest

        with self._write() as conn:
            ingest.upsert_posts(conn, posts)

    def by_ids(self, person_ids: list[str]) -> list[Person]:
        """The cached people among ``person_ids``, in the order asked."""
        found = inbox.people_by_id(self._conn(), person_ids)
        return [found[i] for i in dict.fromkeys(person_ids) if i in found]

    def get(self, person_id: str) -> Person | None:
        row = (
            self._conn()
            .execute(f"SELECT {rows.PERSON_COLS} FROM people WHERE id = ?", (person_id,))
            .fetchone()
        )
        return None if row is None else rows.person(row)

    def by_handle(self, handle: str) -> Person | None:
        row = (
            self._conn()
            .execute(
                f"SELECT {rows.PERSON_COLS} FROM people WHERE handle_lc = ?"
                " ORDER BY n DESC LIMIT 1",
                (handle.lstrip("@").lower(),),
            )
            .fetchone()
        )
        return None if row is None else rows.person(row)

    def complete_handles(
        self, prefix: str, limit: int = 8, network: str | None = None
    ) -> list[Person]:
        """People whose handle starts with ``prefix``, in handle order (an index
        range); with ``network``, only that network's people."""
        low = prefix.lstrip("@").lower()
        if not low:
            return []
        on = "" if network is None else " AND network = ?"
        return [
            rows.person(r)
            for r in self._conn().execute(
                f"SELECT {rows.PERSON_COLS} FROM people WHERE handle_lc >= ? AND handle_lc < ?"
                f"{on} ORDER BY handle_lc LIMIT ?",
                (low, low + "\U0010ffff", *(() if network is None else (network,)), limit),
            )
        ]

    def post(self, post_id: str) -> Post | None:
        row = (
            self._conn()
            .execute(f"SELECT {rows.POST_COLS} FROM posts WHERE id = ?", (post_id,))
            .fetchone()
        )
        return None if row is None else rows.post(row)

    def posts_by(self, author_id: str, limit: int = 50) -> list[Post]:
        return [
            rows.post(r)
            for r in self._conn().execute(
                f"SELECT {rows.POST_COLS} FROM posts WHERE author_id = ?"
                " ORDER BY created_us DESC LIMIT ?",
                (author_id, limit),
            )
        ]
