"""The flow: after a reply or thank is sent from the inbox, the next item's
composer opens with only its @handle, as a group's round does for its people.
Nothing goes without ctrl+s; escape stops, ctrl+n leaves the item for later,
ctrl+l likes it instead, and a group row stops the flow."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from engage_tui.domain import Handled, Notification, NotificationKind, Person, Post, TriageState
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.key_bar import KeyBar
from tests.tui.burst import burst, typed_as_keys
from tests.tui.conftest import make_app
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.test_keys_per_item import paste, session_items
from tests.tui.world import NOW, OWNER, ago

K = NotificationKind
SIZE = (120, 40)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    # A follow group on top, then m0 (a mention), m1, m2 (mentions), m3 (a repost), ...
    store = Store.open(tmp_path / "flow.db")
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    session_items(store)
    yield store
    store.close()


def composer(app: EngageApp) -> Composer | None:
    found = app.screen.query(Composer)
    return found.first() if found and found.first().is_open else None


def state(store: Store, note_id: str) -> tuple[TriageState, Handled | None]:
    [row] = [
        r
        for r in store.inbox.window(limit=50, include_done=True, group=False)
        if r.notification.id == note_id
    ]
    return row.notification.state, row.notification.handled


async def reply_to_first_single(pilot: Pilot[Any]) -> None:
    """The cursor goes past the group to m0, whose reply is written and sent."""
    app = pilot.app
    assert isinstance(app, EngageApp)
    await inbox_ready(pilot)
    await pilot.press("j", "r")
    await until(pilot, lambda: composer(app) is not None, "m0's composer")
    await paste(pilot, "thanks, will do")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert app.services.writes.flush(30)


async def test_a_sent_reply_opens_the_next_items_composer_with_nothing_written(
    store: Store,
) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        await reply_to_first_single(pilot)
        opened = composer(app)
        assert opened is not None and opened.request is not None
        assert opened.request.key == "reply:601"
        assert opened.text == opened.request.prefill == ""  # X names the author itself
        assert "ctrl+l likes" in opened.request.progress
        await settle(pilot)
        bar = "".join(s.text for s in app.screen.query_one(KeyBar).render_line(0))
        assert "^n Skip this person" in bar and "^l Like instead" in bar
    assert state(store, "m0") == (TriageState.DONE, Handled.REPLIED)
    assert state(store, "m1") == (TriageState.NEW, None)
    assert [item.draft_key for item in store.outbox.items()] == ["reply:600"]


async def test_escape_stops_the_flow_on_the_item_and_leaves_it_new(store: Store) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        await reply_to_first_single(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert composer(app) is None
        listing = await inbox_ready(pilot)
        assert listing.current is not None and listing.current.notification.id == "m1"
        assert app.services.writes.flush(30)
    assert state(store, "m1") == (TriageState.NEW, None)
    assert store.drafts.for_key("reply:601") == []  # only the @handle: nothing kept
    assert len(store.outbox.items()) == 1


async def test_the_skip_key_leaves_the_item_for_later_and_opens_the_next(store: Store) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        await reply_to_first_single(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        opened = composer(app)
        assert opened is not None and opened.request is not None
        assert opened.request.key == "reply:602"
        assert app.services.writes.flush(30)
    assert state(store, "m1") == (TriageState.NEW, None)


async def test_ctrl_l_likes_the_item_instead_and_the_flow_goes_on(store: Store) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        await reply_to_first_single(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        opened = composer(app)
        assert opened is not None and opened.request is not None
        assert opened.request.key == "reply:602"
        assert app.services.writes.flush(30)
    assert state(store, "m1") == (TriageState.DONE, Handled.LIKED)


async def test_a_thank_composer_offers_no_like(store: Store) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("j", "j", "j", "r")  # m2, the item before the repost m3
        await until(pilot, lambda: composer(app) is not None, "m2's composer")
        await paste(pilot, "good point")
        await pilot.press("ctrl+s")
        await settle(pilot)
        opened = composer(app)
        assert opened is not None and opened.request is not None
        assert opened.request.key == "thank:503" and opened.request.prefill == "@p3 "
        assert "likes" not in opened.request.progress
        await pilot.press("ctrl+l")  # nothing to like: the composer stays
        await settle(pilot)
        assert composer(app) is opened and opened.request is not None


async def test_a_finished_round_flows_on_to_the_next_item(store: Store) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        assert listing.current is not None and len(listing.current.group_ids) == 4
        await pilot.press("t")
        for n in range(4):
            await until(pilot, lambda: composer(app) is not None, "the round's composer")
            await paste(pilot, f"thanks {n}")
            await pilot.press("ctrl+s")
            await settle(pilot)
        opened = composer(app)
        assert opened is not None and opened.request is not None
        assert opened.request.key == "reply:600"


async def test_a_group_row_stops_the_flow(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "group.db")
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    mention = Post("700", "70", "@owner hi", ago(minutes=1), mentions=("owner",), network="x")
    asker = Person("70", "asker", "Asker", network="x")
    followers = [Person(str(80 + n), f"f{n}", f"F {n}", network="x") for n in range(2)]
    follows = [
        Notification(f"g{n}", K.FOLLOW, p.id, ago(minutes=5 + n), network="x")
        for n, p in enumerate(followers)
    ]
    note = Notification("q", K.MENTION, "70", ago(minutes=1), post_id="700", network="x")
    store.sync_state.apply_pull(
        "mentions", PullResult(events=[note], people=[OWNER, asker], posts=[mention]), NOW
    )
    store.sync_state.apply_pull("followers", PullResult(events=follows, people=followers), NOW)
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await pilot.press("r")
        await until(pilot, lambda: composer(app) is not None, "the mention's composer")
        await paste(pilot, "hello!")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert composer(app) is None
        assert listing.current is not None and len(listing.current.group_ids) == 2
    store.close()


async def test_with_the_flow_off_the_cursor_waits_on_the_next_item(store: Store) -> None:
    app = make_app(store, compose_next_after_send=False)
    async with app.run_test(size=SIZE) as pilot:
        await reply_to_first_single(pilot)
        assert composer(app) is None
        listing = await inbox_ready(pilot)
        assert listing.current is not None and listing.current.notification.id == "m1"


async def test_words_typed_in_the_same_burst_as_ctrl_s_are_the_next_items_in_order(
    store: Store,
) -> None:
    app = make_app(store, compose_next_after_send=True)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("j", "r")
        await until(pilot, lambda: composer(app) is not None, "m0's composer")
        await paste(pilot, "thanks, will do")
        burst(app, "ctrl+s", *typed_as_keys("So glad the list is growing"))
        await until(
            pilot,
            lambda: (
                (opened := composer(app)) is not None
                and opened.request is not None
                and opened.request.key == "reply:601"
                and len(opened.text) == len("So glad the list is growing")
            ),
            "the next item's words",
        )
        await settle(pilot)
        opened = composer(app)
        assert opened is not None and opened.text == "So glad the list is growing"
        assert app.services.writes.flush(30)
    assert [item.text for item in store.outbox.items()] == ["thanks, will do"]
