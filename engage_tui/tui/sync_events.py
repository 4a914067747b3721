"""What the app does with each report from the sync controller."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engage_tui.tui.messages import DataChanged

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App

    from engage_tui.sync.controller import SyncEvent


class SyncEventHandler:
    """The app keeps the status (``EngageApp.sync_status``); this tells the rest."""

    def __init__(
        self,
        app: App[Any],
        add_note: Callable[[str], None],
        sent: Callable[[str], None] | None = None,
    ) -> None:
        self.app = app
        self.add_note = add_note  # the app's banner, kept until dismissed
        # Says an item went out (the app's: in place of its "queued" notice).
        self.sent = sent or (lambda words: app.notify(words, timeout=3, markup=False))
        self.pending_pulled = 0

    def handle(self, event: SyncEvent) -> None:
        app = self.app
        kind = event.kind
        if kind in ("pulled", "stored"):
            # Shown by flush_pulled, at most once a second, however many arrive.
            self.pending_pulled += max(event.count, 1)
        elif kind == "sent":
            self.sent(_sent_words(event))
            app.post_message(DataChanged("sent"))
        elif kind == "failed":
            why = event.message or (event.item.error if event.item else None) or "unknown error"
            app.notify(f"Not sent: {why}. Your draft is kept.", severity="error", markup=False)
            app.post_message(DataChanged("failed"))
        elif kind == "handed":
            # It waits in the tray (the status bar counts it): nothing opens
            # or takes the keyboard by itself.
            app.post_message(DataChanged("handed"))
        elif kind == "error" and event.message:
            app.notify(event.message, severity="error", timeout=8, markup=False)
        elif kind == "note" and event.message:
            self.add_note(event.message)

    def flush_pulled(self) -> None:
        if self.pending_pulled:
            self.pending_pulled = 0
            self.app.post_message(DataChanged("pulled"))


def _sent_words(event: SyncEvent) -> str:
    item = event.item
    if item is None:
        return "Sent."
    return f"{item.kind.value.capitalize()} sent."
