"""Per-route 15-minute windows on the world clock, headers exactly once, 429 when spent.

The reset header is wall-clock time (what clients compare with their own clock).
"""

from __future__ import annotations

import http.client
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests

from engage_tui.sandbox import Sandbox

from .sandbox_support import Wire

LIMIT_HEADERS = ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset")


def _raw_headers(sandbox: Sandbox, wire: Wire, path: str) -> list[tuple[str, str]]:
    prepared = requests.Request("GET", sandbox.base_url + path, auth=wire.auth).prepare()
    target = urlsplit(str(prepared.url))
    conn = http.client.HTTPConnection(str(target.hostname), target.port, timeout=30)
    try:
        conn.request(
            "GET",
            target.path + (f"?{target.query}" if target.query else ""),
            headers={"Authorization": prepared.headers["Authorization"]},
        )
        response = conn.getresponse()
        response.read()
        return response.getheaders()
    finally:
        conn.close()


def test_each_rate_limit_header_appears_exactly_once(sandbox: Sandbox, wire: Wire) -> None:
    headers = _raw_headers(sandbox, wire, f"/2/users/{wire.owner_id}/mentions")
    names = [name.lower() for name, _ in headers]
    for name in LIMIT_HEADERS:
        assert names.count(name) == 1, name


def test_headers_report_the_routes_limit_and_what_is_left(wire: Wire) -> None:
    first = wire.get(f"/2/users/{wire.owner_id}/mentions")
    second = wire.get(f"/2/users/{wire.owner_id}/mentions")
    assert first.headers["x-rate-limit-limit"] == "300"
    assert int(first.headers["x-rate-limit-remaining"]) == 299
    assert int(second.headers["x-rate-limit-remaining"]) == 298


def _reset_after_date(response: requests.Response) -> float:
    """Seconds from the answer's Date to its x-rate-limit-reset (both wall-clock)."""
    date = parsedate_to_datetime(response.headers["Date"]).timestamp()
    return int(response.headers["x-rate-limit-reset"]) - date


def test_reset_is_fifteen_minutes_after_the_answers_date_when_the_window_opens(
    wire: Wire,
) -> None:
    response = wire.get("/2/users/me")
    # Date has whole seconds and the reset is rounded up: 900 s, give or take one.
    assert 899 <= _reset_after_date(response) <= 901


def test_reset_stays_within_the_window_of_the_date_after_the_world_clock_jumps(
    wire: Wire,
) -> None:
    wire.get("/2/users/me")
    wire.advance(600)
    response = wire.get("/2/users/me")
    # Five world minutes are left in the window that opened ten minutes ago.
    assert 299 <= _reset_after_date(response) <= 301
    wire.advance(6 * 3600)
    response = wire.get("/2/users/me")
    assert 899 <= _reset_after_date(response) <= 901


def test_limits_are_per_route(wire: Wire) -> None:
    wire.get("/2/users/me")
    other = wire.get(f"/2/users/{wire.owner_id}/tweets")
    assert other.headers["x-rate-limit-limit"] == "900"
    assert other.headers["x-rate-limit-remaining"] == "899"


def test_spent_window_answers_429_with_xs_body_and_headers(wire: Wire) -> None:
    path = f"/2/users/{wire.owner_id}/owned_lists"  # 15 a window
    for _ in range(15):
        assert wire.get(path).status_code == 200
    response = wire.get(path)
    assert response.status_code == 429
    assert response.json() == {
        "title": "Too Many Requests",
        "detail": "Too Many Requests",
        "type": "about:blank",
        "status": 429,
    }
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert 0 <= _reset_after_date(response) <= 901


def test_advancing_the_world_clock_opens_a_new_window(wire: Wire) -> None:
    path = f"/2/users/{wire.owner_id}/owned_lists"
    for _ in range(16):
        wire.get(path)
    wire.advance(900)
    response = wire.get(path)
    assert response.status_code == 200
    assert response.headers["x-rate-limit-remaining"] == "14"


def test_errors_after_auth_still_carry_limit_headers(wire: Wire) -> None:
    response = wire.get(f"/2/users/{wire.owner_id}/mentions", max_results="1")
    assert response.status_code == 400
    assert all(name in response.headers for name in LIMIT_HEADERS)
