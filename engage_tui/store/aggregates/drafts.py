"""Drafts: the composer's words, durable (fsynced) when each call returns."""

from __future__ import annotations

from engage_tui.domain import Draft
from engage_tui.store import rows
from engage_tui.store.aggregates.base import Aggregate
from engage_tui.store.timeutil import to_us


class Drafts(Aggregate):
    def save_draft(self, draft: Draft) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts(key, text, updated_us, target_post_id, person_id, account)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET text = excluded.text,"
                " updated_us = excluded.updated_us, target_post_id = excluded.target_post_id,"
                " person_id = excluded.person_id, account = excluded.account",
                (
                    draft.key,
                    draft.text,
                    to_us(draft.updated_at),
                    draft.target_post_id,
                    draft.person_id,
                    draft.account,
                ),
            )

    def draft(self, key: str) -> Draft | None:
        row = (
            self._conn()
            .execute(f"SELECT {rows.DRAFT_COLS} FROM drafts WHERE key = ?", (key,))
            .fetchone()
        )
        return None if row is None else rows.draft(row)

    def delete_draft(self, key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def drafts(self) -> list[Draft]:
        return [
            rows.draft(r)
            for r in self._conn().execute(
                f"SELECT {rows.DRAFT_COLS} FROM drafts ORDER BY updated_us DESC, key"
            )
        ]
