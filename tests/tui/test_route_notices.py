"""Each route says what will happen: a reply X's API may not send (a
prospect's post, pay-per-use plan) says it waits in the tray, not "sending
in 5 s"; and a "queued" notice goes once the sync engine reports the item
sent. The real X platform (sandbox) routes; the sent report is the engine's
event as the app receives it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent
from engage_tui.tui.messages import SyncEventArrived
from engage_tui.tui.widgets.notices import NoticeLine
from tests.sync.conftest import World, start_world
from tests.tui.helpers import inbox_ready, settle
from tests.tui.test_composer import SIZE
from tests.tui.test_sent_leaves_drafts import reply_to_first_prospect_post, x_app
from tests.tui.world import NOW, populate


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = start_world()
    try:
        yield w
    finally:
        w.stop()


async def test_a_reply_for_the_browser_says_it_waits_in_the_tray(
    tmp_path: Path, world: World
) -> None:
    with Store.open(tmp_path / "x.db") as store:
        populate(store)
        app = x_app(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            await reply_to_first_prospect_post(pilot, "Congrats on the hires")
            said = app.screen.query_one(NoticeLine).words
            assert said.startswith("Reply waits in the tray (F) in 5 s: "), said
            assert "sending" not in said


async def test_the_queued_notice_goes_once_the_reply_is_sent(tmp_path: Path, world: World) -> None:
    with Store.open(tmp_path / "x.db") as store:
        populate(store)
        app = x_app(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            line = app.screen.query_one(NoticeLine)
            line.show("Reply queued: sending in 5 s (u to undo)")
            item = OutboxItem(1, ActionKind.REPLY, OutboxState.SENT, NOW, NOW, "x", text="hi")
            app.post_message(SyncEventArrived(SyncEvent(kind="sent", item=item)))
            await settle(pilot)
            assert line.words == "Reply sent."
