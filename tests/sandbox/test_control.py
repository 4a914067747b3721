"""Control routes: clock, events, protect, delete, state, and argument checking."""

from __future__ import annotations

import pytest
import requests

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire


def test_advancing_the_clock_brings_new_engagement(wire: Wire) -> None:
    before = wire.state()
    moved = wire.control("POST", "clock", {"advance_seconds": 4 * 3600})
    after = wire.state()
    assert moved["events"] > 20
    assert moved["now"] == "2026-11-20T16:00:00.000Z"
    grew = (
        len(after["posts"]) > len(before["posts"])
        or len(after["likes"]) > len(before["likes"])
        or len(after["follows"]) > len(before["follows"])
    )
    assert grew


def test_fixed_clock_stands_still_without_the_control_route(wire: Wire) -> None:
    first = wire.control("GET", "clock")["now"]
    wire.get("/2/users/me")
    assert wire.control("GET", "clock")["now"] == first == "2026-11-20T12:00:00.000Z"


def test_new_mentions_arrive_with_the_clock(wire: Wire) -> None:
    newest = wire.get(f"/2/users/{wire.owner_id}/mentions").json()["meta"]["newest_id"]
    wire.control("POST", "clock", {"advance_seconds": 12 * 3600})
    body = wire.get(f"/2/users/{wire.owner_id}/mentions", since_id=newest).json()
    assert body["meta"]["result_count"] > 0


def test_negative_advance_is_400(sandbox: Sandbox) -> None:
    response = requests.post(
        sandbox.base_url + "/_sandbox/clock", json={"advance_seconds": -5}, timeout=10
    )
    assert response.status_code == 400
    assert "advance_seconds" in response.json()["error"]


def _event(wire: Wire, **payload: str) -> dict:
    return wire.control("POST", "events", payload)


def test_mention_event_reaches_the_mentions_timeline(wire: Wire) -> None:
    created = _event(wire, kind="mention", actor="kyoto_roast", text="hello there")
    body = wire.get(f"/2/users/{wire.owner_id}/mentions").json()
    assert body["data"][0]["id"] == created["post_id"]
    assert body["data"][0]["text"] == "@noor_grows hello there"


def test_reply_event_answers_the_target(wire: Wire) -> None:
    target = wire.get(f"/2/users/{wire.owner_id}/tweets").json()["data"][0]["id"]
    created = _event(wire, kind="reply", actor="yael_bakes", target_id=target)
    post = wire.get(
        f"/2/tweets/{created['post_id']}", **{"tweet.fields": "referenced_tweets"}
    ).json()["data"]
    assert post["referenced_tweets"] == [{"type": "replied_to", "id": target}]


def test_quote_event_shows_in_quote_tweets(wire: Wire) -> None:
    target = wire.get(f"/2/users/{wire.owner_id}/tweets").json()["data"][0]["id"]
    created = _event(wire, kind="quote", actor="copy_kofi", target_id=target, text="so good")
    quotes = wire.get(f"/2/tweets/{target}/quote_tweets").json()
    assert created["post_id"] in {p["id"] for p in quotes["data"]}


def test_like_event_shows_in_liking_users(wire: Wire) -> None:
    target = wire.get(f"/2/users/{wire.owner_id}/tweets").json()["data"][0]["id"]
    created = _event(wire, kind="like", actor="linwei_tea", target_id=target)
    likers = wire.get(f"/2/tweets/{target}/liking_users").json()
    assert likers["data"][0]["id"] == created["user_id"]


def test_repost_event_shows_in_reposts_of_me(wire: Wire) -> None:
    created = _event(wire, kind="repost", actor="samsbooks")
    reposts = wire.get("/2/users/reposts_of_me").json()
    assert reposts["data"][0]["id"] == created["retweet_id"]


def test_follow_event_tops_the_followers(wire: Wire) -> None:
    created = _event(wire, kind="follow", actor="lucia_flores")
    followers = wire.get(f"/2/users/{wire.owner_id}/followers", max_results="1").json()
    assert followers["data"][0]["id"] == created["follower_id"]


def test_list_add_event_tops_list_memberships(wire: Wire) -> None:
    created = _event(wire, kind="list_add", actor="dtc_diego")
    lists = wire.get(f"/2/users/{wire.owner_id}/list_memberships", max_results="1").json()
    assert lists["data"][0]["id"] == created["list_id"]


def test_post_event_tops_the_authors_timeline(wire: Wire, sandbox: Sandbox) -> None:
    created = _event(wire, kind="post", actor="priya_pots", text="Kiln is hot 🔥")
    priya = sandbox.world.user_named("priya_pots")
    assert priya is not None
    timeline = wire.get(f"/2/users/{priya.id}/tweets").json()
    assert timeline["data"][0] == {
        "id": created["post_id"],
        "text": "Kiln is hot 🔥",
        "edit_history_tweet_ids": [created["post_id"]],
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "dance", "actor": "kyoto_roast"},
        {"kind": "like", "actor": "nobody_at_all"},
        {"kind": "like", "actor": "kyoto_roast", "target_id": "999"},
        {"actor": "kyoto_roast"},
    ],
)
def test_bad_events_are_400(sandbox: Sandbox, payload: dict) -> None:
    response = requests.post(sandbox.base_url + "/_sandbox/events", json=payload, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]


def test_protect_hides_posts_from_non_followers(wire: Wire, sandbox: Sandbox) -> None:
    world = sandbox.world
    owner_follows = world.following.get(world.owner_id, set())
    author = next(
        world.users[p.author_id]
        for p in world.posts.values()
        if p.author_id not in owner_follows
        and p.author_id != world.owner_id
        and not p.deleted
        and not world.users[p.author_id].protected
    )
    post = str(world.posts_by_author[author.id][-1])
    assert "data" in wire.get(f"/2/tweets/{post}").json()
    wire.control("POST", "protect", {"username": author.username})
    assert wire.get(f"/2/tweets/{post}").json()["errors"][0]["title"] == "Authorization Error"
    profile = wire.get(f"/2/users/{author.id}", **{"user.fields": "protected"}).json()
    assert profile["data"]["protected"] is True


def test_delete_route_removes_a_post_from_timelines(wire: Wire) -> None:
    newest = wire.get(f"/2/users/{wire.owner_id}/mentions").json()["data"][0]["id"]
    wire.control("POST", "delete", {"id": newest})
    again = wire.get(f"/2/users/{wire.owner_id}/mentions").json()
    assert newest not in {p["id"] for p in again["data"]}


def test_state_has_owner_posts_likes_and_follows(wire: Wire) -> None:
    state = wire.state()
    assert state["owner"]["username"] == "noor_grows"
    assert state["owner"]["id"] == wire.owner_id
    assert {"posts", "likes", "follows", "retweets", "lists", "users"} <= set(state)
    assert all({"id", "author_id", "text", "deleted"} <= set(p) for p in state["posts"])


def test_plan_can_be_switched_for_a_test(wire: Wire, sandbox: Sandbox) -> None:
    wire.control("POST", "plan", {"plan": "pro"})
    target = next(iter(sandbox.world.posts))
    response = wire.post(f"/2/users/{wire.owner_id}/likes", {"tweet_id": str(target)})
    assert response.status_code == 200


def test_unknown_control_route_is_404(sandbox: Sandbox) -> None:
    response = requests.get(sandbox.base_url + "/_sandbox/nothing", timeout=10)
    assert response.status_code == 404
    assert "error" in response.json()


def test_demo_clock_follows_real_time_times_speed() -> None:
    import time

    from engage_tui.sandbox import start_sandbox

    from .sandbox_support import SMALL

    with start_sandbox(seed=1, world=SMALL, speed=3600.0) as sb:
        url = sb.base_url + "/_sandbox/clock"
        first = requests.get(url, timeout=10).json()["now"]
        deadline = time.monotonic() + 60
        later = first
        while later == first and time.monotonic() < deadline:
            later = requests.get(url, timeout=10).json()["now"]
        assert later > first
