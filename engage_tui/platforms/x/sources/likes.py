"""Who liked the owner's posts, and the posts the owner is mentioned in.

X never says when a like happened, so a like is stamped with the moment
engage learnt of it (``ctx.now``): the post's own time would file a like
given a minute ago days back in the inbox.

Likes of posts that mention the owner: the mentions source keeps the ids of
the newest mentions; at most every few hours their counts are looked up in
one ``GET /2/tweets`` call (not owned, $0.005 each, though a re-read in the
same UTC day is free) and the likers asked of those whose count moved.
"""

from __future__ import annotations

import json
from datetime import timedelta

from engage_tui.domain import NotificationKind, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.sources.common import event, json_cursor, notification_id, snowflake
from engage_tui.platforms.x.sources.mentions import WATCH
from engage_tui.platforms.x.sources.own_state import (
    MENTION_LIKES,
    MENTION_LIKES_CHECKED,
    OwnPostsState,
    save_time,
)

MENTION_LIKES_EVERY = timedelta(hours=6)


def likes_snapshot(post_id: str) -> str:
    return f"likes:{post_id}"


def learn_likes(
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


def learn_mention_likes(
    client: XClient, ctx: PullContext, state: OwnPostsState, out: PullResult
) -> None:
    watched = json_cursor(ctx.state, WATCH)
    if not isinstance(watched, dict) or not watched:
        return
    checked = state.mention_likes_checked
    if checked is not None and ctx.now - checked < MENTION_LIKES_EVERY:
        return
    page = client.posts_by_ids(sorted(watched, key=snowflake, reverse=True))
    fresh_counts: dict[str, int] = {}
    for post in page.posts:
        if post.metrics is None:
            continue
        before = _count_before(state.mention_like_counts.get(post.id), watched.get(post.id))
        fresh_counts[post.id] = post.metrics.likes
        if post.metrics.likes > before:
            learn_likes(client, ctx, post.id, post.metrics.likes - before, out)
    out.cursors[MENTION_LIKES] = json.dumps(fresh_counts)
    save_time(out, MENTION_LIKES_CHECKED, ctx.now)
    _merge_posts(out, page.posts)


def _count_before(saved: int | None, when_watched: object) -> int:
    """The like count last seen: saved by the last check, else the one the
    mentions source recorded when it started watching the post."""
    if saved is not None:
        return saved
    if isinstance(when_watched, int) and not isinstance(when_watched, bool):
        return max(when_watched, 0)
    return 0


def _merge_posts(out: PullResult, posts: list[Post]) -> None:
    have = {p.id for p in out.posts}
    out.posts.extend(p for p in posts if p.id not in have)
