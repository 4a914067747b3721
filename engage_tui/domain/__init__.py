"""Plain typed objects shared by every layer. No I/O, no Textual, no tweepy.

The kinds and the inbox's nouns load with the package; the others (drafts,
the outbox's actions, profile facts, prospects) load the first time one is
named (``from engage_tui.domain import Draft``), so the inbox's first frame
does not build classes it does not show.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from engage_tui.domain.inbox import Notification, Person, Post
from engage_tui.domain.kinds import (
    ActionKind,
    Direction,
    Handled,
    NotificationKind,
    OutboxState,
    Route,
    TriageState,
)

if TYPE_CHECKING:
    from engage_tui.domain.outbox import ActionRequest, Draft, OutboxItem
    from engage_tui.domain.profile import ProfileFact
    from engage_tui.domain.prospects import Interaction, Prospect

# Each name loaded on first use, and the module that holds it.
_LATER = {
    "ActionRequest": "outbox",
    "Draft": "outbox",
    "OutboxItem": "outbox",
    "ProfileFact": "profile",
    "Interaction": "prospects",
    "Prospect": "prospects",
}


def __getattr__(name: str) -> object:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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
