"""The app on a Bluesky account, driven by Pilot against the real servers: a
reply typed in the composer lands once, threaded under the right post; `e`
moves Bluesky's own unread count (updateSeen); the status bar shows no dollars.

The app is wired as `engage` wires it (cli/app_cmd.py): a store on a real
file, the sync engine on the Bluesky platform, the engine's own thread."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from engage_tui.config import Config
from engage_tui.domain import OutboxState
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.status_bar import StatusBar
from tests.tui.helpers import go_to, inbox_ready, row_index, settle, until

from .bsky_support import ON_NETWORK, Account, Accounts, MemoryStore, Network, now, wait_for
from .test_notifications import _mention

pytestmark = ON_NETWORK
SIZE = (120, 40)


Scenario = Callable[[Pilot[Any], EngageApp, Store, BlueskyPlatform], Awaitable[None]]


def run_app(me: Account, network: Network, db: Path, scenario: Scenario) -> None:
    store = Store.open(db)
    platform = BlueskyPlatform(me.login(network.pds), MemoryStore())
    config = Config(undo_seconds=0, compose_next_after_send=False)
    engine = SyncEngine(store, platform, config=config)
    app = EngageApp(config, store, engine)

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot, app, store, platform)
            await settle(pilot)

    try:
        asyncio.run(drive())
    finally:
        engine.stop()
        store.close()


def _thread_under(me: Account, them: Account, third: Account) -> tuple[dict, dict]:
    """A post by a third person, and `them` answering it with a mention of the owner."""
    root = third.post("a question for everyone")
    wait_for(lambda: them.sdk.app.bsky.feed.get_posts({"uris": [root["uri"]]}).posts, "the root")
    record = _mention(f"@{me.handle} knows this one", me)
    record["reply"] = {"root": root, "parent": root}
    mention = them.create("app.bsky.feed.post", record)
    return root, mention


def _notifications(account: Account, count: int) -> None:
    wait_for(
        lambda: len(account.sdk.app.bsky.notification.list_notifications().notifications) >= count,
        f"{count} notifications",
    )


async def _in_inbox(pilot: Pilot[Any], app: EngageApp, notification_id: str) -> None:
    """Wait for the engine's first pull to bring the row, then put the cursor on it."""
    store = app.services.store
    await inbox_ready(pilot)
    await until(pilot, lambda: store.inbox.count() > 0, "the first pull")
    await pilot.press("s")  # the inbox reloads what the pull stored
    await until(pilot, lambda: _shown(app, notification_id), "the row in the inbox")
    await go_to(pilot, notification_id)


def _shown(app: EngageApp, notification_id: str) -> bool:
    try:
        row_index(app, notification_id)
    except AssertionError:
        return False
    return True


def test_a_reply_typed_in_the_app_lands_once_under_the_mention(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me, them, third = accounts.create("me"), accounts.create("them"), accounts.create("third")
    root, mention = _thread_under(me, them, third)
    _notifications(me, 1)
    words = "Happy to help: the answer is in the docs"

    async def scenario(
        pilot: Pilot[Any], app: EngageApp, store: Store, platform: BlueskyPlatform
    ) -> None:
        await _in_inbox(pilot, app, f"{me.did}|bluesky:{mention['uri']}")
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query_one(Composer).is_open, "the composer")
        await pilot.press(*words, "ctrl+s")
        await until(
            pilot,
            lambda: [i.state for i in store.outbox.items()] == [OutboxState.SENT],
            "the engine to send the reply",
        )

    run_app(me, bluesky_network, tmp_path / "engage.db", scenario)

    thread = wait_for(
        lambda: me.sdk.app.bsky.feed.get_post_thread({"uri": mention["uri"]}).thread.replies,
        "the reply in the thread",
    )
    mine = [r.post for r in thread if r.post.author.did == me.did]
    assert len(mine) == 1
    assert mine[0].record.text == words
    assert mine[0].record.reply.parent.uri == mention["uri"]
    assert mine[0].record.reply.root.uri == root["uri"]
    posts = me.sdk.com.atproto.repo.list_records(
        {"repo": me.did, "collection": "app.bsky.feed.post"}
    ).records
    assert [p.value.text for p in posts] == [words]


def test_marking_done_in_the_app_moves_blueskys_unread_count(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me, them = accounts.create("me"), accounts.create("them")
    follow = them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    _notifications(me, 1)
    unread: list[int] = []

    async def scenario(
        pilot: Pilot[Any], app: EngageApp, store: Store, platform: BlueskyPlatform
    ) -> None:
        await _in_inbox(pilot, app, f"{me.did}|bluesky:{follow['uri']}")
        unread.append(platform.unread_count())
        await pilot.press("e", "s")  # done, then sync now
        await until(pilot, lambda: platform.unread_count() == 0, "Bluesky's count to move")
        unread.append(platform.unread_count())

    run_app(me, bluesky_network, tmp_path / "engage.db", scenario)

    assert unread == [1, 0]


def test_the_status_bar_says_bluesky_is_free_instead_of_dollars(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me = accounts.create("me")
    shown: list[str] = []

    async def scenario(
        pilot: Pilot[Any], app: EngageApp, store: Store, platform: BlueskyPlatform
    ) -> None:
        bar = app.screen.query_one(StatusBar)
        await until(pilot, lambda: "Bluesky: free" in str(bar.render()), "the free note")
        shown.append(str(bar.render()))

    run_app(me, bluesky_network, tmp_path / "engage.db", scenario)

    assert "$" not in shown[0]
