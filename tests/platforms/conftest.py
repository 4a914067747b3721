"""Fixtures for the X platform tests: a real sandbox X server per test on its own
port, the real tweepy client over HTTP, and a tiny in-memory sync state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x import XPlatform
from tests.sandbox_control import SandboxControl

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


class Sandbox(SandboxControl):
    """The sandbox server plus its control calls, and the X platform pointed at it."""

    def __init__(self, server: Any) -> None:
        super().__init__(server.base_url, server.env)
        self.server = server

    def platform(self, plan: str = "pay-per-use", **override: str) -> XPlatform:
        return XPlatform(
            self.credentials(**override), plan=plan, api_base=self.base_url, timeout=TEST_TIMEOUT
        )


def small_world() -> Any:
    from engage_tui.sandbox import WorldSpec

    return WorldSpec(followers=60, own_posts=30, others=20)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    from engage_tui.sandbox import start_sandbox

    server = start_sandbox(seed=11, port=0, clock_start=CLOCK_START, world=small_world())
    control = Sandbox(server)
    try:
        yield control
    finally:
        control.close()
        server.stop()


@pytest.fixture
def x(sandbox: Sandbox) -> XPlatform:
    return sandbox.platform()


@pytest.fixture
def owner(x: XPlatform) -> Person:
    return x.whoami()


def context(owner: Person, state: MemoryState, now: datetime, **extra: Any) -> PullContext:
    return PullContext(owner=owner, state=state, now=now, **extra)
