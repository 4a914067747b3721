"""Drafts: the composer's words, durable (fsynced) when each call returns.

A draft is one per key (what it answers) and account (who answers).
"""

from __future__ import annotations

from engage_tui.domain import Draft
from engage_tui.store import rows
from engage_tui.store.aggregates.base import Aggregate
from engage_tui.store.timeutil import to_us

# An outbox item in one of these states carries its draft's words: queued,
# on its way, handed to the browser (the tray) or sent.
_ON_THEIR_WAY = "('queued', 'sending', 'handed_over', 'sent')"


class Drafts(Aggregate):
    def save(self, draft: Draft) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts(key, account, text, updated_us, target_post_id, person_id)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key, account) DO UPDATE SET"
                " text = excluded.text, updated_us = excluded.updated_us,"
                " target_post_id = excluded.target_post_id, person_id = excluded.person_id",
                (
                    draft.key,
                    draft.account,
                    draft.text,
                    to_us(draft.updated_at),
                    draft.target_post_id,
                    draft.person_id,
                ),
            )

    def get(self, key: str, account: str | None = None) -> Draft | None:
        """The draft for ``key`` written as ``account``; with None, the newest
        for ``key`` whoever answers."""
        where, args = (
            ("key = ?", (key,)) if account is None else ("key = ? AND account = ?", (key, account))
        )
        row = (
            self._conn()
            .execute(
                f"SELECT {rows.DRAFT_COLS} FROM drafts WHERE {where}"
                " ORDER BY updated_us DESC, account LIMIT 1",
                args,
            )
            .fetchone()
        )
        return None if row is None else rows.draft(row)

    def for_key(self, key: str) -> list[Draft]:
        """Every account's draft for ``key``, newest first."""
        return [
            rows.draft(r)
            for r in self._conn().execute(
                f"SELECT {rows.DRAFT_COLS} FROM drafts WHERE key = ?"
                " ORDER BY updated_us DESC, account",
                (key,),
            )
        ]

    def delete(self, key: str, account: str | None = None) -> None:
        """Delete ``account``'s draft for ``key`` (with None, every account's)."""
        with self._write() as conn:
            if account is None:
                conn.execute("DELETE FROM drafts WHERE key = ?", (key,))
            else:
                conn.execute("DELETE FROM drafts WHERE key = ? AND account = ?", (key, account))

    def all(self) -> list[Draft]:
        return [
            rows.draft(r)
            for r in self._conn().execute(
                f"SELECT {rows.DRAFT_COLS} FROM drafts ORDER BY updated_us DESC, key, account"
            )
        ]

    def on_their_way(self) -> set[tuple[str, str, str]]:
        """(key, account, words) for each stored draft and the words an outbox
        item for it carries (queued, sending, waiting in the tray, or sent). A
        draft holding such words is kept until the item is confirmed sent, but
        it is no longer being written. An item of no known account ("") goes
        with any account's draft."""
        return {
            (str(key), str(account), str(text))
            for key, account, text in self._conn().execute(
                "SELECT d.key, d.account, o.text FROM drafts AS d JOIN outbox AS o"
                " ON o.draft_key = d.key"
                f" AND o.state IN {_ON_THEIR_WAY}"
                " AND (o.account = d.account OR o.account = '' OR d.account = '')"
            )
        }
