"""Same request as X's recorded traffic -> same shape; bodies valid against X's OpenAPI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests
from openapi_schema_validator import OAS30Validator

from engage_tui.sandbox import Sandbox, start_sandbox

from .sandbox_support import CLOCK, SEED, SMALL, Wire


def _shape(value: Any) -> Any:
    """Keys at every level (lists by their first item); leaves by JSON type."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _same_keys(ours: Any, theirs: Any, where: str) -> None:
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), where
        mine, recorded = set(ours), set(theirs)
        if where.endswith("meta"):
            # next_token depends only on how many items there are to page through.
            mine, recorded = mine - {"next_token"}, recorded - {"next_token"}
        assert mine == recorded, f"{where}: ours {sorted(mine)} vs X {sorted(recorded)}"
        for key in mine:
            _same_keys(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list) and theirs:
        assert isinstance(ours, list) and ours, where
        _same_keys(ours[0], theirs[0], f"{where}[]")
    else:
        assert type(ours) is type(theirs), f"{where}: {type(ours)} vs {type(theirs)}"


class _Targets:
    """Sandbox ids standing in for the ids in X's recordings."""

    def __init__(self, sb: Sandbox) -> None:
        world = sb.world
        self.owner = str(world.owner_id)
        own = [p for p in world.posts_by_author[world.owner_id] if not world.posts[p].deleted]
        self.own_post = str(own[-1])
        self.own_posts = f"{own[-1]},{own[-2]}"
        self.liked = str(next(pid for pid, likers in world.likes.items() if len(likers) > 1))
        self.reposted = str(next(pid for pid, by in world.retweets.items() if by))
        self.quoted = str(next(pid for pid, quotes in world.quotes.items() if len(quotes) > 0))
        mine = next(xl for xl in world.lists.values() if xl.owner_id == world.owner_id)
        self.my_list = str(mine.id)
        self.other_list = str(
            next(xl.id for xl in world.lists.values() if xl.owner_id != world.owner_id)
        )
        prospect = world.user_named("kyoto_roast")
        assert prospect is not None
        self.prospect_post = str(world.posts_by_author[prospect.id][-1])
        self.created: str | None = None

    def path(self, recorded: str) -> str:
        parts = recorded.strip("/").split("/")
        if parts[1] == "users" and len(parts) > 2 and parts[2].isdigit():
            parts[2] = self.owner
            if len(parts) == 5 and parts[3] in ("likes", "retweets"):
                parts[4] = self.prospect_post
            if len(parts) == 5 and parts[3] == "followed_lists":
                parts[4] = self.other_list
        elif parts[1] == "users" and parts[2:4] == ["by", "username"]:
            parts[4] = "noor_grows"
        elif parts[1] == "tweets" and len(parts) > 2 and parts[2].isdigit():
            tail = parts[3] if len(parts) > 3 else ""
            parts[2] = {
                "liking_users": self.liked,
                "retweeted_by": self.reposted,
                "quote_tweets": self.quoted,
            }.get(tail, self.created or self.own_post)
        elif parts[1] == "lists" and len(parts) > 2:
            parts[2] = self.my_list
        return "/" + "/".join(parts)

    def query(self, recorded: dict[str, str]) -> dict[str, str]:
        out = dict(recorded)
        if "ids" in out:
            out["ids"] = self.own_posts
        if "usernames" in out:
            out["usernames"] = "noor_grows,kyoto_roast"
        if "query" in out:
            out["query"] = "shop"
        return out

    def body(self, recorded: dict[str, Any] | None) -> dict[str, Any] | None:
        if recorded is None:
            return None
        out = dict(recorded)
        if "tweet_id" in out:
            out["tweet_id"] = self.prospect_post
        if "list_id" in out:
            out["list_id"] = self.other_list
        return out


def _recordings(reference: Path) -> list[Path]:
    return sorted((reference / "x-recorded").glob("*.json"))


def test_every_recorded_exchange_gets_the_same_shape(reference: Path) -> None:
    # The basic plan: a recording of a like must be answered, not refused.
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL, plan="basic") as sb:
        wire = Wire(sb)
        targets = _Targets(sb)
        checked = 0
        for recording in _recordings(reference):
            for exchange in json.loads(recording.read_text()):
                request, expected = exchange["request"], exchange["response"]
                response = wire.session.request(
                    request["method"],
                    sb.base_url + targets.path(request["path"]),
                    params=targets.query(request["query"]),
                    json=targets.body(request["json"]),
                    auth=wire.auth,
                    timeout=30,
                )
                where = f"{recording.name} {request['method']} {request['path']}"
                assert response.status_code == expected["status"], (where, response.text)
                body = response.json()
                theirs = expected["body"]
                if request["method"] == "POST" and request["path"] == "/2/tweets":
                    # Recorded in 2021, before X added edit history to every post.
                    theirs = {"data": {**theirs["data"], "edit_history_tweet_ids": ["0"]}}
                    targets.created = body["data"]["id"]
                if request["method"] == "POST" and request["path"].endswith("/retweets"):
                    # X now also returns the repost's id (x-examples/errors_catalogue.json).
                    theirs = {"data": {**theirs["data"], "id": "0"}}
                if request["method"] == "DELETE" and request["path"].startswith("/2/tweets/"):
                    targets.created = None
                _same_keys(_shape(body), _shape(theirs), where)
                for name in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"):
                    assert response.headers[name].isdigit(), (where, name)
                checked += 1
        wire.close()
    assert checked >= 20


def _schema_for(spec: dict[str, Any], method: str, template: str) -> dict[str, Any]:
    openapi_path = re.sub(r":(\w+)", r"{\1}", template)
    operation = spec["paths"][openapi_path][method.lower()]
    responses = operation["responses"]
    content = (responses.get("200") or responses["201"])["content"]["application/json"]
    return {**content["schema"], "components": spec["components"]}


@pytest.fixture(scope="module")
def openapi_spec() -> dict[str, Any]:
    from .sandbox_support import reference_dir

    found = reference_dir()
    if found is None:
        pytest.skip("../shared/reference is not beside the repository in this checkout")
    return json.loads((found / "x-api-v2-openapi-2.166.json").read_text())


RICH_POST = {
    "tweet.fields": "author_id,conversation_id,created_at,entities,in_reply_to_user_id,lang,"
    "public_metrics,referenced_tweets,reply_settings,possibly_sensitive,edit_controls",
    "expansions": "author_id,referenced_tweets.id,in_reply_to_user_id,"
    "referenced_tweets.id.author_id",
    "user.fields": "created_at,description,location,pinned_tweet_id,profile_image_url,protected,"
    "public_metrics,url,verified,verified_type,entities,most_recent_tweet_id",
}
RICH_USER = {
    "user.fields": RICH_POST["user.fields"],
    "expansions": "pinned_tweet_id",
    "tweet.fields": "created_at,public_metrics",
}
RICH_LIST = {
    "list.fields": "created_at,description,follower_count,member_count,owner_id,private",
    "expansions": "owner_id",
}


def test_responses_validate_against_xs_openapi_schemas(
    wire: Wire, sandbox: Sandbox, openapi_spec: dict[str, Any]
) -> None:
    targets = _Targets(sandbox)
    me = targets.owner
    cases = [
        ("GET", "/2/users/me", "/2/users/me", RICH_USER),
        ("GET", "/2/users/:id", f"/2/users/{me}", RICH_USER),
        ("GET", "/2/users", "/2/users", {**RICH_USER, "ids": f"{me},1"}),
        ("GET", "/2/users/by", "/2/users/by", {**RICH_USER, "usernames": "noor_grows,kyoto_roast"}),
        (
            "GET",
            "/2/users/:id/mentions",
            f"/2/users/{me}/mentions",
            {**RICH_POST, "max_results": "100"},
        ),
        (
            "GET",
            "/2/users/:id/tweets",
            f"/2/users/{me}/tweets",
            {**RICH_POST, "max_results": "100"},
        ),
        ("GET", "/2/users/:id/followers", f"/2/users/{me}/followers", RICH_USER),
        ("GET", "/2/users/:id/list_memberships", f"/2/users/{me}/list_memberships", RICH_LIST),
        ("GET", "/2/users/:id/owned_lists", f"/2/users/{me}/owned_lists", RICH_LIST),
        ("GET", "/2/users/reposts_of_me", "/2/users/reposts_of_me", RICH_POST),
        ("GET", "/2/tweets", "/2/tweets", {**RICH_POST, "ids": f"{targets.own_posts},5"}),
        ("GET", "/2/tweets/:id", f"/2/tweets/{targets.own_post}", RICH_POST),
        ("GET", "/2/tweets/:id/liking_users", f"/2/tweets/{targets.liked}/liking_users", RICH_USER),
        (
            "GET",
            "/2/tweets/:id/retweeted_by",
            f"/2/tweets/{targets.reposted}/retweeted_by",
            RICH_USER,
        ),
        (
            "GET",
            "/2/tweets/:id/quote_tweets",
            f"/2/tweets/{targets.quoted}/quote_tweets",
            RICH_POST,
        ),
        (
            "GET",
            "/2/tweets/search/recent",
            "/2/tweets/search/recent",
            {**RICH_POST, "query": "shop OR coffee"},
        ),
        ("GET", "/2/lists/:id/tweets", f"/2/lists/{targets.my_list}/tweets", RICH_POST),
        ("GET", "/2/lists/:id/members", f"/2/lists/{targets.my_list}/members", RICH_USER),
    ]
    for method, template, path, params in cases:
        response = wire.session.request(
            method, sandbox.base_url + path, params=params, auth=wire.auth, timeout=30
        )
        assert response.status_code == 200, (path, response.text)
        validator = OAS30Validator(_schema_for(openapi_spec, method, template))
        errors = [e.message for e in validator.iter_errors(response.json())]
        assert errors == [], (template, errors[:3])


def test_writes_validate_against_xs_openapi_schemas(
    basic_wire: Wire, basic_sandbox: Sandbox, openapi_spec: dict[str, Any]
) -> None:
    targets = _Targets(basic_sandbox)
    me = targets.owner
    created = basic_wire.post("/2/tweets", {"text": "schema check 🧪"})
    new_list = basic_wire.post("/2/lists", {"name": "watch", "private": True})
    list_id = new_list.json()["data"]["id"]
    cases: list[tuple[str, str, requests.Response]] = [
        ("POST", "/2/tweets", created),
        (
            "POST",
            "/2/users/:id/likes",
            basic_wire.post(f"/2/users/{me}/likes", {"tweet_id": targets.prospect_post}),
        ),
        (
            "POST",
            "/2/users/:id/retweets",
            basic_wire.post(f"/2/users/{me}/retweets", {"tweet_id": targets.prospect_post}),
        ),
        ("POST", "/2/lists", new_list),
        (
            "POST",
            "/2/lists/:id/members",
            basic_wire.post(f"/2/lists/{list_id}/members", {"user_id": me}),
        ),
        (
            "DELETE",
            "/2/lists/:id/members/:user_id",
            basic_wire.delete(f"/2/lists/{list_id}/members/{me}"),
        ),
        ("DELETE", "/2/tweets/:id", basic_wire.delete(f"/2/tweets/{created.json()['data']['id']}")),
    ]
    for method, template, response in cases:
        assert response.status_code in (200, 201), (template, response.text)
        validator = OAS30Validator(_schema_for(openapi_spec, method, template))
        errors = [e.message for e in validator.iter_errors(response.json())]
        assert errors == [], (template, errors[:3])


def test_error_bodies_match_the_example_catalogue(reference: Path, wire: Wire) -> None:
    catalogue = json.loads((reference / "x-examples" / "errors_catalogue.json").read_text())
    unauthorized = requests.get(wire.sb.base_url + "/2/users/me", timeout=10).json()
    assert unauthorized == catalogue["unauthorized_401"]
    too_big = wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="1000").json()
    # The catalogue keeps the 2022 problem URI; X's current docs use api.x.com.
    current = "https://api.x.com/2/problems/invalid-request"
    assert too_big == {**catalogue["invalid_request_400"], "type": current}
    wire.post("/2/tweets", {"text": "same words twice"})
    duplicate = wire.post("/2/tweets", {"text": "same words twice"}).json()
    assert duplicate == catalogue["duplicate_post_403"]


def test_example_mentions_shape_is_reproduced(reference: Path, wire: Wire) -> None:
    example = json.loads((reference / "x-examples" / "mentions_expanded.json").read_text())
    request = example.pop("_request")
    query = dict(part.split("=", 1) for part in request.split("?", 1)[1].split("&"))
    query.pop("since_id")
    body = wire.get(f"/2/users/{wire.owner_id}/mentions", **query).json()
    allowed = set().union(*(set(post) for post in example["data"]))
    for post in body["data"]:
        assert {"id", "text", "author_id", "created_at", "edit_history_tweet_ids"} <= set(post)
        assert set(post) <= allowed
    assert all(
        set(user) == set(example["includes"]["users"][0]) for user in body["includes"]["users"]
    )
    assert set(body["meta"]) - {"next_token"} == set(example["meta"]) - {"next_token"} | {
        "newest_id",
        "oldest_id",
        "result_count",
    }
