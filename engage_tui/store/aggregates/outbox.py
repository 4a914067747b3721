"""The outbox: queueing, claiming and finishing actions (see ``store/outbox.py``)."""

from __future__ import annotations

from datetime import datetime

from engage_tui.domain import ActionRequest, OutboxItem, OutboxState, Route
from engage_tui.store import outbox
from engage_tui.store.aggregates.base import Aggregate, utc_now


class Outbox(Aggregate):
    def enqueue(self, request: ActionRequest) -> OutboxItem:
        """Queue an action; raises AlreadyQueued when the same words to the
        same target are still on their way (see ``store/outbox.py``)."""
        with self._write() as conn:
            item_id = outbox.enqueue(conn, request, request.at or utc_now())
            item = outbox.get(conn, item_id)
        assert item is not None
        return item

    def cancel(self, item_id: int) -> bool:
        """Cancel a queued item; False once it is being sent (or already final)."""
        with self._write() as conn:
            return outbox.cancel(conn, item_id, utc_now())

    def due(self, now: datetime) -> list[OutboxItem]:
        """Every ``sending`` item (left by a crash: reconcile first), then queued
        items with ``send_after <= now`` in the order they fell due."""
        return outbox.due(self._conn(), now)

    def claim(self, item_id: int, token: str | None, at: datetime) -> OutboxItem | None:
        """queued -> sending, atomically across processes; None if lost.

        Adds one to ``attempts``; the first prepare token saved is kept.
        """
        with self._write() as conn:
            return outbox.claim(conn, item_id, token, at)

    def undone_like_token(self, unlike: OutboxItem) -> str | None:
        """The token the like that ``unlike`` undoes was sent with (see store/outbox.py)."""
        return outbox.undone_like_token(self._conn(), unlike)

    def finish(
        self,
        seen: OutboxItem,
        state: OutboxState,
        *,
        at: datetime,
        remote_id: str | None = None,
        error: str | None = None,
        intent_url: str | None = None,
        retry_at: datetime | None = None,
        route: Route | None = None,
    ) -> bool:
        """Final state, or back to queued at ``retry_at``, only while the row is
        still as ``seen`` (same state and claim; SENT wins over any live state).
        SENT also deletes the item's draft unless it was edited after queueing.
        False if the row had moved on or was already final."""
        with self._write() as conn:
            return outbox.finish(
                conn,
                seen,
                state,
                at=at,
                remote_id=remote_id,
                error=error,
                intent_url=intent_url,
                retry_at=retry_at,
                route=route,
            )

    def confirm_handed(self, item_id: int, at: datetime) -> OutboxItem | None:
        """A handed-over item the user finished in the browser, by their word:
        handed_over -> sent, recorded in the person's history. None if it had
        already moved on (the next sync saw it first)."""
        with self._write() as conn:
            return outbox.confirm_handed(conn, item_id, at)

    def record_sent(self, item: OutboxItem, at: datetime) -> None:
        """Write a sent ``item`` to the history of the person it was toward
        (and so move their "last engaged" on as a prospect)."""
        with self._write() as conn:
            outbox.record_interaction(conn, item, at)

    def unconfirm_handed(self, item: OutboxItem) -> bool:
        """Undo ``confirm_handed`` (given what it returned): back in the tray,
        out of the person's history. False if it has moved on since."""
        with self._write() as conn:
            return outbox.unconfirm_handed(conn, item)

    def get(self, item_id: int) -> OutboxItem | None:
        return outbox.get(self._conn(), item_id)

    def items(self, states: frozenset[OutboxState] | None = None) -> list[OutboxItem]:
        return outbox.items(self._conn(), states)
