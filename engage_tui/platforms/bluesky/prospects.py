"""Prospects' recent posts, one ``getAuthorFeed`` read per person.

Chosen over mirroring the watchlist into a list and reading its feed: a
Bluesky list is a public record, so the mirror would publish whom the user
watches, and keeping it costs writes (3 points a member) while reads cost
nothing. Fifty prospects are fifty reads a pull, far inside the 3,000
requests per five minutes Bluesky allows. ``mirror_watchlist`` is therefore
not needed here.

Per person the newest post time seen is kept (one JSON cursor); a pull takes
one page per person and stops at the first post not newer. Reposts are
skipped: they are not the prospect's own words to answer. No events: these
are posts to answer, not things done to the owner.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from atproto_client import models

from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.bluesky import parse
from engage_tui.platforms.bluesky.client import BlueskyClient
from engage_tui.platforms.errors import NotFound

NEWEST = "bluesky.prospects.newest"
PAGE_SIZE = 20


def _load(raw: str | None) -> dict[str, str]:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def pull_prospects(client: BlueskyClient, ctx: PullContext) -> PullResult:
    out = PullResult()
    newest = _load(ctx.state.cursor(NEWEST))
    people = [p for p in ctx.watchlist if p.startswith("did:")]
    floor = ctx.now - timedelta(days=ctx.first_sync_days)
    for did in people:
        since = parse.parse_time(newest.get(did)) or floor
        try:
            top = _read(client, did, since, out)
        except NotFound:
            continue  # the account is gone or blocks the owner: nothing to read
        if top is not None:
            newest[did] = parse.iso(top)
    kept = {did: at for did, at in newest.items() if did in people}
    out.cursors[NEWEST] = json.dumps(kept, sort_keys=True) if kept else None
    return out


def _read(client: BlueskyClient, did: str, since: datetime, out: PullResult) -> datetime | None:
    params = models.AppBskyFeedGetAuthorFeed.Params(actor=did, limit=PAGE_SIZE)
    body = client.query("app.bsky.feed.getAuthorFeed", params, resources_key="feed")
    top: datetime | None = None
    for item in parse.get(body, "feed") or []:
        if parse.get(item, "reason") is not None:
            continue  # a repost (or a pin): not their own new words
        post = parse.post_from_view(parse.get(item, "post"))
        if post is None or post.author_id != did:
            continue
        if post.created_at <= since:
            continue  # the feed is newest first, but a pinned post may lead it
        top = max(top or post.created_at, post.created_at)
        out.posts.append(post)
        author = parse.person(parse.get(item, "post", "author"))
        if author is not None and author not in out.people:
            out.people.append(author)
    return top
