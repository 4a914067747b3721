"""What every screen needs from the app: config, store, controller, clock, undo.

The App builds one ``Services`` and screens reach it through ``services(node)``,
so no module-level singletons exist and tests can build their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from engage_tui.config import Config
    from engage_tui.domain import OutboxItem
    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController
    from engage_tui.tui.writes import Report, WriteQueue


def utc_now() -> datetime:
    return datetime.now(UTC)


# Runs in the write that takes a queued answer back, only if it was in time.
Then = Callable[["Store"], object]


class UndoEntry(NamedTuple):
    """One undoable local action; ``undo`` reverts it and returns what to tell
    the user (None when the write's outcome will say it)."""

    label: str
    undo: Callable[[], str | None]
    # Inbox items the undo brings back: the inbox's cursor goes to them.
    reveal: tuple[str, ...] = ()
    # A queued answer's undo that also runs ``then`` when the answer was
    # cancelled in time: what the answer finished comes back with it, or not at all.
    cancel_with: Callable[[Then], None] | None = None


def cancelling(queued: list[OutboxItem], then: Then | None) -> Callable[[Store], bool]:
    """The write that cancels the queued item (``queued``, filled when it was
    queued) and, only if that was in time, runs ``then``. Tried again after a
    failed write, it does not cancel twice."""
    cancelled: list[bool] = []

    def write(store: Store) -> bool:
        if not cancelled:
            cancelled.append(bool(queued) and store.outbox.cancel(queued[0].id))
        if cancelled[0] and then is not None:
            then(store)
        return cancelled[0]

    return write


# A plain class, not a dataclass: dataclasses compile their methods when the
# module is imported (~1 ms each), and this one is built once per app.
class Services:
    __slots__ = (
        "_report",
        "_writes",
        "clock",
        "config",
        "controller",
        "likes",
        "notify",
        "store",
        "undo_log",
    )

    def __init__(
        self,
        config: Config,
        store: Store,
        controller: SyncController | None,
        clock: Callable[[], datetime] = utc_now,
        report: Callable[[Report], None] | None = None,
        notify: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.config = config
        # Tells the user something (on the UI thread), e.g. when a write lands.
        self.notify = notify
        self.store = store
        self._report: Callable[[Report], None] = report or (lambda _: None)
        self._writes: WriteQueue | None = None
        self.controller = controller
        self.clock = clock
        self.undo_log: list[UndoEntry] = []
        # post id -> liked by the owner, learnt from the outbox on first use
        self.likes: dict[str, bool] | None = None

    def now(self) -> datetime:
        return self.clock()

    @property
    def writes(self) -> WriteQueue:
        """The one queue every local write goes through (see writes.py).

        Made on first use: nothing is written before the first frame."""
        if self._writes is None:
            from engage_tui.tui.writes import WriteQueue

            self._writes = WriteQueue(self.store, self._report)
        return self._writes

    def write(
        self,
        what: str,
        run: Callable[[Store], Any],
        *,
        landed: Callable[[Any], None] | None = None,
        words: str | None = None,
        words_key: str | None = None,
        refresh: bool = True,
    ) -> None:
        """Queue a local write; it lands in order, off the UI thread."""
        from engage_tui.tui.writes import Write

        self.writes.submit(Write(what, run, landed, words, words_key, refresh))

    def push_undo(
        self,
        label: str,
        undo: Callable[[], str | None],
        *,
        reveal: tuple[str, ...] = (),
        cancel_with: Callable[[Then], None] | None = None,
    ) -> None:
        self.undo_log.append(UndoEntry(label, undo, reveal, cancel_with))
        del self.undo_log[:-50]

    def wake(self) -> None:
        """The outbox changed: let the sync side look at it once the writes
        queued so far have landed, not before (no-op offline)."""
        if (controller := self.controller) is not None:
            self.write("wake", lambda _: None, landed=lambda _: controller.wake(), refresh=False)


def services(node: DOMNode) -> Services:
    """The app's Services, from any widget or screen of an app that has them."""
    found = getattr(node.app, "services", None)
    if not isinstance(found, Services):
        raise TypeError(f"{type(node.app).__name__} gives its screens no engage Services")
    return found
