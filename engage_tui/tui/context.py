"""What every screen needs from the app: config, store, controller, clock, undo.

The App builds one ``Services`` and screens reach it through ``services(node)``,
so no module-level singletons exist and tests can build their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.sync.controller import SyncController

if TYPE_CHECKING:
    from textual.dom import DOMNode


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class UndoEntry:
    """One undoable local action; ``undo`` reverts it and returns what to tell the user."""

    label: str
    undo: Callable[[], str]


@dataclass(slots=True)
class Services:
    config: Config
    store: Store
    controller: SyncController | None
    clock: Callable[[], datetime] = utc_now
    undo_log: list[UndoEntry] = field(default_factory=list)
    # post id -> liked by the owner, learnt from the outbox on first use
    likes: dict[str, bool] | None = None

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
