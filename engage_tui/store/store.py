"""CONTRACT SKELETON (to be implemented): the Store's public API.

Every layer above uses only these methods; widgets and the sync engine see
domain objects, never rows. Implementations may split into modules
(schema.py, migrations.py, queries...), but keep these names and shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engage_tui.domain import (
    ActionKind,
    Draft,
    Interaction,
    Notification,
    NotificationKind,
    OutboxItem,
    OutboxState,
    Person,
    Post,
    Prospect,
    TriageState,
)
from engage_tui.platforms.base import PullResult, RequestUsage


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One inbox line: a notification, or a group of likes/reposts of one post."""

    notification: Notification  # the newest of the group
    actor: Person | None
    post: Post | None  # the new post (mention/reply/quote)
    subject: Post | None  # the owner's post it concerns
    group_ids: tuple[str, ...] = ()  # every notification id in the group
    group_actors: tuple[Person, ...] = ()  # every actor, newest first
    # keyset position of this row, to ask for the next window
    sort_key: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "post" | "person" | "note"
    post: Post | None = None
    person: Person | None = None
    snippet: str = ""


class Store:
    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating and migrating) the database; raises StoreError."""
        raise NotImplementedError

    def close(self) -> None: ...

    # --- sync ---------------------------------------------------------------
    def apply_pull(self, source: str, result: PullResult, at: datetime) -> int:
        """Store a pull in one transaction; returns how many events were new."""
        raise NotImplementedError

    def cursor(self, key: str) -> str | None: ...
    def snapshot(self, name: str) -> frozenset[str]: ...
    def known_posts(self, ids: list[str]) -> set[str]: ...

    def log_requests(self, usage: list[RequestUsage], at: datetime) -> None: ...
    def month_spend(self, now: datetime) -> float: ...
    def usage_by_endpoint(self, since: datetime) -> dict[str, dict[str, float]]: ...
    def latest_rate_limits(self) -> dict[str, RequestUsage]: ...

    def meta_get(self, key: str) -> str | None: ...
    def meta_set(self, key: str, value: str | None) -> None: ...

    # --- people and posts ---------------------------------------------------
    def upsert_people(self, people: list[Person]) -> None: ...
    def upsert_posts(self, posts: list[Post]) -> None: ...
    def person(self, person_id: str) -> Person | None: ...
    def person_by_handle(self, handle: str) -> Person | None: ...
    def complete_handles(self, prefix: str, limit: int = 8) -> list[Person]: ...
    def post(self, post_id: str) -> Post | None: ...
    def posts_by(self, author_id: str, limit: int = 50) -> list[Post]: ...

    # --- inbox --------------------------------------------------------------
    def inbox_window(
        self,
        limit: int = 50,
        after: tuple[str, str] | None = None,
        kinds: frozenset[NotificationKind] | None = None,
        include_done: bool = False,
        group: bool = True,
    ) -> list[InboxRow]: ...
    def inbox_count(
        self, kinds: frozenset[NotificationKind] | None = None, include_done: bool = False
    ) -> int: ...
    def set_triage(self, ids: list[str], state: TriageState, at: datetime) -> None: ...
    def search(self, query: str, limit: int = 50) -> list[SearchHit]: ...

    # --- drafts (durable when the call returns) -----------------------------
    def save_draft(self, draft: Draft) -> None: ...
    def draft(self, key: str) -> Draft | None: ...
    def delete_draft(self, key: str) -> None: ...
    def drafts(self) -> list[Draft]: ...

    # --- outbox -------------------------------------------------------------
    def enqueue(
        self,
        kind: ActionKind,
        *,
        send_after: datetime,
        target_post_id: str | None = None,
        person_id: str | None = None,
        text: str = "",
        draft_key: str | None = None,
    ) -> OutboxItem: ...
    def cancel(self, item_id: int) -> bool: ...
    def due(self, now: datetime) -> list[OutboxItem]: ...
    def claim(self, item_id: int, token: str | None, at: datetime) -> OutboxItem | None:
        """queued -> sending, atomically across processes; None if lost."""
        ...

    def finish(
        self,
        item_id: int,
        state: OutboxState,
        *,
        at: datetime,
        remote_id: str | None = None,
        error: str | None = None,
        intent_url: str | None = None,
        retry_at: datetime | None = None,
    ) -> None: ...
    def outbox(self, states: frozenset[OutboxState] | None = None) -> list[OutboxItem]: ...

    # --- prospects and relationships ----------------------------------------
    def add_prospect(
        self, person_id: str | None, at: datetime, pending_handle: str | None = None
    ) -> None: ...
    def remove_prospect(self, person_id: str) -> None: ...
    def prospects(self, sort: str = "stale") -> list[Prospect]: ...
    def set_notes(self, person_id: str, notes: str) -> None: ...
    def add_interaction(self, interaction: Interaction) -> None: ...
    def interactions(self, person_id: str, limit: int = 200) -> list[Interaction]: ...
