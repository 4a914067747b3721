"""What a platform hands the store after talking to its network.

These types sit in domain (not in platforms/) because the store saves them:
the store is below the platforms in the layer order and may not import them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from engage_tui.domain.models import Notification, Person, Post


@dataclass(frozen=True, slots=True)
class RequestUsage:
    """What one endpoint cost during one call (or a batch of calls)."""

    endpoint: str  # method and route template: "GET /2/users/:id/mentions"
    requests: int = 1
    resources: int = 0  # billable resources returned (or written)
    cost_usd: float = 0.0
    rate_limit: int | None = None
    rate_remaining: int | None = None
    rate_reset: datetime | None = None
    at: datetime | None = None


@dataclass(slots=True)
class PullResult:
    events: list[Notification] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    # New values to save with the rows, in the same transaction.
    cursors: dict[str, str | None] = field(default_factory=dict)
    snapshots: dict[str, frozenset[str]] = field(default_factory=dict)
    # A line for the user, e.g. "first sync: the last 3 days only".
    note: str | None = None
    # True when this source has more to fetch right away (a bounded page).
    more: bool = False


@dataclass(frozen=True, slots=True)
class TextCheck:
    """A draft measured against its network's own rule."""

    length: int  # in the network's own units (X: weighted characters)
    limit: int
    ok: bool
    reason: str | None = None  # plain words when not ok
    has_url: bool = False
