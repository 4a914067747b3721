"""Offline is offline: a request that never left the machine (the server is
gone, the connection refused) is reported as offline, never as "X did not
answer whether it arrived", and the status does not claim to be online."""

from __future__ import annotations

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.sync.outbox import SENDING_LEASE
from engage_tui.sync.report import SyncReport
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
    assert store.outbox.claim(queued.id, None, world.clock()) is not None
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


def _pass_with_every_read_stalled(engine: SyncEngine, world: World) -> SyncReport:
    """After a good first sync, every route it read takes the request and never
    answers; then an hour later, a pass of every source."""
    assert engine.run_once().ok
    for route in world.stats()["requests"]:
        if route.startswith("GET "):
            world.fault(route, "stall", count=10, seconds=5.0)
    world.reset_stats()
    world.advance(3600)
    return engine.run_once(every_source=True)


def test_a_server_that_stops_answering_is_asked_once_in_a_pass_not_once_per_source(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    report = _pass_with_every_read_stalled(engine, world)
    # One request waited out its timeout; the pass asked nothing more.
    assert sum(world.stats()["requests"].values()) == 1
    assert not report.ok
    assert "X did not answer in time" in (report.reason or "")
    status = engine.status()
    assert status.online is False
    assert status.message is not None and "did not answer in time" in status.message


def test_once_the_server_answers_again_the_next_pass_syncs(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _pass_with_every_read_stalled(engine, world)
    world.clear_faults()
    world.advance(3600)  # past the wait before the next try
    assert engine.run_once().ok
    assert engine.status().online is True


def test_a_send_left_unanswered_waits_for_the_server_before_asking_whether_it_landed(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Sent into the silence.", delay=0)
    world.reset_stats()
    world.fault("POST /2/tweets", "stall", seconds=5.0)
    engine.run_once()
    # The check whether it landed would have waited as long: it was not made.
    assert world.stats()["requests"] == {"POST /2/tweets": 1}
    waiting = item(store, queued.id)
    assert waiting.state is OutboxState.QUEUED
    assert waiting.error is not None and "did not answer whether it arrived" in waiting.error
    assert engine.status().online is False
    world.advance(3600)
    engine.run_once()
    assert item(store, queued.id).state is OutboxState.SENT
    assert world.stats()["requests"]["POST /2/tweets"] == 2  # the check found it not there
