"""A prospect's new posts as inbox items on Mastodon: a follow with
notifications on, asked for by the user, carried out by the real sync engine
against GoToSocial; each new status then arrives once as a NEW_POST."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from engage_tui.config import Config
from engage_tui.domain import NotificationKind
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .gts_support import ON_SERVER, Account, Accounts, platform_for, wait_for

pytestmark = ON_SERVER


def _statuses(account: Account, at_least: int) -> None:
    wait_for(
        lambda: sum(n["type"] == "status" for n in account.sdk.notifications(limit=80)) >= at_least,
        f"{at_least} status notifications",
    )


def test_a_prospects_new_post_arrives_as_an_inbox_item_once_the_user_turns_it_on(
    accounts: Accounts, tmp_path: Path
):
    me, them = accounts.create(), accounts.create()
    store = Store.open(tmp_path / "engage.db")
    try:
        platform = platform_for(me, accounts.url)
        engine = SyncEngine(store, platform, config=Config())
        prospect = platform.lookup_person(them.handle)
        store.people.upsert([prospect])
        store.subscriptions.want([prospect], True, datetime.now(UTC))
        turned_on = engine.run_once()
        relation = me.sdk.account_relationships(them.id)[0]
        them.post("a new post by the prospect")
        _statuses(me, 1)
        arrived = engine.run_once(every_source=True)
        rows = store.inbox.window(limit=50, group=False)
        state = store.subscriptions.of_person(prospect.id).subscriptions[prospect.id].state
    finally:
        store.close()

    assert turned_on.ok, turned_on.problems
    assert (relation["following"], relation["notifying"]) == (True, True)
    assert any("now come to your inbox" in note for note in turned_on.notes)
    assert state == "on"
    assert arrived.arrived == {NotificationKind.NEW_POST.value: 1}
    [row] = rows
    assert row.notification.kind is NotificationKind.NEW_POST
    assert row.notification.actor_id == prospect.id
    assert row.post is not None and row.post.text == "a new post by the prospect"
