"""Sending one outbox item to X, and finding out whether an unknown send landed.

X has no idempotency key. After a timeout or a dropped answer the engine
calls ``reconcile``: engage reads the owner's own recent posts (owned, so
cheap) and looks for the same reply target and the same words.
"""

from __future__ import annotations

from datetime import timedelta

from engage_tui.domain import ActionKind, OutboxItem, Post
from engage_tui.platforms.base import (
    ReconcileOutcome,
    ReconcileResult,
    SendResult,
    SendStatus,
)
from engage_tui.platforms.errors import NoAnswer, Offline, Permanent, Transient
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.routing import Router
from engage_tui.platforms.x.words import same_words

RECONCILE_PAGE = 20
RECONCILE_PAGES = 3
# Clocks differ between this machine and X: look a little before the item.
CLOCK_SLACK = timedelta(minutes=10)


def send_item(client: XClient, router: Router, item: OutboxItem, price: float) -> SendResult:
    target = item.target_post_id
    if item.kind is ActionKind.REPLY:
        if not target:
            raise Permanent("This reply has no post to answer.")
        data = client.create_post(item.text, in_reply_to=target, price=price)
        return SendResult(SendStatus.SENT, remote_id=str(data.get("id") or "") or None)
    if item.kind is ActionKind.POST:
        data = client.create_post(item.text, in_reply_to=None, price=price)
        return SendResult(SendStatus.SENT, remote_id=str(data.get("id") or "") or None)
    if not target:
        raise Permanent(f"This {item.kind.value} has no post to act on.")
    if item.kind is ActionKind.LIKE:
        client.like(target, price=price)
    elif item.kind is ActionKind.UNLIKE:
        client.unlike(target, price=price)
    elif item.kind is ActionKind.REPOST:
        client.repost(target, price=price)
    else:
        raise Permanent(f"engage cannot {item.kind.value} on X.")
    return SendResult(SendStatus.SENT, remote_id=target)


def reconcile_item(client: XClient, owner_id: str, item: OutboxItem) -> ReconcileResult:
    if item.kind in (ActionKind.LIKE, ActionKind.UNLIKE, ActionKind.REPOST):
        # Liking twice is a no-op on X and a second repost is refused as a
        # duplicate, so sending again is safe.
        return ReconcileResult(ReconcileOutcome.NOT_SENT)
    # Signed out, rate limited and the rest leave as they are: the engine
    # acts on each (sign in again, wait for the reset).
    try:
        return _find_post(client, owner_id, item)
    except (Offline, NoAnswer):
        # No answer to the question: the engine shows that as offline and
        # asks again once the server answers, rather than an open "did it arrive?".
        raise
    except Transient:
        return ReconcileResult(ReconcileOutcome.UNKNOWN)


def _matches(post: Post, item: OutboxItem) -> bool:
    if item.kind is ActionKind.REPLY and post.in_reply_to_id != item.target_post_id:
        return False
    if item.kind is ActionKind.POST and post.in_reply_to_id is not None:
        return False
    return same_words(item.text, post.text)


def _find_post(client: XClient, owner_id: str, item: OutboxItem) -> ReconcileResult:
    window_start = item.created_at - CLOCK_SLACK
    token: str | None = None
    for _ in range(RECONCILE_PAGES):
        params: dict[str, object] = {"max_results": RECONCILE_PAGE}
        if token:
            params["pagination_token"] = token
        page = client.user_posts(owner_id, **params)
        for post in page.posts:
            if _matches(post, item):
                return ReconcileResult(ReconcileOutcome.SENT, remote_id=post.id)
        token = page.next_token
        oldest = min((p.created_at for p in page.posts), default=None)
        if not token or (oldest is not None and oldest < window_start):
            # Everything since before the item was queued has been seen.
            return ReconcileResult(ReconcileOutcome.NOT_SENT)
    return ReconcileResult(ReconcileOutcome.UNKNOWN)
