"""Keys per item over a twenty-item session: the measure of the daily loop.

The same twenty items (replies to answer, thanks to say, mentions to like,
follows to thank) are walked twice: as engage works with answering finishing
the item, and with it turned off, which is the flow before it (answer, then
e). Only keys count; the words typed are the user's and cost what they cost
(here they are pasted, in one event each).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import TextArea

from engage_tui.domain import Handled, Notification, NotificationKind, Person, Post, TriageState
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.widgets.composer import Composer
from tests.tui.conftest import make_app
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.world import NOW, OWNER, ago

K = NotificationKind
SIZE = (120, 40)
# What the user does with each kind of item, in the order the inbox shows them.
PLAN = ["reply"] * 6 + ["like"] * 4 + ["thank reply"] * 5 + ["thank follow"] * 5


def session_items(store: Store) -> None:
    """Twenty items, one person each, newest first in PLAN's order."""
    mine = Post("900", OWNER.id, "A post of mine.", ago(days=1), network="x")
    store.sync_state.apply_pull("fixture", PullResult(people=[OWNER], posts=[mine]), NOW)
    for n, what in enumerate(PLAN):
        who = Person(str(500 + n), f"p{n}", f"Person {n}", network="x")
        at = ago(minutes=n + 1)
        if what == "thank follow":
            event = Notification(f"f{n}", K.FOLLOW, who.id, at, network="x")
            # Its own pull: follows of one pull are one group, and these are twenty items.
            store.sync_state.apply_pull("followers", PullResult(events=[event], people=[who]), NOW)
            continue
        post = Post(
            str(600 + n),
            who.id,
            f"post {n} @owner",
            at,
            in_reply_to_id="900",
            mentions=("owner",),
            network="x",
        )
        kind = K.REPLY if what == "thank reply" else K.MENTION
        event = Notification(
            f"m{n}", kind, who.id, at, post_id=post.id, subject_id="900", network="x"
        )
        store.sync_state.apply_pull(
            "mentions", PullResult(events=[event], people=[who], posts=[post]), NOW
        )


@pytest.fixture
def session_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "session.db")
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    session_items(store)
    yield store
    store.close()


async def paste(pilot: Pilot[Any], words: str) -> None:
    """The words arrive as one paste, as a terminal sends them: typing them key by
    key took most of this test's time and is not what it counts."""
    app = pilot.app
    area = app.screen.query_one("#composer-text", TextArea)
    app.post_message(events.Paste(words))
    await until(pilot, lambda: area.text.endswith(words), "the pasted words")


async def walk(pilot: Pilot[Any], advance: bool) -> float:
    """Answer every item in order; returns keys pressed per item (typed words not counted)."""
    app = pilot.app
    listing = await inbox_ready(pilot)
    keys = 0

    async def press(*pressed: str) -> None:
        nonlocal keys
        keys += len(pressed)
        await pilot.press(*pressed)

    for n, what in enumerate(PLAN):
        current = listing.current
        assert current is not None and current.notification.id.endswith(str(n))
        if what == "like":
            await press("l")
        else:
            await press("r" if what == "reply" else "t")
            await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
            await paste(pilot, f"words {n}")  # the user's words: not counted
            await press("ctrl+s")
        await settle(pilot)
        if not advance:
            await press("e")  # the old flow: answering left the item in the inbox
            await settle(pilot)
    assert listing.rows == []
    return keys / len(PLAN)


async def test_answering_finishes_the_item_in_fewer_keys(session_store: Store) -> None:
    app = make_app(session_store)
    async with app.run_test(size=SIZE) as pilot:
        after = await walk(pilot, advance=True)
    rows = session_store.inbox.window(limit=50, include_done=True, group=False)
    assert {r.notification.state for r in rows} == {TriageState.DONE}
    assert {r.notification.handled for r in rows} == set(Handled)
    assert after == 1.8


async def test_before_answering_finished_the_item_it_took_one_key_more(
    session_store: Store,
) -> None:
    app = make_app(session_store, advance_after_answer=False)
    async with app.run_test(size=SIZE) as pilot:
        before = await walk(pilot, advance=False)
    rows = session_store.inbox.window(limit=50, include_done=True, group=False)
    assert {r.notification.handled for r in rows} == {None}
    assert before == 2.8
