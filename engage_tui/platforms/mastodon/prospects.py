"""Prospects' recent statuses, one ``accounts/:id/statuses`` read per person.

Reads are free on Mastodon; fifty prospects are fifty reads a pull, well
inside 300 requests per five minutes. Per person the newest status id seen
is kept (one JSON cursor, ids as strings) and passed back as ``min_id``.
Replies and reblogs are left out: these are the prospect's own new words to
answer. Only people engage knows on the owner's server are read (a person's
id is only meaningful there). No events: these are posts, not things done to
the owner.
"""

from __future__ import annotations

from typing import Any

from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.errors import NotFound
from engage_tui.platforms.mastodon import parse
from engage_tui.platforms.mastodon.client import MastodonClient
from engage_tui.platforms.read_marks import dump_marks, load_marks

NEWEST = "mastodon.prospects.newest"
PAGE_SIZE = 20


def _statuses(client: MastodonClient, local: str, since: str | None) -> list[Any]:
    """Their statuses newer than ``since``, newest first. ``min_id`` rather
    than ``since_id``: GoToSocial ignores ``since_id`` here (Mastodon takes
    both), and anything from ``since`` on is cut off by equality as well."""

    def read() -> Any:
        return client.sdk.account_statuses(
            local, min_id=since, limit=PAGE_SIZE, exclude_replies=True, exclude_reblogs=True
        )

    answer = client.call("GET /api/v1/accounts/:id/statuses", read, resources=_length)
    statuses = [s for s in answer or [] if isinstance(s, dict)]
    ids = [parse.id_of(s, "id") for s in statuses]
    return statuses[: ids.index(since)] if since in ids else statuses


def _length(body: Any) -> int:
    return len(body) if isinstance(body, list) else 0


def pull_prospects(client: MastodonClient, ctx: PullContext) -> PullResult:
    client.read_instance()
    out = PullResult()
    newest = load_marks(ctx.state.cursor(NEWEST))
    mine = [p for p in ctx.watchlist if parse.local_id(p, client.host, "accounts")]
    floor = ctx.now.timestamp() - ctx.first_sync_days * 86400
    for key in mine:
        local = parse.local_id(key, client.host, "accounts") or ""
        since = newest.get(key)
        try:
            statuses = _statuses(client, local, since)
        except NotFound:
            continue  # gone, or hidden from the owner: nothing to read
        for status in statuses:
            post = parse.post(status, client.host, client.domain)
            if post is None or post.author_id != key:
                continue
            if since is None and post.created_at.timestamp() < floor:
                continue
            out.posts.append(post)
            author = parse.person(parse.get(status, "account"), client.host, client.domain)
            if author is not None and author not in out.people:
                out.people.append(author)
        ids = [parse.id_of(s, "id") for s in statuses]
        if ids and ids[0]:
            newest[key] = ids[0]  # newest first: the first is the newest
    out.cursors[NEWEST] = dump_marks(newest, mine)
    return out
