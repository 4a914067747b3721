"""A small relationship history written through the store API, on real SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    Notification,
    NotificationKind,
    Person,
    Post,
)
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
K = NotificationKind

OWNER = Person("1", "owner", "Olive Owner", network="x")
ANA = Person("11", "ana", "Ana Lima", bio="Founder", followers_count=5400, network="x")
BO = Person("12", "bo", "Bo Chen", followers_count=310, network="x")
CY = Person("13", "cy", "Cy Twombly", followers_count=88, network="x")
PEOPLE = [OWNER, ANA, BO, CY]
MINE = Post("100", "1", "Shipped the new release today.", NOW - timedelta(days=2), network="x")
MENTION = Post(
    "200", "11", "@owner loved the talk", NOW - timedelta(hours=3), mentions=("owner",), network="x"
)


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def event(
    kind: NotificationKind,
    who: Person,
    at: datetime,
    *,
    post: Post | None = None,
    subject: Post | None = None,
) -> Notification:
    return Notification(
        id=f"{kind.value}:{who.id}:{at.isoformat()}",
        kind=kind,
        actor_id=who.id,
        created_at=at,
        post_id=post.id if post else None,
        subject_id=subject.id if subject else None,
        network="x",
    )


def pull(store: Store, events: list[Notification]) -> None:
    store.sync_state.apply_pull(
        "test", PullResult(events=events, people=PEOPLE, posts=[MINE, MENTION]), NOW
    )


def queue(
    store: Store,
    kind: ActionKind,
    at: datetime,
    *,
    person: Person,
    target: Post | None = None,
    thank: bool = False,
    text: str = "",
) -> None:
    store.outbox.enqueue(
        ActionRequest(
            kind,
            send_after=at,
            target_post_id=target.id if target else None,
            person_id=person.id,
            text=text,
            draft_key=f"thank:{person.id}" if thank else None,
            at=at,
            network="x",
        )
    )


@pytest.fixture
def store(store: Store) -> Store:
    """The shared empty store, owned by OWNER."""
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    return store
