"""Answering finishes the item: a reply, thank or like sent from an inbox item
marks it done with how it was answered, and one undo takes back both.

Screens remember what a composer was opened for (an ``Answer``), and when the
composer closes having queued its words they call ``finish``. A group's thank
is a ``ThankRound`` (``thank_round.py``): one composer per member, each with only that person's
@handle and sent with its own ctrl+s, which also finishes that person's items
in the group (the group shrinks as the round goes); ctrl+n skips a person;
closing a composer without sending stops the round, so nobody is sent
anything they were not written to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from engage_tui.domain import Handled, TriageState
from engage_tui.store import InboxRow, Store
from engage_tui.tui.context import Services

if TYPE_CHECKING:
    from engage_tui.tui.compose_request import ComposeRequest

# How far back a thank answers what its person brought (Today's queue window).
THANK_WINDOW = timedelta(days=7)


class Answer(NamedTuple):
    """A composer opened to answer an inbox item: its draft key, the item's ids."""

    key: str
    ids: tuple[str, ...]
    how: Handled


def item_ids(row: InboxRow) -> tuple[str, ...]:
    return tuple(row.group_ids or (row.notification.id,))


def finishes(svc: Services, row: InboxRow) -> bool:
    """An answer finishes this item: the setting is on and the item is still new
    (an answer to a done item leaves it as it is, so undo cannot revive it)."""
    return svc.config.advance_after_answer and row.notification.state is TriageState.NEW


def finish(
    svc: Services, ids: tuple[str, ...], how: Handled, sent: ComposeRequest | None = None
) -> None:
    """Mark the item done, saying how; fold the undo entry the answer just
    pushed (the queued reply or like) and this one into one.

    A thank (``sent``) answers the person, not only the item it was sent
    from: what else they brought on that account in the thank window (their
    follow in a group, their likes) is finished with it, as a thank from
    Today finishes it."""
    wanted = list(ids)
    person = sent.person if sent is not None and how is Handled.THANKED else None
    if person is None:
        _finish(svc, lambda _: wanted, how, reveal=ids)
        return
    since, account = svc.now() - THANK_WINDOW, (sent.account if sent else "") or None

    def pick(store: Store) -> list[str]:
        return list(dict.fromkeys([*wanted, *store.inbox.new_from(person.id, since, account)]))

    _finish(svc, pick, how, reveal=ids)


def finish_thanked(svc: Services, person_id: str, since: datetime, account: str | None) -> None:
    """A thank sent from Today answers everything new that person brought
    since ``since``: their follow, likes and mentions leave the inbox too."""
    _finish(svc, lambda store: store.inbox.new_from(person_id, since, account), Handled.THANKED)


def finish_thanked_in(svc: Services, person_id: str, ids: tuple[str, ...]) -> None:
    """A thank sent in a group's round answers that person's items in the
    group: the group shrinks by them, and one undo takes back both."""
    members = list(ids)
    _finish(svc, lambda store: store.inbox.new_of(person_id, members), Handled.THANKED, reveal=ids)


def _finish(
    svc: Services,
    pick: Callable[[Store], list[str]],
    how: Handled,
    reveal: tuple[str, ...] = (),
) -> None:
    # The inbox imports this module for its first frame; the undo commands
    # (and the composer's request) load after it, with the composer.
    from engage_tui.tui.undo import Finished, Slot

    at = svc.now()
    finished = Slot[list[str]]()

    def write(store: Store) -> None:
        # A write tried again picks again.
        store.inbox.set_triage(finished.fill(pick(store)), TriageState.DONE, at, how)

    svc.write(f"mark {how.value}", write)
    # The answer just pushed (the queued reply or like) and this are one undo.
    svc.push_undo(Finished(svc.undo.pop(), finished, reveal))
