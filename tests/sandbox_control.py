"""One client for the sandbox's /_sandbox/ control routes, shared by every test that
drives a sandbox X server (platforms, sync, sandbox): real HTTP, no auth."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import requests

from engage_tui.platforms.x import XCredentials

# A stall outlasts every read timeout the tests give the client (1-2 s) and still
# ends soon, so a stopping server does not wait long on the stalled thread.
STALL_SECONDS = 3.0


def parse_clock(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class SandboxControl:
    """The control calls on one running sandbox: clock, events, faults, stats, state."""

    def __init__(self, base_url: str, env: Mapping[str, str]) -> None:
        self.base_url = base_url
        self.env: dict[str, str] = dict(env)
        self.session = requests.Session()

    def control(self, method: str, route: str, body: dict[str, Any] | None = None) -> Any:
        """``route`` is the part after /_sandbox/; every control answer is 200 with JSON."""
        response = self.session.request(
            method, f"{self.base_url}/_sandbox/{route}", json=body, timeout=(5, 60)
        )
        assert response.status_code == 200, f"{method} {route}: {response.text}"
        return response.json()

    def state(self) -> dict[str, Any]:
        return self.control("GET", "state")

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "stats")

    def reset_stats(self) -> dict[str, Any]:
        return self.control("POST", "stats/reset")

    def now(self) -> datetime:
        return parse_clock(self.control("GET", "clock")["now"])

    def advance(self, seconds: float) -> dict[str, Any]:
        return self.control("POST", "clock", {"advance_seconds": seconds})

    def event(self, kind: str, actor: str, **fields: Any) -> dict[str, Any]:
        return self.control("POST", "events", {"kind": kind, "actor": actor, **fields})

    def fault(self, route: str, fault: str, count: int = 1, seconds: float = STALL_SECONDS) -> None:
        self.control(
            "POST", "faults", {"route": route, "fault": fault, "count": count, "seconds": seconds}
        )

    def clear_faults(self) -> None:
        self.control("DELETE", "faults")

    def delete_post(self, post_id: str) -> None:
        self.control("POST", "delete", {"id": post_id})

    def protect(self, username: str) -> None:
        self.control("POST", "protect", {"username": username})

    @property
    def owner_id(self) -> str:
        return self.env["ENGAGE_X_ACCESS_TOKEN"].split("-", 1)[0]

    def owner_posts(self) -> list[dict[str, Any]]:
        state = self.state()
        owner_id = str(state["owner"]["id"])
        return [p for p in state["posts"] if str(p.get("author_id")) == owner_id]

    def user_named(self, handle: str) -> dict[str, Any]:
        for user in self.state()["users"]:
            if user["username"] == handle:
                return user
        raise KeyError(handle)

    def credentials(self, **override: str) -> XCredentials:
        values = {
            "consumer_key": self.env["ENGAGE_X_CONSUMER_KEY"],
            "consumer_secret": self.env["ENGAGE_X_CONSUMER_SECRET"],
            "access_token": self.env["ENGAGE_X_ACCESS_TOKEN"],
            "access_token_secret": self.env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
        }
        values.update(override)
        return XCredentials(**values)

    def close(self) -> None:
        self.session.close()
