"""A Bluesky account that is deactivated is told so, and what to do, at sign-in
and when an action is refused; "sign in again" would be a loop (signing in
works, the like fails again). Against the real PDS."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from engage_tui.config import Config
from engage_tui.domain import ActionKind, ActionRequest, OutboxItem, OutboxState
from engage_tui.platforms.bluesky import sign_in
from engage_tui.platforms.errors import SignedOut
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .bsky_support import ON_NETWORK, Accounts, MemoryStore, Network, platform_for, wait_for

pytestmark = ON_NETWORK


def test_a_like_from_a_deactivated_account_says_so_and_what_to_do(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me, them = accounts.create("me"), accounts.create("them")
    post = them.post("something to like")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [post["uri"]]}).posts, "the post")
    platform = platform_for(me, bluesky_network.pds)
    platform.whoami()
    me.sdk.com.atproto.server.deactivate_account({})
    store = Store.open(tmp_path / "engage.db")
    try:
        now = datetime.now(UTC)
        like = store.outbox.enqueue(
            ActionRequest(
                ActionKind.LIKE, network="bluesky", send_after=now, target_post_id=post["uri"]
            )
        )
        engine = SyncEngine(store, platform, config=Config())

        report = engine.run_once()
        waiting: OutboxItem = next(i for i in store.outbox.items(None) if i.id == like.id)
    finally:
        store.close()

    said = " ".join([report.reason or "", waiting.error or ""])
    assert waiting.state is OutboxState.QUEUED
    assert "account is deactivated" in said
    assert "Reactivate it by signing in to the Bluesky app" in said
    assert "sign in again with" not in said


def test_signing_in_to_a_deactivated_account_says_so_and_keeps_nothing(
    accounts: Accounts, bluesky_network: Network
):
    me = accounts.create("me")
    login = me.login(bluesky_network.pds)  # its app password, made while it was active
    me.sdk.com.atproto.server.deactivate_account({})
    kept = MemoryStore()

    with pytest.raises(SignedOut) as refused:
        sign_in(login, kept)

    assert "Bluesky accepted the app password, but your Bluesky account is deactivated" in str(
        refused.value
    )
    assert kept.value is None


def test_a_reactivated_account_carries_on_without_signing_in_again(
    accounts: Accounts, bluesky_network: Network
):
    me, them = accounts.create("me"), accounts.create("them")
    post = them.post("something to like")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [post["uri"]]}).posts, "the post")
    platform = platform_for(me, bluesky_network.pds)
    platform.whoami()
    me.sdk.com.atproto.server.deactivate_account({})
    at = datetime.now(UTC)
    like = OutboxItem(
        id=1,
        kind=ActionKind.LIKE,
        state=OutboxState.QUEUED,
        created_at=at,
        send_after=at,
        network="bluesky",
        target_post_id=post["uri"],
    )
    with pytest.raises(SignedOut, match="deactivated"):
        platform.send(like, None)

    me.sdk.com.atproto.server.activate_account()
    platform.send(like, None)

    likes = me.sdk.com.atproto.repo.list_records(
        {"repo": me.did, "collection": "app.bsky.feed.like"}
    ).records
    assert len(likes) == 1
