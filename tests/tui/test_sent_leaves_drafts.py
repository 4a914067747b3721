"""A queued reply leaves Drafts whatever its route, and one target with one
text has one live item on every route (the outbox and the tray together).

The browser route: a reply the API may not send (X's pay-per-use plan, a
prospect's post) is handed over by the sync engine and waits in the tray.
Its draft stayed in Drafts, and opening it and sending again put two
identical replies in the tray.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from engage_tui.config import Config
from engage_tui.domain import ActionRequest, OutboxState, Route
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from tests.sync.conftest import World, start_world
from tests.tui.helpers import inbox_ready, notices, settle, until
from tests.tui.mixed_world import accounts
from tests.tui.test_composer import SIZE, composer, open_reply
from tests.tui.world import NOW, populate

WORDS = "Congrats on the hires"


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    # The real X platform on the pay-per-use plan: a reply to a prospect's
    # post goes to the browser. Nothing is sent or pulled here.
    w = start_world()
    try:
        yield w
    finally:
        w.stop()


def x_app(store: Store, world: World) -> EngageApp:
    # One answer at a time: the flow to the next composer is off.
    config = Config(compose_next_after_send=False)
    return EngageApp(config, store, accounts(store, world, []), clock=lambda: NOW)


async def reply_to_first_prospect_post(pilot: Pilot[Any], words: str) -> str:
    app = pilot.app
    assert isinstance(app, EngageApp)
    await pilot.press("2")
    await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
    screen = app.screen
    assert isinstance(screen, ProspectsScreen)
    await until(pilot, lambda: bool(screen.posts), "posts")
    await pilot.press("right", "r")
    await until(pilot, lambda: composer(app).is_open, "the composer")
    await pilot.press(*words, "ctrl+s")
    await settle(pilot)
    return screen.posts[0].id


def hand_over_the_queued(store: Store) -> None:
    """What the sync engine does with a reply the API may not send."""
    for item in store.outbox.items(frozenset({OutboxState.QUEUED})):
        url = f"https://x.com/intent/tweet?in_reply_to={item.target_post_id}"
        assert store.outbox.finish(
            item, OutboxState.HANDED, at=NOW, intent_url=url, route=Route.INTENT
        )


async def drafts_listed(pilot: Pilot[Any]) -> list[str]:
    app = pilot.app
    await pilot.press("3")
    await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DraftsScreen)
    return [d.text for d in screen.drafts]


async def test_a_reply_handed_to_the_browser_leaves_drafts(tmp_path: Path, world: World) -> None:
    with Store.open(tmp_path / "x.db") as store:
        populate(store)
        app = x_app(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            target = await reply_to_first_prospect_post(pilot, WORDS)
            [queued] = store.outbox.items()
            assert queued.target_post_id == target
            hand_over_the_queued(store)
            assert await drafts_listed(pilot) == []


async def test_sending_a_handed_reply_again_leaves_one_item_in_the_tray(
    tmp_path: Path, world: World
) -> None:
    with Store.open(tmp_path / "x.db") as store:
        populate(store)
        app = x_app(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            await reply_to_first_prospect_post(pilot, WORDS)
            hand_over_the_queued(store)
            await pilot.press("escape")
            await settle(pilot)
            # The same post again: the words come back, and ctrl+s says where they wait.
            await reply_to_first_prospect_post(pilot, "")
            assert any("already waits in the tray (F)" in n for n in notices(app))
            live = [i for i in store.outbox.items() if i.state is not OutboxState.CANCELLED]
            assert [(i.state, i.text) for i in live] == [(OutboxState.HANDED, WORDS)]


def test_the_store_refuses_the_same_words_to_a_post_whose_reply_waits_in_the_tray(
    store: Store,
) -> None:
    from engage_tui.domain import ActionKind
    from engage_tui.store.errors import AlreadyQueued

    first = store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY, network="x", send_after=NOW, target_post_id="300", text=WORDS, at=NOW
        )
    )
    assert store.outbox.finish(
        first, OutboxState.HANDED, at=NOW, intent_url="u", route=Route.INTENT
    )
    try:
        store.outbox.enqueue(
            ActionRequest(
                ActionKind.REPLY, network="x", send_after=NOW, target_post_id="300", text=WORDS
            )
        )
    except AlreadyQueued as refused:
        assert "tray" in str(refused)
    else:
        raise AssertionError("a second identical reply was queued beside the one in the tray")


async def test_a_queued_reply_leaves_drafts_and_undo_brings_it_back(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*WORDS, "ctrl+s")
        await settle(pilot)
        assert await drafts_listed(pilot) == []
        await pilot.press("u")
        await settle(pilot)
        assert await drafts_listed(pilot) == [WORDS]


async def test_a_reply_finished_in_the_browser_leaves_no_draft_behind(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*WORDS, "ctrl+s")
        await settle(pilot)
        hand_over_the_queued(store)
        [item] = store.outbox.items()
        assert store.outbox.confirm_handed(item.id, NOW) is not None
        assert store.drafts.all() == []
