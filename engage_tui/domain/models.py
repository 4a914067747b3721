"""The nouns of engage, under the name they have always been imported by.

They live in modules of their own, so that start-up loads only what the
inbox's first frame shows (each frozen dataclass costs Python about 1.5 ms
to build): ``kinds`` (the stored words), ``inbox`` (people, posts,
notifications), ``profile`` (profile facts), ``outbox`` (drafts and
actions) and ``prospects`` (kept people and interactions).
"""

from __future__ import annotations

from engage_tui.domain.inbox import Notification, Person, Post, PostMetrics
from engage_tui.domain.kinds import (
    ActionKind,
    Direction,
    Handled,
    NotificationKind,
    OutboxState,
    Route,
    TriageState,
)
from engage_tui.domain.outbox import ActionRequest, Draft, OutboxItem, draft_slot
from engage_tui.domain.profile import FactKind, ProfileFact
from engage_tui.domain.prospects import Interaction, Prospect

__all__ = [
    "ActionKind",
    "ActionRequest",
    "Direction",
    "Draft",
    "FactKind",
    "Handled",
    "Interaction",
    "Notification",
    "NotificationKind",
    "OutboxItem",
    "OutboxState",
    "Person",
    "Post",
    "PostMetrics",
    "ProfileFact",
    "Prospect",
    "Route",
    "TriageState",
    "draft_slot",
]
