"""Small helpers the X sources share: ids, JSON cursors, snowflake order."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from engage_tui.domain import Notification, NotificationKind
from engage_tui.platforms.base import SyncStateView

NETWORK = "x"
# X's snowflake ids: milliseconds since this epoch, above 22 bits of sequence.
SNOWFLAKE_EPOCH_MS = 1288834974657
SNOWFLAKE_SEQUENCE_BITS = 22


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


def snowflake_time(item_id: str | None) -> datetime | None:
    """When an X snowflake id was made; None for no id. An id from before
    snowflakes (2010) decodes to late 2010: old, which is all callers ask."""
    value = snowflake(item_id)
    if value <= 0:
        return None
    ms = (value >> SNOWFLAKE_SEQUENCE_BITS) + SNOWFLAKE_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def iso(at: datetime) -> str:
    """X's timestamp form, as the cursors keep it."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.000Z")
