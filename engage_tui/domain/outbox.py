"""What the owner writes and sends: drafts, queued actions and the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engage_tui.domain.kinds import ActionKind, OutboxState, Route


@dataclass(frozen=True, slots=True)
class Draft:
    """Words the user is writing. ``key`` names what they answer:
    ``reply:<post id>`` or ``thank:<person id>`` or ``post:<uuid>``; a draft
    is one per key AND account (two accounts answering one post write apart)."""

    key: str
    text: str
    updated_at: datetime
    target_post_id: str | None = None
    person_id: str | None = None
    # The signed-in account (person id) answering; "" when none was known.
    account: str = ""

    @property
    def slot(self) -> str:
        return draft_slot(self.key, self.account)


def draft_slot(key: str, account: str) -> str:
    """One name for a draft's key and account (where unsaved words wait)."""
    return f"{key} as {account}" if account else key


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: ActionKind
    state: OutboxState
    created_at: datetime
    send_after: datetime
    network: str
    target_post_id: str | None = None
    person_id: str | None = None
    text: str = ""
    draft_key: str | None = None
    attempts: int = 0
    remote_id: str | None = None
    error: str | None = None
    # Saved before the first attempt (X: nothing; Mastodon: Idempotency-Key).
    prepare_token: str | None = None
    intent_url: str | None = None
    route: Route | None = None
    updated_at: datetime | None = None
    # The signed-in account (its person id) that sends it; "" when queued
    # before engage knew who is signed in: the first account of its network
    # then sends it.
    account: str = ""


@dataclass(frozen=True, slots=True)
class ActionRequest:
    """An action to queue (``store.outbox.enqueue``): what, where, and from whom.

    A reply's target is its post; a new post's is the draft it was written in.
    ``at`` is when it was queued (None: now); ``account`` (a signed-in
    account's person id) sends it, "" meaning the network's first account.
    """

    kind: ActionKind
    network: str
    send_after: datetime
    target_post_id: str | None = None
    person_id: str | None = None
    text: str = ""
    draft_key: str | None = None
    route: Route | None = None
    at: datetime | None = None
    account: str = ""
