"""The write queue on its own: order, retries, refusals, and words kept in a file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from engage_tui.store import Store, StoreError
from engage_tui.tui import writes
from engage_tui.tui.writes import Landed, Recovered, Refused, Report, Stuck, Write, WriteQueue

R = TypeVar("R", bound=Report)


class Reports:
    def __init__(self) -> None:
        self.seen: list[Report] = []
        self.lock = threading.Lock()

    def __call__(self, report: Report) -> None:
        with self.lock:
            self.seen.append(report)

    def of(self, kind: type[R]) -> list[R]:
        with self.lock:
            return [r for r in self.seen if isinstance(r, kind)]


@pytest.fixture
def reports() -> Reports:
    return Reports()


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writes, "RETRY_DELAYS_S", (0.01,))


def _queue(store: Store, reports: Reports, tmp_path: Path) -> WriteQueue:
    return WriteQueue(store, reports, lambda: [tmp_path / "kept"])


def test_writes_land_in_the_order_they_were_given(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    queue = _queue(store, reports, tmp_path)

    def write(n: int) -> Callable[[Store], int]:
        def landed(s: Store) -> int:
            s.sync_state.meta_set("order", str(n))
            return n

        return landed

    for n in range(20):
        queue.submit(Write(f"w{n}", write(n)))
    assert queue.flush(30)
    assert [r.result for r in reports.of(Landed)] == list(range(20))
    assert store.sync_state.meta_get("order") == "19"
    queue.stop()


def test_a_failing_write_holds_the_ones_behind_it_until_it_lands(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    failures = iter([sqlite3.OperationalError("database or disk is full")] * 3)

    def flaky(s: Store) -> str:
        error = next(failures, None)
        if error is not None:
            raise error
        s.sync_state.meta_set("first", "yes")
        return "first"

    queue = _queue(store, reports, tmp_path)
    queue.submit(Write("the first", flaky, words="kept words", words_key="k"))
    queue.submit(Write("the second", lambda s: s.sync_state.meta_get("first")))
    assert queue.flush(30)
    assert [r.result for r in reports.of(Landed)] == ["first", "yes"]
    assert len(reports.of(Stuck)) == 1 and len(reports.of(Recovered)) == 1
    assert (tmp_path / "kept" / "k.txt").read_text("utf-8") == "kept words"
    queue.stop()


def test_a_refusal_is_reported_and_the_queue_goes_on(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    def refuse(s: Store) -> None:
        raise StoreError("no, not twice")

    queue = _queue(store, reports, tmp_path)
    queue.submit(Write("a refused one", refuse))
    queue.submit(Write("the next", lambda s: "next"))
    assert queue.flush(30)
    assert [r.message for r in reports.of(Refused)] == ["no, not twice"]
    assert [r.result for r in reports.of(Landed)] == ["next"]
    queue.stop()


def test_a_bug_in_a_write_is_not_retried_for_ever(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    queue = _queue(store, reports, tmp_path)
    queue.submit(Write("a buggy one", lambda s: dict[str, str]()["missing"]))
    queue.submit(Write("the next", lambda s: "next"))
    assert queue.flush(30)
    assert len(reports.of(Refused)) == 1
    queue.stop()


def test_words_waiting_are_what_a_reopened_composer_shows(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    gate = threading.Event()
    queue = _queue(store, reports, tmp_path)
    queue.submit(Write("hold", lambda s: gate.wait(30)))
    queue.submit(Write("your draft", lambda s: None, words="v1", words_key="reply:1"))
    queue.submit(Write("your draft", lambda s: None, words="v2", words_key="reply:1"))
    assert queue.unsaved_words("reply:1") == "v2"
    gate.set()
    assert queue.flush(30)
    assert queue.unsaved_words("reply:1") is None
    queue.stop()


def test_stop_waits_for_the_write_in_progress_so_the_store_can_close_after(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    queue = _queue(store, reports, tmp_path)
    started, release = threading.Event(), threading.Event()

    def slow(s: Store) -> None:
        started.set()
        release.wait(5)
        s.sync_state.meta_set("slow", "done")

    queue.submit(Write("slow", slow))
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    queue.stop()
    # Once stop() returns, nothing is writing: closing the store is safe.
    assert store.sync_state.meta_get("slow") == "done"
    assert reports.of(Landed)


def test_a_write_given_after_stop_still_lands(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    queue = _queue(store, reports, tmp_path)
    queue.submit(Write("first", lambda s: s.sync_state.meta_set("k", "1")))
    queue.stop()
    queue.submit(Write("late", lambda s: s.sync_state.meta_set("k", "2")))
    assert queue.flush(10)
    assert store.sync_state.meta_get("k") == "2"
    queue.stop()


def test_a_write_in_progress_counts_once_among_those_waiting(
    store: Store, reports: Reports, tmp_path: Path
) -> None:
    started, release = threading.Event(), threading.Event()

    def slow(s: Store) -> None:
        started.set()
        release.wait(30)

    queue = _queue(store, reports, tmp_path)
    queue.submit(Write("slow", slow))
    assert started.wait(30)
    assert queue.waiting == 1
    queue.submit(Write("next", lambda s: None))
    assert queue.waiting == 2
    release.set()
    assert queue.flush(30)
    assert queue.waiting == 0
    queue.stop()
