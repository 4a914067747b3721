"""Hand-overs wait in a tray: counted in the status bar, opened with one key,
never taking the keyboard by themselves, marked done by hand."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from engage_tui.domain import ActionKind, ActionRequest, OutboxItem, OutboxState, Route
from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent
from engage_tui.tui.app import EngageApp
from engage_tui.tui.link import LinkScreen
from engage_tui.tui.messages import SyncEventArrived
from engage_tui.tui.screens.inbox import InboxScreen
from engage_tui.tui.screens.tray import TrayScreen, finish_words
from engage_tui.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, settle, toasts, until
from tests.tui.world import NOW

LIKE_URL = "https://x.com/intent/like?tweet_id=301"
REPLY_URL = "https://x.com/intent/tweet?in_reply_to=302&text=so%20true"


def hand(store: Store, kind: ActionKind, target: str, url: str, text: str = "") -> OutboxItem:
    """An item the sync side handed over (as on the pay-per-use plan)."""
    item = store.outbox.enqueue(
        ActionRequest(kind, send_after=NOW, target_post_id=target, text=text, at=NOW, network="x")
    )
    assert store.outbox.finish(item, OutboxState.HANDED, at=NOW, intent_url=url, route=Route.INTENT)
    handed = store.outbox.get(item.id)
    assert handed is not None
    return handed


def status_text(app: EngageApp) -> str:
    return str(app.screen.query_one(StatusBar).render())


async def open_tray(pilot: Pilot[Any]) -> TrayScreen:
    app = pilot.app
    await pilot.press("F")
    await until(pilot, lambda: isinstance(app.screen, TrayScreen), "the tray")
    tray = app.screen
    assert isinstance(tray, TrayScreen)
    await settle(pilot)
    return tray


async def test_a_hand_over_waits_in_the_tray_without_taking_the_keyboard(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        item = hand(store, ActionKind.LIKE, "301", LIKE_URL)
        app.post_message(SyncEventArrived(SyncEvent("handed", item=item)))
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert app.clipboard != LIKE_URL
        await until(pilot, lambda: "1 to finish on" in status_text(app), "the tray count")
        assert "(F)" in status_text(app)


async def test_enter_in_the_tray_opens_the_item_and_enter_closes_the_link(
    app: EngageApp, store: Store
) -> None:
    hand(store, ActionKind.LIKE, "301", LIKE_URL)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        tray = await open_tray(pilot)
        assert "1 to finish on" in str(tray.query_one("#tray-title").render())
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LinkScreen), "the link")
        assert app.clipboard == LIKE_URL
        assert "press Like there" in str(app.screen.query_one("#link-why").render())
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is tray, "back in the tray")


async def test_n_opens_the_items_one_after_the_other(app: EngageApp, store: Store) -> None:
    hand(store, ActionKind.LIKE, "301", LIKE_URL)
    hand(store, ActionKind.REPLY, "302", REPLY_URL, text="so true")
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        tray = await open_tray(pilot)
        opened: list[str | None] = []
        for _ in range(2):
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, LinkScreen), "a link")
            opened.append(app.clipboard)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is tray, "back in the tray")
        assert opened == [LIKE_URL, REPLY_URL]
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is tray  # nothing left to open: it says so instead


async def test_marking_an_item_done_counts_it_today(app: EngageApp, store: Store) -> None:
    item = hand(store, ActionKind.LIKE, "301", LIKE_URL)
    day = (NOW - timedelta(hours=12), NOW + timedelta(hours=12))
    assert (store.today.day_counts(*day).likes, store.today.day_counts(*day).pending) == (0, 1)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        tray = await open_tray(pilot)
        await pilot.press("d")
        await settle(pilot)
        await until(pilot, lambda: not tray.items, "the tray to empty")
        assert "Nothing to finish on" in str(tray.query_one("#tray-title").render())
        assert "marked done" in str(tray.query_one("#tray-note").render())
        assert not [words for words in toasts(app) if "marked done" in words]
        await pilot.press("escape")
        await until(pilot, lambda: "to finish on" not in status_text(app), "the count to go")
    assert store.outbox.get(item.id).state is OutboxState.SENT  # type: ignore[union-attr]
    assert (store.today.day_counts(*day).likes, store.today.day_counts(*day).pending) == (1, 0)


def test_every_kind_of_item_says_what_to_press() -> None:
    def words(kind: ActionKind) -> str:
        item = OutboxItem(
            id=1, kind=kind, state=OutboxState.HANDED, created_at=NOW, send_after=NOW, network="x"
        )
        return finish_words(item, "X")

    assert "press Like" in words(ActionKind.LIKE)
    assert "Take back your like" in words(ActionKind.UNLIKE)
    assert "Post (or Like)" not in words(ActionKind.UNLIKE)
    assert "press Repost" in words(ActionKind.REPOST)
    assert "press Post" in words(ActionKind.REPLY)


async def test_escape_closes_the_tray(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await open_tray(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, InboxScreen), "the tray to close")


async def test_where_a_browser_opens_the_tray_says_so_and_stays(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import webbrowser

    # A "browser" that records the link it was given: a real process, no window.
    seen = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {seen}\n')
    script.chmod(0o755)
    monkeypatch.delenv("SSH_CONNECTION")
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read BROWSER afresh
    hand(store, ActionKind.LIKE, "301", LIKE_URL)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        tray = await open_tray(pilot)
        await pilot.press("enter")
        await until(pilot, seen.exists, "the browser to be given the link")
        await settle(pilot)
        assert app.screen is tray
        assert "Opened in your browser" in str(tray.query_one("#tray-note").render())
    assert seen.read_text() == LIKE_URL


async def test_u_takes_back_marking_an_item_done(app: EngageApp, store: Store) -> None:
    item = hand(store, ActionKind.REPLY, "300", REPLY_URL)
    day = (NOW - timedelta(hours=12), NOW + timedelta(hours=12))
    before = store.today.day_counts(*day)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        tray = await open_tray(pilot)
        await pilot.press("d")
        await until(pilot, lambda: not tray.items, "the tray to empty")
        assert store.outbox.get(item.id).state is OutboxState.SENT  # type: ignore[union-attr]
        await pilot.press("u")
        await settle(pilot)
        await until(pilot, lambda: [i.id for i in tray.items] == [item.id], "it to come back")
        await until(
            pilot,
            lambda: "waits in the tray again" in str(tray.query_one("#tray-note").render()),
            "the tray to say so",
        )
    assert store.outbox.get(item.id).state is OutboxState.HANDED  # type: ignore[union-attr]
    assert store.today.day_counts(*day) == before
