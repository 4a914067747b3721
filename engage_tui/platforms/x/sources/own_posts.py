"""The owner's recent posts, and who liked or reposted them.

One small page of the owner's own timeline (owned, so cheap) carries each
post's like and repost counts. The counts are kept in a cursor; only when a
count moved does engage ask who: ``liking_users`` for that post (at most the
delta's worth, one page) and one ``reposts_of_me`` call for all reposts.

Likes of posts that mention the owner: the mentions source keeps the ids of
the newest mentions; at most every few hours this source looks their counts
up in one ``GET /2/tweets`` call (not owned, $0.005 each, though a re-read
in the same UTC day is free) and asks who liked those whose count moved.

The first sync has no counts to diff, so it shows recent engagement at a
bounded price instead: small ``reposts_of_me`` pages (their reposts carry
their own time), newest first, until one reaches past ``first_sync_days``
(at most ``FIRST_SYNC_REPOSTS_PAGES``), keeping the recent ones; and, for at most
``FIRST_SYNC_LIKED_POSTS`` of the owner's posts from those days that have
likes, one small ``liking_users`` page each. X never says when a like
happened, so a like is stamped with the moment engage learnt of it
(``ctx.now``), as later syncs do: the post's own time would file a like
given a minute ago days back in the inbox. The counts read are the
baseline, and the likers read are kept, so later syncs emit only new likes.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from engage_tui.domain import NotificationKind, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.parse import parse_time, referenced
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import (
    event,
    iso,
    json_cursor,
    newest,
    notification_id,
    snowflake,
)
from engage_tui.platforms.x.sources.mentions import WATCH

PAGE_SIZE = 20
METRICS = "own_posts.metrics"
REPOSTS_NEWEST = "reposts.newest_id"
MENTION_LIKES = "mention_likes.counts"
MENTION_LIKES_CHECKED = "mention_likes.checked_at"
MENTION_LIKES_EVERY = timedelta(hours=6)
# The first sync's bounds: likers are billed as users ($0.010 each), reposts
# as posts ($0.005) plus their authors.
FIRST_SYNC_LIKED_POSTS = 5
FIRST_SYNC_LIKERS = 10
# reposts_of_me takes no start time: read small pages, newest first, and
# page on only while the whole page is recent.
FIRST_SYNC_REPOSTS_PAGE = 10
FIRST_SYNC_REPOSTS_PAGES = 3


def likes_snapshot(post_id: str) -> str:
    return f"likes:{post_id}"


def pull_own_posts(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    owner = ctx.owner
    out = PullResult()
    page = client.user_posts(owner.id, max_results=PAGE_SIZE, exclude=["retweets"])
    router.owner_posts.update(p.id for p in page.posts)
    out.posts.extend(page.all_posts)
    out.people.extend(page.all_people)

    previous = json_cursor(ctx.state, METRICS)
    current = {p.id: [p.metrics.likes, p.metrics.reposts] for p in page.posts if p.metrics}
    out.cursors[METRICS] = json.dumps(current)
    if not isinstance(previous, dict):
        _first_sync(client, ctx, page.posts, out)
        return out

    newest_known = max((snowflake(k) for k in previous), default=0)
    repost_delta = 0
    for post in page.posts:
        if post.metrics is None:
            continue
        before = previous.get(post.id)
        if before is None:
            if snowflake(post.id) < newest_known:
                continue  # an old post slid into the window: no history to diff
            before = [0, 0]
        liked = post.metrics.likes - int(before[0])
        if liked > 0:
            _learn_likes(client, ctx, post.id, liked, out)
        repost_delta += max(0, post.metrics.reposts - int(before[1]))
    if repost_delta:
        _learn_reposts(client, ctx, repost_delta, out)
    _learn_mention_likes(client, ctx, out)
    return out


def _learn_likes(
    client: XClient, ctx: PullContext, post_id: str, delta: int, out: PullResult
) -> None:
    """LIKE events for likers of ``post_id`` not seen before for that post."""
    key = likes_snapshot(post_id)
    known = ctx.state.snapshot(key)
    page = client.liking_users(post_id, max_results=delta)
    fresh = [p for p in page.people if p.id not in known]
    for person in fresh:
        out.events.append(
            event(
                NotificationKind.LIKE,
                notification_id("like", post_id, person.id),
                person.id,
                ctx.now,
                subject_id=post_id,
            )
        )
    out.people.extend(page.people)
    out.snapshots[key] = known | {p.id for p in page.people}


def _learn_reposts(client: XClient, ctx: PullContext, delta: int, out: PullResult) -> None:
    """One call for every repost of any owner post, stopping at the last one seen."""
    cursor = ctx.state.cursor(REPOSTS_NEWEST)
    page = client.reposts_of_me(max_results=max(delta, 5))
    # Without a last-seen id, only the newest ``delta`` reposts are new.
    candidates = page.raw_items if cursor else page.raw_items[:delta]
    _repost_events(candidates, snowflake(cursor), None, ctx, out)
    out.people.extend(page.all_people)


def _repost_events(
    raw_posts: list[dict],
    after_id: int,
    not_before: datetime | None,
    ctx: PullContext,
    out: PullResult,
) -> int:
    """REPOST events for reposts newer than ``after_id`` (and ``not_before``);
    moves the last-seen cursor to the newest one read. Returns the count."""
    made = 0
    for raw_post in raw_posts:
        repost_id = str(raw_post["id"])
        subject = referenced(raw_post, "retweeted")
        actor = str(raw_post.get("author_id", ""))
        at = parse_time(raw_post.get("created_at")) or ctx.now
        if not subject or not actor or snowflake(repost_id) <= after_id:
            continue
        if not_before is not None and at < not_before:
            continue
        made += 1
        out.events.append(
            event(
                NotificationKind.REPOST,
                notification_id("repost", subject, actor),
                actor,
                at,
                subject_id=subject,
            )
        )
    top = newest([str(raw_post["id"]) for raw_post in raw_posts])
    if top is not None and snowflake(top) > after_id:
        out.cursors[REPOSTS_NEWEST] = top
    return made


def _first_sync(client: XClient, ctx: PullContext, posts: list[Post], out: PullResult) -> None:
    """Recent likes and reposts, a few requests' worth; see the module's doc."""
    since = ctx.now - timedelta(days=ctx.first_sync_days)
    recent = [
        (p.id, p.metrics.likes)
        for p in posts
        if p.metrics and p.metrics.likes > 0 and p.created_at >= since
    ]
    liked = sorted(recent, key=lambda pair: snowflake(pair[0]), reverse=True)
    liked = liked[:FIRST_SYNC_LIKED_POSTS]
    for post_id, count in liked:
        _learn_likes(client, ctx, post_id, min(count, FIRST_SYNC_LIKERS), out)
    likes = len(out.events)
    reposts = _first_sync_reposts(client, ctx, since, out)
    days = ctx.first_sync_days
    out.note = (
        f"First sync: {likes} likes of your {len(liked)} newest liked posts of the last "
        f"{days} days (at most {FIRST_SYNC_LIKERS} each) and {reposts} reposts of the last "
        f"{days} days are in the inbox; older likes are the baseline."
    )


def _first_sync_reposts(client: XClient, ctx: PullContext, since: datetime, out: PullResult) -> int:
    read: list[dict] = []
    token: str | None = None
    for _ in range(FIRST_SYNC_REPOSTS_PAGES):
        page = client.reposts_of_me(FIRST_SYNC_REPOSTS_PAGE, pagination_token=token)
        read.extend(page.raw_items)
        out.people.extend(page.all_people)
        times = [parse_time(item.get("created_at")) for item in page.raw_items]
        token = page.next_token
        if not token or not times or any(at is None or at < since for at in times):
            break
    return _repost_events(read, 0, since, ctx, out)


def _learn_mention_likes(client: XClient, ctx: PullContext, out: PullResult) -> None:
    watched = json_cursor(ctx.state, WATCH)
    if not isinstance(watched, dict) or not watched:
        return
    checked = parse_time(ctx.state.cursor(MENTION_LIKES_CHECKED))
    if checked is not None and ctx.now - checked < MENTION_LIKES_EVERY:
        return
    counts = json_cursor(ctx.state, MENTION_LIKES)
    counts = counts if isinstance(counts, dict) else {}
    page = client.posts_by_ids(sorted(watched, key=snowflake, reverse=True))
    fresh_counts: dict[str, int] = {}
    for post in page.posts:
        if post.metrics is None:
            continue
        before = int(counts.get(post.id, watched.get(post.id)) or 0)
        fresh_counts[post.id] = post.metrics.likes
        if post.metrics.likes > before:
            _learn_likes(client, ctx, post.id, post.metrics.likes - before, out)
    out.cursors[MENTION_LIKES] = json.dumps(fresh_counts)
    out.cursors[MENTION_LIKES_CHECKED] = iso(ctx.now)
    _merge_posts(out, page.posts)


def _merge_posts(out: PullResult, posts: list[Post]) -> None:
    have = {p.id for p in out.posts}
    out.posts.extend(p for p in posts if p.id not in have)
