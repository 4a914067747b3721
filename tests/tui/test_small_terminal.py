"""Every pane at 80x24, on purpose (look before updating a snapshot):

- inbox rows keep kind, time, "name @handle" (the handle keeps half its
  column; each part cut with an ellipsis) and the post text;
- the composer keeps its counter and its route line (cut with an ellipsis);
- Today's figures wrap rather than lose the streak, the bars fit the pane;
- notes take at most a fifth of the screen and say how much is left;
- search, drafts, prospects and the person pane keep their titles and keys.
Drafts and search are also shot at 120x40 (the others are in their own files).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.pilot import Pilot

from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.screens.search import SearchScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.helpers import go_to, inbox_ready, settle, until
from tests.tui.test_person import open_person_from_inbox
from tests.tui.test_today import Clock, open_today, today_app
from tests.tui.world import NOW

SMALL = (80, 24)
Step = Callable[[Pilot[Any]], Awaitable[None]]


async def _inbox(pilot: Pilot[Any]) -> None:
    await inbox_ready(pilot)
    await settle(pilot)


async def _composer(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await inbox_ready(pilot)
    await go_to(pilot, "n-reply-bo")
    await pilot.press("r")
    await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
    await pilot.press(*"It does: builds for ARM ship with 2.1")
    await settle(pilot)


async def _prospects(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await inbox_ready(pilot)
    await pilot.press("2")
    await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
    screen = app.screen
    assert isinstance(screen, ProspectsScreen)
    await until(pilot, lambda: bool(screen.posts), "posts")
    await settle(pilot)


async def _drafts(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await _composer(pilot)
    await pilot.press("escape")  # the words stay, as a draft
    await settle(pilot)
    await pilot.press("3")
    await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
    await settle(pilot)


async def _search(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await inbox_ready(pilot)
    await pilot.press("slash")
    await until(pilot, lambda: isinstance(app.screen, SearchScreen), "search")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*"ARM", "enter")
    await until(pilot, lambda: bool(screen.hits), "hits")
    await settle(pilot)


async def _person(pilot: Pilot[Any]) -> None:
    await open_person_from_inbox(pilot, "n-mention-ana")
    await settle(pilot)


async def _notes(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, EngageApp)
    await inbox_ready(pilot)
    app.add_note("Demo: a simulated world. Nothing you do here reaches the network.")
    app.add_note("Created a private list on X for your prospects; engage reads it once a sync.")
    app.add_note("Bluesky: signed in as @olive.bsky.social; its notifications arrive next sync.")
    await settle(pilot)


async def _notes_open(pilot: Pilot[Any]) -> None:
    """The notes banner unfolded (X): every line, the list still below."""
    await _notes(pilot)
    await pilot.press("X")
    await settle(pilot)


PANES: dict[str, Step] = {
    "inbox": _inbox,
    "composer": _composer,
    "prospects": _prospects,
    "drafts": _drafts,
    "search": _search,
    "person": _person,
    "notes": _notes,
    "notes_open": _notes_open,
}


@pytest.mark.parametrize("pane", list(PANES))
def test_each_pane_at_80x24(snap_compare, app: EngageApp, pane: str) -> None:
    assert snap_compare(app, terminal_size=SMALL, run_before=PANES[pane])


@pytest.mark.parametrize("pane", ["drafts", "search"])
def test_drafts_and_search_at_120x40(snap_compare, app: EngageApp, pane: str) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=PANES[pane])


def test_today_at_80x24(snap_compare, store: Store) -> None:
    clock = Clock(NOW)
    app = today_app(store, clock)

    async def ready(pilot: Pilot[Any]) -> None:
        screen = await open_today(pilot)
        await pilot.press("space")
        clock.now = NOW + timedelta(minutes=3, seconds=7)
        screen.tick()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=ready)
