"""Sending once: replies, favourites, reblogs.

Exactly once for a reply: ``prepare`` chooses an ``Idempotency-Key`` before
the first attempt and the engine keeps it with the outbox item, so every
attempt sends the same key (Mastodon keeps it an hour and answers a repeat
with the first status). Not every server honours the key (GoToSocial ignores
it), so when an attempt's outcome is unknown (the answer was lost), the
reply is looked for among the owner's recent statuses (the same
``in_reply_to_id`` and the same words) before anything is sent again.

A reply is never more public than what it answers: it takes the narrower of
the answered status's visibility and the owner's own default, and carries
the answered status's content warning. Favourites and reblogs are the same
whether sent once or twice, so they need no key.
"""

from __future__ import annotations

import re
import secrets
from typing import Any
from unicodedata import normalize

from engage_tui.domain import ActionKind, OutboxItem
from engage_tui.platforms.base import (
    ReconcileOutcome,
    ReconcileResult,
    SendResult,
    SendStatus,
)
from engage_tui.platforms.errors import NoAnswer, Offline, Permanent, PlatformError, Transient
from engage_tui.platforms.mastodon import parse
from engage_tui.platforms.mastodon.client import MastodonClient
from engage_tui.platforms.mastodon.html import html_to_text

# Narrowest last: a reply takes the later of its own default and its target's.
_ORDER = {"public": 0, "unlisted": 1, "private": 2, "direct": 3}
_WRITES = {ActionKind.REPLY, ActionKind.POST}
RECENT = 40  # the owner's statuses looked through when reconciling
_REMOTE_MENTION = re.compile(r"@([a-z0-9_.-]+)@[a-z0-9.:-]+", re.IGNORECASE)


def prepare_token(item: OutboxItem) -> str | None:
    """The Idempotency-Key for a status; none for favourites (idempotent)."""
    return secrets.token_urlsafe(24) if item.kind in _WRITES else None


def narrower(a: str, b: str) -> str:
    """The less public of two visibilities."""
    return a if _ORDER.get(a, 0) >= _ORDER.get(b, 0) else b


def same_words(typed: str, posted: str) -> bool:
    """Whether a status's text (as ``html_to_text`` reads it) holds ``typed``.
    Mastodon shows a mention of ``@alice@example.social`` as ``@alice``, and
    HTML folds runs of spaces: both sides are compared in that form."""

    def form(text: str) -> str:
        text = _REMOTE_MENTION.sub(r"@\1", normalize("NFC", text))
        return " ".join(text.split()).lower()

    return form(typed) == form(posted)


def _target_local(client: MastodonClient, item: OutboxItem) -> str:
    local = parse.local_id(item.target_post_id, client.host)
    if local is None:
        raise Permanent(
            f"This {item.kind.value} answers a post engage did not read from {client.server}: "
            "open it there to answer."
        )
    return local


def _reply_shape(client: MastodonClient, target: Any, owner_default: str) -> dict[str, Any]:
    visibility = narrower(parse.visibility(target), owner_default)
    shape: dict[str, Any] = {"visibility": visibility}
    warning = parse.text_of(target, "spoiler_text")
    if warning:
        shape["spoiler_text"] = warning
    return shape


def send_item(client: MastodonClient, item: OutboxItem, owner_default: str) -> SendResult:
    if item.kind in (ActionKind.LIKE, ActionKind.UNLIKE, ActionKind.REPOST):
        return _toggle(client, item)
    if item.kind not in _WRITES:
        raise Permanent(f"engage cannot {item.kind.value} on Mastodon.")
    kwargs: dict[str, Any] = {"visibility": owner_default}
    in_reply_to: str | None = None
    if item.kind is ActionKind.REPLY:
        in_reply_to = _target_local(client, item)
        target = client.call("GET /api/v1/statuses/:id", lambda: client.sdk.status(in_reply_to))
        kwargs = _reply_shape(client, target, owner_default)
    try:
        status = client.call(
            "POST /api/v1/statuses",
            lambda: client.sdk.status_post(
                item.text,
                in_reply_to_id=in_reply_to,
                idempotency_key=item.prepare_token,
                **kwargs,
            ),
            write=True,
            resources=lambda _: 1,
        )
    except NoAnswer:
        # A server that let this wait so long would let the search wait too:
        # the engine waits, and reconcile decides before the next attempt.
        raise
    except Transient as exc:
        if not exc.outcome_unknown:
            raise
        try:
            found = find_sent(client, item)
        except PlatformError:
            # Whatever stopped the look: the outcome stays unknown, and the
            # engine reconciles before any new attempt.
            raise exc from None
        if found is not None:
            return SendResult(SendStatus.SENT, remote_id=found)
        raise
    status_id = parse.id_of(status, "id")
    if status_id is None:
        raise Permanent(f"{client.server} answered the post without an id.")
    return SendResult(SendStatus.SENT, remote_id=parse.post_key(client.host, status_id))


def _toggle(client: MastodonClient, item: OutboxItem) -> SendResult:
    local = _target_local(client, item)
    if item.kind is ActionKind.LIKE:
        client.call(
            "POST /api/v1/statuses/:id/favourite",
            lambda: client.sdk.status_favourite(local),
            write=True,
            resources=lambda _: 1,
        )
    elif item.kind is ActionKind.UNLIKE:
        client.call(
            "POST /api/v1/statuses/:id/unfavourite",
            lambda: client.sdk.status_unfavourite(local),
            write=True,
            resources=lambda _: 1,
        )
    else:
        client.call(
            "POST /api/v1/statuses/:id/reblog",
            lambda: client.sdk.status_reblog(local),
            write=True,
            resources=lambda _: 1,
        )
    return SendResult(SendStatus.SENT, remote_id=item.target_post_id)


def find_sent(client: MastodonClient, item: OutboxItem) -> str | None:
    """The key of the owner's recent status that is ``item`` (same reply
    target, same words), or None when there is none. Raises when the server
    cannot be asked."""
    owner = client.owner_local_id()
    in_reply_to = (
        parse.local_id(item.target_post_id, client.host) if item.kind is ActionKind.REPLY else None
    )
    statuses: Any = client.call(
        "GET /api/v1/accounts/:id/statuses",
        lambda: client.sdk.account_statuses(owner, limit=RECENT, exclude_reblogs=True),
        resources=lambda b: len(b) if isinstance(b, list) else 0,
    )
    for status in statuses or []:
        if parse.id_of(status, "in_reply_to_id") != in_reply_to:
            continue
        if same_words(item.text, html_to_text(parse.text_of(status, "content") or "")):
            status_id = parse.id_of(status, "id")
            if status_id:
                return parse.post_key(client.host, status_id)
    return None


def reconcile_item(client: MastodonClient, item: OutboxItem) -> ReconcileResult:
    if item.kind not in _WRITES:
        # Favouriting or reblogging twice changes nothing: sending again is safe.
        return ReconcileResult(ReconcileOutcome.NOT_SENT)
    try:
        found = find_sent(client, item)
    except (Offline, NoAnswer):
        raise  # the engine waits for the server, then asks again
    except PlatformError:
        return ReconcileResult(ReconcileOutcome.UNKNOWN)
    if found is None:
        return ReconcileResult(ReconcileOutcome.NOT_SENT)
    return ReconcileResult(ReconcileOutcome.SENT, remote_id=found)
