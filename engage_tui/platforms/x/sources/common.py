"""Small helpers the X sources share: ids, JSON cursors, snowflake order."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from engage_tui.domain import Notification, NotificationKind
from engage_tui.platforms.base import SyncStateView

NETWORK = "x"


def notification_id(kind: str, *parts: str) -> str:
    return ":".join(("x", kind, *parts))


def event(
    kind: NotificationKind,
    key: str,
    actor_id: str,
    at: datetime,
    post_id: str | None = None,
    subject_id: str | None = None,
) -> Notification:
    return Notification(
        id=key,
        kind=kind,
        actor_id=actor_id,
        created_at=at,
        network=NETWORK,
        post_id=post_id,
        subject_id=subject_id,
    )


def json_cursor(state: SyncStateView, key: str) -> Any | None:
    """A cursor holding JSON, or None when absent or unreadable (then start over)."""
    text = state.cursor(key)
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def snowflake(post_id: str | None) -> int:
    """X ids grow with time; compare them as numbers, not strings."""
    try:
        return int(post_id or 0)
    except ValueError:
        return 0


def newest(ids: list[str]) -> str | None:
    return max(ids, key=snowflake) if ids else None
