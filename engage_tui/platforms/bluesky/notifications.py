"""Notifications from ``app.bsky.notification.listNotifications``.

Bluesky pages newest first and has no "since". The list is ordered by each
notification's ``indexedAt``, which the AppView sets to the *earlier* of when
it indexed the record and the record's own ``createdAt``: a reply written on a
phone whose clock is three minutes slow, or queued offline, is listed three
minutes (or hours) back, behind notifications engage already read. And the
AppView does not index in the order things happened: a reply may be indexed a
moment after a mention that was posted later.

So a pull does not stop at the newest notification it saw last time. It
pages back past that mark by ``LATE_MARGIN`` (at most ``REREAD_PAGES`` pages
behind the mark, so a busy account does not re-read hours every minute),
delivers every notification it has not delivered before, and skips those it
has: the mark keeps the ids it delivered within the margin. Delivering one
twice is harmless (the store keeps a notification once, by id); the kept ids
only save the work. A record backdated further than the margin, on an account
busy enough that it is more than two pages back, is not seen.

A pull stops after a few pages with ``more=True`` and the page cursor saved,
so a crash resumes where it stopped. A first sync reads back
``first_sync_days`` only.

One bad notification (a date no calendar holds, ``facets: 5``, a missing
author) is skipped and logged; the rest of the page is stored.

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
import logging
from datetime import datetime, timedelta
from typing import Any

from atproto_client import models

from engage_tui.domain import Notification, NotificationKind, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.bluesky import parse
from engage_tui.platforms.bluesky.client import BlueskyClient

log = logging.getLogger(__name__)

PAGE_SIZE = 100
PAGES_PER_PULL = 5
POSTS_PER_CALL = 25
# How far behind the newest notification already read a pull still looks for
# ones listed late (a slow clock, a post queued offline, indexing order).
LATE_MARGIN = timedelta(hours=2)
# Pages read behind the mark: the one where the mark is passed, and one more.
REREAD_PAGES = 2
# A notification listed further ahead of this machine's clock than this is
# damaged (the AppView never lists one ahead of its own clock): skipped, so
# it cannot move the mark into the future and hide everything after it.
FUTURE_SLACK = timedelta(days=1)

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
    # A new post by someone the owner has an activity subscription to.
    "subscribed-post": NotificationKind.NEW_POST,
}
_VIA_REPOST = {"like-via-repost", "repost-via-repost"}
# Reasons whose notification record is a new post (shown and answerable).
_POST_REASONS = {"mention", "reply", "quote", "subscribed-post"}
# What one bad item can raise while it is mapped; anything else is a bug.
_BAD_ITEM = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)


class Mark:
    """The newest notification time a pull read (``at``) and the notifications
    delivered within ``LATE_MARGIN`` of it (uri -> listed time)."""

    def __init__(self, at: datetime, seen: dict[str, datetime] | None = None) -> None:
        self.at = at
        self.seen = dict(seen or {})

    @classmethod
    def load(cls, raw: str | None) -> Mark | None:
        try:
            data = json.loads(raw) if raw else None
            if not isinstance(data, dict):
                return None
            at = parse.parse_time(data.get("at"))
            if at is None:
                return None
            seen: dict[str, datetime] = {}
            kept = data.get("seen")
            if isinstance(kept, dict):
                for uri, when in kept.items():
                    listed = parse.parse_time(when)
                    if isinstance(uri, str) and listed is not None:
                        seen[uri] = listed
            uris = data.get("uris")  # the form before the margin: ids at ``at``
            if isinstance(uris, list):
                seen.update({u: at for u in uris if isinstance(u, str)})
        except ValueError:
            return None
        return cls(at, seen)

    def add(self, uri: str, at: datetime) -> None:
        self.seen[uri] = at
        self.at = max(self.at, at)

    def merged(self, other: Mark | None) -> Mark:
        """Both marks in one, keeping only the ids a later pull can meet again."""
        if other is None:
            return self
        out = Mark(max(self.at, other.at), {**other.seen, **self.seen})
        floor = out.at - LATE_MARGIN
        newest = sorted(((at, uri) for uri, at in out.seen.items() if at >= floor), reverse=True)
        out.seen = {uri: at for at, uri in newest[: PAGE_SIZE * (REREAD_PAGES + 1)]}
        return out

    def dump(self) -> str:
        seen = {uri: parse.iso(at) for uri, at in sorted(self.seen.items())}
        return json.dumps({"at": parse.iso(self.at), "seen": seen})


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
        post = parse.post_from_record(
            uri, author.id, record, at.isoformat(), author.handle, parse.get(item, "labels")
        )
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
    cutoff = mark.at - LATE_MARGIN if mark is not None else start

    finished = False
    behind = 0  # pages read behind the mark
    for _ in range(PAGES_PER_PULL):
        params = models.AppBskyNotificationListNotifications.Params(
            limit=PAGE_SIZE, cursor=page_cursor
        )
        body = client.query(
            "app.bsky.notification.listNotifications", params, resources_key="notifications"
        )
        items = [n for n in parse.get(body, "notifications") or [] if isinstance(n, dict)]
        newer = passed = False
        for item in items:
            at = _listed_at(item, ctx.now)
            uri = parse.text_of(item, "uri")
            if at is None or uri is None:
                log.warning("skipped a Bluesky notification without a usable uri or time: %s", uri)
                continue
            if cutoff is not None and at < cutoff:
                passed = True
                continue
            newer = True
            passed = passed or (mark is not None and at < mark.at)
            if pending is None:
                pending = Mark(at)
            if (mark is not None and uri in mark.seen) or uri in pending.seen:
                pending.at = max(pending.at, at)
                continue
            if _absorb(item, out):
                pending.add(uri, at)
        behind += passed
        page_cursor = parse.text_of(body, "cursor")
        # A page wholly behind the cutoff ends the pull; not the first item
        # behind it, nor a page of damaged ones, so that one damaged date
        # cannot end the pull before the rest of the list.
        wholly_behind = passed and not newer
        if not page_cursor or not items or wholly_behind or behind >= REREAD_PAGES:
            finished = True
            break

    _fetch_subjects(client, ctx, out)
    if finished:
        newest = pending.merged(mark) if pending is not None else mark
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


def _listed_at(item: Any, now: datetime) -> datetime | None:
    """Where the AppView lists ``item`` (its ``indexedAt``), or None when that
    is missing, no date, or further ahead of this clock than any real one."""
    at = parse.parse_time(parse.get(item, "indexedAt"))
    return at if at is not None and at <= now + FUTURE_SLACK else None


def _absorb(item: dict[str, Any], out: PullResult) -> bool:
    """Add one notification to ``out``; False (and a line in the log) when it
    cannot be read, so one bad item never stops the rest of the page."""
    uri = parse.text_of(item, "uri")
    try:
        found = to_event(item)
        author = parse.person(item.get("author"))
    except _BAD_ITEM as exc:
        log.warning("skipped a Bluesky notification engage could not read (%s): %r", uri, exc)
        return False
    if found is None or author is None:
        log.warning("skipped a Bluesky notification without an author or kind: %s", uri)
        return False
    event, post = found
    out.events.append(event)
    out.people.append(author)
    if post is not None:
        out.posts.append(post)
    return True


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
        posts, people = [], []
        for view in get_post_views(client, uris[i : i + POSTS_PER_CALL]):
            try:
                post, author = parse.post_from_view(view), parse.person(parse.get(view, "author"))
            except _BAD_ITEM as exc:
                log.warning("skipped a Bluesky post engage could not read: %r", exc)
                continue
            if post is not None and author is not None:
                posts.append(post)
                people.append(author)
        pages.append((posts, people))
    return pages


def get_post_views(client: BlueskyClient, uris: list[str]) -> list[dict[str, Any]]:
    params = models.AppBskyFeedGetPosts.Params(uris=uris)
    body = client.query("app.bsky.feed.getPosts", params, resources_key="posts")
    return [v for v in parse.get(body, "posts") or [] if isinstance(v, dict)]
