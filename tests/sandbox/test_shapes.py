"""X's JSON shapes: defaults, field selection, expansions, partial errors, pages, bounds."""

from __future__ import annotations

import pytest

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire


def _own_posts(wire: Wire, **params: object) -> dict:
    response = wire.get(f"/2/users/{wire.owner_id}/tweets", **params)
    assert response.status_code == 200, response.text
    return response.json()


def test_post_defaults_are_id_text_and_edit_history(wire: Wire) -> None:
    body = _own_posts(wire)
    for post in body["data"]:
        assert set(post) == {"id", "text", "edit_history_tweet_ids"}
        assert post["edit_history_tweet_ids"] == [post["id"]]


def test_user_defaults_are_id_name_username(wire: Wire) -> None:
    body = wire.get(f"/2/users/{wire.owner_id}/followers").json()
    assert all(set(user) == {"id", "name", "username"} for user in body["data"])


def test_only_requested_post_fields_come_back(wire: Wire) -> None:
    body = _own_posts(wire, **{"tweet.fields": "created_at,public_metrics"})
    for post in body["data"]:
        assert set(post) == {"id", "text", "edit_history_tweet_ids", "created_at", "public_metrics"}


def test_post_fields_spelling_is_accepted_too(wire: Wire) -> None:
    body = _own_posts(wire, **{"post.fields": "author_id"})
    assert all(post["author_id"] == wire.owner_id for post in body["data"])


def test_created_at_has_milliseconds_and_z(wire: Wire) -> None:
    body = _own_posts(wire, **{"tweet.fields": "created_at"})
    stamp = body["data"][0]["created_at"]
    assert len(stamp) == len("2026-11-20T14:03:11.000Z")
    assert stamp[19] == "." and stamp.endswith("Z")


def test_ids_are_strings_everywhere(wire: Wire) -> None:
    body = wire.get(
        f"/2/users/{wire.owner_id}/mentions",
        expansions="author_id,referenced_tweets.id",
        **{"tweet.fields": "author_id,conversation_id,referenced_tweets,in_reply_to_user_id"},
    ).json()
    for post in body["data"]:
        assert isinstance(post["id"], str) and isinstance(post["author_id"], str)
        assert isinstance(post["conversation_id"], str)
        for ref in post.get("referenced_tweets", []):
            assert isinstance(ref["id"], str)
    assert all(isinstance(user["id"], str) for user in body["includes"]["users"])


def test_author_expansion_fills_includes_users(wire: Wire) -> None:
    body = wire.get(
        f"/2/users/{wire.owner_id}/mentions",
        expansions="author_id",
        **{"tweet.fields": "author_id", "user.fields": "verified"},
    ).json()
    included = {user["id"]: user for user in body["includes"]["users"]}
    for post in body["data"]:
        assert set(included[post["author_id"]]) == {"id", "name", "username", "verified"}


def test_unknown_field_is_400_naming_it(wire: Wire) -> None:
    response = wire.get(f"/2/users/{wire.owner_id}/tweets", **{"tweet.fields": "colour"})
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "Invalid Request"
    assert body["errors"][0]["parameters"] == {"tweet.fields": ["colour"]}


def test_unknown_query_parameter_is_400(wire: Wire) -> None:
    # X's list timeline has no since_id: a client that sends one hears about it.
    list_id = next(iter(wire.sb.world.lists))
    response = wire.get(f"/2/lists/{list_id}/tweets", since_id="1")
    assert response.status_code == 400
    assert "since_id" in response.json()["errors"][0]["parameters"]


@pytest.mark.parametrize(
    ("path", "low", "high"),
    [
        ("/2/users/{me}/mentions", 5, 100),
        ("/2/users/{me}/tweets", 5, 100),
        ("/2/users/{me}/followers", 1, 1000),
        ("/2/users/{me}/list_memberships", 1, 100),
        ("/2/users/reposts_of_me", 1, 100),
        ("/2/tweets/search/recent?query=shop", 10, 100),
    ],
)
def test_max_results_outside_bounds_is_400(wire: Wire, path: str, low: int, high: int) -> None:
    base, _, extra = path.format(me=wire.owner_id).partition("?")
    params = dict(part.split("=") for part in extra.split("&") if part)
    for bad in (low - 1, high + 1):
        response = wire.get(base, max_results=str(bad), **params)
        assert response.status_code == 400, (base, bad)
        message = response.json()["errors"][0]["message"]
        assert f"is not between {low} and {high}" in message
    assert wire.get(base, max_results=str(high), **params).status_code == 200


def test_timeline_meta_carries_newest_oldest_and_next_token(wire: Wire) -> None:
    body = _own_posts(wire, max_results="5")
    meta = body["meta"]
    assert meta["result_count"] == 5
    assert meta["newest_id"] == body["data"][0]["id"]
    assert meta["oldest_id"] == body["data"][-1]["id"]
    assert "next_token" in meta


def test_posts_are_newest_first(wire: Wire) -> None:
    body = _own_posts(wire, max_results="100")
    ids = [int(post["id"]) for post in body["data"]]
    assert ids == sorted(ids, reverse=True)


def test_pagination_walks_every_follower_once(wire: Wire, sandbox: Sandbox) -> None:
    seen: list[str] = []
    token = None
    while True:
        params = {"max_results": "70"}
        if token:
            params["pagination_token"] = token
        body = wire.get(f"/2/users/{wire.owner_id}/followers", **params).json()
        seen += [user["id"] for user in body.get("data", [])]
        token = body["meta"].get("next_token")
        if not token:
            break
    assert len(seen) == len(set(seen)) == len(sandbox.world.followers[sandbox.world.owner_id])


def test_followers_come_newest_follow_first(wire: Wire, sandbox: Sandbox) -> None:
    created = wire.event("follow", "growthgwen")
    body = wire.get(f"/2/users/{wire.owner_id}/followers", max_results="1").json()
    assert body["data"][0]["id"] == created["follower_id"]


def test_bad_pagination_token_is_400(wire: Wire) -> None:
    response = wire.get(f"/2/users/{wire.owner_id}/tweets", pagination_token="garbage!")
    assert response.status_code == 400


def test_since_id_returns_only_newer_posts(wire: Wire) -> None:
    first = _own_posts(wire, max_results="10")["data"]
    pivot = first[3]["id"]
    newer = _own_posts(wire, since_id=pivot, max_results="100")["data"]
    assert [post["id"] for post in newer] == [post["id"] for post in first[:3]]


def test_until_id_returns_only_older_posts(wire: Wire) -> None:
    first = _own_posts(wire, max_results="10")["data"]
    older = _own_posts(wire, until_id=first[2]["id"], max_results="5")["data"]
    assert older[0]["id"] == first[3]["id"]


def test_nothing_new_means_no_data_key(wire: Wire) -> None:
    newest = wire.get(f"/2/users/{wire.owner_id}/mentions").json()["meta"]["newest_id"]
    body = wire.get(
        f"/2/users/{wire.owner_id}/mentions", since_id=newest, expansions="author_id"
    ).json()
    assert body == {"meta": {"result_count": 0}}


def test_lookup_of_missing_and_deleted_ids_gives_partial_errors(
    wire: Wire, sandbox: Sandbox
) -> None:
    real = _own_posts(wire)["data"][0]["id"]
    deleted = next(str(p.id) for p in sandbox.world.posts.values() if p.deleted)
    body = wire.get("/2/tweets", ids=f"{real},{deleted},1234567890").json()
    assert [post["id"] for post in body["data"]] == [real]
    errors = {error["value"]: error for error in body["errors"]}
    assert set(errors) == {deleted, "1234567890"}
    assert errors[deleted]["title"] == "Not Found Error"
    assert errors[deleted]["type"] == "https://api.x.com/2/problems/resource-not-found"
    assert errors[deleted]["parameter"] == "ids"


def test_expanding_a_deleted_reference_gives_a_partial_error(wire: Wire) -> None:
    body = wire.get(
        f"/2/users/{wire.owner_id}/mentions",
        max_results="100",
        expansions="referenced_tweets.id",
    ).json()
    assert body["data"]
    error = next(e for e in body["errors"] if e["parameter"] == "referenced_tweets.id")
    assert error["detail"] == f"Could not find tweet with referenced_tweets.id: [{error['value']}]."


def test_single_missing_post_is_200_with_errors_only(wire: Wire) -> None:
    response = wire.get("/2/tweets/1234567890")
    assert response.status_code == 200
    assert set(response.json()) == {"errors"}


def test_protected_posts_are_not_authorized_for_a_non_follower(
    wire: Wire, sandbox: Sandbox
) -> None:
    world = sandbox.world
    hidden = next(str(p.id) for p in world.posts.values() if world.users[p.author_id].protected)
    body = wire.get("/2/tweets", ids=hidden).json()
    assert "data" not in body
    assert body["errors"][0]["title"] == "Authorization Error"


def test_user_lookups_by_ids_and_usernames(wire: Wire) -> None:
    by_name = wire.get("/2/users/by", usernames="noor_grows,kyoto_roast,nobody_here_xx").json()
    assert [user["username"] for user in by_name["data"]] == ["noor_grows", "kyoto_roast"]
    assert by_name["errors"][0]["value"] == "nobody_here_xx"
    ids = ",".join(user["id"] for user in by_name["data"])
    by_id = wire.get("/2/users", ids=ids).json()
    assert [user["id"] for user in by_id["data"]] == ids.split(",")
    single = wire.get("/2/users/by/username/kyoto_roast").json()
    assert single["data"]["username"] == "kyoto_roast"
    assert wire.get(f"/2/users/{single['data']['id']}").json() == single


def test_pinned_post_expansion(wire: Wire) -> None:
    body = wire.get(
        "/2/users/me", expansions="pinned_tweet_id", **{"user.fields": "pinned_tweet_id"}
    ).json()
    pinned = body["data"]["pinned_tweet_id"]
    assert body["includes"]["tweets"][0]["id"] == pinned


def test_unknown_route_is_404_with_a_json_body(wire: Wire) -> None:
    response = wire.get("/2/nothing/here")
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found Error"


def test_list_routes_shapes(wire: Wire, sandbox: Sandbox) -> None:
    memberships = wire.get(
        f"/2/users/{wire.owner_id}/list_memberships", **{"list.fields": "owner_id,member_count"}
    ).json()
    assert memberships["meta"]["result_count"] == len(memberships["data"]) > 0
    assert all(set(xl) == {"id", "name", "owner_id", "member_count"} for xl in memberships["data"])
    owned = wire.get(f"/2/users/{wire.owner_id}/owned_lists").json()
    list_id = owned["data"][0]["id"]
    members = wire.get(f"/2/lists/{list_id}/members").json()
    assert members["meta"]["result_count"] == len(members["data"]) > 0
    posts = wire.get(f"/2/lists/{list_id}/tweets", max_results="5").json()
    member_ids = {m["id"] for m in members["data"]}
    detailed = wire.get(
        "/2/tweets", ids=",".join(p["id"] for p in posts["data"]), **{"tweet.fields": "author_id"}
    ).json()
    assert {p["author_id"] for p in detailed["data"]} <= member_ids


def test_quote_tweets_and_retweeted_by_and_liking_users(wire: Wire, sandbox: Sandbox) -> None:
    world = sandbox.world
    quoted = next(pid for pid, quotes in world.quotes.items() if quotes)
    quotes = wire.get(f"/2/tweets/{quoted}/quote_tweets", **{"tweet.fields": "referenced_tweets"})
    assert all(
        {"type": "quoted", "id": str(quoted)} in p["referenced_tweets"]
        for p in quotes.json()["data"]
    )
    reposted = next(pid for pid, by in world.retweets.items() if by)
    reposters = wire.get(f"/2/tweets/{reposted}/retweeted_by").json()
    assert {u["id"] for u in reposters["data"]} == {str(u) for u in world.retweets[reposted]}
    liked = next(pid for pid, likers in world.likes.items() if likers)
    likers = wire.get(f"/2/tweets/{liked}/liking_users").json()
    assert {u["id"] for u in likers["data"]} == {str(u) for u in world.likes[liked]}


def test_reposts_of_me_are_reposts_of_my_posts(wire: Wire, sandbox: Sandbox) -> None:
    body = wire.get("/2/users/reposts_of_me", **{"tweet.fields": "referenced_tweets"}).json()
    world = sandbox.world
    assert body["data"]
    for post in body["data"]:
        original = next(r["id"] for r in post["referenced_tweets"] if r["type"] == "retweeted")
        assert world.posts[int(original)].author_id == world.owner_id


def test_exclude_replies_and_retweets(wire: Wire) -> None:
    body = _own_posts(
        wire, exclude="replies,retweets", max_results="100", **{"tweet.fields": "referenced_tweets"}
    )
    assert all("referenced_tweets" not in post for post in body["data"])


def test_a_method_the_resource_lacks_answers_405_with_the_methods_it_has(
    sandbox: Sandbox,
) -> None:
    import requests

    response = requests.patch(sandbox.base_url + "/2/tweets", timeout=10)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    assert response.json()["status"] == 405
