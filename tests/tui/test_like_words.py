"""What `l` says when it queues a like: where the like will go is said at
once, routed by the real X platform against the sandbox (nothing is sent)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engage_tui.config import Config
from engage_tui.domain import Person, Post
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui import actions
from engage_tui.tui.context import Services
from tests.sync.conftest import World, start_world
from tests.tui.world import NOW

AUTHOR = Person("900", "far_away", "Far Away", network="x")
POST = Post("901", AUTHOR.id, "a post", NOW, network="x")


def _services(world: World, store: Store, plan: str) -> Iterator[Services]:
    platform = world.platform(plan=plan)
    engine = SyncEngine(store, platform, config=Config(), clock=world.clock)
    svc = Services(Config(), store, engine)
    yield svc
    assert svc.writes.flush(30)
    svc.writes.stop()


@pytest.fixture
def pay_per_use(store: Store) -> Iterator[Services]:
    with start_world() as world:
        yield from _services(world, store, "pay-per-use")  # self-serve: may not like


@pytest.fixture
def basic(store: Store) -> Iterator[Services]:
    with start_world(plan="basic") as world:
        yield from _services(world, store, "basic")


def test_a_like_the_api_may_not_send_says_at_once_it_goes_to_the_tray(
    pay_per_use: Services,
) -> None:
    said = actions.toggle_like(pay_per_use, POST)
    assert said == (
        "Like waits in the tray (F) in 5 s: X's API may not send it, so you finish it "
        "on X in your browser (u to undo)"
    )


def test_a_like_the_api_sends_says_when(basic: Services) -> None:
    said = actions.toggle_like(basic, POST)
    assert said == "Like queued: sending in 5 s (u to undo)"
