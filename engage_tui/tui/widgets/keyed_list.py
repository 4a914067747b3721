"""The short lists of the panes (drafts, prospects, Today's thank queue, the
tray, search results, a person's history, the inbox filter): an OptionList
that holds the items its rows stand for, moves with j and k, and keeps its
highlight on the same item across a reload.

A pane hands it the items and their lines (``show``) and asks it for the one
under the highlight (``current``); it never keeps a list of its own beside an
index into this one. A pane draws its first frame before its rows are read:
``loading_line`` says so, in one line, if the rows are slow to come.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, Literal, TypeVar

from rich.console import RenderableType
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")

# Where the highlight goes when the rows are replaced: on the same item
# (by key; else the first row), at the same place (as near as the new rows
# allow; the first row if none was highlighted), on the first row, or (for a
# list read more than acted on) at the same place only if one was highlighted.
Keep = Literal["item", "place", "first", "unmoved"]

# Rows that come sooner than this show no "loading" line at all: a flash of
# it on every quick open would be noise, not news.
LOADING_AFTER_S = 0.15


class KeyedList(OptionList, Generic[T]):
    DEFAULT_CSS = """
    KeyedList {
        height: 1fr;
        border: none;
        padding: 0;
    }

    KeyedList:focus {
        border: none;
    }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="list.down", show=False),
        Binding("k", "cursor_up", "Up", id="list.up", show=False),
    ]

    def __init__(
        self,
        *,
        key: Callable[[T], Hashable] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``key``: what makes an item the same one after a reload (``keep="item"``)."""
        super().__init__(id=id, classes=classes)
        self._key = key
        # One list for the widget's life, changed in place: a pane may name it.
        self.items: list[T] = []
        # Rows were shown at least once (a reload then keeps them on screen
        # until the new ones come, rather than saying "loading").
        self.filled = False
        self._loading_timer: Timer | None = None

    @property
    def current(self) -> T | None:
        """The item under the highlight (None on an empty list's words)."""
        index = self.highlighted
        if index is None or index >= len(self.items):
            return None
        return self.items[index]

    def loading_line(self, words: RenderableType) -> None:
        """Rows are being read: if none have been shown yet and they are not
        here in a moment, ``words`` (one line) says so until they are."""
        if self.filled or self._loading_timer is not None:
            return

        def say() -> None:
            self._loading_timer = None
            if not self.filled:
                self.clear_options()
                self.add_option(Option(words))

        self._loading_timer = self.set_timer(LOADING_AFTER_S, say)

    def forget(self) -> None:
        """Drop the rows: the next ones stand for another subject (a kept pane
        shown for someone else), so ``loading_line`` may speak again."""
        self.items.clear()
        self.clear_options()
        self.filled = False

    def show(
        self,
        items: Sequence[T],
        lines: Iterable[RenderableType],
        *,
        empty: RenderableType | None = None,
        keep: Keep = "place",
    ) -> None:
        """Replace the rows with ``items``, one line each; ``empty`` is shown
        (as a row that stands for nothing) when there are none."""
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None
        self.filled = True
        place = self.highlighted
        was = self.current
        self.items[:] = items
        self.clear_options()
        self.add_options(Option(line) for line in lines)
        if not self.items:
            if empty is not None:
                self.add_option(Option(empty))
            return
        index: int | None = 0
        if keep == "item" and was is not None and self._key is not None:
            keys = [self._key(item) for item in self.items]
            index = keys.index(self._key(was)) if self._key(was) in keys else 0
        elif keep in ("place", "unmoved") and place is not None:
            index = min(place, len(self.items) - 1)
        elif keep == "unmoved":
            index = None
        self.highlighted = index

    def remove_at(self, index: int, empty: RenderableType | None = None) -> None:
        """Drop one row (done with it) without waiting for a reload; the
        highlight stays in its place, on the next row."""
        del self.items[index]
        self.remove_option_at_index(index)
        if self.items:
            self.highlighted = min(index, len(self.items) - 1)
        elif empty is not None:
            self.add_option(Option(empty))

    def index_of(self, item: T) -> int:
        return self.items.index(item)
