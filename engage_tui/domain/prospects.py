"""The people the owner keeps, and what passed between them and the owner."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.domain.kinds import Direction

if TYPE_CHECKING:
    from engage_tui.domain.inbox import Person


@dataclass(frozen=True, slots=True)
class Prospect:
    person_id: str
    added_at: datetime
    notes: str = ""
    last_engaged_at: datetime | None = None
    # Filled by the store when it joins people; None while the handle is
    # queued for look-up (added offline).
    person: Person | None = None
    pending_handle: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Interaction:
    """One thing between the owner and a person, in either direction."""

    person_id: str
    direction: Direction
    kind: str  # a NotificationKind value inbound; reply/like/thank/repost outbound
    at: datetime
    post_id: str | None = None
    text: str | None = None
    id: int | None = None
