"""The owner's recent posts, and who liked, reposted or quoted them.

A page of the owner's own timeline (owned, $0.001 a post, and free when
read again the same UTC day) carries each post's like, repost and quote
counts: the newest ``PAGE_SIZE`` posts every pull, the newest ``DEEP_PAGE``
once every ``DEEP_EVERY`` (likes on older posts are rarer and can wait that
long). The counts are kept in a cursor; only when a count moved does engage
ask who: ``liking_users`` for that post (the delta's worth, one page),
``reposts_of_me`` for all reposts (a page the size of the summed delta,
paging on only while every repost on it is new), and ``quote_tweets`` for a
post whose quotes moved by more than the mentions source delivered (a
quote that does not @mention the owner never reaches the mentions timeline).

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

from engage_tui.domain import Notification, NotificationKind, Post
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
    snowflake_time,
)
from engage_tui.platforms.x.sources.mentions import WATCH
from engage_tui.platforms.x.sources.own_ids import (
    OWN_IDS,
    OWN_SPAN,
    kept_ids,
    quotes_via_mentions,
    span_cursor,
)

PAGE_SIZE = 20
DEEP_PAGE = 100
DEEP_EVERY = timedelta(hours=1)
DEEP_AT = "own_posts.deep_at"
# Counts kept for at most this many posts (newest first).
METRICS_KEPT = 200
METRICS = "own_posts.metrics"
READ_AT = "own_posts.read_at"
REPOSTS_NEWEST = "reposts.newest_id"
REPOSTS_PAGES = 5
FIRST_SYNC_QUOTED_POSTS = 3
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


def reposters_snapshot(post_id: str) -> str:
    return f"reposters:{post_id}"


def quotes_snapshot(post_id: str) -> str:
    return f"quotes:{post_id}"


def _read_timeline(client: XClient, ctx: PullContext, out: PullResult) -> list[Post]:
    deep_at = parse_time(ctx.state.cursor(DEEP_AT))
    deep = deep_at is None or ctx.now - deep_at >= DEEP_EVERY
    size = DEEP_PAGE if deep else PAGE_SIZE
    page = client.user_posts(ctx.owner.id, max_results=size, exclude=["retweets"])
    if deep:
        out.cursors[DEEP_AT] = iso(ctx.now)
    ids = [p.id for p in page.posts]
    out.snapshots[OWN_IDS] = kept_ids(set(ctx.state.snapshot(OWN_IDS)) | set(ids))
    out.cursors[OWN_SPAN] = span_cursor(ids)
    out.posts.extend(page.all_posts)
    out.people.extend(page.all_people)
    return page.posts


def pull_own_posts(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    out = PullResult()
    posts = _read_timeline(client, ctx, out)
    router.owner_posts.update(p.id for p in posts)

    previous = json_cursor(ctx.state, METRICS)
    current = {
        p.id: [p.metrics.likes, p.metrics.reposts, p.metrics.quotes] for p in posts if p.metrics
    }
    read_before = parse_time(ctx.state.cursor(READ_AT))
    out.cursors[READ_AT] = iso(ctx.now)
    if not isinstance(previous, dict):
        out.cursors[METRICS] = json.dumps(current)
        _first_sync(client, ctx, posts, out)
        return out
    merged = {**previous, **current}
    keep = sorted(merged, key=snowflake, reverse=True)[:METRICS_KEPT]
    out.cursors[METRICS] = json.dumps({k: merged[k] for k in keep})

    via_mentions = quotes_via_mentions(ctx.state)
    newest_known = max((snowflake(k) for k in previous), default=0)
    repost_delta: dict[str, int] = {}
    for post_id, counts in current.items():
        before = previous.get(post_id)
        if not isinstance(before, list) or len(before) < 2:
            if snowflake(post_id) < newest_known:
                continue  # an old post slid into the window: no history to diff
            before = [0, 0, 0]
        liked = counts[0] - int(before[0])
        if liked > 0:
            _learn_likes(client, ctx, post_id, liked, out)
        if counts[1] > int(before[1]):
            repost_delta[post_id] = counts[1] - int(before[1])
        if len(before) < 3:
            continue  # counts kept before quotes were watched: no quote history
        delivered = _delivered_since(via_mentions.get(post_id, set()), read_before, ctx.now)
        quoted = counts[2] - int(before[2]) - len(delivered)
        if quoted > 0:
            _learn_quotes(client, ctx, post_id, quoted, via_mentions.get(post_id, set()), out)
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


def _learn_reposts(
    client: XClient, ctx: PullContext, needed: dict[str, int], out: PullResult
) -> None:
    """Every repost of any owner post newer than the last one seen: a page the
    size of the counted rise, then more only while the whole page is new and
    some counted repost is still unaccounted for. A rise that reposts_of_me
    did not explain (its repost sat behind a newer one of an unwatched post)
    is asked of ``retweeted_by`` for that post alone."""
    cursor = ctx.state.cursor(REPOSTS_NEWEST)
    after = snowflake(cursor)
    read: list[dict] = []
    token: str | None = None
    left = dict(needed)
    size = sum(needed.values())
    for _ in range(REPOSTS_PAGES):
        page = client.reposts_of_me(max_results=size, pagination_token=token)
        read.extend(page.raw_items)
        out.people.extend(page.all_people)
        token = page.next_token
        new_here = [item for item in page.raw_items if snowflake(str(item["id"])) > after]
        for item in new_here:
            subject = referenced(item, "retweeted")
            if subject in left:
                left[subject] -= 1
        size = sum(v for v in left.values() if v > 0)
        if not cursor or not token or len(new_here) < len(page.raw_items) or size <= 0:
            break
    # Without a last-seen id, only the newest reposts counted are new.
    candidates = read if cursor else read[: sum(needed.values())]
    _repost_events(candidates, after, None, ctx, out)
    if cursor:
        for post_id, missing in left.items():
            if missing > 0:
                _learn_reposters(client, ctx, post_id, missing, out)


def _learn_reposters(
    client: XClient, ctx: PullContext, post_id: str, delta: int, out: PullResult
) -> None:
    key = reposters_snapshot(post_id)
    known = ctx.state.snapshot(key) | out.snapshots.get(key, frozenset())
    page = client.retweeted_by(post_id, max_results=delta)
    for person in page.people:
        if person.id not in known:
            out.events.append(
                event(
                    NotificationKind.REPOST,
                    notification_id("repost", post_id, person.id),
                    person.id,
                    ctx.now,  # retweeted_by gives no time: when engage learnt of it
                    subject_id=post_id,
                )
            )
    out.people.extend(page.people)
    out.snapshots[key] = known | {p.id for p in page.people}


def _delivered_since(quote_ids: set[str], after: datetime | None, until: datetime) -> set[str]:
    """The quotes the mentions source delivered that were made since the last
    read: the part of a quote-count rise that needs no ``quote_tweets`` call."""
    if after is None:
        return set()
    return {
        q for q in quote_ids if (made := snowflake_time(q)) is not None and after < made <= until
    }


def _learn_quotes(
    client: XClient,
    ctx: PullContext,
    post_id: str,
    delta: int,
    via_mentions: set[str],
    out: PullResult,
) -> None:
    """QUOTE events for the newest quotes of ``post_id`` not yet seen. Quotes
    that @mention the owner are the mentions source's: it gives them the same
    id (``x:mention:<quote id>``), so a quote read by both is still one row."""
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
        key = reposters_snapshot(subject)
        known = out.snapshots.get(key) or ctx.state.snapshot(key)
        out.snapshots[key] = known | {actor}
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
    quotes = _first_sync_quotes(client, ctx, posts, since, out)
    days = ctx.first_sync_days
    out.note = (
        f"First sync: {likes} likes of your {len(liked)} newest liked posts of the last "
        f"{days} days (at most {FIRST_SYNC_LIKERS} each), {reposts} reposts and {quotes} "
        f"quotes (those not mentioning you) of the last {days} days are in the inbox; "
        "older likes are the baseline."
    )


def _first_sync_quotes(
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
