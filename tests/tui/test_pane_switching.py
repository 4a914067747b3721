"""Going between the panes (1 inbox, 2 prospects, 3 drafts, 4 Today).

Prospects, drafts and Today are built the first time they are shown and kept:
showing one again shows it as it was left. The inbox, and what was opened
over it, waits underneath while another pane is shown. Opening a pane never
makes Textual parse the app's rules again and restyle every widget: as
Textual modes, each pane's first opening did that twice.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.inbox import InboxScreen
from engage_tui.tui.screens.person import PersonScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.screens.today import TodayScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, open_item, settle, until

PANES: list[tuple[str, type[object]]] = [
    ("2", ProspectsScreen),
    ("3", DraftsScreen),
    ("4", TodayScreen),
]


async def show(pilot: Pilot[Any], key: str, pane: type[object]) -> Any:
    app = pilot.app
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, pane), pane.__name__)
    await settle(pilot)
    return app.screen


async def test_opening_each_pane_the_first_time_parses_no_rule_again(
    app: EngageApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        refreshed: list[str] = []
        whole_app_refresh = app.refresh_css

        def counted(animate: bool = True) -> None:
            refreshed.append(type(app.screen).__name__)
            whole_app_refresh(animate)

        # refresh_css is Textual's (public) "parse every rule again and
        # restyle the whole app": a pane's first opening needs none of it,
        # its rules were read with the app's at start-up.
        monkeypatch.setattr(app, "refresh_css", counted)
        for key, pane in PANES:
            await show(pilot, key, pane)
            await show(pilot, "1", InboxScreen)
        assert refreshed == []


@pytest.mark.parametrize(("key", "pane"), [PANES[0], PANES[2]])
async def test_a_pane_shown_again_is_the_same_pane_as_it_was_left(
    app: EngageApp, key: str, pane: type[object]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        first = await show(pilot, key, pane)
        listing = first.query(OptionList).first()
        await until(pilot, lambda: listing.option_count > 1, "two rows at least")
        await pilot.press("j")
        await settle(pilot)
        highlighted = listing.highlighted
        await show(pilot, "1", InboxScreen)
        again = await show(pilot, key, pane)
        assert again is first
        assert listing.highlighted == highlighted


async def test_the_inbox_keeps_the_item_opened_over_it_while_another_pane_is_shown(
    app: EngageApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        opened = await open_item(pilot, "n-mention-ana")
        await show(pilot, "4", TodayScreen)
        await show(pilot, "2", ProspectsScreen)
        await show(pilot, "1", ConversationScreen)
        assert app.screen is opened
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, InboxScreen), "the inbox under it")


async def test_going_to_another_pane_closes_the_person_opened_over_the_pane_left(
    app: EngageApp,
) -> None:
    # On purpose: a pane key shows that pane; what was opened over the pane
    # left is closed, as `esc` would close it (its notes are saved as then).
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        prospects = await show(pilot, "2", ProspectsScreen)
        await until(pilot, lambda: bool(prospects.prospects), "the watchlist")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen), "the person")
        await show(pilot, "1", InboxScreen)
        assert app.screen_stack == [app.screen]
        assert await show(pilot, "2", ProspectsScreen) is prospects


async def test_a_pane_to_pane_key_leaves_one_pane_over_the_inbox(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        inbox = (await inbox_ready(pilot)).screen
        for key, pane in [*PANES, *reversed(PANES)]:
            shown = await show(pilot, key, pane)
            assert app.screen_stack == [inbox, shown]
