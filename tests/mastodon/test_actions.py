"""Replies, favourites and the read marker against GoToSocial, through the real
sync engine and store: a reply lands once, under the right status, never more
public than what it answers; a lost answer is reconciled without a second
status; the marker moves when the user has handled notifications."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engage_tui.config import Config
from engage_tui.domain import ActionKind, ActionRequest, OutboxState, TriageState
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform, parse
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .gts_support import ON_SERVER, Account, Accounts, LosingProxy, platform_for, wait_for

pytestmark = ON_SERVER


def _replies_to(account: Account, status_id: str) -> list[Any]:
    return list(account.sdk.status_context(status_id)["descendants"])


def _queue(store: Store, kind: ActionKind, target: str, text: str = "") -> int:
    now = datetime.now(UTC)
    item = store.outbox.enqueue(
        ActionRequest(
            kind,
            send_after=now,
            target_post_id=target,
            person_id=None,
            text=text,
            draft_key=f"reply:{target}" if text else None,
            at=now,
            network="mastodon",
        )
    )
    return item.id


def _sync(store: Store, platform: MastodonPlatform) -> SyncEngine:
    engine = SyncEngine(store, platform, config=Config())
    report = engine.run_once()
    assert report.ok, report.problems
    return engine


def test_a_reply_to_a_followers_only_mention_lands_once_followers_only_with_its_warning(
    accounts: Accounts, tmp_path: Path
):
    me, them = accounts.create(), accounts.create()
    theirs = them.post(f"@{me.handle} between us", visibility="private", spoiler_text="spoilers")
    platform = platform_for(me, accounts.url)
    store = Store.open(tmp_path / "engage.db")
    try:
        _sync(store, platform)
        target = parse.post_key(platform.client.host, str(theirs["id"]))
        item_id = _queue(store, ActionKind.REPLY, target, f"@{them.handle} agreed")
        engine = SyncEngine(store, platform, config=Config())
        engine.run_once()
        engine.run_once()
        item = store.outbox.get(item_id)
    finally:
        store.close()

    replies = _replies_to(them, theirs["id"])
    assert item is not None and item.state is OutboxState.SENT
    assert len(replies) == 1
    assert replies[0]["visibility"] == "private"
    assert replies[0]["spoiler_text"] == "spoilers"
    assert str(replies[0]["in_reply_to_id"]) == str(theirs["id"])
    assert item.remote_id == parse.post_key(platform.client.host, str(replies[0]["id"]))


def test_a_reply_to_a_public_status_is_public(accounts: Accounts, tmp_path: Path):
    me, them = accounts.create(), accounts.create()
    theirs = them.post("anyone?")
    platform = platform_for(me, accounts.url)
    store = Store.open(tmp_path / "engage.db")
    try:
        _queue(
            store, ActionKind.REPLY, parse.post_key(platform.client.host, str(theirs["id"])), "me"
        )
        _sync(store, platform)
    finally:
        store.close()

    assert [r["visibility"] for r in _replies_to(them, theirs["id"])] == ["public"]


def test_a_like_favourites_the_status_once(accounts: Accounts, tmp_path: Path):
    me, them = accounts.create(), accounts.create()
    theirs = them.post("like me")
    platform = platform_for(me, accounts.url)
    store = Store.open(tmp_path / "engage.db")
    try:
        _queue(store, ActionKind.LIKE, parse.post_key(platform.client.host, str(theirs["id"])))
        _sync(store, platform)
    finally:
        store.close()

    likers = them.sdk.status_favourited_by(theirs["id"])
    assert [str(a["id"]) for a in likers] == [me.id]


def test_a_reply_whose_answer_was_lost_is_found_and_not_sent_again(
    accounts: Accounts, tmp_path: Path
):
    me, them = accounts.create(), accounts.create()
    theirs = them.post("answer me")
    proxy = LosingProxy(accounts.url)
    platform = MastodonPlatform(MastodonLogin(proxy.url, me.token))
    store = Store.open(tmp_path / "engage.db")
    try:
        target = parse.post_key(platform.client.host, str(theirs["id"]))
        item_id = _queue(store, ActionKind.REPLY, target, "said once")
        proxy.lose = "POST /api/v1/statuses"
        engine = SyncEngine(store, platform, config=Config())
        for _ in range(4):
            engine.run_once(every_source=True)
            item = store.outbox.get(item_id)
            if item is not None and item.state is OutboxState.SENT:
                break
    finally:
        store.close()
        proxy.close()

    assert proxy.lost == 1
    assert item is not None and item.state is OutboxState.SENT
    assert [r["content"] for r in _replies_to(them, theirs["id"])] == ["<p>said once</p>"]
    assert proxy.count("POST /api/v1/statuses") == 1
    # Every attempt carried the key chosen before the first.
    assert proxy.keys == [item.prepare_token]


def test_the_read_marker_moves_when_the_user_has_handled_notifications(
    accounts: Accounts, tmp_path: Path
):
    me, them = accounts.create(), accounts.create()
    them.sdk.account_follow(me.id)
    wait_for(lambda: me.sdk.notifications(), "the follow")
    newest = str(me.sdk.notifications()[0]["id"])
    platform = platform_for(me, accounts.url)
    store = Store.open(tmp_path / "engage.db")
    try:
        engine = _sync(store, platform)
        before = platform.read_marker()
        rows = store.inbox.window(limit=10, group=False)
        store.inbox.set_triage(
            [row.notification.id for row in rows],
            TriageState.DONE,
            datetime.now(UTC),
        )
        engine.run_once()
        after = platform.read_marker()
    finally:
        store.close()

    assert before is None
    assert after == newest
