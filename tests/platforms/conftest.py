"""Fixtures for the X platform tests: a real sandbox X server per test on its own
port, the real tweepy client over HTTP, and a tiny in-memory sync state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x import XCredentials, XPlatform

CLOCK_START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# Short read timeout: a stalled answer must fail fast in tests.
TEST_TIMEOUT = (2.0, 1.5)


@dataclass
class MemoryState:
    """An in-memory SyncStateView: what the engine's store would hand the platform."""

    cursors: dict[str, str] = field(default_factory=dict)
    snapshots: dict[str, frozenset[str]] = field(default_factory=dict)
    posts: set[str] = field(default_factory=set)

    def cursor(self, key: str) -> str | None:
        return self.cursors.get(key)

    def snapshot(self, name: str) -> frozenset[str]:
        return self.snapshots.get(name, frozenset())

    def known_posts(self, ids: list[str]) -> set[str]:
        return {i for i in ids if i in self.posts}

    def apply(self, result: PullResult) -> None:
        """Commit a pull the way the engine does: rows, cursors and snapshots together."""
        for key, value in result.cursors.items():
            if value is None:
                self.cursors.pop(key, None)
            else:
                self.cursors[key] = value
        self.snapshots.update(result.snapshots)
        self.posts.update(p.id for p in result.posts)


class Sandbox:
    """The sandbox server plus the few control calls the tests make."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.base_url: str = server.base_url
        self.env: dict[str, str] = dict(server.env)

    def control(self, method: str, path: str, **body: Any) -> Any:
        response = requests.request(
            method, self.base_url + path, json=body or None, timeout=(5, 30)
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def credentials(self, **override: str) -> XCredentials:
        env = self.env
        values = {
            "consumer_key": env["ENGAGE_X_CONSUMER_KEY"],
            "consumer_secret": env["ENGAGE_X_CONSUMER_SECRET"],
            "access_token": env["ENGAGE_X_ACCESS_TOKEN"],
            "access_token_secret": env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
        }
        values.update(override)
        return XCredentials(**values)

    def platform(self, plan: str = "pay-per-use", **override: str) -> XPlatform:
        return XPlatform(
            self.credentials(**override), plan=plan, api_base=self.base_url, timeout=TEST_TIMEOUT
        )

    def state(self) -> dict[str, Any]:
        return self.control("GET", "/_sandbox/state")

    def now(self) -> datetime:
        return datetime.fromisoformat(self.state()["clock"].replace("Z", "+00:00"))

    def advance(self, seconds: float) -> None:
        self.control("POST", "/_sandbox/clock", advance_seconds=seconds)

    def event(self, kind: str, actor: str, **extra: Any) -> dict[str, Any]:
        return self.control("POST", "/_sandbox/events", kind=kind, actor=actor, **extra)

    def fault(self, route: str, fault: str, count: int = 1) -> None:
        self.control("POST", "/_sandbox/faults", route=route, fault=fault, count=count)

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "/_sandbox/stats")


def small_world() -> Any:
    from engage_tui.sandbox import WorldSpec

    return WorldSpec(followers=60, own_posts=30, others=20)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    from engage_tui.sandbox import start_sandbox

    server = start_sandbox(seed=11, port=0, clock_start=CLOCK_START, world=small_world())
    try:
        yield Sandbox(server)
    finally:
        server.stop()


@pytest.fixture
def x(sandbox: Sandbox) -> XPlatform:
    return sandbox.platform()


@pytest.fixture
def owner(x: XPlatform) -> Person:
    return x.whoami()


def context(owner: Person, state: MemoryState, now: datetime, **extra: Any) -> PullContext:
    return PullContext(owner=owner, state=state, now=now, **extra)
