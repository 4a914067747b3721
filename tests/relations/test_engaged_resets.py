"""End to end: a reply or like to a prospect, sent by the real sync engine over
real HTTP to the sandbox, moves the prospect's last-engaged time (no longer stale)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from tests.sync.conftest import TEST_CONFIG, World, start_world
from tests.sync.helpers import a_prospect_post, item, queue_like, queue_reply


@pytest.fixture
def basic_world() -> Iterator[World]:
    with start_world(plan="basic") as w:
        yield w


def _engine(world: World, store: Store) -> SyncEngine:
    return SyncEngine(store, world.platform(plan="basic"), config=TEST_CONFIG, clock=world.clock)


def _stale(store: Store, person_id: str, world: World) -> bool:
    [p] = [p for p in store.prospects.listing() if p.person_id == person_id]
    engaged = p.last_engaged_at
    return engaged is None or world.clock() - engaged > timedelta(days=TEST_CONFIG.stale_days)


@pytest.mark.parametrize("action", ["reply", "like"])
def test_engaging_a_prospect_resets_their_staleness(
    basic_world: World, tmp_path: Path, action: str
) -> None:
    world = basic_world
    with Store.open(tmp_path / "engage.db") as store:
        engine = _engine(world, store)
        engine.run_once()
        post = a_prospect_post(world, store)
        store.prospects.add(post.author_id, world.clock() - timedelta(days=30))
        assert _stale(store, post.author_id, world)
        if action == "reply":
            queued = queue_reply(store, world, post, "One plan first is right.")
        else:
            queued = queue_like(store, world, post)
        world.advance(6)
        engine.run_once()
        assert item(store, queued.id).state is OutboxState.SENT
        assert not _stale(store, post.author_id, world)
        history = store.prospects.person_summary(post.author_id, world.clock()).timeline
        assert history[0].interaction.kind == action
