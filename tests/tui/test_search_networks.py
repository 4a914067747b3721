"""Search in the app over X and Bluesky at once: every result line says its
network in words, so the two are told apart without colour. And a Bluesky
handle can be added to the prospects as one."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input

from engage_tui.domain import Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.widgets.keyed_list import KeyedList
from tests.tui.helpers import inbox_ready, search_for, settle, until
from tests.tui.world import NOW

SIZE = (120, 40)
BLUE_JO = Person("did:plc:jo6", "jo.bsky.social", "Jo Compiler", network="bluesky")
BLUE_POST = Post(
    "at://did:plc:jo6/app.bsky.feed.post/3k9z",
    BLUE_JO.id,
    "Writing a compiler on Bluesky this week.",
    NOW - timedelta(hours=1),
    network="bluesky",
)


async def test_search_lines_name_the_network_of_each_result(app: EngageApp, store: Store) -> None:
    store.sync_state.apply_pull(
        "bluesky:notifications", PullResult(people=[BLUE_JO], posts=[BLUE_POST]), NOW
    )
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        screen = await search_for(pilot, "compiler")
        results = screen.query_one("#search-results", KeyedList)
        lines = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
    assert "person Bluesky Jo Compiler @jo.bsky.social" in lines[0]
    posts = [line for line in lines if line.startswith("post")]
    assert posts[0].startswith("post   Bluesky Jo Compiler @jo.bsky.social  Writing a compiler")
    assert any(
        line.startswith("post   X       ") and "compiler engineers" in line for line in posts
    )


async def test_a_bluesky_handle_typed_in_the_prospects_pane_waits_for_look_up(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        await settle(pilot)
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(Input)), "prompt")
        await pilot.press(*"@Ana.bsky.social", "enter")
        await until(pilot, lambda: bool(store.prospects.pending()), "pending prospect")
    assert store.prospects.pending() == ["ana.bsky.social"]
