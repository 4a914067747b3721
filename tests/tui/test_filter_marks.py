"""The filter dialog marks the current choice in words (a dot), not only by
where the highlight happens to start."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.filter import FilterScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, settle, until


async def shown_choices(pilot: Pilot[Any]) -> list[str]:
    app = pilot.app
    await pilot.press("f")
    await until(pilot, lambda: isinstance(app.screen, FilterScreen), "the filter")
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_the_filter_marks_new_at_first(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        shown = await shown_choices(pilot)
        assert [line for line in shown if line.startswith("● ")] == ["● new"]
        assert all(line.startswith(("● ", "  ")) for line in shown)


async def test_the_filter_marks_the_choice_made_last(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        shown = await shown_choices(pilot)
        await pilot.press(*["j"] * shown.index("  new followers"), "enter")
        await settle(pilot)
        shown = await shown_choices(pilot)
        assert [line for line in shown if line.startswith("● ")] == ["● new followers"]
