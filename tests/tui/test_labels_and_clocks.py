"""What a post says about itself is shown: a post dated ahead of this clock
shows when (never "just now"), and a post its author labelled (Bluesky
self-labels: porn, nudity, graphic-media, ...) carries a marker in its inbox
row and in the conversation."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from engage_tui.config import Config
from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.helpers import go_to, inbox, inbox_ready, until
from tests.tui.world import NOW, ago

SIZE = (140, 40)
OWNER = Person("did:plc:owner", "owner.test", "Olive Owner", network="bluesky")
THEM = Person("did:plc:them", "them.test", "Theo Them", network="bluesky")
LABELLED = Post(
    "at://did:plc:them/app.bsky.feed.post/3labelled",
    THEM.id,
    "@owner.test look at this",
    ago(minutes=20),
    network="bluesky",
    labels=("porn", "graphic-media"),
)
AHEAD = Post(
    "at://did:plc:them/app.bsky.feed.post/3ahead",
    THEM.id,
    "@owner.test written on a fast clock",
    NOW + timedelta(minutes=10),
    network="bluesky",
)


def _store(path: Path) -> Store:
    store = Store.open(path)
    store.sync_state.meta_set("owner_id:bluesky", OWNER.id)
    events = [
        Notification(
            "n-labelled",
            NotificationKind.MENTION,
            THEM.id,
            LABELLED.created_at,
            post_id=LABELLED.id,
            network="bluesky",
        ),
        Notification(
            "n-ahead",
            NotificationKind.MENTION,
            THEM.id,
            AHEAD.created_at,
            post_id=AHEAD.id,
            network="bluesky",
        ),
    ]
    store.sync_state.apply_pull(
        "fixture", PullResult(events=events, people=[OWNER, THEM], posts=[LABELLED, AHEAD]), NOW
    )
    return store


def _row_text(app: EngageApp, notification_id: str) -> str:
    listing = inbox(app)
    y = next(i for i, row in enumerate(listing.rows) if row.notification.id == notification_id)
    return listing.render_line(y).text


def _conversation(app: EngageApp) -> str:
    return str(app.screen.query_one("#conversation-text").render())


async def test_a_labelled_post_carries_a_marker_in_the_row_and_the_conversation(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path / "engage.db")
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            row = _row_text(app, "n-labelled")
            await go_to(pilot, "n-labelled")
            await pilot.press("enter")
            await until(pilot, lambda: bool(app.screen.query("#conversation-text")), "it")
            shown = _conversation(app)
    finally:
        store.close()

    assert "[label: porn, graphic-media] @owner.test look at this" in row
    assert "[label: porn, graphic-media]\n@owner.test look at this" in shown


async def test_a_post_dated_ahead_of_this_clock_says_so_not_just_now(tmp_path: Path) -> None:
    store = _store(tmp_path / "engage.db")
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            row = _row_text(app, "n-ahead")
            await go_to(pilot, "n-ahead")
            await pilot.press("enter")
            await until(pilot, lambda: bool(app.screen.query("#conversation-text")), "it")
            shown = _conversation(app)
    finally:
        store.close()

    assert "+10m" in row and " now " not in row
    assert "in 10m (dated ahead of this clock)" in shown
    assert "just now" not in shown
