"""Keys per item over a demo-like session: the measure of the daily loop.

The session is shaped like the demo's inbox (rows 7 to 20 of a tmux walk of
`engage --demo`, in its order): a follow group thanked person by person, then
mentions and replies to answer or like, reposts to thank and one item marked
done. It is walked twice: as engage works, where a sent reply or thank opens
the next item's composer (the flow), and with the flow turned off, which is
the loop before it (each written answer opened with its own key). Only keys
count; the words typed are the user's and cost what they cost (here they are
pasted, in one event each). A group's round counts one item per person.
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
FOLLOWERS = 4  # the group on top, thanked in one round
# What the user does with each single item, in the order the inbox shows them
# (the demo's rows 7-20: a question, a thank-you, a shout-out, a repost, ...).
PLAN = [
    "reply",
    "like",
    "reply",
    "thank",
    "reply",
    "thank",
    "like",
    "reply",
    "reply",
    "like",
    "reply",
    "like",
    "reply",
    "done",
]
HANDLED = {"reply": Handled.REPLIED, "like": Handled.LIKED, "thank": Handled.THANKED, "done": None}
ITEMS = FOLLOWERS + len(PLAN)


def session_items(store: Store) -> None:
    """A follow group, then one item per person, newest first in PLAN's order."""
    mine = Post("900", OWNER.id, "A post of mine.", ago(days=1), network="x")
    followers = [Person(str(400 + n), f"f{n}", f"Follower {n}", network="x") for n in range(4)]
    follows = [
        Notification(f"g{n}", K.FOLLOW, p.id, ago(seconds=n + 1), network="x")
        for n, p in enumerate(followers)
    ]
    store.sync_state.apply_pull("fixture", PullResult(people=[OWNER], posts=[mine]), NOW)
    store.sync_state.apply_pull("followers", PullResult(events=follows, people=followers), NOW)
    for n, what in enumerate(PLAN):
        who = Person(str(500 + n), f"p{n}", f"Person {n}", network="x")
        at = ago(minutes=n + 1)
        if what == "thank":
            # A repost of a post of its own: reposts of one post are one group row.
            theirs = Post(f"9{n:02}", OWNER.id, f"Post {n} of mine.", ago(days=1), network="x")
            event = Notification(f"m{n}", K.REPOST, who.id, at, subject_id=theirs.id, network="x")
            pulled = PullResult(events=[event], people=[who], posts=[theirs])
            store.sync_state.apply_pull("reposts", pulled, NOW)
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
        event = Notification(
            f"m{n}", K.MENTION, who.id, at, post_id=post.id, subject_id="900", network="x"
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


async def walk(pilot: Pilot[Any]) -> float:
    """Answer every item in order; returns keys pressed per item (typed words not counted)."""
    app = pilot.app
    listing = await inbox_ready(pilot)
    keys = 0

    async def press(*pressed: str) -> None:
        nonlocal keys
        keys += len(pressed)
        await pilot.press(*pressed)

    def composer() -> Composer | None:
        found = app.screen.query(Composer)
        return found.first() if found and found.first().is_open else None

    async def write(n: int) -> None:
        await until(pilot, lambda: composer() is not None, "composer")
        await paste(pilot, f"words {n}")  # the user's words: not counted
        await press("ctrl+s")
        await settle(pilot)

    await press("t")  # the group's round: one composer per follower
    for n in range(FOLLOWERS):
        await write(n)
    for n, what in enumerate(PLAN):
        current = listing.current
        assert current is not None and current.notification.id == f"m{n}"
        flowed = composer()
        if flowed is not None:
            # The flow opened this item's composer: it answers in words, or steps aside.
            assert flowed.request is not None and flowed.request.person is not None
            assert flowed.request.person.handle == f"p{n}"
            if what in ("reply", "thank"):
                await write(n)
            elif what == "like":
                await press("ctrl+l")
            else:
                await press("escape", "e")
        elif what in ("reply", "thank"):
            await press("r" if what == "reply" else "t")
            await write(n)
        else:
            await press("l" if what == "like" else "e")
        await settle(pilot)
    assert listing.rows == []
    return keys / ITEMS


def answered_as_planned(store: Store) -> None:
    rows = store.inbox.window(limit=50, include_done=True, group=False)
    assert {r.notification.state for r in rows} == {TriageState.DONE}
    how = {r.notification.id: r.notification.handled for r in rows}
    assert how == {
        **{f"g{n}": Handled.THANKED for n in range(FOLLOWERS)},
        **{f"m{n}": HANDLED[what] for n, what in enumerate(PLAN)},
    }


async def test_the_flow_answers_a_demo_like_session_in_at_most_one_and_a_half_keys_an_item(
    session_store: Store,
) -> None:
    app = make_app(session_store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        per_item = await walk(pilot)
    answered_as_planned(session_store)
    # 5 for the round (t, then ctrl+s per person), 1 per single item, 2 for the done.
    assert per_item == 20 / ITEMS
    assert per_item <= 1.5


async def test_without_the_flow_each_written_answer_took_one_key_more(
    session_store: Store,
) -> None:
    app = make_app(session_store, compose_next_after_send=False)
    async with app.run_test(size=SIZE) as pilot:
        per_item = await walk(pilot)
    answered_as_planned(session_store)
    assert per_item == 28 / ITEMS
