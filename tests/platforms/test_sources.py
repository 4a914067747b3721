"""Each X source against the sandbox: the right events, once.

Repeated pulls with the returned cursors and snapshots fed back must give
no duplicates; new engagement made through the sandbox must show up as one
event each.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from engage_tui.domain import NotificationKind, Person
from engage_tui.platforms.base import PullResult
from engage_tui.platforms.x import XPlatform
from engage_tui.platforms.x.sources import followers as followers_source
from engage_tui.platforms.x.sources import mentions as mentions_source
from engage_tui.platforms.x.sources import own_posts as own_posts_source
from engage_tui.sandbox.ids import moment_of
from tests.platforms.conftest import MemoryState, Sandbox, context

SOURCES = ("mentions", "own_posts", "followers", "list_memberships", "prospects")


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


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def first_sync_of_everything(x: XPlatform, owner: Person, state: MemoryState, sandbox: Sandbox):
    return [r for source in SOURCES for r in pull_all(x, source, owner, state, sandbox)]


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
    state = MemoryState()
    pull(x, "own_posts", owner, state, sandbox)  # knows the owner's posts: no lookups
    x.take_usage()
    sandbox.reset_stats()
    result = pull(x, "mentions", owner, state, sandbox)
    usage = x.take_usage()
    assert [u.endpoint for u in usage] == ["GET /2/users/:id/mentions"]
    # Every resource returned counts, expansions included, as the sandbox bills.
    route_resources = sandbox.stats()["resources"]["GET /2/users/:id/mentions"]
    assert usage[0].resources == route_resources
    assert usage[0].cost_usd == pytest.approx(
        0.001 * len(result.events) + 0.010 * len(result.people)
    )
    assert usage[0].rate_limit is not None and usage[0].rate_remaining is not None
    assert usage[0].rate_reset is not None
    assert x.take_usage() == []


def test_mentions_expand_only_the_authors(x: XPlatform, owner: Person, sandbox: Sandbox) -> None:
    state = MemoryState()
    pull(x, "own_posts", owner, state, sandbox)
    sandbox.reset_stats()
    result = pull(x, "mentions", owner, state, sandbox)
    authors = {e.actor_id for e in result.events}
    assert {p.id for p in result.people} == authors
    # The mentions themselves plus one user per author: no referenced posts.
    stats = sandbox.stats()
    assert stats["resources"]["GET /2/users/:id/mentions"] == len(result.events) + len(authors)
    assert stats["total_requests"] == 1
    assert {e.kind for e in result.events} >= {NotificationKind.REPLY, NotificationKind.MENTION}


def test_a_quote_of_a_post_engage_cannot_place_is_looked_up_once(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull_all(x, "mentions", owner, state, sandbox)
    actor = some_actor(sandbox)
    sandbox.advance(60)
    one = sandbox.event("quote", actor, text=f"so true @{owner.handle}")
    two = sandbox.event("quote", actor, text=f"and again @{owner.handle}")
    sandbox.reset_stats()
    result = pull(x, "mentions", owner, state, sandbox)
    kinds = {e.post_id: (e.kind, e.subject_id) for e in result.events}
    assert kinds[one["post_id"]] == (NotificationKind.QUOTE, one["quoted"])
    assert kinds[two["post_id"]] == (NotificationKind.QUOTE, two["quoted"])
    requests = sandbox.stats()["requests"]
    assert requests == {"GET /2/users/:id/mentions": 1, "GET /2/tweets": 1}


# -- own posts: likes and reposts ----------------------------------------------


def latest_owner_post(result: PullResult, owner: Person) -> str:
    own = [p for p in result.posts if p.author_id == owner.id and p.in_reply_to_id is None]
    return max(own, key=lambda p: int(p.id)).id


def someone_acts_on_my_newest_post(
    x: XPlatform,
    owner: Person,
    state: MemoryState,
    sandbox: Sandbox,
    kind: str,
    *,
    after_s: float = 30,
    **extra: Any,
) -> tuple[str, str, dict[str, Any]]:
    """The first own-posts pull, then, ``after_s`` later, someone ``kind``s the
    owner's newest post: (that post's id, their handle, what the sandbox made)."""
    first = pull(x, "own_posts", owner, state, sandbox)
    target = latest_owner_post(first, owner)
    actor = some_actor(sandbox)
    sandbox.advance(after_s)
    made = sandbox.event(kind, actor, target_id=target, **extra)
    return target, actor, made


def recent_likers(sandbox: Sandbox, days: int = 3) -> dict[str, list[str]]:
    """Owner posts of the last ``days`` with likes: post id -> likers, newest first."""
    world = sandbox.state()
    since = when(world["clock"]) - timedelta(days=days)
    mine = {
        p["id"]
        for p in world["posts"]
        if p["author_id"] == world["owner"]["id"]
        and not p["deleted"]
        and when(p["created_at"]) >= since
    }
    likers: dict[str, list[str]] = {}
    for like in world["likes"]:  # oldest first within each post
        if like["post_id"] in mine:
            likers.setdefault(like["post_id"], []).insert(0, like["user_id"])
    return likers


def recent_reposts(sandbox: Sandbox, days: int = 3) -> set[tuple[str, str]]:
    """(post id, reposter id) of the owner's posts reposted in the last ``days``."""
    world = sandbox.state()
    since = when(world["clock"]) - timedelta(days=days)
    posts = {p["id"]: p for p in world["posts"]}
    owner_id = world["owner"]["id"]
    return {
        (r["post_id"], r["user_id"])
        for r in world["retweets"]
        if posts[r["post_id"]]["author_id"] == owner_id
        and not posts[r["retweet_id"]]["deleted"]
        and when(posts[r["retweet_id"]]["created_at"]) >= since
    }


def test_own_posts_first_sync_shows_likers_of_the_newest_recent_liked_posts(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    now = sandbox.now()
    result = pull(x, "own_posts", owner, MemoryState(), sandbox)
    likes = [e for e in result.events if e.kind is NotificationKind.LIKE]
    expected_posts = sorted(recent_likers(sandbox), key=int, reverse=True)[:5]
    assert expected_posts, "the seeded world has recent likes waiting"
    assert sorted({e.subject_id for e in likes}, key=int, reverse=True) == expected_posts
    for post_id in expected_posts:
        # One small page each: the newest ten likers at most.
        newest_likers = recent_likers(sandbox)[post_id][:10]
        got = [e for e in likes if e.subject_id == post_id]
        assert sorted(e.actor_id for e in got) == sorted(newest_likers)
    assert all(e.id == f"x:like:{e.subject_id}:{e.actor_id}" for e in likes)
    # X gives no like time: the moment engage learnt of it.
    assert all(e.created_at == now for e in likes)
    assert {e.actor_id for e in likes} <= {p.id for p in result.people}
    assert result.note and "likes" in result.note and "reposts" in result.note


def test_own_posts_first_sync_shows_reposts_of_the_last_days_with_their_time(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    result = pull(x, "own_posts", owner, MemoryState(), sandbox)
    reposts = [e for e in result.events if e.kind is NotificationKind.REPOST]
    expected = recent_reposts(sandbox)
    assert expected, "the seeded world has recent reposts waiting"
    assert {(e.subject_id, e.actor_id) for e in reposts} == expected
    assert len(reposts) == len(expected)
    oldest_allowed = sandbox.now() - timedelta(days=3)
    assert all(oldest_allowed <= e.created_at <= sandbox.now() for e in reposts)
    assert all(e.id == f"x:repost:{e.subject_id}:{e.actor_id}" for e in reposts)


def test_own_posts_first_sync_window_follows_first_sync_days(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    result = pull(x, "own_posts", owner, MemoryState(), sandbox, first_sync_days=1)
    reposts = {
        (e.subject_id, e.actor_id) for e in result.events if e.kind is NotificationKind.REPOST
    }
    assert reposts == recent_reposts(sandbox, days=1)
    liked = {e.subject_id for e in result.events if e.kind is NotificationKind.LIKE}
    assert liked <= set(recent_likers(sandbox, days=1))


def test_own_posts_after_the_first_sync_repeat_nothing(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "own_posts", owner, state, sandbox)
    assert first.events
    assert pull(x, "own_posts", owner, state, sandbox).events == []


def test_a_new_like_on_a_post_seen_at_the_first_sync_is_the_only_event(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "own_posts", owner, state, sandbox)
    target = next(e.subject_id for e in first.events if e.kind is NotificationKind.LIKE)
    assert target is not None
    already = set(recent_likers(sandbox)[target])
    fan = next(
        u for u in sandbox.state()["users"] if u["id"] not in already and u["role"] == "other"
    )
    sandbox.advance(30)
    sandbox.event("like", fan["username"], target_id=target)
    result = pull(x, "own_posts", owner, state, sandbox)
    assert [e.id for e in result.events] == [f"x:like:{target}:{fan['id']}"]


def test_a_new_like_becomes_one_like_event(x: XPlatform, owner: Person, sandbox: Sandbox) -> None:
    state = MemoryState()
    target, actor, _ = someone_acts_on_my_newest_post(x, owner, state, sandbox, "like")
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
    target, actor, _ = someone_acts_on_my_newest_post(x, owner, state, sandbox, "repost")
    x.take_usage()
    sandbox.reset_stats()
    result = pull(x, "own_posts", owner, state, sandbox)
    endpoints = [u.endpoint for u in x.take_usage()]
    assert endpoints.count("GET /2/users/reposts_of_me") == 1
    assert "GET /2/tweets/:id/retweeted_by" not in endpoints
    # The smallest page covering the rise: the one repost and its author.
    assert sandbox.stats()["resources"]["GET /2/users/reposts_of_me"] == 2
    reposts = [e for e in result.events if e.kind is NotificationKind.REPOST]
    actor_id = next(p.id for p in result.people if p.handle == actor)
    assert [(e.id, e.subject_id) for e in reposts] == [(f"x:repost:{target}:{actor_id}", target)]
    assert pull(x, "own_posts", owner, state, sandbox).events == []


def test_a_repost_behind_one_of_an_unwatched_post_is_still_found(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "own_posts", owner, state, sandbox)
    watched = latest_owner_post(first, owner)
    own = sorted((p.id for p in first.posts if p.author_id == owner.id), key=int, reverse=True)
    unwatched = own[own_posts_source.PAGE_SIZE + 2]
    fans = non_followers(sandbox)[:2]
    sandbox.advance(30)
    sandbox.event("repost", fans[0], target_id=watched)
    sandbox.advance(30)
    sandbox.event("repost", fans[1], target_id=unwatched)  # newer, not counted yet
    result = pull(x, "own_posts", owner, state, sandbox)
    sandbox.advance(3600)  # the next deep read counts the older post's rise
    later = pull(x, "own_posts", owner, state, sandbox)
    fan_ids = {p.handle: p.id for r in (result, later) for p in r.people}
    ours = {fan_ids[fan] for fan in fans}
    # The hour of background activity brings other events too: look at ours.
    got = [
        (e.subject_id, e.actor_id)
        for r in (result, later)
        for e in r.events
        if e.actor_id in ours and e.kind is NotificationKind.REPOST
    ]
    assert sorted(got) == sorted([(watched, fan_ids[fans[0]]), (unwatched, fan_ids[fans[1]])])


def test_likes_on_an_older_post_are_found_at_the_hourly_deep_read(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "own_posts", owner, state, sandbox)
    own = sorted((p.id for p in first.posts if p.author_id == owner.id), key=int, reverse=True)
    older = own[own_posts_source.PAGE_SIZE + 5]
    fan = non_followers(sandbox)[0]
    sandbox.advance(60)
    sandbox.event("like", fan, target_id=older)
    assert pull(x, "own_posts", owner, state, sandbox).events == []
    sandbox.advance(3600)
    result = pull(x, "own_posts", owner, state, sandbox)
    fan_id = next(p.id for p in result.people if p.handle == fan)
    # The hour of background activity brings other events too: look at ours.
    assert [e.id for e in result.events if e.actor_id == fan_id] == [f"x:like:{older}:{fan_id}"]


def test_a_quote_without_a_mention_arrives_through_quote_tweets(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull_all(x, "mentions", owner, state, sandbox)
    target, _, made = someone_acts_on_my_newest_post(
        x, owner, state, sandbox, "quote", after_s=60, text="This. So much this."
    )
    assert pull(x, "mentions", owner, state, sandbox).events == []
    sandbox.reset_stats()
    result = pull(x, "own_posts", owner, state, sandbox)
    assert [(e.id, e.kind, e.subject_id) for e in result.events] == [
        (f"x:mention:{made['post_id']}", NotificationKind.QUOTE, target)
    ]
    assert sandbox.stats()["requests"]["GET /2/tweets/:id/quote_tweets"] == 1
    assert pull(x, "own_posts", owner, state, sandbox).events == []


def test_a_quote_the_mentions_source_delivered_costs_no_quote_tweets_call(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull_all(x, "mentions", owner, state, sandbox)
    _, _, made = someone_acts_on_my_newest_post(
        x, owner, state, sandbox, "quote", after_s=60, text=f"@{owner.handle} yes"
    )
    by_mentions = pull(x, "mentions", owner, state, sandbox)
    assert [e.id for e in by_mentions.events] == [f"x:mention:{made['post_id']}"]
    sandbox.reset_stats()
    assert pull(x, "own_posts", owner, state, sandbox).events == []
    assert "GET /2/tweets/:id/quote_tweets" not in sandbox.stats()["requests"]


def test_quiet_own_posts_pull_makes_one_request(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull(x, "own_posts", owner, state, sandbox)
    x.take_usage()
    assert pull(x, "own_posts", owner, state, sandbox).events == []
    assert [u.endpoint for u in x.take_usage()] == ["GET /2/users/:id/tweets"]


# -- followers ----------------------------------------------------------------


def newest_follower_ids(sandbox: Sandbox, count: int) -> list[str]:
    world = sandbox.state()
    owner_id = world["owner"]["id"]
    ids = [f["follower_id"] for f in world["follows"] if f["user_id"] == owner_id]
    return ids[::-1][:count]  # the sandbox lists follows oldest first


def test_followers_first_sync_makes_the_newest_page_follow_events(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    now = sandbox.now()
    x.take_usage()
    first = pull(x, "followers", owner, state, sandbox)
    assert [u.endpoint for u in x.take_usage()] == ["GET /2/users/:id/followers"]
    newest = newest_follower_ids(sandbox, 20)
    assert sorted(e.actor_id for e in first.events) == sorted(newest)
    assert all(e.kind is NotificationKind.FOLLOW for e in first.events)
    assert all(e.id == f"x:follow:{e.actor_id}" for e in first.events)
    # X gives no follow time: the moment engage learnt of it.
    assert all(e.created_at == now for e in first.events)
    assert state.snapshot("followers") == frozenset(newest)
    assert first.note and "20 newest followers" in first.note


def test_followers_after_the_first_sync_only_newcomers_are_events(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull(x, "followers", owner, state, sandbox)
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


def follow_newcomers(sandbox: Sandbox, count: int) -> list[str]:
    newcomers = non_followers(sandbox)[:count]
    assert len(newcomers) == count
    sandbox.advance(30)
    for handle in newcomers:
        sandbox.event("follow", handle)
    return newcomers


def test_followers_first_page_is_sized_by_the_last_catch(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    first = pull(x, "followers", owner, state, sandbox)
    assert len(first.events) == followers_source.FIRST_PAGE
    newcomers = follow_newcomers(sandbox, 25)
    sandbox.reset_stats()
    result = pull(x, "followers", owner, state, sandbox)
    assert len(result.events) == len(newcomers)
    stats = sandbox.stats()
    assert stats["requests"] == {"GET /2/users/:id/followers": 1}
    # A quarter more than the last catch, plus two: few old followers re-read.
    assert stats["resources"]["GET /2/users/:id/followers"] == 20 + 5 + 2


def test_followers_page_on_only_while_the_whole_page_is_new(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull(x, "followers", owner, state, sandbox)
    newcomers = follow_newcomers(sandbox, 35)  # more than the 27 first asked
    x.take_usage()
    result = pull(x, "followers", owner, state, sandbox)
    assert len(result.events) == len(newcomers)
    assert [u.endpoint for u in x.take_usage()] == ["GET /2/users/:id/followers"] * 2
    assert pull(x, "followers", owner, state, sandbox).events == []


# -- list memberships ---------------------------------------------------------


def list_owner_without_lists(sandbox: Sandbox) -> dict:
    """An actor whose list_add makes a brand-new list (rather than reusing an old one)."""
    world = sandbox.state()
    owners = {li["owner_id"] for li in world["lists"]}
    return next(
        u
        for u in world["users"]
        if u["id"] not in owners and u["role"] == "other" and not u["protected"]
    )


def lists_made_lately_with_me(sandbox: Sandbox, days: int = 3) -> set[str]:
    world = sandbox.state()
    me, since = world["owner"]["id"], when(world["clock"]) - timedelta(days=days)
    return {
        li["id"]
        for li in world["lists"]
        if me in li["members"] and li["owner_id"] != me and moment_of(int(li["id"])) >= since
    }


def test_list_memberships_first_sync_reports_only_lists_made_lately(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    curator = list_owner_without_lists(sandbox)
    sandbox.advance(30)
    added = sandbox.event("list_add", curator["username"])
    state = MemoryState()
    first = pull(x, "list_memberships", owner, state, sandbox)
    expected = lists_made_lately_with_me(sandbox)
    assert added["list_id"] in expected
    assert {e.id for e in first.events} == {f"x:list_add:{lid}" for lid in expected}
    (mine,) = [e for e in first.events if e.id == f"x:list_add:{added['list_id']}"]
    assert mine.kind is NotificationKind.LIST_ADD and mine.actor_id == curator["id"]
    assert curator["id"] in {p.id for p in first.people}
    # Every list found is the baseline, reported or not.
    member_of = {li["id"] for li in sandbox.state()["lists"] if owner.id in li["members"]}
    assert state.snapshot("list_memberships") == frozenset(member_of)
    assert len(member_of) > len(expected), "older memberships stay silent"
    assert first.note and "starting point" in first.note
    assert pull(x, "list_memberships", owner, state, sandbox).events == []


def test_a_list_add_becomes_one_event_with_the_list_owner_as_actor(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    pull(x, "list_memberships", owner, state, sandbox)
    actor = some_actor(sandbox)
    sandbox.advance(30)
    added = sandbox.event("list_add", actor)
    result = pull(x, "list_memberships", owner, state, sandbox)
    actor_id = next(u["id"] for u in sandbox.state()["users"] if u["username"] == actor)
    assert [(e.id, e.kind, e.actor_id) for e in result.events] == [
        (f"x:list_add:{added['list_id']}", NotificationKind.LIST_ADD, actor_id)
    ]
    assert pull(x, "list_memberships", owner, state, sandbox).events == []


# -- a whole first sync ---------------------------------------------------------


def test_a_first_sync_shows_every_kind_of_recent_engagement(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    sandbox.advance(30)
    sandbox.event("list_add", list_owner_without_lists(sandbox)["username"])
    results = first_sync_of_everything(x, owner, MemoryState(), sandbox)
    kinds = {e.kind for r in results for e in r.events}
    assert {
        NotificationKind.FOLLOW,
        NotificationKind.LIKE,
        NotificationKind.REPOST,
        NotificationKind.LIST_ADD,
        NotificationKind.MENTION,
        NotificationKind.REPLY,
    } <= kinds
    ids = [e.id for r in results for e in r.events]
    assert len(ids) == len(set(ids))


def test_a_first_sync_stays_a_few_requests(x: XPlatform, owner: Person, sandbox: Sandbox) -> None:
    sandbox.reset_stats()
    first_sync_of_everything(x, owner, MemoryState(), sandbox)
    stats = sandbox.stats()
    requests = stats["requests"]
    # mentions 1 (+1 lookup of quoted posts engage cannot place yet), own
    # timeline 1, liking_users <= 5, reposts_of_me <= 3, quote_tweets <= 3,
    # followers 1, list memberships 1 (+1 owner lookup when a list is new).
    assert requests.get("GET /2/tweets/:id/liking_users", 0) <= 5
    assert requests.get("GET /2/users/reposts_of_me", 0) <= 3
    assert requests.get("GET /2/tweets/:id/quote_tweets", 0) <= 3
    assert requests.get("GET /2/tweets", 0) <= 1
    assert requests["GET /2/users/:id/followers"] == 1
    assert stats["total_requests"] <= 17
    assert stats["resources"].get("GET /2/tweets/:id/liking_users", 0) <= 5 * 10
    assert stats["total_cost_usd"] < 1.0


def test_syncing_again_after_a_first_sync_repeats_nothing(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    state = MemoryState()
    sandbox.event("list_add", list_owner_without_lists(sandbox)["username"])
    first = first_sync_of_everything(x, owner, state, sandbox)
    assert sum(len(r.events) for r in first) > 0
    # The clock stands still, so the sandbox's background stream adds nothing.
    for _ in range(2):
        again = [pull(x, source, owner, state, sandbox) for source in SOURCES]
        assert [e.id for r in again for e in r.events] == []


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
