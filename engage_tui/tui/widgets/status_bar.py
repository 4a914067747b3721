"""One line at the bottom: online, last sync, queue, rate limit, spend, today's count."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from textual import work
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker

from engage_tui.domain import OutboxState
from engage_tui.tui.context import services
from engage_tui.tui.failures import forward
from engage_tui.tui.timefmt import ago_words, day_start, local_tz

if TYPE_CHECKING:
    from engage_tui.sync.controller import SyncStatus


class LocalCounts(NamedTuple):
    """What the store alone can tell, for when no controller is there (or to add to it)."""

    queued: int = 0
    month_spend: float = 0.0
    today: int = 0


class StatusBar(Static):
    class _Counted(Message):
        def __init__(self, counts: LocalCounts) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._counts = LocalCounts()

    def on_mount(self) -> None:
        self.watch(self.app, "sync_status", self._redraw, init=False)
        self.watch(self.app, "data_version", self._recount, init=False)
        self.set_interval(30, self._redraw)
        # Counted once the first frame is out: its thread would compete with it.
        self.call_after_refresh(self._recount)

    def _recount(self, _: object = None) -> None:
        self._count()

    @work(thread=True, group="status-count", exclusive=True, exit_on_error=False)
    def _count(self) -> None:
        svc = services(self)
        now = svc.now()
        start_of_day = day_start(now, local_tz(now))
        # A failure reaches the app's one handler (see failures.py).
        queued = len(svc.store.outbox(frozenset({OutboxState.QUEUED, OutboxState.SENDING})))
        # The same count as the Today view's, from one indexed range query
        # rather than every outbox row ever sent.
        day = svc.store.day_counts(start_of_day, start_of_day + timedelta(days=1))
        today = day.replies + day.likes + day.thanks
        spend = svc.store.month_spend(now)
        self.post_message(self._Counted(LocalCounts(queued, spend, today)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward(self, event)

    def on_status_bar__counted(self, message: _Counted) -> None:
        message.stop()
        self._counts = message.counts
        self._redraw()

    def _redraw(self, _: object = None) -> None:
        svc = services(self)
        status: SyncStatus | None = getattr(self.app, "sync_status", None)
        self.update(describe(status, self._counts, svc.controller is not None, svc.now()))


def describe(
    status: SyncStatus | None, counts: LocalCounts, has_controller: bool, now: datetime
) -> str:
    parts: list[str] = []
    if not has_controller:
        parts.append("○ no account (offline)")
    elif status is None or not status.online:
        parts.append("○ offline")
    else:
        parts.append("● syncing" if status.syncing else "● online")
    if status is not None and status.last_sync_at is not None:
        parts.append(f"synced {ago_words(status.last_sync_at, now)}")
    elif has_controller:
        parts.append("not synced yet")
    queued = counts.queued
    parts.append(f"{queued} queued" if queued else "nothing queued")
    if status is not None and status.rate_remaining is not None:
        parts.append(f"{status.rate_remaining} calls left")
    if status is not None and status.paused:
        until = min(status.paused.values())
        wait = max(int((until - now) / timedelta(minutes=1)), 0)
        parts.append(f"paused {wait}m (rate limit)")
    spend = max(counts.month_spend, status.month_spend_usd if status else 0.0)
    parts.append(status.free_words if status and status.free_words else f"${spend:.2f} this month")
    parts.append(f"{counts.today} today")
    return "  ·  ".join(parts)
