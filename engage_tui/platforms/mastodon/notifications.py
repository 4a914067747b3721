"""Notifications: grouped (``/api/v2/notifications``, Mastodon 4.3+) where the
server has them, else ``/api/v1/notifications``.

Both are newest first and paged by ids. A pull asks for what is newer than
the newest notification the last complete pull saw (``since_id``, the id
kept as the server wrote it: ids are compared as strings, never as numbers,
since GoToSocial's are ULIDs) and stops at the first one already stored. The
new mark is held back until the last page is read; a pull stops after a few
pages with ``more=True`` and the page's ``max_id`` saved, so a crash resumes
where it stopped. A first sync reads back ``first_sync_days`` only.

Grouped notifications put the favourites, reblogs or follows of one status
into one group with a few sample accounts; engage makes one event per
account it is shown (grouping happens above the platform). An event's key is
what identifies it (server, type, actor, status), so the same favourite read
through v1 or v2 is one row.

Types: mention (a reply when it answers one of the owner's statuses),
favourite, reblog, follow, quote, follow_request and status (a new post by
someone the owner follows with notifications on) map onto engage's kinds;
every other type (poll, update, admin.*, severed_relationships,
moderation_warning, quoted_update, types not yet invented) becomes ``other``
with the type kept, and never fails a pull.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.errors import NotFound
from engage_tui.platforms.mastodon import parse
from engage_tui.platforms.mastodon.client import MastodonClient

PAGE_SIZE = 80  # the most Mastodon gives in one page
PAGES_PER_PULL = 5

# Prefixed with the network: one store may hold X, Bluesky and Mastodon rows.
NEWEST = "mastodon.notifications.newest"
PAGE = "mastodon.notifications.page"
PENDING = "mastodon.notifications.pending"
START = "mastodon.notifications.start"

_KINDS: dict[str, NotificationKind] = {
    "mention": NotificationKind.MENTION,
    "favourite": NotificationKind.LIKE,
    "reblog": NotificationKind.REPOST,
    "follow": NotificationKind.FOLLOW,
    "follow_request": NotificationKind.FOLLOW,
    "quote": NotificationKind.QUOTE,
    # Someone the owner follows with notifications on posted.
    "status": NotificationKind.NEW_POST,
}
# Types whose status is the other person's new words (shown and answerable).
_NEW_POST = {"mention", "quote", "status"}


@dataclass(frozen=True, slots=True)
class Found:
    """One event, with the people and posts it brings."""

    event: Notification
    people: tuple[Person, ...]
    posts: tuple[Post, ...]


def event_key(host: str, kind: str, actor: str, status: str | None) -> str:
    return f"{parse.NETWORK}:{host}/{kind}/{actor}/{status or '-'}"


def to_events(
    kind_raw: Any,
    actors: list[Any],
    status: Any,
    at_raw: Any,
    host: str,
    domain: str,
    owner_local_id: str | None,
) -> list[Found]:
    """The events of one notification (v1) or group (v2): one per actor.
    Anything malformed is left out, never raised."""
    kind_name = kind_raw if isinstance(kind_raw, str) and kind_raw else "unknown"
    at = parse.parse_time(at_raw)
    if at is None:
        return []
    kind = _KINDS.get(kind_name, NotificationKind.OTHER)
    status = status if isinstance(status, dict) else None
    post = parse.post(status, host, domain) if status is not None else None
    status_id = parse.id_of(status, "id")
    subject: str | None = None
    created: Post | None = None
    extra: list[Post] = []
    if kind_name == "mention" and post is not None:
        created = post
        if owner_local_id and parse.id_of(status, "in_reply_to_account_id") == owner_local_id:
            kind = NotificationKind.REPLY
            subject = post.in_reply_to_id
    elif kind_name == "quote" and post is not None:
        created = post
        subject = post.quoted_id
        quoted = parse.quoted_status(status)
        inner = parse.post(quoted, host, domain) if quoted is not None else None
        if inner is not None:
            extra.append(inner)
    elif kind_name in _NEW_POST and post is not None:
        created = post
    elif post is not None:
        subject = post.id  # the owner's status that was favourited, reblogged, ...
        extra.append(post)
    if kind_name in ("mention", "status") and created is None:
        return []  # a new status that is gone or hidden: nothing to answer
    found: list[Found] = []
    for account in actors:
        actor = parse.person(account, host, domain)
        if actor is None:
            continue
        local_actor = parse.id_of(account, "id") or ""
        event = Notification(
            id=event_key(host, kind_name, local_actor, status_id),
            kind=kind,
            actor_id=actor.id,
            created_at=at,
            network=parse.NETWORK,
            post_id=created.id if created else None,
            subject_id=subject,
            raw_kind=kind_name
            if kind is NotificationKind.OTHER or kind_name == "follow_request"
            else None,
        )
        posts = tuple(p for p in (created, *extra) if p is not None)
        found.append(Found(event, (actor,), posts))
    return found


def from_v1(item: Any, host: str, domain: str, owner_local_id: str | None) -> list[Found]:
    return to_events(
        parse.get(item, "type"),
        [parse.get(item, "account")],
        parse.get(item, "status"),
        parse.get(item, "created_at"),
        host,
        domain,
        owner_local_id,
    )


def from_v2(body: Any, host: str, domain: str, owner_local_id: str | None) -> list[Found]:
    """Every group of one ``/api/v2/notifications`` answer, newest first."""
    accounts = {
        parse.id_of(a, "id"): a
        for a in [*_list(body, "partial_accounts"), *_list(body, "accounts")]
        if isinstance(a, dict)
    }
    statuses = {parse.id_of(s, "id"): s for s in _list(body, "statuses")}
    found: list[Found] = []
    for group in _list(body, "notification_groups"):
        actors = [
            accounts[i]
            for i in (parse.id_of({"id": a}, "id") for a in _list(group, "sample_account_ids"))
            if i in accounts
        ]
        status = statuses.get(parse.id_of(group, "status_id"))
        found.extend(
            to_events(
                parse.get(group, "type"),
                actors,
                status,
                parse.get(group, "latest_page_notification_at"),
                host,
                domain,
                owner_local_id,
            )
        )
    return found


def _list(data: Any, key: str) -> list[Any]:
    value = parse.get(data, key)
    return value if isinstance(value, list) else []


@dataclass(slots=True)
class Entry:
    """One notification (v1) or group (v2) of a page, with its events."""

    id: str  # v2: the group's newest notification id
    at: datetime | None
    found: list[Found]


def _read_page(
    client: MastodonClient, owner_local_id: str | None, since: str | None, max_id: str | None
) -> tuple[list[Entry], str | None]:
    """One page, newest first, and the ``max_id`` of the next (older) one."""
    host, domain = client.host, client.domain
    if client.grouped is not False:
        try:
            body: Any = client.call(
                "GET /api/v2/notifications",
                lambda: client.sdk.grouped_notifications(
                    max_id=max_id, since_id=since, limit=PAGE_SIZE, expand_accounts="full"
                ),
                resources=lambda b: len(parse.get(b, "notification_groups") or []),
            )
        except NotFound:
            client.grouped = False  # GoToSocial and Mastodon before 4.3: v1
        else:
            client.grouped = True
            entries = []
            for group in _list(body, "notification_groups"):
                one = {**body, "notification_groups": [group]} if isinstance(body, dict) else {}
                entries.append(
                    Entry(
                        parse.id_of(group, "most_recent_notification_id") or "",
                        parse.parse_time(parse.get(group, "latest_page_notification_at")),
                        from_v2(one, host, domain, owner_local_id),
                    )
                )
            return entries, client.next_max_id() if entries else None
    items: Any = client.call(
        "GET /api/v1/notifications",
        lambda: client.sdk.notifications(max_id=max_id, since_id=since, limit=PAGE_SIZE),
        resources=lambda b: len(b) if isinstance(b, list) else 0,
    )
    entries = [
        Entry(
            parse.id_of(n, "id") or "",
            parse.parse_time(parse.get(n, "created_at")),
            from_v1(n, host, domain, owner_local_id),
        )
        for n in items or []
        if isinstance(n, dict)
    ]
    if not entries:
        return entries, None
    return entries, client.next_max_id() or entries[-1].id or None


def pull_notifications(client: MastodonClient, ctx: PullContext) -> PullResult:
    state = ctx.state
    client.read_instance()
    owner_local = parse.local_id(ctx.owner.id, client.host, "accounts")
    newest = state.cursor(NEWEST)
    pending = state.cursor(PENDING)
    max_id = state.cursor(PAGE)
    out = PullResult()
    start: datetime | None = None
    if newest is None:
        start = parse.parse_time(state.cursor(START))
        if start is None:
            start = ctx.now - timedelta(days=ctx.first_sync_days)
            out.note = f"First sync: notifications from the last {ctx.first_sync_days} days only."
        out.cursors[START] = start.isoformat()

    finished = False
    for _ in range(PAGES_PER_PULL):
        entries, max_id = _read_page(client, owner_local, newest, max_id)
        if pending is None and entries:
            pending = entries[0].id or None
        for entry in entries:
            # Ids are compared for equality only: their order is the server's.
            reached = newest is not None and entry.id == newest
            too_old = start is not None and entry.at is not None and entry.at < start
            if reached or too_old:
                finished = True
                break
            for found in entry.found:
                _absorb(found, out)
        if finished or not max_id or not entries:
            finished = True
            break

    if finished:
        mark = pending or newest
        out.cursors[NEWEST] = mark
        out.cursors[PAGE] = None
        out.cursors[PENDING] = None
        if mark is not None:
            out.cursors[START] = None
    else:
        out.cursors[PAGE] = max_id
        out.cursors[PENDING] = pending
        out.more = True
    return out


def _absorb(item: Found, out: PullResult) -> None:
    out.events.append(item.event)
    for person in item.people:
        if person not in out.people:
            out.people.append(person)
    have = {p.id for p in out.posts}
    for post in item.posts:
        if post.id not in have:
            out.posts.append(post)
            have.add(post.id)
