"""Builders and fixtures for the store tests: real SQLite files in tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullResult

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def at(minutes: float = 0, days: int = 0) -> datetime:
    return T0 + timedelta(days=days, minutes=minutes)


def person(n: int, **fields: object) -> Person:
    return Person(id=f"u{n}", handle=f"user_{n}", name=f"Person {n}", **{"network": "x", **fields})  # type: ignore[arg-type]


def post(post_id: str, author: str = "me", text: str = "a post", minutes: float = 0) -> Post:
    return Post(id=post_id, author_id=author, text=text, created_at=at(minutes), network="x")


def event(
    kind: NotificationKind,
    actor: int,
    minutes: float,
    *,
    subject: str | None = None,
    post_id: str | None = None,
    days: int = 0,
) -> Notification:
    return Notification(
        id=f"{kind.value}:u{actor}:{post_id or subject or ''}:{days}",
        kind=kind,
        actor_id=f"u{actor}",
        created_at=at(minutes, days),
        subject_id=subject,
        post_id=post_id,
        network="x",
    )


def like(actor: int, subject: str, minutes: float, days: int = 0) -> Notification:
    return event(NotificationKind.LIKE, actor, minutes, subject=subject, days=days)


def pull(
    events: list[Notification] | None = None,
    people: list[Person] | None = None,
    posts: list[Post] | None = None,
    **more: object,
) -> PullResult:
    events = events or []
    if people is None:
        people = [person(int(e.actor_id[1:])) for e in events]
    return PullResult(events=events, people=people, posts=posts or [], **more)  # type: ignore[arg-type]
