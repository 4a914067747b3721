"""Prospects' posts through one private X list mirroring the watchlist.

One list timeline read covers every prospect. That timeline has no
``since_id`` and every post it returns is billed, known or not, so the
first page is small (most pulls find nothing or one new post) and each
further page doubles, read only while the whole page before it was new;
reading stops at the first post not newer than the newest one seen before.
Authors are not expanded: they are the watchlist's people, whom engage
already holds, and each expanded user would be billed daily ($0.010).

The list's members follow the watchlist (diffed against the
``prospect_list_members`` snapshot); X adds members one request each (there
is no bulk add), but those writes are free. No events: these are posts to
answer, not things done to the owner.
"""

from __future__ import annotations

from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.errors import NotFound, PlatformError, SignedOut
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.parse import referenced
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import snowflake
from engage_tui.platforms.x.usage import WRITE

LIST_ID = "prospects.list_id"
NEWEST = "prospects.newest_id"
MEMBERS = "prospect_list_members"
LIST_NAME = "engage prospects"
LIST_DESCRIPTION = "People I follow closely (kept by engage)"
FIRST_PAGE = 5
MAX_PAGE = 40
PAGES_PER_PULL = 4


def pull_prospects(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    out = PullResult()
    # The watchlist holds every network's people: X's ids are numbers (a
    # Bluesky did:plc:... sent to X is a 400 on every pull).
    watched = {p for p in ctx.watchlist if p.isascii() and p.isdigit()}
    list_id = ctx.state.cursor(LIST_ID)
    members = set(ctx.state.snapshot(MEMBERS))
    if not list_id:
        if not ctx.mirror_watchlist or not watched:
            return out
        created = client.create_list(LIST_NAME, LIST_DESCRIPTION, price=WRITE)
        list_id = str(created["id"])
        out.cursors[LIST_ID] = list_id
        members = set()
        out.note = "Created a private X list to follow your prospects in one request."
    try:
        if ctx.mirror_watchlist:
            _mirror(client, list_id, members, watched, out)
        if members:
            _read_timeline(client, ctx, list_id, out)
    except NotFound:
        # The list was deleted on X: forget it, the next pull makes a new one.
        out.cursors[LIST_ID] = None
        out.snapshots[MEMBERS] = frozenset()
        out.note = "The prospects list was gone on X; engage will create it again."
    return out


def _mirror(
    client: XClient, list_id: str, members: set[str], want: set[str], out: PullResult
) -> None:
    try:
        for user_id in sorted(want - members):
            client.add_list_member(list_id, user_id, price=WRITE)
            members.add(user_id)
        for user_id in sorted(members - want):
            client.remove_list_member(list_id, user_id, price=WRITE)
            members.discard(user_id)
    except (SignedOut, NotFound):
        raise
    except PlatformError as exc:
        # Keep the progress and still read the timeline; the rest of the
        # watchlist is mirrored on a later pull (adding twice is harmless).
        out.note = f"Could not update the prospects list yet: {exc}"
    out.snapshots[MEMBERS] = frozenset(members)


def _read_timeline(client: XClient, ctx: PullContext, list_id: str, out: PullResult) -> None:
    seen_before = snowflake(ctx.state.cursor(NEWEST))
    top = seen_before
    token: str | None = None
    size = FIRST_PAGE
    try:
        for _ in range(PAGES_PER_PULL):
            params: dict[str, object] = {"max_results": size}
            if token:
                params["pagination_token"] = token
            page = client.list_posts(list_id, **params)
            if not page.raw_items and any(m.resource_type == "list" for m in page.missing):
                raise NotFound("The prospects list is gone on X.", reason="deleted")
            ids = [p.id for p in page.posts]
            top = max([top, *map(snowflake, ids)])
            known = ctx.state.known_posts(ids) if ids else set()
            for post, raw in zip(page.posts, page.raw_items, strict=True):
                if snowflake(post.id) <= seen_before or post.id in known:
                    return
                if referenced(raw, "retweeted"):
                    continue  # a repost is not the prospect's own words to answer
                out.posts.append(post)
            token = page.next_token
            if not token:
                return
            size = min(MAX_PAGE, size * 2)
    finally:
        if top > seen_before:
            out.cursors[NEWEST] = str(top)
