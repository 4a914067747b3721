"""Fixtures for the sync engine tests: a real sandbox X server on its own port,
the real X platform (tweepy over HTTP) and a real Store file in tmp_path.

The engine runs on a clock that follows the sandbox's world clock, so rate
limit resets, undo windows and backoffs are all in one timeline that the test
moves forward explicitly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from engage_tui.config import Config
from engage_tui.platforms.x import XCredentials, XPlatform
from engage_tui.sandbox import WorldSpec, start_sandbox
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

REPO_ROOT = Path(__file__).resolve().parents[2]
CLOCK_START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# A stalled answer must fail fast in tests.
TEST_TIMEOUT = (2.0, 1.0)
SMALL_WORLD = WorldSpec(followers=60, own_posts=20, prospects=4, influencers=2, others=10)


class SimClock:
    """The engine's clock: the sandbox's world time, moved only by the test."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, value: datetime) -> None:
        with self._lock:
            self._now = value


class World:
    """A running sandbox plus the control calls the tests make."""

    def __init__(self, server: Any, clock: SimClock) -> None:
        self.server = server
        self.base_url: str = server.base_url
        self.env: dict[str, str] = dict(server.env)
        self.clock = clock

    def control(self, method: str, path: str, **body: Any) -> Any:
        response = requests.request(
            method, self.base_url + path, json=body or None, timeout=(5, 60)
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def advance(self, seconds: float) -> dict[str, Any]:
        """Run the world (and the engine's clock with it) ``seconds`` forward."""
        answer = self.control("POST", "/_sandbox/clock", advance_seconds=seconds)
        self.clock.set(datetime.fromisoformat(answer["now"].replace("Z", "+00:00")))
        return answer

    def event(self, kind: str, actor: str, **fields: Any) -> dict[str, Any]:
        return self.control("POST", "/_sandbox/events", kind=kind, actor=actor, **fields)

    def fault(self, route: str, fault: str, count: int = 1, seconds: float = 3.0) -> None:
        self.control(
            "POST", "/_sandbox/faults", route=route, fault=fault, count=count, seconds=seconds
        )

    def clear_faults(self) -> None:
        self.control("DELETE", "/_sandbox/faults")

    def state(self) -> dict[str, Any]:
        return self.control("GET", "/_sandbox/state")

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "/_sandbox/stats")

    def credentials(self) -> XCredentials:
        env = self.env
        return XCredentials(
            consumer_key=env["ENGAGE_X_CONSUMER_KEY"],
            consumer_secret=env["ENGAGE_X_CONSUMER_SECRET"],
            access_token=env["ENGAGE_X_ACCESS_TOKEN"],
            access_token_secret=env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
        )

    def platform(
        self, plan: str = "pay-per-use", api_base: str | None = None, **kw: Any
    ) -> XPlatform:
        return XPlatform(
            self.credentials(),
            plan=plan,
            api_base=api_base or self.base_url,
            timeout=kw.get("timeout", TEST_TIMEOUT),
        )

    def owner_posts(self) -> list[dict[str, Any]]:
        state = self.state()
        owner_id = str(state["owner"]["id"])
        return [p for p in state["posts"] if str(p.get("author_id")) == owner_id]

    def user_named(self, handle: str) -> dict[str, Any]:
        for user in self.state()["users"]:
            if user["username"] == handle:
                return user
        raise KeyError(handle)


def start_world(plan: str = "pay-per-use", seed: int = 5, spec: WorldSpec = SMALL_WORLD) -> World:
    clock = SimClock(CLOCK_START)
    server = start_sandbox(seed=seed, port=0, plan=plan, clock_start=CLOCK_START, world=spec)
    return World(server, clock)


@pytest.fixture
def world() -> Iterator[World]:
    w = start_world()
    try:
        yield w
    finally:
        w.server.stop()


@pytest.fixture
def basic_world() -> Iterator[World]:
    w = start_world(plan="basic")
    try:
        yield w
    finally:
        w.server.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "engage.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


# Fast sources everywhere: tests move the clock, they do not wait for it.
TEST_CONFIG = Config(sync_interval_seconds=60, undo_seconds=5.0)

EngineFactory = Callable[..., SyncEngine]


@pytest.fixture
def make_engine(world: World, store: Store) -> EngineFactory:
    def make(
        *,
        platform: XPlatform | None = None,
        config: Config = TEST_CONFIG,
        on: Store | None = None,
        lease: timedelta | None = None,
    ) -> SyncEngine:
        kw: dict[str, Any] = {}
        if lease is not None:
            kw["sending_lease"] = lease
        return SyncEngine(
            on or store, platform or world.platform(), config=config, clock=world.clock, **kw
        )

    return make
