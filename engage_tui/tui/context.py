"""What every screen needs from the app: config, store, controller, clock, undo.

The App builds one ``Services`` and screens reach it through ``services(node)``,
so no module-level singletons exist and tests can build their own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from engage_tui.config import Config
    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController


def utc_now() -> datetime:
    return datetime.now(UTC)


class UndoEntry(NamedTuple):
    """One undoable local action; ``undo`` reverts it and returns what to tell the user."""

    label: str
    undo: Callable[[], str]


# A plain class, not a dataclass: dataclasses compile their methods when the
# module is imported (~1 ms each), and this one is built once per app.
class Services:
    __slots__ = ("clock", "config", "controller", "likes", "store", "undo_log")

    def __init__(
        self,
        config: Config,
        store: Store,
        controller: SyncController | None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.config = config
        self.store = store
        self.controller = controller
        self.clock = clock
        self.undo_log: list[UndoEntry] = []
        # post id -> liked by the owner, learnt from the outbox on first use
        self.likes: dict[str, bool] | None = None

    def now(self) -> datetime:
        return self.clock()

    def push_undo(self, label: str, undo: Callable[[], str]) -> None:
        self.undo_log.append(UndoEntry(label, undo))
        del self.undo_log[:-50]

    def wake(self) -> None:
        """The outbox changed: let the sync side look at it (no-op offline)."""
        if self.controller is not None:
            self.controller.wake()


def services(node: DOMNode) -> Services:
    """The app's Services, from any widget or screen."""
    return node.app.services  # type: ignore[attr-defined,no-any-return]
