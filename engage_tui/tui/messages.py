"""App-wide messages. Widget-specific ones live nested in their widget class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from engage_tui.sync.controller import SyncEvent
    from engage_tui.tui.writes import Report


class SyncEventArrived(Message):
    """The sync controller reported something (posted from its thread)."""

    def __init__(self, event: SyncEvent) -> None:
        super().__init__()
        self.event = event


class DataChanged(Message):
    """Rows in the store changed (a local write, or a batch of pulled rows)."""

    def __init__(self, reason: str = "local") -> None:
        super().__init__()
        self.reason = reason


class WriteReported(Message):
    """The write queue landed a write, or is stuck, or is free again (posted from its thread)."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


class QuitBehindKeys(Message):
    """Posted to the focused widget by the quit key: it bubbles up to the app
    by the path a key takes, so it reaches the app behind every key typed
    before it, including keys the app acts on (``u`` typed just before
    ``ctrl+q`` undoes before the app quits)."""


class WorkFailed(Message):
    """Work off the UI thread failed (see failures.py)."""

    def __init__(self, what: str, error: BaseException) -> None:
        super().__init__()
        self.what = what
        self.error = error
