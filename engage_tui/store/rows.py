"""Rows to domain objects. Queries select these exact column lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
from engage_tui.store.timeutil import from_us, opt_dt

if TYPE_CHECKING:
    from engage_tui.domain.outbox import Draft, OutboxItem
    from engage_tui.domain.prospects import Interaction

# Drafts, outbox items and interactions are built by the panes and the sync
# thread, after the inbox's first frame: their classes load with the first
# such row (engage_tui/domain/__init__.py).

Row = Sequence[Any]

PERSON_COLS = "id, handle, name, network, bio, followers_count, protected, seen_us"
POST_COLS = (
    "id, author_id, text, created_us, network, in_reply_to_id, quoted_id, conversation_id, "
    "mentions, likes, reposts, replies, quotes, url, deleted, labels"
)
NOTIFICATION_COLS = (
    "id, kind, actor_id, created_us, network, post_id, subject_id, raw_kind, state, done_us, seen,"
    " handled, account, woke_us"
)
DRAFT_COLS = "key, text, updated_us, target_post_id, person_id, account"
OUTBOX_COLS = (
    "id, kind, state, created_us, send_after_us, network, target_post_id, person_id, text, "
    "draft_key, attempts, remote_id, error, prepare_token, intent_url, route, updated_us, account"
)
INTERACTION_COLS = "person_id, direction, kind, at_us, post_id, text, id"


def person(row: Row) -> Person:
    return Person(
        id=row[0],
        handle=row[1],
        name=row[2],
        network=row[3],
        bio=row[4],
        followers_count=row[5],
        protected=bool(row[6]),
        seen_at=opt_dt(row[7]),
    )


def post(row: Row) -> Post:
    metrics = None
    if row[9] is not None:
        metrics = PostMetrics(
            likes=row[9], reposts=row[10] or 0, replies=row[11] or 0, quotes=row[12] or 0
        )
    return Post(
        id=row[0],
        author_id=row[1],
        text=row[2],
        created_at=from_us(row[3]),
        network=row[4],
        in_reply_to_id=row[5],
        quoted_id=row[6],
        conversation_id=row[7],
        mentions=tuple(row[8].split()) if row[8] else (),
        metrics=metrics,
        url=row[13],
        deleted=bool(row[14]),
        labels=tuple(row[15].split()) if row[15] else (),
    )


def notification_kind(value: str) -> NotificationKind:
    try:
        return NotificationKind(value)
    except ValueError:
        return NotificationKind.OTHER


def notification(row: Row) -> Notification:
    return Notification(
        id=row[0],
        kind=notification_kind(row[1]),
        actor_id=row[2],
        created_at=from_us(row[3]),
        network=row[4],
        post_id=row[5],
        subject_id=row[6],
        raw_kind=row[7],
        state=TriageState(row[8]),
        done_at=opt_dt(row[9]),
        seen=bool(row[10]),
        handled=handled(row[11]),
        account=row[12],
        snoozed=row[13] is not None,
    )


def handled(value: str | None) -> Handled | None:
    if value is None:
        return None
    try:
        return Handled(value)
    except ValueError:  # written by a newer engage: the item is still done
        return None


def draft(row: Row) -> Draft:
    from engage_tui.domain.outbox import Draft

    return Draft(
        key=row[0],
        text=row[1],
        updated_at=from_us(row[2]),
        target_post_id=row[3],
        person_id=row[4],
        account=row[5],
    )


def outbox_item(row: Row) -> OutboxItem:
    from engage_tui.domain.outbox import OutboxItem

    return OutboxItem(
        id=row[0],
        kind=ActionKind(row[1]),
        state=OutboxState(row[2]),
        created_at=from_us(row[3]),
        send_after=from_us(row[4]),
        network=row[5],
        target_post_id=row[6],
        person_id=row[7],
        text=row[8],
        draft_key=row[9],
        attempts=row[10],
        remote_id=row[11],
        error=row[12],
        prepare_token=row[13],
        intent_url=row[14],
        route=Route(row[15]) if row[15] else None,
        updated_at=opt_dt(row[16]),
        account=row[17],
    )


def interaction(row: Row) -> Interaction:
    from engage_tui.domain.prospects import Interaction

    return Interaction(
        person_id=row[0],
        direction=Direction(row[1]),
        kind=row[2],
        at=from_us(row[3]),
        post_id=row[4],
        text=row[5],
        id=row[6],
    )
