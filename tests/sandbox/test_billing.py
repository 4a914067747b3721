"""The pay-per-use meter: owned vs other posts vs users, same-day re-reads free, writes."""

from __future__ import annotations

import pytest

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire


def _cost(wire: Wire, route: str) -> float:
    return wire.stats()["cost_usd"].get(route, 0.0)


def test_owned_mentions_cost_a_tenth_of_a_cent_each(wire: Wire) -> None:
    wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="5")
    assert _cost(wire, "GET /2/users/:id/mentions") == pytest.approx(5 * 0.001)


def test_own_followers_are_owned(wire: Wire) -> None:
    wire.get(f"/2/users/{wire.owner_id}/followers", max_results="10")
    assert _cost(wire, "GET /2/users/:id/followers") == pytest.approx(10 * 0.001)


def test_someone_elses_followers_cost_user_price(wire: Wire, sandbox: Sandbox) -> None:
    follower = next(iter(sandbox.world.followers[sandbox.world.owner_id]))
    wire.control(
        "POST", "events", {"kind": "follow", "actor": "growthgwen", "target_id": str(follower)}
    )
    wire.get(f"/2/users/{follower}/followers")
    assert _cost(wire, "GET /2/users/:id/followers") == pytest.approx(0.010)


def test_own_posts_by_id_are_not_owned(wire: Wire) -> None:
    ids = [p["id"] for p in wire.get(f"/2/users/{wire.owner_id}/tweets").json()["data"][:3]]
    wire.reset_stats()
    wire.advance(86400)
    wire.get("/2/tweets", ids=",".join(ids))
    assert _cost(wire, "GET /2/tweets") == pytest.approx(3 * 0.005)


def test_users_cost_a_cent_each(wire: Wire) -> None:
    wire.get("/2/users/by", usernames="kyoto_roast,yael_bakes")
    assert _cost(wire, "GET /2/users/by") == pytest.approx(2 * 0.010)


def test_expanded_authors_are_billed_as_users(wire: Wire) -> None:
    body = wire.get(
        f"/2/users/{wire.owner_id}/mentions", max_results="5", expansions="author_id"
    ).json()
    authors = len(body["includes"]["users"])
    assert _cost(wire, "GET /2/users/:id/mentions") == pytest.approx(5 * 0.001 + authors * 0.010)


def test_same_resource_again_the_same_day_is_free(wire: Wire) -> None:
    wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="5")
    wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="5")
    stats = wire.stats()
    route = "GET /2/users/:id/mentions"
    assert stats["requests"][route] == 2
    assert stats["resources"][route] == 10
    assert stats["billed_resources"][route] == 5
    assert stats["cost_usd"][route] == pytest.approx(0.005)


def test_the_next_utc_day_bills_again(wire: Wire) -> None:
    wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="5")
    wire.advance(86400)
    newest = wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="100").json()
    count = newest["meta"]["result_count"]
    assert _cost(wire, "GET /2/users/:id/mentions") == pytest.approx((5 + count) * 0.001)


def test_post_prices(wire: Wire, sandbox: Sandbox) -> None:
    wire.post("/2/tweets", {"text": "plain post"})
    assert _cost(wire, "POST /2/tweets") == pytest.approx(0.015)
    wire.post("/2/tweets", {"text": "with a link https://example.com/x"})
    assert _cost(wire, "POST /2/tweets") == pytest.approx(0.015 + 0.20)
    mention = str(sandbox.world.mentions_of[sandbox.world.owner_id][-1])
    wire.post("/2/tweets", {"text": "thanks!", "reply": {"in_reply_to_tweet_id": mention}})
    assert _cost(wire, "POST /2/tweets") == pytest.approx(0.015 + 0.20 + 0.01)


def test_refused_writes_cost_nothing(wire: Wire) -> None:
    wire.post("/2/tweets", {"text": "once"})
    wire.post("/2/tweets", {"text": "once"})
    assert _cost(wire, "POST /2/tweets") == pytest.approx(0.015)


def test_stats_count_requests_by_route_template_and_reset(wire: Wire) -> None:
    wire.get("/2/users/me")
    wire.get(f"/2/users/{wire.owner_id}/tweets")
    wire.get(f"/2/users/{wire.owner_id}/tweets")
    stats = wire.stats()
    assert stats["requests"] == {"GET /2/users/me": 1, "GET /2/users/:id/tweets": 2}
    assert stats["total_cost_usd"] > 0
    reset = wire.reset_stats()
    assert reset["requests"] == {} and reset["total_cost_usd"] == 0
