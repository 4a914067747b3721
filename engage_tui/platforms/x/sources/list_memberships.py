"""Lists the owner was added to: X gives no date, so diff against the last set.

The scan asks for each list's ``owner_id`` but does not expand the owners
(every expanded user is billed at the user price on every poll); only the
owners of newly found lists are looked up, in one request.

The first sync takes the current memberships as the baseline. X never says
when the owner was added, but a list id is a snowflake that says when the
list was made, and nobody is added to a list before it exists: so a list
made within ``first_sync_days`` is an add within that window, honestly.
Those few (newest first, at most ``FIRST_SYNC_ADDS``) become LIST_ADD
events; the older lists stay silent, since their adds may be years old.
"""

from __future__ import annotations

from datetime import timedelta

from engage_tui.domain import NotificationKind
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import (
    event,
    iso,
    notification_id,
    snowflake,
    snowflake_time,
)

SNAPSHOT = "list_memberships"
BASELINE_AT = "list_memberships.baseline_at"
PAGE_SIZE = 100
MAX_PAGES = 10
FIRST_SYNC_ADDS = 5


def pull_list_memberships(client: XClient, router: Router, ctx: PullContext) -> PullResult:
    out = PullResult()
    known = ctx.state.snapshot(SNAPSHOT)
    first_sync = ctx.state.cursor(BASELINE_AT) is None
    current: dict[str, str] = {}  # list id -> owner id
    token: str | None = None
    for _ in range(MAX_PAGES):
        params: dict[str, object] = {"max_results": PAGE_SIZE}
        if token:
            params["pagination_token"] = token
        page = client.list_memberships(ctx.owner.id, **params)
        for item in page.raw_items:
            current[str(item["id"])] = str(item.get("owner_id", ""))
        token = page.next_token
        if not token:
            break
    if token:
        # Too many lists to read in one go: keep the old set as well, so a
        # list beyond the pages read is not later reported as new.
        out.snapshots[SNAPSHOT] = known | frozenset(current)
    else:
        out.snapshots[SNAPSHOT] = frozenset(current)
    # Being on one's own list is not news.
    others = {lid: oid for lid, oid in current.items() if oid and oid != ctx.owner.id}
    if first_sync:
        out.cursors[BASELINE_AT] = iso(ctx.now)
        added = _made_recently(others, ctx)
        out.note = _first_sync_note(len(added), len(current), ctx.first_sync_days)
    else:
        added = {lid: oid for lid, oid in others.items() if lid not in known}
    if added:
        out.people.extend(client.users_by_ids(sorted(set(added.values()))).people)
    for list_id, owner_id in added.items():
        out.events.append(
            event(
                NotificationKind.LIST_ADD,
                notification_id("list_add", list_id),
                owner_id,
                ctx.now,
            )
        )
    return out


def _made_recently(lists: dict[str, str], ctx: PullContext) -> dict[str, str]:
    since = ctx.now - timedelta(days=ctx.first_sync_days)
    recent = [lid for lid in lists if (made := snowflake_time(lid)) is not None and made >= since]
    recent.sort(key=snowflake, reverse=True)
    return {lid: lists[lid] for lid in recent[:FIRST_SYNC_ADDS]}


def _first_sync_note(recent: int, lists: int, days: int) -> str:
    if not recent:
        return (
            f"First sync: X does not say when you were added to a list, so the {lists} "
            "lists you are on are the starting point; new adds appear from now on."
        )
    return (
        f"First sync: {recent} of the {lists} lists you are on were made in the last "
        f"{days} days, so you were added lately: they are in the inbox. X does not say "
        "when you were added to the others, so they are the starting point."
    )
