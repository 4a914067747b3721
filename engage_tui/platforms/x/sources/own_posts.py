"""The owner's recent posts, and who liked, reposted or quoted them.

A page of the owner's own timeline (owned, $0.001 a post, and free when
read again the same UTC day) carries each post's like, repost and quote
counts: the newest ``PAGE_SIZE`` posts every pull, the newest ``DEEP_PAGE``
once every ``DEEP_EVERY`` (likes on older posts are rarer and can wait that
long). The counts are kept (``own_state``); only when a count moved does
engage ask who: likers (``likes``), reposters (``reposts``) and quotes that
do not mention the owner (``quotes``), each the delta's worth.

The first sync has no counts to diff, so it shows recent engagement at a
bounded price instead: small ``reposts_of_me`` pages (their reposts carry
their own time), newest first, until one reaches past ``first_sync_days``;
for at most ``FIRST_SYNC_LIKED_POSTS`` of the owner's posts from those days
that have likes, one small ``liking_users`` page each; and the quotes of the
newest few quoted posts. The counts read are the baseline, and the likers
read are kept, so later syncs emit only new likes.
"""

from __future__ import annotations

from datetime import timedelta

from engage_tui.domain import Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import snowflake
from engage_tui.platforms.x.sources.likes import learn_likes, learn_mention_likes
from engage_tui.platforms.x.sources.own_ids import (
    OWN_IDS,
    OWN_SPAN,
    kept_ids,
    quotes_via_mentions,
    span_cursor,
)
from engage_tui.platforms.x.sources.own_state import (
    DEEP_AT,
    READ_AT,
    OwnPostsState,
    PostCounts,
    save_metrics,
    save_time,
)
from engage_tui.platforms.x.sources.quotes import delivered_since, first_sync_quotes, learn_quotes
from engage_tui.platforms.x.sources.reposts import first_sync_reposts, learn_reposts

PAGE_SIZE = 20
DEEP_PAGE = 100
DEEP_EVERY = timedelta(hours=1)
# The first sync's bounds: likers are billed as users ($0.010 each).
FIRST_SYNC_LIKED_POSTS = 5
FIRST_SYNC_LIKERS = 10


def _read_timeline(
    client: XClient, ctx: PullContext, state: OwnPostsState, out: PullResult
) -> list[Post]:
    deep = state.deep_at is None or ctx.now - state.deep_at >= DEEP_EVERY
    size = DEEP_PAGE if deep else PAGE_SIZE
    page = client.user_posts(ctx.owner.id, max_results=size, exclude=["retweets"])
    if deep:
        save_time(out, DEEP_AT, ctx.now)
    ids = [p.id for p in page.posts]
    out.snapshots[OWN_IDS] = kept_ids(set(ctx.state.snapshot(OWN_IDS)) | set(ids))
    out.cursors[OWN_SPAN] = span_cursor(ids)
    out.posts.extend(page.all_posts)
    out.people.extend(page.all_people)
    return page.posts


def pull_own_posts(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    out = PullResult()
    state = OwnPostsState.load(ctx.state)
    posts = _read_timeline(client, ctx, state, out)
    router.owner_posts.update(p.id for p in posts)

    current = {
        p.id: PostCounts(p.metrics.likes, p.metrics.reposts, p.metrics.quotes)
        for p in posts
        if p.metrics
    }
    save_time(out, READ_AT, ctx.now)
    previous = state.metrics
    if previous is None:
        save_metrics(out, current)
        _first_sync(client, ctx, posts, out)
        return out
    save_metrics(out, {**previous, **current})

    via_mentions = quotes_via_mentions(ctx.state)
    newest_known = max((snowflake(k) for k in previous), default=0)
    repost_delta: dict[str, int] = {}
    for post_id, counts in current.items():
        before = previous.get(post_id)
        if before is None:
            if snowflake(post_id) < newest_known:
                continue  # an old post slid into the window: no history to diff
            before = PostCounts(0, 0, 0)
        if counts.likes > before.likes:
            learn_likes(client, ctx, post_id, counts.likes - before.likes, out)
        if counts.reposts > before.reposts:
            repost_delta[post_id] = counts.reposts - before.reposts
        if before.quotes is None or counts.quotes is None:
            continue  # counts kept before quotes were watched: no quote history
        quoted_by_mentions = via_mentions.get(post_id, set())
        delivered = delivered_since(quoted_by_mentions, state.read_at, ctx.now)
        quoted = counts.quotes - before.quotes - len(delivered)
        if quoted > 0:
            learn_quotes(client, ctx, post_id, quoted, quoted_by_mentions, out)
    if repost_delta:
        learn_reposts(client, ctx, state, repost_delta, out)
    learn_mention_likes(client, ctx, state, out)
    return out


def _first_sync(client: XClient, ctx: PullContext, posts: list[Post], out: PullResult) -> None:
    """Recent likes, reposts and quotes, a few requests' worth; see the module's doc."""
    since = ctx.now - timedelta(days=ctx.first_sync_days)
    recent = [
        (p.id, p.metrics.likes)
        for p in posts
        if p.metrics and p.metrics.likes > 0 and p.created_at >= since
    ]
    liked = sorted(recent, key=lambda pair: snowflake(pair[0]), reverse=True)
    liked = liked[:FIRST_SYNC_LIKED_POSTS]
    for post_id, count in liked:
        learn_likes(client, ctx, post_id, min(count, FIRST_SYNC_LIKERS), out)
    likes = len(out.events)
    reposts = first_sync_reposts(client, ctx, since, out)
    quotes = first_sync_quotes(client, ctx, posts, since, out)
    days = ctx.first_sync_days
    out.note = (
        f"First sync: {likes} likes of your {len(liked)} newest liked posts of the last "
        f"{days} days (at most {FIRST_SYNC_LIKERS} each), {reposts} reposts and {quotes} "
        f"quotes (those not mentioning you) of the last {days} days are in the inbox; "
        "older likes are the baseline."
    )
