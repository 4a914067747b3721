"""Who reposted the owner's posts.

``reposts_of_me`` lists every repost of any owner post, newest first, each
with its own time: one call serves all posts. A rise in a post's repost
count that it does not explain is asked of ``retweeted_by`` for that post.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engage_tui.domain import NotificationKind
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.parse import parse_time, referenced
from engage_tui.platforms.x.sources.common import event, newest, notification_id, snowflake
from engage_tui.platforms.x.sources.own_state import REPOSTS_NEWEST, OwnPostsState

REPOSTS_PAGES = 5
# reposts_of_me takes no start time: the first sync reads small pages, newest
# first, and pages on only while the whole page is recent.
FIRST_SYNC_REPOSTS_PAGE = 10
FIRST_SYNC_REPOSTS_PAGES = 3


def reposters_snapshot(post_id: str) -> str:
    return f"reposters:{post_id}"


def learn_reposts(
    client: XClient,
    ctx: PullContext,
    state: OwnPostsState,
    needed: dict[str, int],
    out: PullResult,
) -> None:
    """Every repost of any owner post newer than the last one seen: a page the
    size of the counted rise, then more only while the whole page is new and
    some counted repost is still unaccounted for. A rise that reposts_of_me
    did not explain (its repost sat behind a newer one of an unwatched post)
    is asked of ``retweeted_by`` for that post alone."""
    cursor = state.reposts_newest
    after = snowflake(cursor)
    read: list[dict[str, Any]] = []
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
    repost_events(candidates, after, None, ctx, out)
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


def repost_events(
    raw_posts: list[dict[str, Any]],
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


def first_sync_reposts(client: XClient, ctx: PullContext, since: datetime, out: PullResult) -> int:
    read: list[dict[str, Any]] = []
    token: str | None = None
    for _ in range(FIRST_SYNC_REPOSTS_PAGES):
        page = client.reposts_of_me(FIRST_SYNC_REPOSTS_PAGE, pagination_token=token)
        read.extend(page.raw_items)
        out.people.extend(page.all_people)
        times = [parse_time(item.get("created_at")) for item in page.raw_items]
        token = page.next_token
        if not token or not times or any(at is None or at < since for at in times):
            break
    return repost_events(read, 0, since, ctx, out)
