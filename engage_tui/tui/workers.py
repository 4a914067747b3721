"""The one way the TUI reads off the UI thread: a described thread worker.

Every pane, the composer and the status bar read the store in thread
workers that never crash the app (``exit_on_error=False``), each newer one
replacing the one before in its group (``exclusive``), and each with a
``description`` in the user's words ("load your drafts"): a failure's notice
is built from it (see failures.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec

from textual import work

if TYPE_CHECKING:
    from textual.worker import Worker

P = ParamSpec("P")


def reads(
    description: str, *, group: str, exclusive: bool = True
) -> Callable[[Callable[P, None]], Callable[P, Worker[None]]]:
    """Run the method in a thread worker of ``group``; ``description`` says
    what it does, as the end of "Could not …"."""
    return work(
        thread=True,
        group=group,
        exclusive=exclusive,
        exit_on_error=False,
        description=description,
    )
