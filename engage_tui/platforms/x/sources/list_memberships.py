"""Lists the owner was added to: X gives no date, so diff against the last set.

The first sync takes the current memberships as the baseline (no events).
The scan asks for each list's ``owner_id`` but does not expand the owners
(every expanded user is billed at the user price on every poll); only the
owners of newly found lists are looked up, in one request.
"""

from __future__ import annotations

from engage_tui.domain import NotificationKind
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.sources.common import event, notification_id

SNAPSHOT = "list_memberships"
BASELINE_AT = "list_memberships.baseline_at"
PAGE_SIZE = 100
MAX_PAGES = 10


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
    if first_sync:
        out.cursors[BASELINE_AT] = ctx.now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        out.note = f"First sync: the {len(current)} lists you are on are the starting point."
        return out
    added = {lid: oid for lid, oid in current.items() if lid not in known and oid}
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
