"""Offline is offline: a request that never left the machine (the server is
gone, the connection refused) is reported as offline, never as "X did not
answer whether it arrived", and the status does not claim to be online."""

from __future__ import annotations

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.sync.outbox import SENDING_LEASE
from tests.sync.conftest import EngineFactory, World
from tests.sync.helpers import a_mention, item, queue_reply


def test_reconciling_while_the_network_is_down_reports_offline_not_unknown(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Sent once, then the wifi went.", delay=0)
    # An earlier try whose process died mid-send: its outcome is unknown.
    assert store.claim(queued.id, None, world.clock()) is not None
    world.advance(SENDING_LEASE.total_seconds() + 1)
    world.server.stop()  # the network is gone: every connection is refused
    report = engine.run_once()
    waiting = item(store, queued.id)
    assert waiting.state is OutboxState.QUEUED
    assert waiting.error is not None and waiting.error.startswith("Could not reach X")
    assert not report.online and "Offline" in (report.reason or "")
    status = engine.status()
    assert status.online is False
    assert status.message is not None and status.message.startswith("Offline")


def test_an_answer_lost_after_the_post_was_stored_is_unknown_and_the_link_stays_online(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Stored, but the answer was lost.", delay=0)
    world.fault("POST /2/tweets", "drop_after_commit")
    world.fault("GET /2/users/:id/tweets", "500")  # and the check cannot tell yet
    engine.run_once()
    waiting = item(store, queued.id)
    assert waiting.state is OutboxState.QUEUED
    assert waiting.error is not None and "did not answer whether it arrived" in waiting.error
    assert engine.status().online is True
