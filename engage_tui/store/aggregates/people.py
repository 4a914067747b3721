"""The cached people and posts: upserts from outside, lookups by id and
handle, and which accounts are one person (links)."""

from __future__ import annotations

from datetime import datetime

from engage_tui.domain import Person, Post
from engage_tui.store import inbox, rows
from engage_tui.store.aggregates.base import Aggregate, utc_now
from engage_tui.store.timeutil import to_us


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

    def person_on(self, network: str, handle: str) -> Person | None:
        """The cached account with ``handle`` on ``network`` (the same text
        on two networks is two accounts)."""
        row = (
            self._conn()
            .execute(
                f"SELECT {rows.PERSON_COLS} FROM people WHERE handle_lc = ? AND network = ?"
                " ORDER BY n DESC LIMIT 1",
                (handle.lstrip("@").lower(), network),
            )
            .fetchone()
        )
        return None if row is None else rows.person(row)

    def people_seen_lately(self, limit: int = 8) -> list[Person]:
        """The people engage cached last, any network (a picker's start; the
        rowid order, so no scan of every person)."""
        return [
            rows.person(r)
            for r in self._conn().execute(
                f"SELECT {rows.PERSON_COLS} FROM people ORDER BY n DESC LIMIT ?",
                (limit,),
            )
        ]

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

    def link_accounts(self, first: str, second: str) -> None:
        """Make two accounts (any networks) one person, with every account
        already linked to either; nothing is moved or merged on disk, so
        linking twice, or accounts already one person, changes nothing."""
        from engage_tui.store import links

        with self._write() as conn:
            links.link(conn, first, second, utc_now())

    def unlink_account(self, account_id: str, at: datetime | None = None) -> None:
        """``account_id`` is a person of its own again, keeping its notes,
        tags and history (and what was written to the person while linked).
        A suggestion that these accounts are one person is then answered no."""
        from engage_tui.store import link_evidence, links

        with self._write() as conn:
            others = [a for a in links.accounts_of(conn, account_id) if a != account_id]
            links.unlink(conn, account_id)
            link_evidence.unlinked(conn, account_id, others, to_us(at or utc_now()))

    def accounts_of(self, account_id: str) -> list[str]:
        """Every account id of ``account_id``'s person, itself included, in
        the order they were linked."""
        from engage_tui.store import links

        return links.accounts_of(self._conn(), account_id)

    def linked_people(self) -> list[list[str]]:
        """Every person of more than one account, as lists of account ids."""
        from engage_tui.store import links

        return links.all_links(self._conn())

    def posts_by_person(self, account_id: str, limit: int = 50) -> list[Post]:
        """The newest posts of ``account_id``'s person, from every linked account."""
        from engage_tui.store import links

        with self._read() as conn:
            accounts = links.accounts_of(conn, account_id)
            marks = ",".join("?" * len(accounts))
            return [
                rows.post(r)
                for r in conn.execute(
                    f"SELECT {rows.POST_COLS} FROM posts WHERE author_id IN ({marks})"
                    " ORDER BY created_us DESC LIMIT ?",
                    (*accounts, limit),
                )
            ]
