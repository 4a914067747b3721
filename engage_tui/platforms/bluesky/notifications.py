"""Notifications from ``app.bsky.notification.listNotifications``.

Bluesky pages newest first and has no "since": a pull pages back with the
cursor and stops at the first notification the previous complete pull
already handled (the newest one then, kept in a cursor with its time). The new
mark is held back until the last page is read; a pull stops after a few
pages with ``more=True`` and the page cursor saved, so a crash resumes where
it stopped. A first sync reads back ``first_sync_days`` only.

The posts a notification refers to (the owner's post that was liked, the post
a reply answers) are fetched with ``getPosts``, 25 a call, unless the store
already has them. Reads are free on Bluesky.

Read state: a notification's ``isRead`` only says whether it is older than
the last ``updateSeen`` (what the Bluesky app's badge counts). engage's done
state is the user's own triage and is never taken from ``isRead``; the other
way round, ``BlueskyPlatform.mark_seen`` sends the time of the newest
notification the user handled, so the app's badge agrees with engage.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from atproto_client import models

from engage_tui.domain import Notification, NotificationKind, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.bluesky import parse
from engage_tui.platforms.bluesky.client import BlueskyClient

PAGE_SIZE = 100
PAGES_PER_PULL = 5
POSTS_PER_CALL = 25

# Prefixed with the network: one store may hold an X and a Bluesky account.
NEWEST = "bluesky.notifications.newest"
PAGE = "bluesky.notifications.page"
PENDING = "bluesky.notifications.pending"
START = "bluesky.notifications.start"

_KINDS: dict[str, NotificationKind] = {
    "like": NotificationKind.LIKE,
    "repost": NotificationKind.REPOST,
    "follow": NotificationKind.FOLLOW,
    "mention": NotificationKind.MENTION,
    "reply": NotificationKind.REPLY,
    "quote": NotificationKind.QUOTE,
    # Someone liked or reposted what the owner reposted: a like or repost of
    # the post itself, with the raw reason kept.
    "like-via-repost": NotificationKind.LIKE,
    "repost-via-repost": NotificationKind.REPOST,
}
_VIA_REPOST = {"like-via-repost", "repost-via-repost"}
# Reasons whose notification record is a new post (shown and answerable).
_POST_REASONS = {"mention", "reply", "quote"}


class Mark:
    """The newest notification a complete pull handled: its time and URIs."""

    def __init__(self, at: datetime, uris: set[str]) -> None:
        self.at = at
        self.uris = uris

    @classmethod
    def load(cls, raw: str | None) -> Mark | None:
        try:
            data = json.loads(raw) if raw else None
            at = parse.parse_time(data["at"]) if isinstance(data, dict) else None
            uris = {str(u) for u in data.get("uris", [])} if isinstance(data, dict) else set()
        except (ValueError, TypeError, KeyError):
            return None
        return cls(at, uris) if at is not None else None

    @classmethod
    def of(cls, items: list[Any]) -> Mark | None:
        times = [(parse.parse_time(parse.get(n, "indexedAt")), n) for n in items]
        dated = [(at, n) for at, n in times if at is not None]
        if not dated:
            return None
        newest = max(at for at, _ in dated)
        uris = {str(parse.get(n, "uri")) for at, n in dated if at == newest}
        return cls(newest, uris)

    def dump(self) -> str:
        return json.dumps({"at": parse.iso(self.at), "uris": sorted(self.uris)})

    def reached(self, item: Any) -> bool:
        at = parse.parse_time(parse.get(item, "indexedAt"))
        if at is None:
            return False
        return at < self.at or (at == self.at and parse.get(item, "uri") in self.uris)


def notification_id(uri: str) -> str:
    # The URI of the record that caused it (a like, follow or post record) is
    # unique, so the same event read twice is one row.
    return f"bluesky:{uri}"


def to_event(item: Any) -> tuple[Notification, Post | None] | None:
    """One notification as an engage event, with the post it created if any."""
    uri = parse.text_of(item, "uri")
    reason = parse.text_of(item, "reason") or "unknown"
    author = parse.person(parse.get(item, "author"))
    at = parse.parse_time(parse.get(item, "indexedAt"))
    if uri is None or author is None or at is None:
        return None
    record = parse.get(item, "record")
    kind = _KINDS.get(reason, NotificationKind.OTHER)
    post: Post | None = None
    subject = parse.text_of(item, "reasonSubject")
    if reason in _POST_REASONS:
        post = parse.post_from_record(uri, author.id, record, at.isoformat(), author.handle)
        if reason == "reply":
            subject = post.in_reply_to_id
        elif reason == "quote":
            subject = subject or post.quoted_id
        else:
            subject = None
    elif reason in _VIA_REPOST:
        # reasonSubject is the owner's repost record; the record's subject is
        # the post that was liked or reposted.
        subject = parse.text_of(record, "subject", "uri") or subject
    event = Notification(
        id=notification_id(uri),
        kind=kind,
        actor_id=author.id,
        created_at=at,
        network=parse.NETWORK,
        post_id=post.id if post else None,
        subject_id=subject,
        raw_kind=reason if kind is NotificationKind.OTHER or reason in _VIA_REPOST else None,
    )
    return event, post


def pull_notifications(client: BlueskyClient, ctx: PullContext) -> PullResult:
    state = ctx.state
    mark = Mark.load(state.cursor(NEWEST))
    pending = Mark.load(state.cursor(PENDING))
    page_cursor = state.cursor(PAGE)
    out = PullResult()
    start: datetime | None = None
    if mark is None:
        start = parse.parse_time(state.cursor(START))
        if start is None:
            start = ctx.now - timedelta(days=ctx.first_sync_days)
            out.note = f"First sync: notifications from the last {ctx.first_sync_days} days only."
        out.cursors[START] = parse.iso(start)

    finished = False
    for _ in range(PAGES_PER_PULL):
        params = models.AppBskyNotificationListNotifications.Params(
            limit=PAGE_SIZE, cursor=page_cursor
        )
        body = client.query(
            "app.bsky.notification.listNotifications", params, resources_key="notifications"
        )
        items = [n for n in parse.get(body, "notifications") or [] if isinstance(n, dict)]
        if pending is None:
            pending = Mark.of(items)
        for item in items:
            if (mark is not None and mark.reached(item)) or _before(item, start):
                finished = True
                break
            _absorb(item, out)
        page_cursor = parse.text_of(body, "cursor")
        if finished or not page_cursor or not items:
            finished = True
            break

    _fetch_subjects(client, ctx, out)
    if finished:
        newest = pending or mark
        out.cursors[NEWEST] = newest.dump() if newest else None
        out.cursors[PAGE] = None
        out.cursors[PENDING] = None
        if newest is not None:
            out.cursors[START] = None
    else:
        out.cursors[PAGE] = page_cursor
        out.cursors[PENDING] = pending.dump() if pending else None
        out.more = True
    return out


def _before(item: Any, start: datetime | None) -> bool:
    at = parse.parse_time(parse.get(item, "indexedAt"))
    return start is not None and at is not None and at < start


def _absorb(item: dict[str, Any], out: PullResult) -> None:
    found = to_event(item)
    if found is None:
        return
    event, post = found
    out.events.append(event)
    author = parse.person(item.get("author"))
    if author is not None:
        out.people.append(author)
    if post is not None:
        out.posts.append(post)


def _fetch_subjects(client: BlueskyClient, ctx: PullContext, out: PullResult) -> None:
    """Fetch the posts events refer to that neither this pull nor the store holds."""
    have = {p.id for p in out.posts}
    wanted: list[str] = []
    for event in out.events:
        uri = event.subject_id
        if uri and parse.is_post_uri(uri) and uri not in have and uri not in wanted:
            wanted.append(uri)
    if wanted:
        known = ctx.state.known_posts(wanted)
        wanted = [u for u in wanted if u not in known]
    for posts, people in get_posts(client, wanted):
        out.posts.extend(posts)
        out.people.extend(people)


def get_posts(client: BlueskyClient, uris: list[str]) -> list[tuple[list[Post], list[Any]]]:
    """Posts (and their authors) by URI, 25 a call; deleted ones are left out."""
    pages: list[tuple[list[Post], list[Any]]] = []
    for i in range(0, len(uris), POSTS_PER_CALL):
        views = get_post_views(client, uris[i : i + POSTS_PER_CALL])
        posts = [p for p in (parse.post_from_view(v) for v in views) if p is not None]
        people = [p for p in (parse.person(parse.get(v, "author")) for v in views) if p]
        pages.append((posts, people))
    return pages


def get_post_views(client: BlueskyClient, uris: list[str]) -> list[dict[str, Any]]:
    params = models.AppBskyFeedGetPosts.Params(uris=uris)
    body = client.query("app.bsky.feed.getPosts", params, resources_key="posts")
    return [v for v in parse.get(body, "posts") or [] if isinstance(v, dict)]
