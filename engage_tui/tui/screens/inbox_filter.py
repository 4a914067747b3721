"""What the inbox shows: new items of some kinds, or done ones too, of
every account or of one.

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
    # One account's rows (the store's ``accounts=``), named for the title; None: all.
    accounts: frozenset[str] | None = None
    account_label: str = ""

    def with_kinds(self, choice: InboxFilter) -> InboxFilter:
        """``choice``'s kinds, keeping this view's account."""
        return choice._replace(accounts=self.accounts, account_label=self.account_label)


class AccountChoice(NamedTuple):
    """One line of the filter's account choice: its label and the store's ``accounts=``."""

    label: str
    accounts: frozenset[str] | None


CHOICES: tuple[InboxFilter, ...] = (
    InboxFilter("new"),
    InboxFilter("mentions, replies and quotes", frozenset({K.MENTION, K.REPLY, K.QUOTE})),
    InboxFilter("new followers", frozenset({K.FOLLOW})),
    InboxFilter("likes", frozenset({K.LIKE})),
    InboxFilter("reposts", frozenset({K.REPOST})),
    InboxFilter("list adds", frozenset({K.LIST_ADD})),
    InboxFilter("prospects' new posts", frozenset({K.NEW_POST})),
    InboxFilter("other", frozenset({K.OTHER})),
    InboxFilter("everything, done included", None, include_done=True),
)
