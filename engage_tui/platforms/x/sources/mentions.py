"""Mentions, replies and quotes, from the owner's mentions timeline.

Incremental with ``since_id``. X pages newest first, so the new ``since_id``
(the newest id of the first page) is held back in a cursor until the last
page is read; a pull stops after a few pages with ``more=True`` and the
pagination token saved, so a crash resumes where it stopped.
"""

from __future__ import annotations

import json
from datetime import timedelta

from engage_tui.domain import NotificationKind, Person, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.parse import Page, linked_status_authors, parse_time
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import event, newest, notification_id

PAGE_SIZE = 100
PAGES_PER_PULL = 3
# How many recent mentions to keep watching for likes (see own_posts).
WATCHED_MENTIONS = 20

SINCE_ID = "mentions.since_id"
NEXT_TOKEN = "mentions.next_token"
PENDING_NEWEST = "mentions.pending_newest"
START_TIME = "mentions.start_time"
WATCH = "mentions.watch"


def classify(
    post: Post, raw: dict, owner: Person, router: Router, included: dict[str, Post]
) -> tuple[NotificationKind, str | None]:
    """Reply to an owner post, quote of one, or a plain mention."""
    if post.in_reply_to_id:
        parent = included.get(post.in_reply_to_id)
        to_owner = (
            parent.author_id == owner.id
            if parent is not None
            else str(raw.get("in_reply_to_user_id", "")) == owner.id
        )
        if to_owner:
            return NotificationKind.REPLY, post.in_reply_to_id
    if post.quoted_id:
        quoted = included.get(post.quoted_id)
        if (
            (quoted is not None and quoted.author_id == owner.id)
            or post.quoted_id in router.owner_posts
            or owner.handle.lower() in linked_status_authors(raw)
        ):
            return NotificationKind.QUOTE, post.quoted_id
    return NotificationKind.MENTION, None


def absorb(page: Page, owner: Person, router: Router, ctx: PullContext, out: PullResult) -> None:
    included = {p.id: p for p in page.included_posts}
    router.owner_posts.update(p.id for p in page.included_posts if p.author_id == owner.id)
    for post, raw in zip(page.posts, page.raw_items, strict=True):
        if post.author_id == owner.id:
            continue  # the owner mentioning themself is not news
        kind, subject = classify(post, raw, owner, router, included)
        # One id per mention post whatever its kind, so a re-read that
        # classifies differently (a parent deleted meanwhile) is still one row.
        out.events.append(
            event(
                kind,
                notification_id("mention", post.id),
                post.author_id,
                post.created_at,
                post_id=post.id,
                subject_id=subject,
            )
        )
    out.posts.extend(page.all_posts)
    out.people.extend(page.all_people)


def pull_mentions(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    owner, state = ctx.owner, ctx.state
    since_id = state.cursor(SINCE_ID)
    token = state.cursor(NEXT_TOKEN)
    pending = state.cursor(PENDING_NEWEST)
    start_raw = state.cursor(START_TIME)
    out = PullResult()
    start = None
    if since_id is None:
        start = parse_time(start_raw) if start_raw else None
        if start is None:
            start = ctx.now - timedelta(days=ctx.first_sync_days)
            out.note = f"First sync: mentions from the last {ctx.first_sync_days} days only."
        out.cursors[START_TIME] = start.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    for _ in range(PAGES_PER_PULL):
        params: dict[str, object] = {"max_results": PAGE_SIZE}
        if since_id:
            params["since_id"] = since_id
        elif start is not None:
            params["start_time"] = start
        if token:
            params["pagination_token"] = token
        page = client.mentions(owner.id, **params)
        if pending is None:
            pending = newest([p.id for p in page.posts])
        absorb(page, owner, router, ctx, out)
        token = page.next_token
        if not token:
            break

    if token:
        out.cursors[NEXT_TOKEN] = token
        out.cursors[PENDING_NEWEST] = pending
        out.more = True
    else:
        out.cursors[NEXT_TOKEN] = None
        out.cursors[PENDING_NEWEST] = None
        if pending is not None:
            out.cursors[SINCE_ID] = pending
            out.cursors[START_TIME] = None
    _watch_for_likes(out, owner, state.cursor(WATCH))
    return out


def _watch_for_likes(out: PullResult, owner: Person, previous: str | None) -> None:
    """Remember the newest mentions and their like counts for own_posts to check."""
    try:
        watched: dict[str, int] = json.loads(previous) if previous else {}
    except ValueError:
        watched = {}
    posts = {p.id: p for p in out.posts}
    for item in out.events:
        post = posts.get(item.post_id or "")
        if post is not None and post.id not in watched:
            watched[post.id] = post.metrics.likes if post.metrics else 0
    if not out.events and previous is not None:
        return
    keep = sorted(watched, key=int, reverse=True)[:WATCHED_MENTIONS]
    out.cursors[WATCH] = json.dumps({k: watched[k] for k in keep})
