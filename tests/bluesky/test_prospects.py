"""A watched person's new posts arrive through the prospects source, once,
read from their author feed on the real AppView."""

from __future__ import annotations

from datetime import UTC, datetime

from engage_tui.platforms.base import PullContext

from .bsky_support import ON_NETWORK, Accounts, MemoryState, Network, now, platform_for, wait_for

pytestmark = ON_NETWORK


def test_a_prospects_own_new_posts_arrive_once(accounts: Accounts, bluesky_network: Network):
    me, them, other = accounts.create("me"), accounts.create("them"), accounts.create("other")
    elsewhere = other.post("not theirs")
    first = them.post("a first thought")
    second = them.post("a second thought")
    them.create("app.bsky.feed.repost", {"subject": elsewhere, "createdAt": now()})
    platform = platform_for(me, bluesky_network.pds)
    owner = platform.whoami()
    state = MemoryState()

    def pull() -> list[str]:
        ctx = PullContext(owner=owner, state=state, now=datetime.now(UTC), watchlist=(them.did,))
        result = platform.pull("prospects", ctx)
        state.apply(result)
        return [p.id for p in result.posts]

    wait_for(
        lambda: len(them.sdk.app.bsky.feed.get_author_feed({"actor": them.did}).feed) == 3 or None,
        "their posts and repost in their feed",
    )
    arrived = pull()
    again = pull()
    third = them.post("a third thought")
    later = wait_for(lambda: pull() or None, "their new post")

    assert sorted(arrived) == sorted([first["uri"], second["uri"]])
    assert again == []
    assert later == [third["uri"]]


def test_people_not_on_bluesky_in_the_watchlist_are_left_alone(
    accounts: Accounts, bluesky_network: Network
):
    me = accounts.create("me")
    platform = platform_for(me, bluesky_network.pds)
    ctx = PullContext(
        owner=platform.whoami(), state=MemoryState(), now=datetime.now(UTC), watchlist=("12345",)
    )

    platform.take_usage()

    result = platform.pull("prospects", ctx)

    assert result.posts == []
    assert platform.take_usage() == []
