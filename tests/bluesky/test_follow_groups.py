"""The follows one sync brings from the real PDS and AppView are one inbox row,
as X's are: grouping is the same on every network."""

from __future__ import annotations

from pathlib import Path

from engage_tui.config import Config
from engage_tui.domain import NotificationKind
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .bsky_support import ON_NETWORK, Accounts, MemoryStore, Network, now, wait_for

pytestmark = ON_NETWORK


def test_the_follows_one_sync_brings_are_one_inbox_row_as_on_x(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me = accounts.create("me")
    followers = [accounts.create("f") for _ in range(3)]
    for follower in followers:
        follower.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    wait_for(
        lambda: len(me.sdk.app.bsky.notification.list_notifications().notifications) >= 3,
        "three follows",
    )
    store = Store.open(tmp_path / "engage.db")
    try:
        platform = BlueskyPlatform(me.login(bluesky_network.pds), MemoryStore())
        pulled = SyncEngine(store, platform, config=Config()).run_once()
        rows = store.inbox.window()
    finally:
        store.close()

    assert pulled.arrived == {"follow": 3}
    assert [(r.notification.kind, r.group_size) for r in rows] == [(NotificationKind.FOLLOW, 3)]
    assert {p.id for p in rows[0].group_actors} == {f.did for f in followers}
