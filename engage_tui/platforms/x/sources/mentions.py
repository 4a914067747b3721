"""Mentions, replies and quotes, from the owner's mentions timeline.

Only the author is expanded (who did it must be shown); a reply says whose
post it answers and a quote names the quoted post, so neither needs the
referenced post expanded (each expanded post is billed at $0.005). A quoted
id engage cannot place (see own_ids) is looked up, all in one request.

Incremental with ``since_id``. X pages newest first, so the new ``since_id``
(the newest id of the first page) is held back in a cursor until the last
page is read; a pull stops after a few pages with ``more=True`` and the
pagination token saved, so a crash resumes where it stopped.
"""

from __future__ import annotations

import json
from datetime import timedelta

from engage_tui.domain import NotificationKind, Person, Post
from engage_tui.platforms.base import PullContext, PullResult, SyncStateView
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.parse import Page, linked_status_authors, parse_time
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import event, newest, notification_id, snowflake
from engage_tui.platforms.x.sources.own_ids import (
    KEEP_IDS,
    QUOTES_VIA_MENTIONS,
    OwnPosts,
    quotes_via_mentions,
)

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
    post: Post, raw: dict, owner: Person, own: OwnPosts
) -> tuple[NotificationKind, str | None]:
    """Reply to an owner post, quote of one, or a plain mention.

    A reply says whose post it answers (``in_reply_to_user_id``); a quote
    only names the quoted post, which ``own`` recognises (see own_ids).
    """
    if post.in_reply_to_id and str(raw.get("in_reply_to_user_id", "")) == owner.id:
        return NotificationKind.REPLY, post.in_reply_to_id
    if post.quoted_id and (
        own.verdict(post.quoted_id) or owner.handle.lower() in linked_status_authors(raw)
    ):
        return NotificationKind.QUOTE, post.quoted_id
    return NotificationKind.MENTION, None


def _learn_quoted(
    client: XClient, pages: list[Page], owner: Person, own: OwnPosts, out: PullResult
) -> None:
    """Look up the quoted posts ``own`` cannot place, in one request."""
    unknown = {
        post.quoted_id
        for page in pages
        for post in page.posts
        if post.quoted_id and post.author_id != owner.id and own.verdict(post.quoted_id) is None
    }
    if not unknown:
        return
    found = client.posts_by_ids(sorted(unknown, key=snowflake, reverse=True)).posts
    mine = [p for p in found if p.author_id == owner.id]
    own.ids.update(p.id for p in mine)
    out.posts.extend(mine)


def absorb(page: Page, owner: Person, own: OwnPosts, out: PullResult) -> None:
    for post, raw in zip(page.posts, page.raw_items, strict=True):
        if post.author_id == owner.id:
            continue  # the owner mentioning themself is not news
        kind, subject = classify(post, raw, owner, own)
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

    pages: list[Page] = []
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
        pages.append(page)
        token = page.next_token
        if not token:
            break
    own = OwnPosts.load(state, router.owner_posts)
    _learn_quoted(client, pages, owner, own, out)
    router.owner_posts.update(own.ids)
    for page in pages:
        absorb(page, owner, own, out)
    _count_quotes(out, state)

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


def _count_quotes(out: PullResult, state: SyncStateView) -> None:
    """Tell own_posts which quotes of each owner post arrived here."""
    quoted = [(e.subject_id, e.post_id) for e in out.events if e.kind is NotificationKind.QUOTE]
    if not quoted:
        return
    seen = quotes_via_mentions(state)
    for post_id, quote_id in quoted:
        if post_id and quote_id:
            seen.setdefault(post_id, set()).add(quote_id)
    keep = sorted(seen, key=snowflake, reverse=True)[:KEEP_IDS]
    out.cursors[QUOTES_VIA_MENTIONS] = json.dumps({k: sorted(seen[k]) for k in keep})


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
