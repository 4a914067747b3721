"""What the store's read queries return to the TUI: domain objects, never rows.

A search's hits are ``store/search.py``'s ``SearchHit``, loaded with the search."""

from __future__ import annotations

from typing import NamedTuple

from engage_tui.domain import Notification, Person, Post

GROUP_ACTORS_SHOWN = 5


class InboxRow(NamedTuple):
    """One inbox line: a notification, or a group of likes/reposts of one post.

    A NamedTuple, not a frozen dataclass: the inbox's first frame builds the
    class, and a dataclass costs about ten times more to create."""

    notification: Notification  # the newest of the group
    actor: Person | None
    post: Post | None  # the new post (mention/reply/quote)
    subject: Post | None  # the owner's post it concerns
    group_ids: tuple[str, ...] = ()  # every notification id in the group (itself if alone)
    # the newest actors, newest first: at most GROUP_ACTORS_SHOWN of them, so a
    # viral post does not load thousands of people per window; the rest are
    # one Store.people([...]) away (actor ids via group_ids' notifications).
    group_actors: tuple[Person, ...] = ()
    group_size: int = 1  # how many notifications the row stands for
    # keyset position of this row, to ask for the next window (opaque to callers)
    sort_key: tuple[str, str] = ("", "")
