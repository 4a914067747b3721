"""A store that cannot be written (read-only file, full disk) during sync: the
engine backs off like it does for a dead network, makes a bounded number of
requests, and says once, in plain words, what is wrong and what to do.

The file is made read-only with ``PRAGMA query_only`` on the engine's own
connection: these tests run as root in CI, where chmod does not stop writes,
and SQLite answers query_only writes with the same SQLITE_READONLY error as a
read-only file."""

from __future__ import annotations

import itertools
import logging
import queue
import sqlite3
from pathlib import Path

import pytest

import engage_tui.store.store as store_module
from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent
from tests.sync.conftest import EngineFactory, World

TICKS = 120  # one engine pass per simulated second: two minutes
FAILSAFE_S = 60  # a guard against a hung test, not a timing assertion


def _read_only(store: Store, on: bool) -> None:
    store._conn().execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def test_a_store_that_cannot_be_written_backs_off_and_says_so_once(
    world: World, store: Store, make_engine: EngineFactory, caplog: pytest.LogCaptureFixture
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    events: list[SyncEvent] = []
    engine.start(events.append)  # nothing is due on the paused clock: only a listener
    engine.stop()
    world.advance(600)  # every source is due again
    _read_only(store, True)
    before = world.stats()["total_requests"]
    tried: list[int] = []  # the ticks at which the engine tried to write, and failed
    problems: set[str] = set()
    caplog.set_level(logging.WARNING, logger="engage_tui.sync.engine")
    for tick in range(TICKS):
        caplog.clear()
        report = engine.run_once()
        problems.update(report.problems)
        if any("could not be written" in r.getMessage() for r in caplog.records):
            tried.append(tick)
        world.advance(1)
    # One billed read, before engage knew; then it only tries a write.
    assert world.stats()["total_requests"] - before == 1
    gaps = [b - a for a, b in itertools.pairwise(tried)]
    assert len(tried) <= 6 and gaps == sorted(gaps) and gaps[0] < gaps[-1], tried
    errors = [e.message for e in events if e.kind == "error"]
    assert len(errors) == 1, errors
    assert errors[0] is not None and "Could not write engage's database" in errors[0]
    assert "read-only" in errors[0]
    assert problems == {errors[0]}
    statuses = [e.status for e in events if e.kind == "status" and e.status is not None]
    assert statuses[-1].message == errors[0]


def test_sync_resumes_and_the_message_clears_once_the_store_can_be_written(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    events: list[SyncEvent] = []
    engine.start(events.append)  # nothing is due on the paused clock: only a listener
    engine.stop()
    world.advance(600)
    _read_only(store, True)
    assert not engine.run_once().ok
    _read_only(store, False)
    world.advance(600)
    again = engine.run_once()
    assert again.ok, again.problems
    assert again.sources_pulled
    statuses = [e.status for e in events if e.kind == "status" and e.status is not None]
    assert statuses[-1].message is None


def test_in_the_app_sync_now_answers_with_the_same_message_and_makes_no_request(
    world: World, store: Store, make_engine: EngineFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    world.advance(600)
    real_connect = store_module.connect

    def read_only(path: Path) -> sqlite3.Connection:
        conn = real_connect(path)
        conn.execute("PRAGMA query_only = ON")
        return conn

    # The engine's thread opens its own connection: make that one read-only.
    monkeypatch.setattr(store_module, "connect", read_only)
    before = world.stats()["total_requests"]
    events: queue.Queue[SyncEvent] = queue.Queue()
    engine.start(events.put)
    try:
        first = _next_error(events)
        engine.sync_now()
        again = _next_error(events)
    finally:
        engine.stop()
    assert first == again
    assert "Sync is paused and tries again by itself." in first
    assert world.stats()["total_requests"] - before == 1


def _next_error(events: queue.Queue[SyncEvent]) -> str:
    while True:
        event = events.get(timeout=FAILSAFE_S)
        if event.kind == "error" and event.message:
            return event.message
