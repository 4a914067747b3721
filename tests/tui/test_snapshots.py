"""SVG snapshots at 120x40 with a fixed clock and the fixed world (look before updating)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import TextArea

from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.help import HelpScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.helpers import go_to, inbox_ready, settle, until

SIZE = (120, 40)


def test_inbox(snap_compare, app: EngageApp) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Pilot[object]) -> None:
        await inbox_ready(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_composer(snap_compare, app: EngageApp) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Pilot[object]) -> None:
        await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
        app.screen.query_one("#composer-text", TextArea).cursor_blink = False
        await pilot.press(*"It does: builds for ARM ship with 2.1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_prospects(snap_compare, app: EngageApp) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Pilot[object]) -> None:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: bool(screen.posts), "posts")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_help(snap_compare, app: EngageApp) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot: Pilot[object]) -> None:
        await inbox_ready(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
