"""Undo is a command: each action that can be taken back pushes one object
that knows how, onto one stack (``Services.undo``); `u` pops the newest and
runs it.

Every undo is a local write like the action it takes back, queued behind it
on the write queue's one thread, so it lands after the action whatever the
timing. What the action learnt while landing (the outbox row it queued, the
items it finished) is kept in a ``Slot``: filled by the action's write and
read by the undo's write, both on that thread, in that order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from engage_tui.domain import TriageState

if TYPE_CHECKING:
    from datetime import datetime

    from engage_tui.domain import OutboxItem
    from engage_tui.store import Store

T = TypeVar("T")

# How many actions can be taken back, newest first.
UNDO_DEPTH = 50

# Runs in the write that takes a queued answer back, only if it was in time.
Then = Callable[["Store"], object]


class Services(Protocol):
    """What a command needs of the app's Services (context.py, which holds the stack)."""

    notify: Callable[[str], None]

    def now(self) -> datetime: ...

    def write(
        self,
        what: str,
        run: Callable[[Store], Any],
        *,
        landed: Callable[[Any], None] | None = None,
    ) -> None: ...


class Slot(Generic[T]):
    """One value a write fills and a later write reads (see the module's doc)."""

    __slots__ = ("_lock", "_value")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: T | None = None

    def fill(self, value: T) -> T:
        with self._lock:
            self._value = value
        return value

    def get(self) -> T | None:
        with self._lock:
            return self._value


class Undoable(Protocol):
    """One action that can be taken back."""

    @property
    def label(self) -> str: ...

    @property
    def reveal(self) -> tuple[str, ...]:
        """Inbox items the undo brings back: the cursor goes to them."""
        ...

    def undo(self, svc: Services) -> str | None:
        """Take the action back; what to tell the user (None: the write says it when it lands)."""
        ...


class UndoStack:
    """The actions that can be taken back, newest on top, at most ``UNDO_DEPTH``."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: list[Undoable] = []

    def push(self, command: Undoable) -> None:
        self._items.append(command)
        del self._items[:-UNDO_DEPTH]

    def pop(self) -> Undoable | None:
        return self._items.pop() if self._items else None

    def __len__(self) -> int:
        return len(self._items)


@dataclass(slots=True)
class QueuedSend:
    """A like, unlike, reply or post in its undo window: undo cancels the
    outbox row, unless the sync side has taken it to send."""

    label: str  # "like", "queue reply"
    word: str  # "Like", "Reply": what the user is told was cancelled
    item: Slot[OutboxItem] = field(default_factory=Slot)
    cancelled_words: str = ""  # told when it was in time ("" : "<Word> cancelled.")
    # Told on the UI thread whether the cancel was in time (a like's cache follows it).
    on_cancel: Callable[[bool], None] | None = None
    reveal: tuple[str, ...] = ()

    def undo(self, svc: Services) -> str | None:
        self.cancel(svc, None)
        return None

    def cancel(self, svc: Services, then: Then | None) -> None:
        """Cancel the row and, only if that was in time, run ``then`` in the same write."""
        decided = Slot[bool]()  # a write tried again does not cancel twice

        def write(store: Store) -> bool:
            done = decided.get()
            if done is None:
                queued = self.item.get()
                done = decided.fill(queued is not None and store.outbox.cancel(queued.id))
            if done and then is not None:
                then(store)
            return done

        def landed(done: bool) -> None:
            if self.on_cancel is not None:
                self.on_cancel(done)
            svc.notify(
                (self.cancelled_words or f"{self.word} cancelled.")
                if done
                else f"Too late to undo: the {self.word.lower()} is already on its way."
            )

        svc.write(f"undo the {self.word.lower()}", write, landed=landed)


@dataclass(slots=True)
class BackToNew:
    """Items marked done (``e``) go back to new."""

    ids: tuple[str, ...]
    label: str = "done"

    @property
    def reveal(self) -> tuple[str, ...]:
        return self.ids

    def undo(self, svc: Services) -> str:
        back, ids = svc.now(), list(self.ids)
        svc.write(
            "undo mark done", lambda store: store.inbox.set_triage(ids, TriageState.NEW, back)
        )
        return "Back in the inbox."


@dataclass(slots=True)
class Unsnooze:
    """Snoozed items are new again, where they were."""

    ids: tuple[str, ...]
    label: str = "snooze"

    @property
    def reveal(self) -> tuple[str, ...]:
        return self.ids

    def undo(self, svc: Services) -> str:
        back, ids = svc.now(), list(self.ids)
        svc.write("undo the snooze", lambda store: store.inbox.unsnooze(ids, back))
        return "Snooze undone: back in the inbox."


@dataclass(slots=True)
class ProspectAdded:
    person_id: str
    name: str  # the @handle, as shown
    # Whether the add added them (False: they already were a prospect, and
    # undo leaves them there); filled by the add's write, read by the undo's.
    added: Slot[bool] = field(default_factory=Slot)
    label: str = "add prospect"
    reveal: tuple[str, ...] = ()

    def undo(self, svc: Services) -> str:
        person_id, added = self.person_id, self.added

        def remove(store: Store) -> None:
            if added.get() is True:
                store.prospects.remove(person_id)

        svc.write(f"remove {self.name} from prospects", remove)
        return f"{self.name} removed from prospects."


@dataclass(slots=True)
class Finished:
    """An answer (or a thank) that finished inbox items: one undo takes back
    both. The items come back only if the answer was stopped in time, so an
    item whose reply went out never asks to be answered again."""

    answer: Undoable | None  # the queued reply or like it finished with
    finished: Slot[list[str]]  # what the finishing write marked done
    reveal: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.answer.label if self.answer is not None else "done"

    def undo(self, svc: Services) -> str | None:
        back = svc.now()

        def unfinish(store: Store) -> None:
            store.inbox.set_triage(self.finished.get() or [], TriageState.NEW, back)

        if isinstance(self.answer, QueuedSend):
            self.answer.cancel(svc, unfinish)
            return None
        svc.write("undo mark done", unfinish)
        return self.answer.undo(svc) if self.answer is not None else "Back in the inbox."


@dataclass(slots=True)
class Callback:
    """A pane's own undo (a discarded draft, a removed prospect, a tray item
    marked done): what to run, and what it returns to tell the user."""

    label: str
    run: Callable[[], str | None]
    reveal: tuple[str, ...] = ()

    def undo(self, svc: Services) -> str | None:
        return self.run()
