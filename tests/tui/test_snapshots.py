"""SVG snapshots at 120x40 with a fixed clock and the fixed world (look before updating)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.help import HelpScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.helpers import go_to, inbox_ready, settle, until

SIZE = (120, 40)


def test_inbox(snap_compare, app: EngageApp) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await pilot.press("j", "j")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_composer(snap_compare, app: EngageApp) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
        await pilot.press(*"It does: builds for ARM ship with 2.1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_prospects(snap_compare, app: EngageApp) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: bool(screen.posts), "posts")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_help(snap_compare, app: EngageApp) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def _answer_three(app: EngageApp):
    """Reply to Bo, like Ana's mention, thank Dee for the follow; then show done items too."""
    from engage_tui.tui.screens.filter import CHOICES

    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        for nid, keys in (
            ("n-reply-bo", ("r", *"yes, ARM too", "ctrl+s")),
            ("n-mention-ana", ("l",)),
            ("n-follow-dee", ("t", *"welcome!", "ctrl+s")),
        ):
            await go_to(pilot, nid)
            await pilot.press(keys[0])
            if len(keys) > 1:
                await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
                await pilot.press(*keys[1:])
            await settle(pilot)
        everything = [c.include_done and c.kinds is None for c in CHOICES].index(True)
        await pilot.press("f", *["j"] * everything, "enter")
        await settle(pilot)
        await pilot.press("g")
        app.clear_notifications()
        await settle(pilot)

    return ready


def test_handled_marks(snap_compare, app: EngageApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_answer_three(app))


def test_handled_marks_in_ascii(snap_compare, app: EngageApp, monkeypatch) -> None:
    monkeypatch.setattr("engage_tui.tui.widgets.inbox_row.unicode_ok", lambda: False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_answer_three(app))
