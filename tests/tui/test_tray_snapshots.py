"""SVG snapshots of the tray and of an 80x24 terminal (look before updating)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from engage_tui.domain import ActionKind
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.tray import TrayScreen
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.test_tray import LIKE_URL, REPLY_URL, hand


def test_tray(snap_compare, app: EngageApp, store: Store) -> None:
    hand(store, ActionKind.LIKE, "301", LIKE_URL)
    hand(store, ActionKind.REPLY, "302", REPLY_URL, text="so true, and still the best way")
    hand(store, ActionKind.UNLIKE, "100", "https://x.com/owner/status/100")

    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, TrayScreen), "the tray")
        await settle(pilot)
        tray = app.screen
        assert isinstance(tray, TrayScreen)
        await until(pilot, lambda: len(tray.items) == 3, "three items")
        await pilot.press("n")  # the first opens (a link, here): back to the tray
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is tray, "the tray again")
        await pilot.press("j")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_80x24(snap_compare, app: EngageApp, store: Store) -> None:
    hand(store, ActionKind.LIKE, "301", LIKE_URL)

    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await pilot.press("e", "e", "e")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
