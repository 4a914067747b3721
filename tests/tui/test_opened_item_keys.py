"""Inside an opened item every triage key works and moves on, and help lists them."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from engage_tui.domain import Handled, TriageState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.screens.help import HelpScreen
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.inbox_list import InboxList
from tests.tui.helpers import go_to, inbox_ready, settle, until

SIZE = (120, 40)


def state_of(store: Store, nid: str) -> tuple[TriageState, Handled | None]:
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    note = next(r.notification for r in rows if r.notification.id == nid)
    return note.state, note.handled


async def open_item(
    pilot: Pilot[Any], app: EngageApp, nid: str
) -> tuple[ConversationScreen, InboxList]:
    """Open ``nid`` from the inbox: the opened item, and the list under it."""
    listing = await inbox_ready(pilot)
    await go_to(pilot, nid)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "conversation")
    screen = app.screen
    assert isinstance(screen, ConversationScreen)
    return screen, listing


async def test_e_in_an_opened_item_marks_it_done_and_shows_the_next(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, listing = await open_item(pilot, app, "n-mention-ana")
        await pilot.press("e")
        await settle(pilot)
        assert state_of(store, "n-mention-ana") == (TriageState.DONE, None)
        assert screen.is_current and screen.row.notification.id == "n-reply-bo"
        assert all(r.notification.id != "n-mention-ana" for r in listing.rows)


async def test_u_in_an_opened_item_brings_the_item_back_and_shows_it(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, _listing = await open_item(pilot, app, "n-mention-ana")
        await pilot.press("e")
        await settle(pilot)
        assert screen.row.notification.id == "n-reply-bo"
        await pilot.press("u")
        await until(pilot, lambda: screen.row.notification.id == "n-mention-ana", "the item back")
        assert state_of(store, "n-mention-ana") == (TriageState.NEW, None)
        assert screen.is_current


async def test_u_after_a_like_in_an_opened_item_shows_the_liked_item_again(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, _listing = await open_item(pilot, app, "n-mention-ana")
        await pilot.press("l")
        await settle(pilot)
        assert screen.row.notification.id == "n-reply-bo"
        await pilot.press("u")
        await until(pilot, lambda: screen.row.notification.id == "n-mention-ana", "the item back")
        assert state_of(store, "n-mention-ana") == (TriageState.NEW, None)


async def test_t_on_one_person_in_an_opened_item_thanks_and_shows_the_next(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, listing = await open_item(pilot, app, "n-follow-dee")
        after = listing.rows[listing.cursor + 1].notification.id
        await pilot.press("t")
        await until(pilot, lambda: screen.query_one(Composer).is_open, "composer")
        await pilot.press(*"welcome!", "ctrl+s")
        await settle(pilot)
        assert state_of(store, "n-follow-dee") == (TriageState.DONE, Handled.THANKED)
        assert screen.row.notification.id == after


async def test_the_help_of_an_opened_item_lists_every_triage_key(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, app, "n-mention-ana")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        keys = str(app.screen.query_one("#help-keys").render())
        for binding in (
            "conversation.reply",
            "conversation.like",
            "conversation.thank",
            "conversation.done",
            "app.undo",
        ):
            assert binding in keys
