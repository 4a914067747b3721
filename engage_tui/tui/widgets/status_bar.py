"""One line at the bottom: online (or the sync's problem), what waits in the
tray, last sync, queue, rate limit, spend, today's count.

On a narrow terminal the least useful parts go first (calls left, last sync,
today's count), so the queue, the spend and the tray always show."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual import events, work
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
    handed: int = 0  # waiting in the tray, to finish in the browser


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
        queued = len(svc.store.outbox.items(frozenset({OutboxState.QUEUED, OutboxState.SENDING})))
        # The same count as the Today view's, from one indexed range query
        # rather than every outbox row ever sent.
        day = svc.store.today.day_counts(start_of_day, start_of_day + timedelta(days=1))
        today = day.replies + day.likes + day.thanks
        spend = svc.store.usage.month_spend(now)
        handed = len(svc.store.outbox.items(frozenset({OutboxState.HANDED})))
        self.post_message(self._Counted(LocalCounts(queued, spend, today, handed)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward(self, event)

    def on_status_bar__counted(self, message: _Counted) -> None:
        message.stop()
        self._counts = message.counts
        self._redraw()

    def on_resize(self, _: events.Resize) -> None:
        self._redraw()

    def _redraw(self, _: object = None) -> None:
        svc = services(self)
        status: SyncStatus | None = getattr(self.app, "sync_status", None)
        controller = svc.controller
        self.update(
            describe(
                status,
                self._counts,
                controller is not None,
                svc.now(),
                width=self.content_region.width or None,
                network=controller.network_name if controller is not None else "the network",
                tray_key=self._tray_key(),
            )
        )

    def _tray_key(self) -> str:
        """The key that opens the tray, as the user's keymap has it."""
        return bound_key(services(self).config.keymap, "app.tray", "F")


def bound_key(keymap: Mapping[str, str], binding_id: str, default: str) -> str:
    """The first key bound to ``binding_id``: the user's keymap, else the default."""
    from textual.keys import format_key

    keys = keymap.get(binding_id) or default
    return format_key(keys.split(",")[0].strip())


_SEP = "  ·  "
# Parts dropped first when the line is too wide, most expendable first.
_EXPENDABLE = ("calls", "synced", "today", "paused")


def describe(
    status: SyncStatus | None,
    counts: LocalCounts,
    has_controller: bool,
    now: datetime,
    *,
    width: int | None = None,
    network: str = "the network",
    tray_key: str | None = None,
) -> str:
    parts: dict[str, str] = {}
    if not has_controller:
        parts["head"] = "○ no account (offline)"
    elif status is None or not status.online:
        parts["head"] = "○ offline"
    elif status.message:
        # The sync side's problem (the database cannot be written, ...) is
        # what the user needs to see, not "online".
        parts["head"] = f"▲ {status.message}"
    else:
        parts["head"] = "● syncing" if status.syncing else "● online"
    if counts.handed:
        key = f" ({tray_key})" if tray_key else ""
        parts["tray"] = f"{counts.handed} to finish on {network}{key}"
    if status is not None and status.last_sync_at is not None:
        parts["synced"] = f"synced {ago_words(status.last_sync_at, now)}"
    elif has_controller:
        parts["synced"] = "not synced yet"
    queued = counts.queued
    parts["queued"] = f"{queued} queued" if queued else "nothing queued"
    if status is not None and status.rate_remaining is not None:
        parts["calls"] = f"{status.rate_remaining} calls left"
    if status is not None and status.paused:
        until = min(status.paused.values())
        wait = max(int((until - now) / timedelta(minutes=1)), 0)
        parts["paused"] = f"paused {wait}m (rate limit)"
    spend = max(counts.month_spend, status.month_spend_usd if status else 0.0)
    parts["spend"] = (
        status.free_words if status and status.free_words else f"${spend:.2f} this month"
    )
    parts["today"] = f"{counts.today} today"
    if width is None:
        return _SEP.join(parts.values())
    for name in _EXPENDABLE:
        if cell_len(_SEP.join(parts.values())) <= width:
            break
        parts.pop(name, None)
    if "tray" in parts and cell_len(_SEP.join(parts.values())) > width:
        parts["tray"] = f"{counts.handed} to finish"
    # What is left over goes to the first part, cut with an ellipsis.
    rest = cell_len(_SEP.join(p for name, p in parts.items() if name != "head")) + len(_SEP)
    room = max(width - rest, 2)
    head = parts["head"]
    if cell_len(head) > room:
        parts["head"] = _cut(head, room)
    return _SEP.join(parts.values())


def _cut(words: str, room: int) -> str:
    out = ""
    for char in words:
        if cell_len(out + char) > room - 1:
            break
        out += char
    return out + "…"
