"""What every screen needs from the app: config, store, controller, clock, undo stack.

The App builds one ``Services`` and screens reach it through ``services(node)``,
so no module-level singletons exist and tests can build their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from engage_tui.config import Config
    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController
    from engage_tui.tui.undo import Undoable, UndoStack
    from engage_tui.tui.writes import Report, WriteQueue


def utc_now() -> datetime:
    return datetime.now(UTC)


# A plain class, not a dataclass: dataclasses compile their methods when the
# module is imported (~1 ms each), and this one is built once per app.
class Services:
    __slots__ = (
        "_report",
        "_undo",
        "_writes",
        "clock",
        "config",
        "controller",
        "likes",
        "notify",
        "store",
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
        self._undo: UndoStack | None = None
        # post id -> liked by the owner, learnt from the outbox on first use
        self.likes: dict[str, bool] | None = None

    def now(self) -> datetime:
        return self.clock()

    def key(self, binding_id: str) -> str:
        """The user's key for ``binding_id``, for a message ("u to undo")."""
        from engage_tui.tui.keymap import key_name

        return key_name(self.config.keymap, binding_id)

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

    @property
    def undo(self) -> UndoStack:
        """The one stack of actions that can be taken back (see undo.py).

        Made on first use: its module is not needed before the first frame."""
        if self._undo is None:
            from engage_tui.tui.undo import UndoStack

            self._undo = UndoStack()
        return self._undo

    def push_undo(self, command: Undoable) -> None:
        self.undo.push(command)

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
