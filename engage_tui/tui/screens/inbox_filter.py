"""What the inbox shows: new items of some kinds, or done ones too.

Its own small module: the inbox reads it at start-up, the filter picker
offers its choices, and neither imports the other.
"""

from __future__ import annotations

from typing import NamedTuple

from engage_tui.domain import NotificationKind as K


class InboxFilter(NamedTuple):
    label: str = "new"
    kinds: frozenset[K] | None = None
    include_done: bool = False


CHOICES: tuple[InboxFilter, ...] = (
    InboxFilter("new"),
    InboxFilter("mentions, replies and quotes", frozenset({K.MENTION, K.REPLY, K.QUOTE})),
    InboxFilter("new followers", frozenset({K.FOLLOW})),
    InboxFilter("likes", frozenset({K.LIKE})),
    InboxFilter("reposts", frozenset({K.REPOST})),
    InboxFilter("list adds", frozenset({K.LIST_ADD})),
    InboxFilter("other", frozenset({K.OTHER})),
    InboxFilter("everything, done included", None, include_done=True),
)
