"""Prospects' recent posts, one ``getAuthorFeed`` read per person.

Chosen over mirroring the watchlist into a list and reading its feed: a
Bluesky list is a public record, so the mirror would publish whom the user
watches, and keeping it costs writes (3 points a member) while reads cost
nothing. Fifty prospects are fifty reads a pull, far inside the 3,000
requests per five minutes Bluesky allows. ``mirror_watchlist`` is therefore
not needed here.

Per person the newest time a post was indexed is kept (one JSON cursor); a
pull takes one page per person and keeps the posts indexed since. Indexed,
not written: a post whose ``createdAt`` is minutes behind (a slow phone
clock, a post queued offline) is listed that far back but indexed now. A
post engage cannot read is skipped and logged. Reposts are
skipped: they are not the prospect's own words to answer. No events: these
are posts to answer, not things done to the owner.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from atproto_client import models

from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.bluesky import parse
from engage_tui.platforms.bluesky.client import BlueskyClient
from engage_tui.platforms.errors import NotFound
from engage_tui.platforms.read_marks import dump_marks, load_marks

log = logging.getLogger(__name__)

NEWEST = "bluesky.prospects.newest"
# An indexing time further ahead of this clock is damage: it must not become
# the mark and hide every later post.
FUTURE_SLACK = timedelta(days=1)
PAGE_SIZE = 20


def pull_prospects(client: BlueskyClient, ctx: PullContext) -> PullResult:
    out = PullResult()
    newest = load_marks(ctx.state.cursor(NEWEST))
    people = [p for p in ctx.watchlist if p.startswith("did:")]
    floor = ctx.now - timedelta(days=ctx.first_sync_days)
    for did in people:
        since = parse.parse_time(newest.get(did)) or floor
        try:
            top = _read(client, did, since, ctx.now + FUTURE_SLACK, out)
        except NotFound:
            continue  # the account is gone or blocks the owner: nothing to read
        if top is not None:
            newest[did] = parse.iso(top)
    out.cursors[NEWEST] = dump_marks(newest, people)
    return out


def _read(
    client: BlueskyClient, did: str, since: datetime, latest: datetime, out: PullResult
) -> datetime | None:
    params = models.AppBskyFeedGetAuthorFeed.Params(actor=did, limit=PAGE_SIZE)
    body = client.query("app.bsky.feed.getAuthorFeed", params, resources_key="feed")
    top: datetime | None = None
    feed = parse.get(body, "feed")
    for item in feed if isinstance(feed, list) else []:
        if parse.get(item, "reason") is not None:
            continue  # a repost (or a pin): not their own new words
        view = parse.get(item, "post")
        indexed = parse.parse_time(parse.get(view, "indexedAt"))
        try:
            post = parse.post_from_view(view)
            author = parse.person(parse.get(view, "author"))
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            log.warning("skipped a Bluesky post engage could not read: %r", exc)
            continue
        if post is None or post.author_id != did or indexed is None or indexed > latest:
            continue
        if indexed <= since:
            continue  # seen before (a pinned post may lead the feed)
        top = max(top or indexed, indexed)
        out.posts.append(post)
        if author is not None and author not in out.people:
            out.people.append(author)
    return top
