"""Auth like X: OAuth 1.0a signatures, app bearer tokens, 401 for anything else."""

from __future__ import annotations

import requests
from requests_oauthlib import OAuth1

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire


def test_no_credentials_answers_401_with_xs_body(sandbox: Sandbox) -> None:
    response = requests.get(sandbox.base_url + "/2/users/me", timeout=10)
    assert response.status_code == 401
    assert response.json() == {
        "title": "Unauthorized",
        "type": "about:blank",
        "status": 401,
        "detail": "Unauthorized",
    }


def test_valid_oauth1_signature_is_accepted(wire: Wire) -> None:
    response = wire.get("/2/users/me")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == wire.owner_id


def test_wrong_consumer_secret_is_401(sandbox: Sandbox) -> None:
    env = sandbox.env
    bad = OAuth1(
        env["ENGAGE_X_CONSUMER_KEY"],
        "not-the-secret",
        env["ENGAGE_X_ACCESS_TOKEN"],
        env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
    )
    response = requests.get(sandbox.base_url + "/2/users/me", auth=bad, timeout=10)
    assert response.status_code == 401


def test_signature_for_another_host_is_401(sandbox: Sandbox) -> None:
    # Signed for api.twitter.com but sent to the sandbox: the base string differs.
    env = sandbox.env
    auth = OAuth1(
        env["ENGAGE_X_CONSUMER_KEY"],
        env["ENGAGE_X_CONSUMER_SECRET"],
        env["ENGAGE_X_ACCESS_TOKEN"],
        env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
    )
    prepared = requests.Request("GET", "https://api.twitter.com/2/users/me", auth=auth).prepare()
    response = requests.get(
        sandbox.base_url + "/2/users/me",
        headers={"Authorization": prepared.headers["Authorization"]},
        timeout=10,
    )
    assert response.status_code == 401


def test_tampered_query_breaks_the_signature(sandbox: Sandbox, wire: Wire) -> None:
    prepared = requests.Request(
        "GET",
        sandbox.base_url + "/2/users/me",
        params={"user.fields": "created_at"},
        auth=wire.auth,
    ).prepare()
    tampered = str(prepared.url).replace("created_at", "description")
    response = requests.get(
        tampered, headers={"Authorization": prepared.headers["Authorization"]}, timeout=10
    )
    assert response.status_code == 401


def test_replayed_request_is_401(sandbox: Sandbox, wire: Wire) -> None:
    prepared = requests.Request("GET", sandbox.base_url + "/2/users/me", auth=wire.auth).prepare()
    with requests.Session() as session:
        assert session.send(prepared, timeout=10).status_code == 200
        assert session.send(prepared, timeout=10).status_code == 401


def test_unknown_access_token_is_401(sandbox: Sandbox) -> None:
    env = sandbox.env
    auth = OAuth1(
        env["ENGAGE_X_CONSUMER_KEY"],
        env["ENGAGE_X_CONSUMER_SECRET"],
        env["ENGAGE_X_ACCESS_TOKEN"] + "x",
        env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
    )
    response = requests.get(sandbox.base_url + "/2/users/me", auth=auth, timeout=10)
    assert response.status_code == 401


def test_bearer_token_reads_public_routes(wire: Wire) -> None:
    response = wire.app_get(f"/2/users/{wire.owner_id}/mentions")
    assert response.status_code == 200
    assert response.json()["meta"]["result_count"] > 0


def test_wrong_bearer_token_is_401(sandbox: Sandbox) -> None:
    response = requests.get(
        sandbox.base_url + "/2/tweets/search/recent",
        params={"query": "coffee"},
        headers={"Authorization": "Bearer nope"},
        timeout=10,
    )
    assert response.status_code == 401


def test_bearer_token_on_a_user_context_route_is_403(wire: Wire) -> None:
    response = wire.app_get("/2/users/me")
    assert response.status_code == 403
    body = response.json()
    assert body["title"] == "Unsupported Authentication"
    assert body["type"] == "https://api.x.com/2/problems/unsupported-authentication"
    assert body["status"] == 403


def test_bearer_token_cannot_post(sandbox: Sandbox) -> None:
    response = requests.post(
        sandbox.base_url + "/2/tweets",
        json={"text": "hello"},
        headers={"Authorization": f"Bearer {sandbox.env['ENGAGE_X_BEARER_TOKEN']}"},
        timeout=10,
    )
    assert response.status_code == 403


def test_control_routes_need_no_auth(sandbox: Sandbox) -> None:
    assert requests.get(sandbox.base_url + "/_sandbox/stats", timeout=10).status_code == 200
