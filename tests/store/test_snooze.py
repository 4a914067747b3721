"""Snooze and done over time: a snoozed item leaves the inbox and comes back on
top, marked, once its time has come (never early, whatever the clock does);
undo takes a snooze or a done back; a done item comes back when the same
person writes again in the same conversation."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from engage_tui.domain import NotificationKind, TriageState
from engage_tui.store import Store
from tests.store.conftest import at, event, like, post, pull

K = NotificationKind


def mention(actor: int, minutes: float, post_id: str):
    return event(K.MENTION, actor, minutes, post_id=post_id)


# --- the promise over time, as a state machine -----------------------------------


class SnoozeDoneUndo(RuleBasedStateMachine):
    """Five mentions and a group of two likes; the user snoozes, marks done and
    undoes while the clock moves both ways; the inbox always matches a model."""

    units = Bundle("units")

    def __init__(self) -> None:
        super().__init__()
        self._dir = tempfile.TemporaryDirectory()
        self.store = Store.open(Path(self._dir.name) / "engage.db")
        mentions = [mention(i, i, f"m{i}") for i in range(1, 6)]
        likes = [like(7, "own1", 10), like(8, "own1", 11)]
        events = mentions + likes
        self.store.sync_state.apply_pull(
            "mix",
            pull(events, posts=[post(f"m{i}", f"u{i}") for i in range(1, 6)]),
            at(20),
        )
        # One unit per inbox row: its ids, its place (time, insertion order).
        self.ids: list[tuple[str, ...]] = [(e.id,) for e in mentions] + [(likes[1].id, likes[0].id)]
        self.place: dict[int, tuple[datetime, int]] = {u: (at(u + 1), u) for u in range(5)} | {
            5: (at(11), 6)
        }
        self.state: dict[int, str] = dict.fromkeys(range(6), "new")
        self.until: dict[int, datetime] = {}
        self.woke: set[int] = set()
        self.undo: list[tuple[str, int]] = []
        self.clock = at(30)

    def teardown(self) -> None:
        self.store.close()
        self._dir.cleanup()

    @rule(unit=st.integers(0, 5), hours=st.integers(1, 200))
    def snooze(self, unit: int, hours: int) -> None:
        if self.state[unit] != "new":
            return
        until = self.clock + timedelta(hours=hours)
        self.store.inbox.snooze(list(self.ids[unit]), until, self.clock)
        self.state[unit], self.until[unit] = "snoozed", until
        self.undo.append(("snooze", unit))

    @rule(unit=st.integers(0, 5))
    def mark_done(self, unit: int) -> None:
        if self.state[unit] != "new":
            return
        self.store.inbox.set_triage(list(self.ids[unit]), TriageState.DONE, self.clock)
        self.state[unit] = "done"
        self.undo.append(("done", unit))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        what, unit = self.undo.pop()
        if what == "snooze":
            self.store.inbox.unsnooze(list(self.ids[unit]), self.clock)
        else:
            self.store.inbox.set_triage(list(self.ids[unit]), TriageState.NEW, self.clock)
        self.state[unit] = "new"
        self.until.pop(unit, None)

    @rule(hours=st.integers(-72, 240))
    def clock_moves(self, hours: int) -> None:
        # Backwards too: a corrected clock, a laptop across time zones.
        self.clock += timedelta(hours=hours)

    @rule()
    def look_for_snoozes_due(self) -> None:
        woken = set(self.store.inbox.wake_snoozed(self.clock))
        due = {u for u, s in self.state.items() if s == "snoozed" and self.until[u] <= self.clock}
        assert woken == {i for u in due for i in self.ids[u]}
        for unit in due:
            self.state[unit] = "new"
            self.woke.add(unit)
            self.until.pop(unit)
            time, n = self.place[unit]
            self.place[unit] = (max(time, self.clock), n)

    @invariant()
    def the_inbox_shows_the_new_units_in_order_and_marks_the_woken(self) -> None:
        rows = self.store.inbox.window(limit=50)
        new = [u for u, s in self.state.items() if s == "new"]
        # Newest first; the group stands at its newest member (the later like).
        new.sort(key=lambda u: self.place[u], reverse=True)
        assert [set(r.group_ids) for r in rows] == [set(self.ids[u]) for u in new]
        for row, unit in zip(rows, new, strict=True):
            assert row.notification.snoozed is (unit in self.woke)
        assert self.store.inbox.count() == sum(len(self.ids[u]) for u in new)


TestSnoozeDoneUndo = SnoozeDoneUndo.TestCase
TestSnoozeDoneUndo.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


# --- one behaviour each ------------------------------------------------------------


def test_a_snoozed_item_leaves_the_inbox_until_its_time(store: Store) -> None:
    store.sync_state.apply_pull(
        "mentions", pull([mention(1, 1, "m1")], posts=[post("m1", "u1")]), at(2)
    )
    store.inbox.snooze(["mention:u1:m1:0"], at(60), at(3))
    assert store.inbox.window() == []
    assert store.inbox.wake_snoozed(at(59)) == []
    assert store.inbox.wake_snoozed(at(60)) == ["mention:u1:m1:0"]
    [row] = store.inbox.window()
    assert row.notification.snoozed and row.notification.created_at == at(60)


def test_a_woken_item_stands_above_newer_ones(store: Store) -> None:
    store.sync_state.apply_pull(
        "mentions", pull([mention(1, 1, "m1")], posts=[post("m1", "u1")]), at(2)
    )
    store.inbox.snooze(["mention:u1:m1:0"], at(60), at(3))
    store.sync_state.apply_pull(
        "mentions", pull([mention(2, 30, "m2")], posts=[post("m2", "u2")]), at(31)
    )
    store.inbox.wake_snoozed(at(61))
    assert [r.notification.id for r in store.inbox.window()] == [
        "mention:u1:m1:0",
        "mention:u2:m2:0",
    ]


def _thread(post_id: str, author: str, minutes: float, conversation: str):
    return post(post_id, author, minutes=minutes)._replace(conversation_id=conversation)


def test_a_done_item_comes_back_when_the_same_person_writes_again_there(store: Store) -> None:
    first = event(K.REPLY, 1, 1, post_id="r1")
    store.sync_state.apply_pull(
        "mentions", pull([first], posts=[_thread("r1", "u1", 1, "c1")]), at(2)
    )
    store.inbox.set_triage([first.id], TriageState.DONE, at(3))
    again = event(K.REPLY, 1, 10, post_id="r2")
    store.sync_state.apply_pull(
        "mentions", pull([again], posts=[_thread("r2", "u1", 10, "c1")]), at(11)
    )
    assert {r.notification.id for r in store.inbox.window()} == {first.id, again.id}


def test_a_done_item_stays_done_when_someone_else_writes_there(store: Store) -> None:
    first = event(K.REPLY, 1, 1, post_id="r1")
    store.sync_state.apply_pull(
        "mentions", pull([first], posts=[_thread("r1", "u1", 1, "c1")]), at(2)
    )
    store.inbox.set_triage([first.id], TriageState.DONE, at(3))
    other = event(K.REPLY, 2, 10, post_id="r2")
    store.sync_state.apply_pull(
        "mentions", pull([other], posts=[_thread("r2", "u2", 10, "c1")]), at(11)
    )
    assert [r.notification.id for r in store.inbox.window()] == [other.id]


def test_a_done_item_stays_done_when_the_person_writes_in_another_conversation(
    store: Store,
) -> None:
    first = event(K.REPLY, 1, 1, post_id="r1")
    store.sync_state.apply_pull(
        "mentions", pull([first], posts=[_thread("r1", "u1", 1, "c1")]), at(2)
    )
    store.inbox.set_triage([first.id], TriageState.DONE, at(3))
    elsewhere = event(K.REPLY, 1, 10, post_id="r2")
    store.sync_state.apply_pull(
        "mentions", pull([elsewhere], posts=[_thread("r2", "u1", 10, "c2")]), at(11)
    )
    assert [r.notification.id for r in store.inbox.window()] == [elsewhere.id]
