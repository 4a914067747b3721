"""Replies and likes through the platform land once on the real PDS, also when
an answer is lost on the way back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.platforms.base import ReconcileOutcome, SendStatus
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.platforms.errors import NotFound, Transient
from tests.http_proxy import Proxy

from .bsky_support import (
    ON_NETWORK,
    Account,
    Accounts,
    MemoryStore,
    Network,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK


def _item(kind: ActionKind, target: str | None, text: str = "") -> OutboxItem:
    at = datetime.now(UTC)
    return OutboxItem(
        id=1,
        kind=kind,
        state=OutboxState.QUEUED,
        created_at=at,
        send_after=at,
        network="bluesky",
        target_post_id=target,
        text=text,
    )


def _prepared(platform: BlueskyPlatform, item: OutboxItem) -> OutboxItem:
    token = platform.prepare(item)
    assert token is not None
    return OutboxItem(**{**_fields(item), "prepare_token": token})


def _fields(item: OutboxItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in item.__slots__}


def _own_posts(account: Account) -> list[dict[str, Any]]:
    listed = account.sdk.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post", "limit": 100}
    )
    return [{"uri": r.uri, "value": r.value} for r in listed.records]


@pytest.fixture
def pair(accounts: Accounts, bluesky_network: Network) -> Iterator[tuple[Account, Account]]:
    yield accounts.create("me"), accounts.create("them")


def test_a_reply_lands_once_threaded_under_the_post(pair, bluesky_network: Network):
    me, them = pair
    root = them.post("the start of a thread")
    parent = them.post("and its second post", reply_to={"root": root, "parent": root})
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [parent["uri"]]}).posts, "their post")
    platform = platform_for(me, bluesky_network.pds)
    item = _prepared(platform, _item(ActionKind.REPLY, parent["uri"], "thanks, @" + them.handle))

    sent = platform.send(item, None)

    assert sent.status is SendStatus.SENT
    posts = _own_posts(me)
    assert [p["uri"] for p in posts] == [sent.remote_id]
    record = posts[0]["value"]
    assert record.reply.parent.uri == parent["uri"]
    assert record.reply.root.uri == root["uri"]
    assert record.facets[0].features[0].did == them.did
    thread = wait_for(
        lambda: [
            r
            for r in me.sdk.app.bsky.feed.get_post_thread({"uri": parent["uri"]}).thread.replies
            or []
            if r.post.uri == sent.remote_id
        ],
        "the reply in the thread",
    )
    assert len(thread) == 1


def test_a_like_lands_on_the_post(pair, bluesky_network: Network):
    me, them = pair
    theirs = them.post("like me")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    platform = platform_for(me, bluesky_network.pds)

    platform.send(_prepared(platform, _item(ActionKind.LIKE, theirs["uri"])), None)

    likes = wait_for(
        lambda: them.sdk.app.bsky.feed.get_likes({"uri": theirs["uri"]}).likes, "the like"
    )
    assert [like.actor.did for like in likes] == [me.did]


def test_a_reply_whose_answer_was_lost_lands_once(pair, bluesky_network: Network):
    me, them = pair
    theirs = them.post("answer me")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    proxy = Proxy(bluesky_network.pds)
    try:
        platform = _through(proxy, me, bluesky_network)
        item = _prepared(platform, _item(ActionKind.REPLY, theirs["uri"], "got it"))
        proxy.lose = "com.atproto.repo.createRecord"

        sent = platform.send(item, None)
        outcome = platform.reconcile(item, None)
    finally:
        proxy.close()

    assert proxy.lost == 1
    assert proxy.count("com.atproto.repo.getRecord") >= 1
    assert sent.status is SendStatus.SENT
    assert outcome.outcome is ReconcileOutcome.SENT
    assert [p["uri"] for p in _own_posts(me)] == [sent.remote_id] == [outcome.remote_id]


def test_sending_again_with_the_same_key_makes_no_second_post(pair, bluesky_network: Network):
    me, them = pair
    theirs = them.post("answer me once")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    proxy = Proxy(bluesky_network.pds)
    try:
        platform = _through(proxy, me, bluesky_network)
        item = _prepared(platform, _item(ActionKind.REPLY, theirs["uri"], "only once"))
        first = platform.send(item, None)
        # A crash between the send and saving its result: the engine sends
        # again with the key it saved. The server answers 500; getRecord decides.
        second = platform.send(item, None)
    finally:
        proxy.close()

    assert proxy.count("com.atproto.repo.createRecord") == 2
    assert second.status is SendStatus.SENT
    assert [p["uri"] for p in _own_posts(me)] == [first.remote_id] == [second.remote_id]


def test_a_lost_answer_with_the_server_gone_is_an_unknown_outcome(pair, bluesky_network: Network):
    me, them = pair
    theirs = them.post("answer me later")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    proxy = Proxy(bluesky_network.pds)
    platform = _through(proxy, me, bluesky_network)
    item = _prepared(platform, _item(ActionKind.REPLY, theirs["uri"], "are you there"))
    assert platform.client.did == me.did  # signed in before the proxy goes
    proxy.lose = "com.atproto.repo.createRecord"
    proxy.close_after_loss = True

    with pytest.raises(Transient) as lost:
        platform.send(item, None)
    outcome = platform.reconcile(item, None)
    proxy.close()

    assert lost.value.outcome_unknown
    assert outcome.outcome is ReconcileOutcome.UNKNOWN
    assert len(_own_posts(me)) == 1


def test_a_reply_that_never_left_reconciles_as_not_sent(pair, bluesky_network: Network):
    me, them = pair
    theirs = them.post("still waiting")
    platform = platform_for(me, bluesky_network.pds)
    item = _prepared(platform, _item(ActionKind.REPLY, theirs["uri"], "never sent"))

    outcome = platform.reconcile(item, None)

    assert outcome.outcome is ReconcileOutcome.NOT_SENT
    assert _own_posts(me) == []


def test_replying_to_a_deleted_post_says_it_is_gone(pair, bluesky_network: Network):
    me, them = pair
    theirs = them.post("soon gone")
    rkey = theirs["uri"].rsplit("/", 1)[1]
    them.sdk.com.atproto.repo.delete_record(
        {"repo": them.did, "collection": "app.bsky.feed.post", "rkey": rkey}
    )
    platform = platform_for(me, bluesky_network.pds)
    item = _prepared(platform, _item(ActionKind.REPLY, theirs["uri"], "too late"))

    with pytest.raises(NotFound, match="deleted"):
        platform.send(item, None)
    assert _own_posts(me) == []


def _through(proxy: Proxy, account: Account, network: Network) -> BlueskyPlatform:
    """A platform whose session talks to the PDS through ``proxy``.

    The SDK moves to the PDS named in the account's DID document after
    logging in, so the kept session is pointed at the proxy instead, as if
    the PDS lived there.
    """
    store = MemoryStore()
    platform_for(account, network.pds, store).whoami()
    assert store.value is not None
    fields = store.value.split(":::")
    store.value = ":::".join([*fields[:4], proxy.url])
    return platform_for(account, proxy.url, store)
