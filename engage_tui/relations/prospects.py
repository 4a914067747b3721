"""What adding, removing and listing a prospect means: the one home of the
decisions the prospects pane, the person view, the inbox and `engage
prospects` share.

The store keeps the watchlist (store/prospects.py: its rows, and the
merging of linked accounts into one person); the sync looks pending handles
up on their network (sync/prospects.py: when, and what a failure does).
Everything a caller decides about a prospect is here: which network a
handle waits for, whether someone is already watched, what a note given
twice becomes, who is stale.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from engage_tui.domain import Person, Prospect
from engage_tui.platforms.handles import network_of_handle
from engage_tui.platforms.registry import ORIGINAL

if TYPE_CHECKING:
    from engage_tui.store import Store


class Added(Enum):
    NEW = "new"
    ALREADY = "already"
    NOTED = "noted"  # already on the list; the new note was added to theirs


def handle_network(handle: str) -> str:
    """The network a handle is on by its shape (the rules do not overlap);
    one taken by no rule is from before Bluesky: the original network's.
    A pending prospect keeps no other record of its network."""
    return network_of_handle(handle) or ORIGINAL


def network_of(prospect: Prospect) -> str:
    """A watched person's network, or the one their pending handle waits for."""
    if prospect.person is not None:
        return prospect.person.network
    return handle_network(prospect.pending_handle or "")


def handle_of(prospect: Prospect) -> str:
    """The handle to show: the person's, or the one waiting to be looked up."""
    if prospect.person is not None:
        return prospect.person.handle
    return prospect.pending_handle or prospect.person_id


def is_stale(prospect: Prospect, now: datetime, stale_days: int) -> bool:
    """Never engaged, or not for longer than ``stale_days``."""
    engaged = prospect.last_engaged_at
    return engaged is None or now - engaged > timedelta(days=stale_days)


def known_on(store: Store, handle: str, network: str) -> Person | None:
    """The cached person with ``handle`` on ``network``, or None."""
    person = store.people.by_handle(handle)
    return person if person is not None and person.network == network else None


def merged_notes(old: str, new: str) -> str | None:
    """``old`` with ``new`` appended, or None when there is nothing new to keep."""
    if not new or new in old:
        return None
    return f"{old}\n{new}" if old else new


def add_person(store: Store, person_id: str, at: datetime) -> bool:
    """Watch a cached person; False when they already were (nothing changes)."""
    new = all(p.person_id != person_id for p in store.prospects.listing())
    if new:
        store.prospects.add(person_id, at)
    return new


def add_handle(store: Store, handle: str, network: str, notes: str, at: datetime) -> Added:
    """Watch ``handle`` on ``network``: at once if the cache knows them,
    else pending until their network's sync looks them up. A note given for
    someone already watched is kept with theirs, never dropped: the user
    wrote it for a reason."""
    known = known_on(store, handle, network)
    for p in store.prospects.listing():
        same_person = known is not None and p.person_id == known.id
        same_pending = (p.pending_handle or "").lower() == handle.lower() and handle_network(
            p.pending_handle or ""
        ) == network
        if same_person or same_pending:
            merged = merged_notes(p.notes, notes)
            if merged is None:
                return Added.ALREADY
            if p.person_id:
                store.prospects.set_notes(p.person_id, merged, at)
            else:
                store.prospects.set_pending_notes(p.pending_handle or handle, merged)
            return Added.NOTED
    store.prospects.add(None, at, pending_handle=handle)
    if notes:
        if known is not None:
            merged = merged_notes(store.prospects.notes(known.id), notes)
            if merged is not None:
                store.prospects.set_notes(known.id, merged, at)
        else:
            store.prospects.set_pending_notes(handle, notes)
    return Added.NEW


def remove(store: Store, prospect: Prospect, at: datetime) -> list[Person]:
    """Stop watching them (their notes and tags are kept with the person).
    Their new posts stop coming to the inbox too: the user asked for them as
    a prospect's. Returns the accounts whose new posts were turned off, for
    an undo to turn on again."""
    if prospect.person_id:
        store.prospects.remove(prospect.person_id)
        found = store.subscriptions.of_person(prospect.person_id)
        wanted = [p for p in found.accounts if (s := found.subscriptions.get(p.id)) and s.wanted]
        if wanted:
            store.subscriptions.want(wanted, False, at)
        return wanted
    if prospect.pending_handle:
        store.prospects.remove_pending(prospect.pending_handle)
    return []


def put_back(
    store: Store,
    prospect: Prospect,
    new_posts: list[Person] | None = None,
    at: datetime | None = None,
) -> None:
    """Watch a removed prospect again, as they were (an undone remove),
    their new posts coming again where ``remove`` turned them off."""
    if prospect.person_id:
        store.prospects.add(prospect.person_id, prospect.added_at)
        if prospect.notes:
            store.prospects.set_notes(prospect.person_id, prospect.notes)
        if new_posts:
            store.subscriptions.want(new_posts, True, at or prospect.added_at)
    else:
        handle = prospect.pending_handle or prospect.person_id
        store.prospects.add(None, prospect.added_at, pending_handle=handle)
