"""Notifications listed out of the order they arrive in reach the inbox once.

The AppView lists a notification at the earlier of when it indexed the record
and the record's own ``createdAt``: a reply from a phone whose clock is slow is
listed minutes back, behind what engage read on its last pull. And it indexes
in its own order: a reply may be indexed after a mention written later. Both
are made here for real, by writing records with a chosen ``createdAt`` through
the PDS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from engage_tui.domain import Notification, NotificationKind, Post
from engage_tui.platforms.bluesky import BlueskyPlatform

from .bsky_support import (
    ON_NETWORK,
    Account,
    Accounts,
    MemoryState,
    Network,
    context,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK


def _at(shift: timedelta) -> str:
    when = datetime.now(UTC) + shift
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _reply(them: Account, to: dict[str, str], shift: timedelta) -> dict[str, str]:
    """``them`` answers ``to`` with a record dated ``shift`` from now."""
    record = {
        "$type": "app.bsky.feed.post",
        "text": f"answered with a clock {shift} off",
        "createdAt": _at(shift),
        "reply": {"root": to, "parent": to},
    }
    return them.create("app.bsky.feed.post", record)


def _follow(them: Account, me: Account) -> dict[str, str]:
    return them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": _at(timedelta(0))})


class Inbox:
    """The owner's pulls, as the engine makes them, and everything delivered."""

    def __init__(self, platform: BlueskyPlatform) -> None:
        self.platform = platform
        self.owner = platform.whoami()
        self.state = MemoryState()
        self.events: list[Notification] = []
        self.posts: dict[str, Post] = {}

    def pull(self) -> list[Notification]:
        while True:
            result = self.platform.pull("notifications", context(self.owner, self.state))
            self.state.apply(result)
            self.events.extend(result.events)
            self.posts.update((p.id, p) for p in result.posts)
            if not result.more:
                return self.events

    def wait_for(self, uri: str, what: str) -> Notification:
        def probe() -> Notification | None:
            return next((e for e in self.pull() if e.post_id == uri), None)

        return wait_for(probe, what)

    def ids(self) -> list[str]:
        return [e.id for e in self.events]


def _listed(me: Account, uri: str) -> dict[str, Any] | None:
    """The owner's notification for ``uri`` as the AppView lists it."""
    found = me.sdk.app.bsky.notification.list_notifications({"limit": 100}).notifications
    return next((n.model_dump(by_alias=True) for n in found if n.uri == uri), None)


def _mine(me: Account, them: Account) -> dict[str, str]:
    mine = me.post("a post to answer")
    wait_for(lambda: them.sdk.app.bsky.feed.get_posts({"uris": [mine["uri"]]}).posts, "the post")
    return mine


def test_a_reply_from_a_clock_three_minutes_slow_reaches_the_inbox(
    accounts: Accounts, bluesky_network: Network
):
    me, them = accounts.create("me"), accounts.create("them")
    mine = _mine(me, them)
    inbox = Inbox(platform_for(me, bluesky_network.pds))
    followed = _follow(them, me)
    wait_for(lambda: any(e.actor_id == them.did for e in inbox.pull()) or None, "the follow")

    late = _reply(them, mine, -timedelta(minutes=3))
    wait_for(lambda: _listed(me, late["uri"]), "the late reply in the list")
    reply = inbox.wait_for(late["uri"], "the late reply in engage's pull")

    assert reply.kind is NotificationKind.REPLY
    # It really was listed behind what the last pull had read.
    listed = _listed(me, late["uri"]) or {}
    follow = _listed(me, followed["uri"]) or {}
    assert listed["indexedAt"] < follow["indexedAt"]
    assert len(inbox.ids()) == len(set(inbox.ids())) == 2


def test_a_reply_from_a_clock_five_minutes_fast_arrives_once_with_its_own_date(
    accounts: Accounts, bluesky_network: Network
):
    me, them = accounts.create("me"), accounts.create("them")
    mine = _mine(me, them)
    inbox = Inbox(platform_for(me, bluesky_network.pds))
    _follow(them, me)
    wait_for(lambda: inbox.pull() or None, "the follow")

    early = _reply(them, mine, timedelta(minutes=5))
    inbox.wait_for(early["uri"], "the reply from the future")
    inbox.pull()
    inbox.pull()

    assert inbox.posts[early["uri"]].created_at > datetime.now(UTC) + timedelta(minutes=3)
    assert len(inbox.ids()) == len(set(inbox.ids())) == 2


def _posts(inbox: Inbox) -> list[str]:
    return [e.post_id for e in inbox.events if e.post_id]


def test_a_reply_indexed_after_a_later_follow_still_arrives(
    accounts: Accounts, bluesky_network: Network
):
    """Written first, indexed second: the reply's record is two seconds older
    than the follow engage already read, as when the AppView indexes them out
    of order."""
    me, them, other = accounts.create("me"), accounts.create("them"), accounts.create("other")
    mine = _mine(me, them)
    inbox = Inbox(platform_for(me, bluesky_network.pds))
    followed = _follow(other, me)
    wait_for(lambda: inbox.pull() or None, "the follow")
    follow_listed = datetime.fromisoformat(
        wait_for(lambda: _listed(me, followed["uri"]), "it")["indexedAt"]
    )

    record = {
        "$type": "app.bsky.feed.post",
        "text": "written before that follow",
        "createdAt": (follow_listed - timedelta(seconds=2)).isoformat().replace("+00:00", "Z"),
        "reply": {"root": mine, "parent": mine},
    }
    reply = them.create("app.bsky.feed.post", record)
    found = inbox.wait_for(reply["uri"], "the reply indexed late")

    assert found.actor_id == them.did
    assert len(inbox.ids()) == len(set(inbox.ids())) == 2


def test_notifications_indexed_in_the_order_written_each_arrive_once(
    accounts: Accounts, bluesky_network: Network
):
    me, them = accounts.create("me"), accounts.create("them")
    mine = _mine(me, them)
    inbox = Inbox(platform_for(me, bluesky_network.pds))
    first = _reply(them, mine, timedelta(0))
    inbox.wait_for(first["uri"], "the first reply")

    second = _reply(them, mine, timedelta(0))
    inbox.wait_for(second["uri"], "the second reply")
    inbox.pull()

    assert sorted(_posts(inbox)) == sorted([first["uri"], second["uri"]])
