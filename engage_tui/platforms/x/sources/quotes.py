"""Quotes of the owner's posts that do not @mention the owner.

A quote that mentions the owner reaches the mentions timeline; one that does
not is only seen as a rise in the post's quote count, and then asked of
``quote_tweets`` for that post. Both give a quote the same notification id
(``x:mention:<quote id>``), so a quote read by both is still one row.
"""

from __future__ import annotations

from datetime import datetime

from engage_tui.domain import Notification, NotificationKind, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.sources.common import event, notification_id, snowflake, snowflake_time

FIRST_SYNC_QUOTED_POSTS = 3


def quotes_snapshot(post_id: str) -> str:
    return f"quotes:{post_id}"


def delivered_since(quote_ids: set[str], after: datetime | None, until: datetime) -> set[str]:
    """The quotes the mentions source delivered that were made since the last
    read: the part of a quote-count rise that needs no ``quote_tweets`` call."""
    if after is None:
        return set()
    return {
        q for q in quote_ids if (made := snowflake_time(q)) is not None and after < made <= until
    }


def learn_quotes(
    client: XClient,
    ctx: PullContext,
    post_id: str,
    delta: int,
    via_mentions: set[str],
    out: PullResult,
) -> None:
    """QUOTE events for the newest quotes of ``post_id`` not yet seen."""
    key = quotes_snapshot(post_id)
    known = ctx.state.snapshot(key)
    page = client.quote_tweets(post_id, max_results=delta)
    handle = ctx.owner.handle.lower()
    fresh = [
        q
        for q in page.posts
        if q.id not in known and q.id not in via_mentions and handle not in q.mentions
    ]
    for quote in fresh[:delta]:
        out.events.append(_quote_event(quote, post_id))
    out.posts.extend(page.all_posts)
    out.people.extend(page.all_people)
    out.snapshots[key] = known | {q.id for q in page.posts}


def _quote_event(quote: Post, post_id: str) -> Notification:
    return event(
        NotificationKind.QUOTE,
        notification_id("mention", quote.id),
        quote.author_id,
        quote.created_at,
        post_id=quote.id,
        subject_id=post_id,
    )


def first_sync_quotes(
    client: XClient, ctx: PullContext, posts: list[Post], since: datetime, out: PullResult
) -> int:
    """Quotes that do not @mention the owner (mentions brings the others), for
    the newest few recent posts that were quoted: one small page each."""
    quoted = [p for p in posts if p.metrics and p.metrics.quotes > 0 and p.created_at >= since]
    quoted.sort(key=lambda p: snowflake(p.id), reverse=True)
    handle = ctx.owner.handle.lower()
    made = 0
    for post in quoted[:FIRST_SYNC_QUOTED_POSTS]:
        page = client.quote_tweets(post.id, max_results=10)
        for quote in page.posts:
            if quote.created_at >= since and handle not in quote.mentions:
                out.events.append(_quote_event(quote, post.id))
                made += 1
        out.posts.extend(page.all_posts)
        out.people.extend(page.all_people)
        out.snapshots[quotes_snapshot(post.id)] = frozenset(q.id for q in page.posts)
    return made
