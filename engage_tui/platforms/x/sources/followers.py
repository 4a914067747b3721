"""New followers: X lists followers newest first, without dates.

Read a first page sized to the last pull's catch (followers arrive at a
steady pace, and every follower returned is billed, new or not); page on,
each page twice the last, only while the whole page is new (not in the
``followers`` snapshot). Within a page, only those before the first
known follower count as new: everyone after them followed earlier.

The first sync reads that one small page and nothing more: its people are
the newest followers, so each becomes a FOLLOW event (someone to thank),
and the page is the baseline. The rest of a large follower list stays
unread, so an account with thousands of followers neither pays for them
nor floods the inbox with old news. X gives no follow time, so every
follow is stamped with the moment engage learnt of it (``ctx.now``).
"""

from __future__ import annotations

from engage_tui.domain import NotificationKind, Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import event, iso, notification_id

SNAPSHOT = "followers"
NEXT_TOKEN = "followers.next_token"
BASELINE_AT = "followers.baseline_at"
LAST_NEW = "followers.last_new"
FIRST_PAGE = 20
MIN_PAGE = 5
MAX_PAGE = 1000
PAGES_PER_PULL = 5


def first_page_size(state_value: str | None) -> int:
    """A quarter more than the last pull found, so one page usually covers it."""
    try:
        last = int(state_value) if state_value else None
    except ValueError:
        last = None
    if last is None:
        return FIRST_PAGE
    return max(MIN_PAGE, min(MAX_PAGE, last + last // 4 + 2))


def pull_followers(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    out = PullResult()
    known = ctx.state.snapshot(SNAPSHOT)
    first_sync = ctx.state.cursor(BASELINE_AT) is None
    token = ctx.state.cursor(NEXT_TOKEN)
    fresh: list[Person] = []
    seen: set[str] = set()
    size = FIRST_PAGE if first_sync else first_page_size(ctx.state.cursor(LAST_NEW))
    if token:
        size = max(size, MAX_PAGE // 10)  # resuming a long catch-up
    for pages in range(1, PAGES_PER_PULL + 1):
        params: dict[str, object] = {"max_results": size}
        if token:
            params["pagination_token"] = token
        page = client.followers(ctx.owner.id, **params)
        # Newest first: whoever comes after a known follower followed before them.
        new_here = []
        for person in page.people:
            if person.id in known or person.id in seen:
                break
            new_here.append(person)
        seen.update(p.id for p in new_here)
        fresh.extend(new_here)
        out.people.extend(page.people)
        whole_page_new = bool(page.people) and len(new_here) == len(page.people)
        token = page.next_token if whole_page_new and not first_sync else None
        if token is None:
            break
        if pages == PAGES_PER_PULL:
            out.more = True
        size = min(MAX_PAGE, size * 2)
    out.cursors[NEXT_TOKEN] = token
    out.cursors[LAST_NEW] = str(len(fresh))
    out.snapshots[SNAPSHOT] = known | seen
    if first_sync:
        out.cursors[BASELINE_AT] = iso(ctx.now)
        out.note = (
            f"First sync: your {len(fresh)} newest followers are in the inbox "
            "(X does not say when they followed); older followers were not read."
        )
    for person in fresh:
        out.events.append(
            event(NotificationKind.FOLLOW, notification_id("follow", person.id), person.id, ctx.now)
        )
    return out
