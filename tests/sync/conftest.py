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

from engage_tui.config import Config
from engage_tui.platforms.x import XPlatform
from engage_tui.sandbox import WorldSpec, start_sandbox
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from tests.sandbox_control import SandboxControl, parse_clock

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


class World(SandboxControl):
    """A running sandbox, its control calls, and the engine's clock that follows it."""

    def __init__(self, server: Any, clock: SimClock) -> None:
        super().__init__(server.base_url, server.env)
        self.server = server
        self.clock = clock

    def advance(self, seconds: float) -> dict[str, Any]:
        """Run the world (and the engine's clock with it) ``seconds`` forward."""
        answer = super().advance(seconds)
        self.clock.set(parse_clock(answer["now"]))
        return answer

    def platform(
        self, plan: str = "pay-per-use", api_base: str | None = None, **kw: Any
    ) -> XPlatform:
        return XPlatform(
            self.credentials(),
            plan=plan,
            api_base=api_base or self.base_url,
            timeout=kw.get("timeout", TEST_TIMEOUT),
        )

    def stop(self) -> None:
        self.close()
        self.server.stop()

    # ``with start_world() as w:`` stops it whatever happens inside.
    def __enter__(self) -> World:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_world(plan: str = "pay-per-use", seed: int = 5, spec: WorldSpec = SMALL_WORLD) -> World:
    clock = SimClock(CLOCK_START)
    server = start_sandbox(seed=seed, port=0, plan=plan, clock_start=CLOCK_START, world=spec)
    return World(server, clock)


@pytest.fixture
def world() -> Iterator[World]:
    with start_world() as w:
        yield w


@pytest.fixture
def basic_world() -> Iterator[World]:
    with start_world(plan="basic") as w:
        yield w


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
