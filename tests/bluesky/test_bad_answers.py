"""One bad notification in Bluesky's answer costs that notification, not the
source: the rest of the page is stored and the next pull goes on. The real
PDS and AppView answer; a proxy in front of the PDS damages their answers."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.domain import Notification
from tests.http_proxy import Proxy

from .bsky_support import (
    ON_NETWORK,
    Account,
    Accounts,
    MemoryState,
    MemoryStore,
    Network,
    context,
    now,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK
LIST = "app.bsky.notification.listNotifications"


class World:
    """An owner with a follow and a reply waiting, read through a proxy."""

    def __init__(self, accounts: Accounts, network: Network) -> None:
        self.me, self.them = accounts.create("me"), accounts.create("them")
        mine = self.me.post("a post to answer")
        wait_for(
            lambda: self.them.sdk.app.bsky.feed.get_posts({"uris": [mine["uri"]]}).posts,
            "the post",
        )
        self.follow = self.them.create(
            "app.bsky.graph.follow", {"subject": self.me.did, "createdAt": now()}
        )
        self.reply = self.them.post("a reply", reply_to={"root": mine, "parent": mine})
        wait_for(lambda: len(self.listed()) == 2 or None, "both notifications")
        self.proxy = Proxy(network.pds)
        kept = MemoryStore()
        platform_for(self.me, network.pds, kept).whoami()
        assert kept.value is not None
        kept.value = ":::".join([*kept.value.split(":::")[:4], self.proxy.url])
        self.platform = platform_for(self.me, self.proxy.url, kept)
        self.owner = self.platform.whoami()

    def listed(self) -> list[Any]:
        return self.me.sdk.app.bsky.notification.list_notifications({"limit": 50}).notifications

    def real_ids(self) -> set[str]:
        return {f"bluesky:{self.follow['uri']}", f"bluesky:{self.reply['uri']}"}

    def pull_all(self, state: MemoryState) -> list[Notification]:
        events: list[Notification] = []
        while True:
            result = self.platform.pull("notifications", context(self.owner, state))
            state.apply(result)
            events.extend(result.events)
            if not result.more:
                return events


@pytest.fixture
def world(accounts: Accounts, bluesky_network: Network) -> Iterator[World]:
    made = World(accounts, bluesky_network)
    yield made
    made.proxy.close()


def _bad_items(them: Account) -> list[Any]:
    author = {"did": them.did, "handle": them.handle}
    base = {"cid": "bafyreid", "isRead": False, "author": author, "labels": []}
    return [
        {
            **base,
            "uri": f"at://{them.did}/app.bsky.feed.post/3zzzzzzzzzz2a",
            "reason": "reply",
            "record": {"text": "from far ahead", "createdAt": "9999-12-31T23:59:59-05:00"},
            "indexedAt": "9999-12-31T23:59:59-05:00",
        },
        {
            **base,
            "uri": f"at://{them.did}/app.bsky.feed.post/3zzzzzzzzzz2b",
            "reason": "mention",
            "record": {"text": "@me hi", "facets": 5, "createdAt": now()},
            "indexedAt": now(),
        },
        {**base, "uri": "at://nobody", "reason": "like", "author": 5, "indexedAt": now()},
        {**base, "uri": 7, "reason": "follow", "indexedAt": "yesterday"},
        "not a notification at all",
    ]


def test_a_bad_item_and_a_bad_header_cost_nothing_else(
    world: World, caplog: pytest.LogCaptureFixture
):
    def damage(headers: dict[str, str], body: Any) -> tuple[dict[str, str], Any]:
        body["notifications"] = [*_bad_items(world.them), *body["notifications"]]
        return {**headers, "ratelimit-reset": "999999999999", "ratelimit-limit": "x"}, body

    world.proxy.rewrites[LIST] = damage
    state = MemoryState()
    caplog.set_level(logging.WARNING, "engage_tui.platforms.bluesky")

    first = world.pull_all(state)
    again = world.pull_all(state)

    assert world.real_ids() <= {e.id for e in first}
    # The mention whose facets were damaged is still a mention, kept once.
    assert {e.id for e in first} - world.real_ids() == {
        f"bluesky:at://{world.them.did}/app.bsky.feed.post/3zzzzzzzzzz2b"
    }
    assert again == []
    assert "skipped a Bluesky notification" in caplog.text


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
_DATES = st.sampled_from(
    [
        "9999-12-31T23:59:59-05:00",
        "0001-01-01T00:00:00+14:00",
        "2026-13-40T99:99:99Z",
        "",
        "1970-01-01T00:00:00Z",
        "2099-01-01T00:00:00Z",
    ]
)
_HEADERS = st.dictionaries(
    st.sampled_from(["ratelimit-reset", "ratelimit-limit", "ratelimit-remaining"]),
    st.sampled_from(["999999999999", "-1", "x", "1e400", "", "18446744073709551617"]),
)


@st.composite
def _damage(draw: st.DrawFn, them: Account) -> Any:
    """A way to spoil an answer: junk items anywhere, real items repeated,
    unknown fields on real items, absurd dates, absurd headers."""
    junk = draw(
        st.lists(
            st.fixed_dictionaries(
                {"uri": st.text(max_size=12) | _JUNK, "indexedAt": _DATES | _JUNK},
                optional={
                    "reason": st.sampled_from(["reply", "like", "zap", "mention"]) | _JUNK,
                    "record": _JUNK,
                    "author": st.just({"did": them.did, "handle": them.handle}) | _JUNK,
                    "reasonSubject": _JUNK,
                },
            )
            | _JUNK,
            max_size=4,
        )
    )
    where = draw(st.lists(st.integers(0, 8), min_size=len(junk), max_size=len(junk)))
    repeat = draw(st.booleans())
    extra = draw(st.dictionaries(st.sampled_from(["zzz", "labels", "$type"]), _JUNK, max_size=2))
    headers = draw(_HEADERS)

    def damage(got: dict[str, str], body: Any) -> tuple[dict[str, str], Any]:
        items: list[Any] = [{**copy.deepcopy(n), **extra} for n in body.get("notifications", [])]
        if repeat:
            items = items + items
        for item, at in zip(junk, where, strict=True):
            items.insert(min(at, len(items)), item)
        return {**got, **headers}, {**body, "notifications": items}

    return damage


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_whatever_the_answers_hold_the_real_notifications_arrive_once(world: World, data: Any):
    world.proxy.rewrites[LIST] = data.draw(_damage(world.them))
    state = MemoryState()

    first = world.pull_all(state)
    again = world.pull_all(state)

    real = [e for e in first if e.id in world.real_ids()]
    assert sorted(e.id for e in real) == sorted(world.real_ids())
    assert not [e for e in again if e.id in world.real_ids()]
