"""Every recorded X body and example parses through tweepy and then engage,
with warnings as errors: the client must read what real X sends."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
import tweepy

from engage_tui.platforms.errors import DuplicateContent, Permanent, RateLimited, SignedOut
from engage_tui.platforms.x.failures import map_http_error
from engage_tui.platforms.x.parse import page_from_response
from engage_tui.platforms.x.words import x_unescaped

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason=f"reference folder absent: {REFERENCE}"
)

_USERS = re.compile(r"/(liking_users|retweeted_by|followers|following|members)$|/users/(me|by)")
_LISTS = re.compile(r"/(list_memberships|owned_lists|followed_lists)$")
_POSTS = re.compile(r"/(tweets|mentions|quote_tweets|recent)$|^/2/tweets(/\d+)?$")


def kind_of(method: str, path: str) -> str | None:
    if method != "GET":
        return None
    if _USERS.search(path):
        return "users"
    if _LISTS.search(path):
        return "lists"
    if _POSTS.search(path):
        return "posts"
    raise AssertionError(f"unclassified route {path}")


def recorded_calls() -> list[Any]:
    if not REFERENCE.is_dir():
        return []
    calls = []
    for path in sorted((REFERENCE / "x-recorded").glob("*.json")):
        for i, call in enumerate(json.loads(path.read_text())):
            calls.append(pytest.param(call, id=f"{path.stem}[{i}]"))
    return calls


def tweepy_response(body: dict[str, Any], kind: str | None) -> Any:
    data_type = {"posts": tweepy.Tweet, "users": tweepy.User, "lists": tweepy.List}.get(kind or "")
    client = tweepy.Client()
    return client._construct_response(json.loads(json.dumps(body)), data_type=data_type)


@pytest.mark.parametrize("call", recorded_calls())
def test_recorded_body_parses_into_domain_objects(call: dict[str, Any]) -> None:
    request, body = call["request"], call["response"]["body"]
    kind = kind_of(request["method"], request["path"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response = tweepy_response(body, kind)
        page = page_from_response(response, kind or "write")
    items = body["data"] if isinstance(body["data"], list) else [body["data"]]
    assert len(page.raw_items) == len(items)
    if kind == "posts":
        assert [p.id for p in page.posts] == [str(i["id"]) for i in items]
        # X's text writes &, < and > as entities ("Q&amp;A" in get_list_tweets): decoded once.
        assert all(p.text == x_unescaped(i["text"]) for p, i in zip(page.posts, items, strict=True))
        assert all(p.url and p.url.endswith(p.id) for p in page.posts)
    if kind == "users":
        assert [p.handle for p in page.people] == [i["username"] for i in items]
    meta = body.get("meta") or {}
    assert page.next_token == meta.get("next_token")


def example(name: str) -> dict[str, Any]:
    body = json.loads((REFERENCE / "x-examples" / name).read_text())
    body.pop("_request", None)
    return body


def test_expanded_mentions_example_gives_posts_people_and_references() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = page_from_response(tweepy_response(example("mentions_expanded.json"), "posts"))
    quote, reply = page.posts
    assert quote.quoted_id == "1866900000000000009"
    assert quote.mentions == ("me_handle",)
    assert quote.url == "https://x.com/prospect/status/1867000000000000003"
    assert reply.in_reply_to_id == "1866900000000000009"
    assert reply.metrics is not None and reply.metrics.likes == 1
    assert reply.created_at.isoformat() == "2026-11-20T14:03:11+00:00"
    assert {p.handle for p in page.included_people} == {"prospect", "XDevelopers"}
    assert page.included_people[0].followers_count == 1200
    assert [p.author_id for p in page.included_posts] == ["1000000000000000001"]


def test_partial_error_example_keeps_the_post_and_reports_the_deleted_parent() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = page_from_response(tweepy_response(example("mentions_partial_error.json"), "posts"))
    assert [p.id for p in page.posts] == ["1867000000000000004"]
    assert page.posts[0].text == "@me_handle 👋"
    assert [(m.resource_id, m.reason) for m in page.missing] == [("1866000000000000777", "deleted")]


def test_empty_example_is_an_empty_page() -> None:
    page = page_from_response(tweepy_response(example("mentions_empty.json"), "posts"))
    assert page.posts == [] and page.next_token is None and page.result_count == 0


def test_liking_users_example_gives_people() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = page_from_response(tweepy_response(example("liking_users.json"), "users"), "users")
    assert [p.handle for p in page.people] == ["prospect", "X"]
    assert [p.id for p in page.included_posts] == ["1800000000000000001"]


def _http_error(status: int, body: dict[str, Any], headers: dict[str, str]) -> Any:
    import requests

    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    response.headers.update({"content-type": "application/json", **headers})
    cls = {401: tweepy.Unauthorized, 403: tweepy.Forbidden, 429: tweepy.TooManyRequests}.get(
        status, tweepy.BadRequest
    )
    return cls(response)


def test_error_catalogue_bodies_map_to_engage_errors() -> None:
    catalogue = example("errors_catalogue.json")
    duplicate = map_http_error(
        _http_error(403, catalogue["duplicate_post_403"], {}), "POST /2/tweets", True
    )
    assert isinstance(duplicate, DuplicateContent)
    limited = map_http_error(
        _http_error(429, catalogue["rate_limited_429"], {"x-rate-limit-reset": "1795000000"}),
        "GET /2/users/:id/mentions",
        False,
    )
    assert isinstance(limited, RateLimited)
    assert limited.reset_at.timestamp() == 1795000000
    assert limited.endpoint == "GET /2/users/:id/mentions"
    signed_out = map_http_error(_http_error(401, catalogue["unauthorized_401"], {}), "x", False)
    assert isinstance(signed_out, SignedOut)
    assert "engage auth login" in str(signed_out)
    invalid = map_http_error(_http_error(400, catalogue["invalid_request_400"], {}), "x", False)
    assert isinstance(invalid, Permanent)
    assert "max_results" in str(invalid)
