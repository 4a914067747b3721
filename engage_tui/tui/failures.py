"""One path for work that failed off the UI thread.

Panes load in thread workers that never crash the app (``exit_on_error=False``).
Textual tells the node that ran a worker when it fails (``Worker.StateChanged``,
which does not bubble); each such node forwards the failure here, and the app
turns it into one plain notice, so a pane never shows an empty list and no word.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import Worker, WorkerState

from engage_tui.store.errors import StoreError, store_error
from engage_tui.tui.messages import WorkFailed

if TYPE_CHECKING:
    from textual.dom import DOMNode

# Worker groups, in the words of what the user was waiting for.
_WHAT = {
    "inbox-count": "count the inbox",
    "inbox-page": "read the inbox",
    "today": "load Today",
    "prospects": "load your prospects",
    "prospect-posts": "load their posts",
    "person": "load this person",
    "drafts": "load your drafts",
    "search": "search",
    "status-count": "count what is queued",
    "verify": "check the database",
    "warm-up": "load the composer",
    "snooze-check": "look for snoozed items due back",
}


def forward(node: DOMNode, event: Worker.StateChanged) -> None:
    """Send a failed worker's error to the app's one handler."""
    worker = event.worker
    if event.state is WorkerState.ERROR and worker.error is not None:
        what = _WHAT.get(worker.group, "finish work in the background")
        node.app.post_message(WorkFailed(what, worker.error))


def describe(what: str, error: BaseException, database: Path) -> str:
    """One plain line: what failed, why, and what to do."""
    if isinstance(error, StoreError):
        return f"Could not {what}: {error}"
    if isinstance(error, sqlite3.Error | OSError):
        return f"Could not {what}: {store_error(error, database)}"
    return (
        f"Could not {what} ({type(error).__name__}: {error}). This is a bug in engage: "
        "what is on screen may be out of date; the log has the details."
    )
