"""Recent search: the query forms engage uses, the 7-day window, no reposts."""

from __future__ import annotations

from datetime import datetime, timedelta

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire

FIELDS = {"tweet.fields": "author_id,created_at,referenced_tweets,in_reply_to_user_id"}


def _search(wire: Wire, query: str, **params: str) -> dict:
    response = wire.get(
        "/2/tweets/search/recent", query=query, max_results="100", **FIELDS, **params
    )
    assert response.status_code == 200, response.text
    return response.json()


def _id_of(sandbox: Sandbox, username: str) -> str:
    user = sandbox.world.user_named(username)
    assert user is not None
    return str(user.id)


def test_from_or_from_returns_only_those_authors(wire: Wire, sandbox: Sandbox) -> None:
    body = _search(wire, "from:kyoto_roast OR from:yael_bakes")
    authors = {post["author_id"] for post in body["data"]}
    assert authors == {_id_of(sandbox, "kyoto_roast"), _id_of(sandbox, "yael_bakes")}


def test_to_returns_replies_to_that_user(wire: Wire) -> None:
    body = _search(wire, "to:noor_grows")
    assert body["data"]
    assert all(post["in_reply_to_user_id"] == wire.owner_id for post in body["data"])


def test_at_handle_finds_mentions(wire: Wire) -> None:
    body = _search(wire, "@noor_grows")
    assert body["data"]
    assert all("@noor_grows" in post["text"].lower() for post in body["data"])


def test_plain_words_match_case_insensitively(wire: Wire) -> None:
    body = _search(wire, "Kiln")
    assert body["data"]
    assert all("kiln" in post["text"].lower() for post in body["data"])


def test_negation_and_grouping(wire: Wire, sandbox: Sandbox) -> None:
    body = _search(wire, "(from:kyoto_roast OR from:yael_bakes) -from:yael_bakes")
    assert {post["author_id"] for post in body["data"]} == {_id_of(sandbox, "kyoto_roast")}


def test_only_the_last_seven_days(wire: Wire) -> None:
    body = _search(wire, "from:noor_grows")
    newest = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
    for post in body["data"]:
        created = datetime.fromisoformat(post["created_at"].replace("Z", "+00:00"))
        assert created >= newest - timedelta(days=7)


def test_reposts_are_left_out(wire: Wire) -> None:
    wire.event("repost", "kyoto_roast")
    body = _search(wire, "from:kyoto_roast")
    assert all(
        "referenced_tweets" not in p or p["referenced_tweets"][0]["type"] != "retweeted"
        for p in body["data"]
    )


def test_search_meta_and_next_token_param(wire: Wire) -> None:
    first = wire.get("/2/tweets/search/recent", query="@noor_grows", max_results="10").json()
    assert {"newest_id", "oldest_id", "result_count", "next_token"} <= set(first["meta"])
    second = wire.get(
        "/2/tweets/search/recent",
        query="@noor_grows",
        max_results="10",
        next_token=first["meta"]["next_token"],
    ).json()
    assert int(second["data"][0]["id"]) < int(first["meta"]["oldest_id"])


def test_missing_or_broken_query_is_400(wire: Wire) -> None:
    assert wire.get("/2/tweets/search/recent").status_code == 400
    assert wire.get("/2/tweets/search/recent", query="(from:a").status_code == 400
