"""The control routes take any JSON without a 5xx: a mistake is a 400 with a message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.sandbox import Sandbox, start_sandbox

from .sandbox_support import CLOCK, SEED, SMALL

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
ROUTES = {
    "clock": ["advance_seconds"],
    "events": ["kind", "actor", "text", "target_id"],
    "faults": ["route", "fault", "count", "seconds"],
    "protect": ["username", "protected"],
    "delete": ["id"],
    "plan": ["plan"],
    "authorize": ["oauth_token"],
}
# Values the routes recognise, mixed with anything at all.
known = {
    "kind": st.sampled_from(["reply", "like", "follow", "quote", "repost", "mention"]),
    "actor": st.sampled_from(["kyoto_roast", "nobody", "@yael_bakes"]),
    "route": st.sampled_from(["POST /2/tweets", "GET /2/users/me", "nope"]),
    "fault": st.sampled_from(["429", "500", "stall", "reset", "drop_after_commit", "x"]),
    "plan": st.sampled_from(["basic", "pro", "pay-per-use", "free"]),
    "advance_seconds": st.sampled_from([0, 1, 60.5, 1e308, float("inf"), float("nan"), -1]),
    "seconds": st.sampled_from([0, 0.01, 1e308, float("inf"), float("nan"), -5]),
    "count": st.sampled_from([1, 0, -1, 10**20]),
}


@st.composite
def control_calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    route = draw(st.sampled_from(sorted(ROUTES)))
    body: dict[str, Any] = {}
    for key in ROUTES[route]:
        if draw(st.booleans()):
            body[key] = draw(known.get(key, json_values) | json_values)
    return route, body


@pytest.fixture
def logged() -> Iterator[tuple[Sandbox, list[str]]]:
    lines: list[str] = []
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL, log=lines.append) as sb:
        yield sb, lines


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(call=control_calls())
def test_any_control_body_is_answered_below_500(
    logged: tuple[Sandbox, list[str]], call: tuple[str, dict[str, Any]]
) -> None:
    sandbox, lines = logged
    route, body = call
    response = requests.post(
        f"{sandbox.base_url}/_sandbox/{route}",
        data=json.dumps(body, allow_nan=True),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["error"]
    assert not [line for line in lines if "Traceback" in line]
    requests.delete(f"{sandbox.base_url}/_sandbox/faults", timeout=30)  # no stall left armed
