"""Every kind of Bluesky notification arrives through the platform's pull, once,
from the real PDS and AppView."""

from __future__ import annotations

from typing import Any

import pytest

from engage_tui.domain import Notification, NotificationKind, Person
from engage_tui.platforms.bluesky import BlueskyPlatform, notifications

from .bsky_support import (
    ON_NETWORK,
    Account,
    Accounts,
    MemoryState,
    Network,
    context,
    now,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK


def _mention(text: str, who: Account) -> dict[str, Any]:
    at = text.index("@" + who.handle)
    start = len(text[:at].encode())
    end = start + len(("@" + who.handle).encode())
    return {
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": now(),
        "facets": [
            {
                "index": {"byteStart": start, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": who.did}],
            }
        ],
    }


def _pull_until(platform: BlueskyPlatform, state: MemoryState, count: int) -> list[Any]:
    """Pull until ``count`` events arrived (the AppView indexes asynchronously)."""
    owner = platform.whoami()
    events: list[Any] = []

    def probe() -> list[Any] | None:
        result = platform.pull("notifications", context(owner, state))
        state.apply(result)
        events.extend(result.events)
        return events if len(events) >= count else None

    return wait_for(probe, f"{count} notifications")


def test_each_kind_of_notification_arrives_once(accounts: Accounts, bluesky_network: Network):
    me, them = accounts.create("me"), accounts.create("them")
    mine = me.post("something worth answering")
    theirs = them.post("something worth sharing")
    my_repost = me.create("app.bsky.feed.repost", {"subject": theirs, "createdAt": now()})
    wait_for(
        lambda: them.sdk.app.bsky.feed.get_posts({"uris": [mine["uri"]]}).posts,
        "the owner's post",
    )

    them.create("app.bsky.feed.like", {"subject": mine, "createdAt": now()})
    them.create("app.bsky.feed.repost", {"subject": mine, "createdAt": now()})
    them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    mention = them.create("app.bsky.feed.post", _mention(f"hello @{me.handle}", me))
    reply = them.post("a reply", reply_to={"root": mine, "parent": mine})
    quote = them.create(
        "app.bsky.feed.post",
        {
            "text": "look at this",
            "createdAt": now(),
            "embed": {"$type": "app.bsky.embed.record", "record": mine},
        },
    )
    # Someone liking and reposting a post through the owner's repost of it.
    them_too = accounts.create("via")
    them_too.create("app.bsky.feed.like", {"subject": theirs, "via": my_repost, "createdAt": now()})
    them_too.create(
        "app.bsky.feed.repost", {"subject": theirs, "via": my_repost, "createdAt": now()}
    )

    platform = platform_for(me, bluesky_network.pds)
    state = MemoryState()
    events = _pull_until(platform, state, 8)

    by_kind = {(e.kind, e.raw_kind): e for e in events}
    assert len(events) == len({e.id for e in events}) == 8
    assert by_kind[(NotificationKind.LIKE, None)].subject_id == mine["uri"]
    assert by_kind[(NotificationKind.REPOST, None)].subject_id == mine["uri"]
    assert by_kind[(NotificationKind.FOLLOW, None)].actor_id == them.did
    assert by_kind[(NotificationKind.MENTION, None)].post_id == mention["uri"]
    assert by_kind[(NotificationKind.REPLY, None)].post_id == reply["uri"]
    assert by_kind[(NotificationKind.REPLY, None)].subject_id == mine["uri"]
    assert by_kind[(NotificationKind.QUOTE, None)].post_id == quote["uri"]
    assert by_kind[(NotificationKind.QUOTE, None)].subject_id == mine["uri"]
    via_like = by_kind[(NotificationKind.LIKE, "like-via-repost")]
    via_repost = by_kind[(NotificationKind.REPOST, "repost-via-repost")]
    assert via_like.subject_id == via_repost.subject_id == theirs["uri"]
    assert via_like.actor_id == them_too.did


def test_a_second_pull_stops_at_what_the_first_stored(accounts: Accounts, bluesky_network: Network):
    me, them = accounts.create("me"), accounts.create("them")
    them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    platform = platform_for(me, bluesky_network.pds)
    state = MemoryState()
    first = _pull_until(platform, state, 1)

    again = platform.pull("notifications", context(platform.whoami(), state))

    assert [e.kind for e in first] == [NotificationKind.FOLLOW]
    assert again.events == []
    assert not again.more


def test_the_posts_notifications_refer_to_come_along(accounts: Accounts, bluesky_network: Network):
    me, them = accounts.create("me"), accounts.create("them")
    mine = me.post("the post they liked")
    wait_for(
        lambda: them.sdk.app.bsky.feed.get_posts({"uris": [mine["uri"]]}).posts,
        "the owner's post",
    )
    them.create("app.bsky.feed.like", {"subject": mine, "createdAt": now()})
    platform = platform_for(me, bluesky_network.pds)
    state = MemoryState()
    _pull_until(platform, state, 1)

    assert mine["uri"] in state.posts


def test_a_long_backlog_is_read_in_bounded_pulls_that_resume(
    accounts: Accounts, bluesky_network: Network, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(notifications, "PAGE_SIZE", 1)
    monkeypatch.setattr(notifications, "PAGES_PER_PULL", 2)
    me = accounts.create("me")
    followers = [accounts.create("f") for _ in range(3)]
    for follower in followers:
        follower.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    platform = platform_for(me, bluesky_network.pds)
    owner = platform.whoami()
    wait_for(lambda: platform.unread_count() or None, "the follows")
    wait_for(lambda: len(_all_events(platform, owner)) == 3 or None, "all three follows")
    state = MemoryState()

    first = platform.pull("notifications", context(owner, state))
    state.apply(first)
    second = platform.pull("notifications", context(owner, state))
    state.apply(second)
    third = platform.pull("notifications", context(owner, state))

    assert (len(first.events), first.more) == (2, True)
    assert (len(second.events), second.more) == (1, False)
    assert third.events == []
    assert {e.actor_id for e in first.events + second.events} == {f.did for f in followers}


def _all_events(platform: BlueskyPlatform, owner: Person) -> list[Notification]:
    state, events = MemoryState(), []
    while True:
        result = platform.pull("notifications", context(owner, state))
        state.apply(result)
        events.extend(result.events)
        if not result.more:
            return events
