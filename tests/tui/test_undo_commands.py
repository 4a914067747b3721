"""Undo as commands, as a unit: one stack, one object per action, each taking
its action back through the real write queue into a real store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engage_tui.config import Config
from engage_tui.domain import ActionKind, Handled, OutboxState, TriageState
from engage_tui.store import Store
from engage_tui.tui import actions
from engage_tui.tui.answering import finish
from engage_tui.tui.context import Services
from engage_tui.tui.undo import UNDO_DEPTH, BackToNew, Callback, Finished, UndoStack
from tests.tui.world import ANA, M1, NOW


@pytest.fixture
def svc(store: Store) -> Iterator[Services]:
    services = Services(Config(), store, None, clock=lambda: NOW)
    yield services
    services.writes.stop()


def landed(svc: Services) -> None:
    assert svc.writes.flush(30), "the writes never landed"


def state_of(store: Store, nid: str) -> tuple[TriageState, Handled | None]:
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    note = next(r.notification for r in rows if r.notification.id == nid)
    return note.state, note.handled


@given(pushed=st.integers(0, 3 * UNDO_DEPTH))
def test_the_stack_keeps_the_newest_actions_and_pops_newest_first(pushed: int) -> None:
    stack = UndoStack()
    for n in range(pushed):
        stack.push(Callback(str(n), lambda: None))
    kept = min(pushed, UNDO_DEPTH)
    assert len(stack) == kept
    popped = []
    while (command := stack.pop()) is not None:
        popped.append(command.label)
    assert popped == [str(n) for n in reversed(range(pushed - kept, pushed))]


def test_undo_of_a_done_brings_the_items_back(svc: Services, store: Store) -> None:
    actions.mark_done(svc, ["n-mention-ana"])
    command = svc.undo.pop()
    assert isinstance(command, BackToNew) and command.reveal == ("n-mention-ana",)
    assert command.undo(svc) == "Back in the inbox."
    landed(svc)
    assert state_of(store, "n-mention-ana") == (TriageState.NEW, None)


def test_undo_of_a_like_in_time_cancels_it(svc: Services, store: Store) -> None:
    actions.toggle_like(svc, M1)
    assert actions.is_liked(svc, M1.id)
    command = svc.undo.pop()
    assert command is not None and command.undo(svc) is None  # said when it lands
    landed(svc)
    [item] = store.outbox.items()
    assert (item.kind, item.state) == (ActionKind.LIKE, OutboxState.CANCELLED)


def test_an_answer_and_what_it_finished_are_one_command(svc: Services, store: Store) -> None:
    actions.toggle_like(svc, M1)
    finish(svc, ("n-mention-ana",), Handled.LIKED)
    assert len(svc.undo) == 1
    landed(svc)
    assert state_of(store, "n-mention-ana") == (TriageState.DONE, Handled.LIKED)
    command = svc.undo.pop()
    assert isinstance(command, Finished) and command.label == "like"
    command.undo(svc)
    landed(svc)
    assert state_of(store, "n-mention-ana") == (TriageState.NEW, None)
    assert [i.state for i in store.outbox.items()] == [OutboxState.CANCELLED]


def test_too_late_an_undo_leaves_the_answer_and_the_item_done(svc: Services, store: Store) -> None:
    actions.toggle_like(svc, M1)
    finish(svc, ("n-mention-ana",), Handled.LIKED)
    landed(svc)
    [queued] = store.outbox.items()
    assert store.outbox.claim(queued.id, None, queued.send_after) is not None  # the sync took it
    command = svc.undo.pop()
    assert command is not None
    command.undo(svc)
    landed(svc)
    assert state_of(store, "n-mention-ana") == (TriageState.DONE, Handled.LIKED)


def test_undo_of_adding_a_prospect_removes_them(svc: Services, store: Store) -> None:
    actions.add_prospect(svc, ANA)
    landed(svc)
    assert any(p.person_id == ANA.id for p in store.prospects.listing())
    command = svc.undo.pop()
    assert command is not None and command.undo(svc) == "@ana removed from prospects."
    landed(svc)
    assert not any(p.person_id == ANA.id for p in store.prospects.listing())
