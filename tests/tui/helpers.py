"""Waiting on the app without sleeping: drain workers and messages, poll with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

import pytest
from textual.app import App
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.screens.search import SearchScreen
from engage_tui.tui.widgets.inbox_list import InboxList

DEADLINE_S = 30.0  # generous: a hung app fails, a slow shared machine does not

M = TypeVar("M", bound=Message)


class Heard:
    """The messages an app handled, for ``run_test(message_hook=heard)``."""

    def __init__(self) -> None:
        # Held, not counted by id(): no two live messages share an id().
        self._messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        # A bubbling message passes several nodes: keep each once.
        if all(m is not message for m in self._messages):
            self._messages.append(message)

    def of(self, kind: type[M]) -> list[M]:
        return [m for m in self._messages if isinstance(m, kind)]

    def clear(self) -> None:
        self._messages.clear()


async def drain(pilot: Pilot[Any]) -> None:
    """Wait for running workers (an exclusive one replaced by a newer one is
    fine) and for the local writes queued so far to land."""
    app = pilot.app
    if isinstance(app, EngageApp):
        queue = app.services.writes
        deadline = time.monotonic() + DEADLINE_S
        # A queue stuck on a failing database is what some tests look at.
        while not queue.flush(0.05) and not queue.stuck:
            assert time.monotonic() < deadline, "local writes never landed"
    for _ in range(10):
        try:
            await app.workers.wait_for_complete()
            return
        except (WorkerCancelled, WorkerFailed):
            # A failed worker is the app's to report (failures.py), not the wait's.
            continue


async def settle(pilot: Pilot[Any]) -> None:
    """Let pending workers finish and their messages be handled."""
    for _ in range(3):
        await drain(pilot)
        await pilot.pause()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Process events until ``condition`` holds (a poll with a deadline, not a sleep)."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await drain(pilot)
        await pilot.pause(0.02)


def inbox(app: EngageApp) -> InboxList:
    return app.screen.query_one(InboxList)


async def inbox_ready(pilot: Pilot[Any]) -> InboxList:
    app = pilot.app
    assert isinstance(app, EngageApp)
    await until(pilot, lambda: bool(app.screen.query(InboxList)) and inbox(app).loaded, "inbox")
    return inbox(app)


def row_index(app: EngageApp, notification_id: str) -> int:
    rows = inbox(app).rows
    for n, row in enumerate(rows):
        if notification_id in (row.notification.id, *row.group_ids):
            return n
    raise AssertionError(f"{notification_id} not in the inbox")


async def go_to(pilot: Pilot[Any], notification_id: str) -> None:
    app = pilot.app
    assert isinstance(app, EngageApp)
    target = row_index(app, notification_id)
    listing = inbox(app)
    while listing.cursor < target:
        await pilot.press("j")
    while listing.cursor > target:
        await pilot.press("k")
    assert listing.current is not None


async def open_item(pilot: Pilot[Any], notification_id: str) -> ConversationScreen:
    """Open an inbox item as the user does (walk to it, enter): its conversation."""
    app = pilot.app
    await inbox_ready(pilot)
    await go_to(pilot, notification_id)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "conversation")
    screen = app.screen
    assert isinstance(screen, ConversationScreen)
    return screen


# Every toast an app was asked to show, in order, heard as Textual's Notify
# message: tests read what the user was told, not the app's private list.
_TOASTS: WeakKeyDictionary[App[Any], list[str]] = WeakKeyDictionary()


def hear_toasts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every ``run_test`` in this test keep its app's toasts for ``toasts()``,
    beside any ``message_hook`` the test gives it."""
    run_test = App.run_test

    def hearing(
        self: App[Any], *args: Any, message_hook: Callable[[Message], None] | None = None, **kw: Any
    ) -> Any:
        said = _TOASTS.setdefault(self, [])

        def hook(message: Message) -> None:
            if isinstance(message, Notify):
                said.append(str(message.notification.message))
            if message_hook is not None:
                message_hook(message)

        return run_test(self, *args, message_hook=hook, **kw)

    monkeypatch.setattr(App, "run_test", hearing)


def toasts(app: App[Any]) -> list[str]:
    """Every toast the app was asked to show since it started, oldest first."""
    assert app in _TOASTS, "toasts are heard in tests/tui only (its conftest hears them)"
    return list(_TOASTS[app])


def notices(app: EngageApp) -> list[str]:
    """What the app told the user: its toasts, and the pane's notice line."""
    from engage_tui.tui.widgets.notices import NoticeLine

    return toasts(app) + [line.words for line in app.screen.query(NoticeLine) if line.words]


async def search_for(pilot: Pilot[Any], words: str) -> SearchScreen:
    """Search the cache from the inbox as the user does (/, the words, enter),
    once the search has found something."""
    app = pilot.app
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(app.screen, SearchScreen), "search")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*words, "enter")
    await until(pilot, lambda: bool(screen.hits), "hits")
    return screen
