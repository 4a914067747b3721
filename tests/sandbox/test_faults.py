"""Injected faults: 429, 5xx, stalls, resets, and a write committed with its answer lost."""

from __future__ import annotations

import pytest
import requests

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire


def _arm(wire: Wire, route: str, fault: str, count: int = 1, **extra: object) -> dict:
    return wire.control("POST", "faults", {"route": route, "fault": fault, "count": count, **extra})


def test_429_fault_answers_xs_rate_limit_body_then_recovers(wire: Wire) -> None:
    _arm(wire, "GET /2/users/me", "429")
    limited = wire.get("/2/users/me")
    assert limited.status_code == 429
    assert limited.json()["title"] == "Too Many Requests"
    assert limited.headers["x-rate-limit-remaining"] == "0"
    assert wire.get("/2/users/me").status_code == 200


@pytest.mark.parametrize(
    ("fault", "title"), [("500", "Internal Server Error"), ("503", "Service Unavailable")]
)
def test_server_error_faults_answer_json(wire: Wire, fault: str, title: str) -> None:
    _arm(wire, "GET /2/users/:id/mentions", fault)
    response = wire.get(f"/2/users/{wire.owner_id}/mentions")
    assert response.status_code == int(fault)
    assert response.json()["title"] == title


def test_fault_count_covers_exactly_n_requests(wire: Wire) -> None:
    _arm(wire, "GET /2/users/me", "503", count=2)
    codes = [wire.get("/2/users/me").status_code for _ in range(3)]
    assert codes == [503, 503, 200]


def test_faults_only_hit_their_route(wire: Wire) -> None:
    _arm(wire, "POST /2/tweets", "500")
    assert wire.get("/2/users/me").status_code == 200
    assert wire.control("GET", "faults")["armed"] != {}


def test_stall_holds_the_answer_past_a_read_timeout(sandbox: Sandbox, wire: Wire) -> None:
    _arm(wire, "GET /2/users/me", "stall")
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(sandbox.base_url + "/2/users/me", auth=wire.auth, timeout=(5, 0.5))
    assert wire.get("/2/users/me").status_code == 200


def test_reset_closes_the_connection_without_an_answer(sandbox: Sandbox, wire: Wire) -> None:
    _arm(wire, "GET /2/users/me", "reset")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(sandbox.base_url + "/2/users/me", auth=wire.auth, timeout=10)
    assert wire.get("/2/users/me").status_code == 200


def test_drop_after_commit_posts_once_and_loses_the_answer(sandbox: Sandbox, wire: Wire) -> None:
    _arm(wire, "POST /2/tweets", "drop_after_commit")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.post(
            sandbox.base_url + "/2/tweets", json={"text": "did it go?"}, auth=wire.auth, timeout=10
        )
    posted = [p for p in wire.state()["posts"] if p["text"] == "did it go?"]
    assert len(posted) == 1
    # Sending again is X's duplicate rejection: the sign that the first one landed.
    assert wire.post("/2/tweets", {"text": "did it go?"}).status_code == 403


def test_route_names_match_whatever_the_placeholder_is_called(wire: Wire) -> None:
    armed = _arm(wire, "DELETE /2/users/:id/retweets/:tweet_id", "500")
    assert armed["armed"]


@pytest.mark.parametrize(
    "payload",
    [
        {"route": "GET /2/nowhere", "fault": "500"},
        {"route": "GET /2/users/me", "fault": "explode"},
        {"route": "GET /2/users/me", "fault": "500", "count": 0},
        {"fault": "500"},
    ],
)
def test_bad_fault_requests_are_400(sandbox: Sandbox, payload: dict) -> None:
    response = requests.post(sandbox.base_url + "/_sandbox/faults", json=payload, timeout=10)
    assert response.status_code == 400


def test_clearing_faults(wire: Wire) -> None:
    _arm(wire, "GET /2/users/me", "500")
    wire.control("DELETE", "faults")
    assert wire.get("/2/users/me").status_code == 200
