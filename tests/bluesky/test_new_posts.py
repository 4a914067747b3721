"""A prospect's new posts on Bluesky: turning them on (and off) through the
real sync engine makes (and removes) an activity subscription the reference
AppView keeps.

The reference AppView (@atproto/bsky, dev-env 0.6.7) stores the subscription
but never makes the ``subscribed-post`` notification for a new post: its
indexer writes only like, repost, follow, mention, reply, quote and
verification notifications (data-plane/server/indexing/plugins/*.js). So the
arrival of a subscribed post is proven on its mapping
(test_text_and_mapping.py) and, end to end, on GoToSocial.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .bsky_support import ON_NETWORK, Account, Accounts, Network, platform_for, wait_for

pytestmark = ON_NETWORK


def _subscribed(me: Account) -> list[str]:
    answer: Any = me.sdk.invoke_query("app.bsky.notification.listActivitySubscriptions")
    content = answer.content if isinstance(answer.content, dict) else {}
    return [s.get("did") for s in content.get("subscriptions", [])]


def test_turning_a_prospects_new_posts_on_and_off_keeps_an_activity_subscription(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me, them = accounts.create("me"), accounts.create("them")
    store = Store.open(tmp_path / "engage.db")
    try:
        platform = platform_for(me, bluesky_network.pds)
        engine = SyncEngine(store, platform, config=Config())
        prospect = wait_for(lambda: platform.lookup_person(them.handle), "the prospect")
        store.people.upsert([prospect])
        store.subscriptions.want([prospect], True, datetime.now(UTC))
        turned_on = engine.run_once()
        while_on = wait_for(lambda: _subscribed(me), "the subscription")
        state = store.subscriptions.of_person(prospect.id).subscriptions[prospect.id].state
        store.subscriptions.want([prospect], False, datetime.now(UTC))
        turned_off = engine.run_once()
        after = _subscribed(me)
        left = store.subscriptions.of_person(prospect.id).subscriptions
    finally:
        store.close()

    assert turned_on.ok, turned_on.problems
    assert while_on == [them.did]
    assert state == "on"
    assert any("now come to your inbox" in note for note in turned_on.notes)
    assert turned_off.ok, turned_off.problems
    assert after == []
    assert left == {}
