"""Plain typed objects shared by every layer. No I/O, no Textual, no tweepy."""

from engage_tui.domain.models import (
    ActionKind,
    ActionRequest,
    Direction,
    Draft,
    Handled,
    Interaction,
    Notification,
    NotificationKind,
    OutboxItem,
    OutboxState,
    Person,
    Post,
    ProfileFact,
    Prospect,
    Route,
    TriageState,
)

__all__ = [
    "ActionKind",
    "ActionRequest",
    "Direction",
    "Draft",
    "Handled",
    "Interaction",
    "Notification",
    "NotificationKind",
    "OutboxItem",
    "OutboxState",
    "Person",
    "Post",
    "ProfileFact",
    "Prospect",
    "Route",
    "TriageState",
]
