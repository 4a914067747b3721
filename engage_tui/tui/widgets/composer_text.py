"""The composer's text area: every key acts on the words in the order it was typed.

Textual inserts a typed character when the key reaches the text area's own
message queue, but runs a bound key (backspace, ctrl+w, the composer's tab
and escape) only once the key has bubbled up to the App, through the queue
of every widget between. In a burst (a paste that arrives as keystrokes, a
fast typist over SSH, a busy machine) the characters typed after a
backspace were inserted before the backspace ran: ``abc``, backspace,
``X`` typed in one burst left ``abc``, not ``abX``.
Here the bindings of the text area and of its composer run as their key
reaches this queue, so the words are the keys in order; and the composer's
actions that read the words (queue, close, $EDITOR, switch account) wait in
this same queue (``after_typed``) for every key typed before them.

While the composer reads the saved words of what it opened (a worker: no
key waits on the database), the area is held: keys, pastes and those actions
wait, in the order they came, and act once the saved words are in. The
release comes from the composer's queue, not this one, so keys typed after
the held ones may already wait in this queue by then: they join the held
ones, and what is held acts one item at a time, each before the next. An
action waiting on the keys (``after_typed``) takes its turn in this queue
too, so it is held behind every key typed before it, never ahead of one
that had not reached this queue yet.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable
from typing import Any, TypeAlias

from textual import events
from textual.widgets import TextArea

# What waits while the area is held: a key, a paste, or an action after them.
Held: TypeAlias = events.Key | events.Paste | Callable[[], object]


class ComposerText(TextArea):
    """A TextArea whose own and whose composer's key bindings act in key order."""

    def __init__(self, text: str, *, is_open: Callable[[], bool], **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self._is_open = is_open
        self._held: list[Held] | None = None
        # From the release until every held item has acted, one at a time.
        self._replaying = False
        # Opened again by a held item's action: the rest waits for that release.
        self._hold_again = False
        # The held keys and pastes handed back to this queue to act in turn.
        self._replayed: set[int] = set()
        # Keys typed after the composer closed, in the same burst.
        self._after_close: list[events.Key] = []

    @property
    def held(self) -> bool:
        return self._held is not None

    def hold(self) -> None:
        """Keep what is typed from now on, in order, until ``release``."""
        # Keys typed after the last close, in the same burst, are the first
        # words of this opening (the next item, after ctrl+s).
        kept: list[Held] = [*self._after_close]
        self._after_close = []
        if self._held is None:
            self._held = kept
            return
        self._held[:0] = kept
        if self._replaying:
            self._hold_again = True

    def release(self) -> None:
        """Let what was typed while held act now, in the order it came."""
        if self._held is None:
            return
        if self._replaying:
            # Released before the pause it asked for: the held items go on.
            self._hold_again = False
            return
        self._replaying = True
        # Behind whatever waits in this queue already: those keys were typed
        # after the held ones, so they reach on_key first and join them.
        self.call_later(self._act_next)

    def take_keys(self, keys: list[events.Key]) -> None:
        """Keys typed for the words that reached another widget first."""
        for key in keys:
            self.post_message(events.Key(key.key, key.character))

    def _act_next(self) -> None:
        if self._hold_again:
            self._hold_again = self._replaying = False
            return
        held = self._held
        if not held:
            self._held, self._replaying = None, False
            self._replayed.clear()
            return
        item = held.pop(0)
        if isinstance(item, events.Key | events.Paste):
            # A fresh event: the held one has been handled (stopped).
            copy = (
                events.Key(item.key, item.character)
                if isinstance(item, events.Key)
                else events.Paste(item.text)
            )
            self._replayed.add(id(copy))
            self.post_message(copy)
        else:
            self.call_later(item)
        self.call_later(self._act_next)

    def _in_its_turn(self, event: events.Key | events.Paste) -> bool:
        if id(event) in self._replayed:
            self._replayed.discard(id(event))
            return True
        return False

    def on_paste(self, event: events.Paste) -> None:
        if not self._in_its_turn(event) and self._held is not None:
            # Kept from the text area's own handler (prevent_default).
            event.stop()
            event.prevent_default()
            self._held.append(event)

    async def on_key(self, event: events.Key) -> None:
        if (
            not self._in_its_turn(event)
            and self._held is not None
            and (self._replaying or self._is_open())
        ):
            event.stop()
            event.prevent_default()
            self._held.append(event)
            return
        await self._act(event)

    async def _act(self, event: events.Key) -> None:
        if not self._is_open():
            # Typed after ctrl+s or escape in the same burst: the key reached
            # this queue before the keyboard left the closed composer. It is
            # meant for what comes after: kept, in order, until the keyboard
            # has gone on (then the app hands them on) or the composer opened
            # again for the next item (then they are its words). Sent back
            # one by one while this area still had the keyboard, they came
            # back here behind each other and went on rotated.
            event.stop()
            event.prevent_default()
            self._after_close.append(event)
            if len(self._after_close) == 1:
                self.call_after_refresh(self._hand_on)
            return
        if event.is_printable:
            return  # a character: the text area inserts it (no binding here takes one)
        parent = self.parent
        active = self.screen.active_bindings.get(event.key)
        # A priority binding ran when the key reached the App (and the
        # composer's defer their reading of the words to this queue).
        if active is None or active.binding.priority or active.node not in (self, parent):
            return
        event.stop()
        event.prevent_default()
        if active.enabled:
            await self.app.run_action(active.binding.action, active.node)

    def _hand_on(self) -> None:
        keys, self._after_close = self._after_close, []
        if not keys:
            return
        if self._is_open():
            # Opened again (the next item): the words typed for it, first.
            if self._held is not None:
                self._held[:0] = keys
            else:
                self.take_keys(keys)
            return
        if self.has_focus:
            # The keyboard has not gone on yet: wait for it, keys in order.
            self._after_close = keys + self._after_close
            self.set_timer(0.02, self._hand_on)
            return
        for key in keys:
            self.app.post_message(events.Key(key.key, key.character))

    def after_typed(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once every key that reached the app before now has
        acted on the words: keys are handed to this queue in the order typed.
        (Its callers are priority bindings: they run as their key reaches the
        app, so the callback takes its turn in this queue behind those keys.)"""
        self.call_later(self._take_turn, callback)

    async def _take_turn(self, callback: Callable[[], object]) -> None:
        # Every key typed before the callback was asked for has reached
        # on_key by now (acted, or held): held, it waits behind them; else it
        # runs now, before the keys typed after it that wait in this queue.
        if self._held is not None:
            self._held.append(callback)
            return
        result = callback()
        if isawaitable(result):
            await result
