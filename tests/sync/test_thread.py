"""The background thread the TUI starts: it pulls on its own, sends as soon as
the outbox is woken, survives a failing listener, and stops when told."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable

from engage_tui.config import Config
from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent
from tests.sync.conftest import EngineFactory, World
from tests.sync.helpers import a_mention, item, queue_reply, replies_to

# A failsafe against a hung test, not a timing assertion.
FAILSAFE_S = 60.0


def _next(events: queue.Queue[SyncEvent], match: Callable[[SyncEvent], bool]) -> SyncEvent:
    deadline = time.monotonic() + FAILSAFE_S
    while True:
        left = deadline - time.monotonic()
        assert left > 0, "the engine never sent the expected event"
        event = events.get(timeout=left)
        if match(event):
            return event


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + FAILSAFE_S
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.02)


def test_thread_pulls_by_itself_and_sends_when_woken(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    events: queue.Queue[SyncEvent] = queue.Queue()
    engine.start(events.put)
    try:
        pulled = _next(events, lambda e: e.kind == "pulled" and e.count > 0)
        assert pulled.count > 0
        _until(lambda: engine.status().last_sync_at is not None)
        target = a_mention(store)
        queued = queue_reply(store, world, target, "Sent from the background.", delay=0)
        engine.wake()
        sent = _next(events, lambda e: e.kind == "sent")
        assert sent.item is not None and sent.item.id == queued.id
        assert item(store, queued.id).state is OutboxState.SENT
        assert len(replies_to(world, target.id, "Sent from the background.")) == 1
        _until(lambda: engine.status().queued == 0)
    finally:
        engine.stop()


def test_a_failing_listener_does_not_stop_the_thread(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    seen: list[str] = []

    def listener(event: SyncEvent) -> None:
        seen.append(event.kind)
        raise RuntimeError("the UI fell over")

    engine.start(listener)
    try:
        _until(lambda: "pulled" in seen)
        target = a_mention(store)
        queued = queue_reply(store, world, target, "Still working.", delay=0)
        engine.wake()
        _until(lambda: item(store, queued.id).state is OutboxState.SENT)
    finally:
        engine.stop()
    assert "pulled" in seen and "sent" in seen


def test_sync_now_pulls_a_source_before_the_general_cadence(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine(config=Config(sync_interval_seconds=3600))
    events: queue.Queue[SyncEvent] = queue.Queue()
    engine.start(events.put)
    try:
        _until(lambda: engine.status().last_sync_at is not None)
        _until(lambda: not engine.status().syncing)
        asked = world.stats()["requests"]["GET /2/users/:id/mentions"]
        world.advance(61)  # past mentions' own minimum, far from the hourly cadence
        engine.sync_now()
        _until(lambda: world.stats()["requests"]["GET /2/users/:id/mentions"] > asked)
    finally:
        engine.stop()
    assert world.stats()["requests"]["GET /2/users/:id/mentions"] > asked


def test_status_events_report_the_link_and_the_spend(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    events: queue.Queue[SyncEvent] = queue.Queue()
    engine.start(events.put)
    try:
        status = _next(
            events,
            lambda e: (
                e.kind == "status"
                and e.status is not None
                and e.status.last_sync_at is not None
                and not e.status.syncing
            ),
        ).status
        assert status is not None
        assert status.online and status.month_spend_usd > 0
        assert status.rate_remaining is not None and status.rate_endpoint
    finally:
        engine.stop()


def test_stop_returns_and_the_thread_ends(world: World, make_engine: EngineFactory) -> None:
    engine = make_engine()
    engine.start(lambda e: None)
    engine.stop()
    engine.stop()  # twice is harmless
    assert engine.status() is not None
