"""Answering finishes the item: a reply, thank or like sent from an inbox item
marks it done with how it was answered, and one undo takes back both.

Screens remember what a composer was opened for (an ``Answer``), and when the
composer closes having queued its words they call ``finish``. A group's thank
is a ``ThankRound``: one composer per member, each with only that person's
@handle and sent with its own ctrl+s; closing a composer without sending
stops the round, so nobody is sent anything they were not written to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from engage_tui.domain import Handled, Person, TriageState
from engage_tui.store import InboxRow, Store
from engage_tui.tui.context import Services


class Answer(NamedTuple):
    """A composer opened to answer an inbox item: its draft key, the item's ids."""

    key: str
    ids: tuple[str, ...]
    how: Handled


@dataclass(slots=True)
class ThankRound:
    """Thanking each member of a group in turn."""

    people: list[Person]
    ids: tuple[str, ...]
    finishing: bool  # the last thank finishes the group's item
    account: str = ""  # the group's account: each thank goes out as it
    sent: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def current(self) -> Person | None:
        return self.people[self.sent] if self.sent < len(self.people) else None


def item_ids(row: InboxRow) -> tuple[str, ...]:
    return tuple(row.group_ids or (row.notification.id,))


def finishes(svc: Services, row: InboxRow) -> bool:
    """An answer finishes this item: the setting is on and the item is still new
    (an answer to a done item leaves it as it is, so undo cannot revive it)."""
    return svc.config.advance_after_answer and row.notification.state is TriageState.NEW


def finish(svc: Services, ids: tuple[str, ...], how: Handled) -> None:
    """Mark the item done, saying how; fold the undo entry the answer just
    pushed (the queued reply or like) and this one into one."""
    wanted = list(ids)
    _finish(svc, lambda _: wanted, how, reveal=ids)


def finish_thanked(svc: Services, person_id: str, since: datetime, account: str | None) -> None:
    """A thank sent from Today answers everything new that person brought
    since ``since``: their follow, likes and mentions leave the inbox too."""
    _finish(svc, lambda store: store.inbox.new_from(person_id, since, account), Handled.THANKED)


def _finish(
    svc: Services,
    pick: Callable[[Store], list[str]],
    how: Handled,
    reveal: tuple[str, ...] = (),
) -> None:
    at = svc.now()
    finished: list[str] = []  # filled on the write queue's thread

    def write(store: Store) -> None:
        finished[:] = pick(store)  # a write tried again picks again
        store.inbox.set_triage(finished, TriageState.DONE, at, how)

    svc.write(f"mark {how.value}", write)
    answer = svc.undo_log.pop() if svc.undo_log else None

    def undo() -> str | None:
        back = svc.now()

        def unfinish(store: Store) -> None:
            store.inbox.set_triage(finished, TriageState.NEW, back)

        if answer is not None and answer.cancel_with is not None:
            # Back in the inbox only if the answer was stopped in time: an
            # item whose reply went out must not ask to be answered again.
            answer.cancel_with(unfinish)
            return None
        svc.write("undo mark done", unfinish)
        return answer.undo() if answer is not None else "Back in the inbox."

    svc.push_undo(answer.label if answer is not None else "done", undo, reveal=reveal)
