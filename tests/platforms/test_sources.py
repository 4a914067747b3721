"""Each X source against the sandbox: the right events, once.

Repeated pulls with the returned cursors and snapshots fed back must give
no duplicates; new engagement made through the sandbox must show up as one
event each.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from engage_tui.domain import NotificationKind, Person
from engage_tui.platforms.base import PullResult
from engage_tui.platforms.x import XPlatform
from engage_tui.platforms.x.sources import mentions as mentions_source
from tests.platforms.conftest import MemoryState, Sandbox, context


def pull(x: XPlatform, source: str, owner: Person, state: MemoryState, sandbox: Sandbox, **extra):
    result = x.pull(source, context(owner, state, sandbox.now(), **extra))
    state.apply(result)
    return result


def pull_all(x: XPlatform, source: str, owner: Person, state: MemoryState, sandbox: Sandbox):
    """Pull until the source says it is caught up, as the engine would."""
    results = [pull(x, source, owner, state, sandbox)]
    while results[-1].more:
        assert len(results) < 50, "a source that never catches up"
        results.append(pull(x, source, owner, state, sandbox))
    return results


def handles_by_role(sandbox: Sandbox, role: str) -> list[str]:
    return [u["username"] for u in sandbox.state()["users"] if u["role"] == role]


def non_followers(sandbox: Sandbox) -> list[str]:
    world = sandbox.state()
    owner_id = world["owner"]["id"]
    following = {f["follower_id"] for f in world["follows"] if f["user_id"] == owner_id}
    return [
        u["username"]
        for u in world["users"]
        if u["id"] not in following and u["id"] != owner_id and not u["protected"]
    ]


def some_actor(sandbox: Sandbox) -> str:
    owner = sandbox.state()["owner"]["username"]
    return next(
        u["username"]
        for u in sandbox.state()["users"]
        if u["username"] != owner and not u["protected"] and u["role"] != "owner"
    )


# -- mentions ---------------------------------------------------------------


def test_first_mentions_sync_is_bounded_and_says_so(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    result = pull(x, "mentions", owner, MemoryState(), sandbox)
    assert result.note == "First sync: mentions from the last 3 days only."
    assert result.events, "the seeded world has mentions waiting"
    oldest_allowed = sandbox.now() - timedelta(days=3)
    assert all(e.created_at >= oldest_allowed for e in result.events)
    assert all(e.id == f"x:mention:{e.post_id}" for e in result.events)
    assert {e.kind for e in result.events} <= {
        NotificationKind.MENTION,
        NotificationKind.REPLY,
        NotificationKind.QUOTE,
    }


def test_repeated_mentions_pulls_give_no_duplicates(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull_all(x, "mentions", owner, state, sandbox)
    again = pull(x, "mentions", owner, state, sandbox)
    assert again.events == [] and again.note is None


def test_new_mention_reply_and_quote_are_classified(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull_all(x, "mentions", owner, state, sandbox)
    actor = some_actor(sandbox)
    sandbox.advance(60)
    mention = sandbox.event("mention", actor, text=f"hello @{owner.handle} from the test")
    reply = sandbox.event("reply", actor, text="nice one")
    quote = sandbox.event("quote", actor, text=f"look at this @{owner.handle}")
    result = pull(x, "mentions", owner, state, sandbox)
    by_post = {e.post_id: e for e in result.events}
    assert set(by_post) == {mention["post_id"], reply["post_id"], quote["post_id"]}
    assert by_post[mention["post_id"]].kind is NotificationKind.MENTION
    assert by_post[reply["post_id"]].kind is NotificationKind.REPLY
    assert by_post[reply["post_id"]].subject_id == reply["in_reply_to"]
    assert by_post[quote["post_id"]].kind is NotificationKind.QUOTE
    assert by_post[quote["post_id"]].subject_id == quote["quoted"]
    actor_ids = {p.id for p in result.people if p.handle == actor}
    assert {e.actor_id for e in result.events} == actor_ids
    posts = {p.id: p for p in result.posts}
    assert posts[mention["post_id"]].url == (f"https://x.com/{actor}/status/{mention['post_id']}")


def test_mentions_page_and_resume_without_losing_or_repeating(
    x: XPlatform, owner: Person, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = pull(x, "mentions", owner, MemoryState(), sandbox)
    assert not whole.more
    monkeypatch.setattr(mentions_source, "PAGE_SIZE", 5)
    monkeypatch.setattr(mentions_source, "PAGES_PER_PULL", 1)
    state = MemoryState()
    results = pull_all(x, "mentions", owner, state, sandbox)
    assert len(results) > 1 and results[0].more
    paged_ids = [e.id for r in results for e in r.events]
    assert len(paged_ids) == len(set(paged_ids))
    assert set(paged_ids) == {e.id for e in whole.events}
    assert pull(x, "mentions", owner, state, sandbox).events == []


def test_mentions_report_usage_at_the_owned_price(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    x.take_usage()
    sandbox.control("POST", "/_sandbox/stats/reset")
    result = pull(x, "mentions", owner, MemoryState(), sandbox)
    usage = x.take_usage()
    assert [u.endpoint for u in usage] == ["GET /2/users/:id/mentions"]
    # Every resource returned counts, expansions included, as the sandbox bills.
    route_resources = sandbox.stats()["resources"]["GET /2/users/:id/mentions"]
    assert usage[0].resources == route_resources
    mentions, included_posts = len(result.events), len(result.posts) - len(result.events)
    assert usage[0].cost_usd == pytest.approx(
        0.001 * mentions + 0.010 * len(result.people) + 0.005 * included_posts
    )
    assert usage[0].rate_limit is not None and usage[0].rate_remaining is not None
    assert usage[0].rate_reset is not None
    assert x.take_usage() == []


# -- own posts: likes and reposts ----------------------------------------------


def latest_owner_post(result: PullResult, owner: Person) -> str:
    own = [p for p in result.posts if p.author_id == owner.id and p.in_reply_to_id is None]
    return max(own, key=lambda p: int(p.id)).id


def test_own_posts_first_sync_is_a_baseline(x: XPlatform, owner: Person, sandbox: Sandbox) -> None:
    result = pull(x, "own_posts", owner, MemoryState(), sandbox)
    assert result.events == []
    assert result.note and "baseline" in result.note
    assert result.posts and all(p.author_id == owner.id for p in result.posts[:5])


def test_a_new_like_becomes_one_like_event(x: XPlatform, owner: Person, sandbox: Sandbox) -> None:
    state = MemoryState()
    first = pull(x, "own_posts", owner, state, sandbox)
    target = latest_owner_post(first, owner)
    actor = some_actor(sandbox)
    sandbox.advance(30)
    sandbox.event("like", actor, target_id=target)
    result = pull(x, "own_posts", owner, state, sandbox)
    likes = [e for e in result.events if e.kind is NotificationKind.LIKE]
    assert len(likes) == 1
    (like,) = likes
    actor_id = next(p.id for p in result.people if p.handle == actor)
    assert like.id == f"x:like:{target}:{actor_id}"
    assert like.subject_id == target and like.actor_id == actor_id
    assert pull(x, "own_posts", owner, state, sandbox).events == []


def test_reposts_come_from_one_reposts_of_me_call(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "own_posts", owner, state, sandbox)
    target = latest_owner_post(first, owner)
    actor = some_actor(sandbox)
    sandbox.advance(30)
    sandbox.event("repost", actor, target_id=target)
    x.take_usage()
    result = pull(x, "own_posts", owner, state, sandbox)
    endpoints = [u.endpoint for u in x.take_usage()]
    assert endpoints.count("GET /2/users/reposts_of_me") == 1
    assert "GET /2/tweets/:id/retweeted_by" not in endpoints
    reposts = [e for e in result.events if e.kind is NotificationKind.REPOST]
    actor_id = next(p.id for p in result.people if p.handle == actor)
    assert [(e.id, e.subject_id) for e in reposts] == [(f"x:repost:{target}:{actor_id}", target)]
    assert pull(x, "own_posts", owner, state, sandbox).events == []


def test_quiet_own_posts_pull_makes_one_request(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull(x, "own_posts", owner, state, sandbox)
    x.take_usage()
    assert pull(x, "own_posts", owner, state, sandbox).events == []
    assert [u.endpoint for u in x.take_usage()] == ["GET /2/users/:id/tweets"]


# -- followers ----------------------------------------------------------------


def test_followers_first_sync_is_a_baseline_then_new_followers_are_events(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "followers", owner, state, sandbox)
    assert first.events == [] and first.note and "starting point" in first.note
    assert len(state.snapshot("followers")) == 20
    newcomers = non_followers(sandbox)[:3]
    sandbox.advance(30)
    for handle in newcomers:
        sandbox.event("follow", handle)
    result = pull(x, "followers", owner, state, sandbox)
    ids = {p.id: p.handle for p in result.people}
    assert sorted(ids[e.actor_id] for e in result.events) == sorted(newcomers)
    assert all(e.kind is NotificationKind.FOLLOW for e in result.events)
    assert all(e.id == f"x:follow:{e.actor_id}" for e in result.events)
    assert pull(x, "followers", owner, state, sandbox).events == []


def test_followers_page_on_only_while_the_whole_page_is_new(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull(x, "followers", owner, state, sandbox)
    newcomers = non_followers(sandbox)[:25]
    assert len(newcomers) >= 21
    sandbox.advance(30)
    for handle in newcomers:
        sandbox.event("follow", handle)
    x.take_usage()
    result = pull(x, "followers", owner, state, sandbox)
    assert len(result.events) == len(newcomers)
    assert [u.endpoint for u in x.take_usage()] == ["GET /2/users/:id/followers"] * 2


# -- list memberships ---------------------------------------------------------


def test_a_list_add_becomes_one_event_with_the_list_owner_as_actor(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "list_memberships", owner, state, sandbox)
    assert first.events == []
    actor = some_actor(sandbox)
    sandbox.advance(30)
    added = sandbox.event("list_add", actor)
    result = pull(x, "list_memberships", owner, state, sandbox)
    actor_id = next(u["id"] for u in sandbox.state()["users"] if u["username"] == actor)
    assert [(e.id, e.kind, e.actor_id) for e in result.events] == [
        (f"x:list_add:{added['list_id']}", NotificationKind.LIST_ADD, actor_id)
    ]
    assert pull(x, "list_memberships", owner, state, sandbox).events == []


# -- prospects ----------------------------------------------------------------


def prospect_ids(sandbox: Sandbox) -> list[str]:
    return [u["id"] for u in sandbox.state()["users"] if u["role"] == "prospect"]


def test_prospects_list_mirrors_the_watchlist_and_reads_new_posts_once(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    watch = tuple(prospect_ids(sandbox)[:4])
    state = MemoryState()
    first = pull(x, "prospects", owner, state, sandbox, watchlist=watch)
    assert first.events == []
    list_id = state.cursor("prospects.list_id")
    assert list_id
    (xlist,) = [li for li in sandbox.state()["lists"] if li["id"] == list_id]
    assert xlist["private"] and sorted(xlist["members"]) == sorted(watch)
    assert first.posts and {p.author_id for p in first.posts} <= set(watch)

    again = pull(x, "prospects", owner, state, sandbox, watchlist=watch)
    assert again.posts == []

    handle = next(u["username"] for u in sandbox.state()["users"] if u["id"] == watch[0])
    sandbox.advance(30)
    made = sandbox.event("post", handle, text="a brand new thought")
    fresh = pull(x, "prospects", owner, state, sandbox, watchlist=watch)
    assert [p.id for p in fresh.posts] == [made["post_id"]]


def test_dropping_a_prospect_removes_them_from_the_list(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    watch = tuple(prospect_ids(sandbox)[:3])
    state = MemoryState()
    pull(x, "prospects", owner, state, sandbox, watchlist=watch)
    pull(x, "prospects", owner, state, sandbox, watchlist=watch[:2])
    list_id = state.cursor("prospects.list_id")
    (xlist,) = [li for li in sandbox.state()["lists"] if li["id"] == list_id]
    assert sorted(xlist["members"]) == sorted(watch[:2])
    assert state.snapshot("prospect_list_members") == frozenset(watch[:2])


def test_prospects_without_mirroring_do_nothing(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    watch = tuple(prospect_ids(sandbox)[:2])
    x.take_usage()
    result = pull(
        x, "prospects", owner, MemoryState(), sandbox, watchlist=watch, mirror_watchlist=False
    )
    assert result.posts == [] and x.take_usage() == []


def test_likes_of_a_post_that_mentions_the_owner_become_like_events(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    actor = some_actor(sandbox)
    made = sandbox.event("mention", actor, text=f"big thanks to @{owner.handle}")
    pull_all(x, "mentions", owner, state, sandbox)
    pull(x, "own_posts", owner, state, sandbox)  # the baseline
    fan = non_followers(sandbox)[0]
    sandbox.advance(60)
    sandbox.event("like", fan, target_id=made["post_id"])
    result = pull(x, "own_posts", owner, state, sandbox)
    likes = [e for e in result.events if e.subject_id == made["post_id"]]
    fan_id = next(p.id for p in result.people if p.handle == fan)
    assert [(e.id, e.kind, e.actor_id) for e in likes] == [
        (f"x:like:{made['post_id']}:{fan_id}", NotificationKind.LIKE, fan_id)
    ]
    # Checked at most every few hours: the next pull does not look again.
    x.take_usage()
    assert pull(x, "own_posts", owner, state, sandbox).events == []
    assert "GET /2/tweets" not in [u.endpoint for u in x.take_usage()]
