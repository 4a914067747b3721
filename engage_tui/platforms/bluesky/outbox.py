"""Sending one outbox item to Bluesky exactly once.

Bluesky lets the client choose a record's key. ``prepare`` picks a TID
before the first attempt and the engine keeps it on the outbox row; every
attempt creates the record under that key, so the record can exist at most
once. When an answer is lost, ``getRecord`` on that key says whether it
landed. The reference server answers a second create under a taken key with
a 500 (not a conflict), so a failed create is checked with ``getRecord``
before it counts as failed.
"""

from __future__ import annotations

import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any

from atproto_client import models

from engage_tui.domain import ActionKind, OutboxItem
from engage_tui.platforms.base import (
    ReconcileOutcome,
    ReconcileResult,
    SendResult,
    SendStatus,
)
from engage_tui.platforms.bluesky import parse
from engage_tui.platforms.bluesky.client import BlueskyClient
from engage_tui.platforms.bluesky.measure import build_facets
from engage_tui.platforms.bluesky.notifications import get_post_views
from engage_tui.platforms.errors import (
    NoAnswer,
    NotFound,
    Offline,
    Permanent,
    PlatformError,
    Transient,
)

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_COLLECTIONS = {
    ActionKind.REPLY: parse.POST_COLLECTION,
    ActionKind.POST: parse.POST_COLLECTION,
    ActionKind.LIKE: parse.LIKE_COLLECTION,
    ActionKind.REPOST: parse.REPOST_COLLECTION,
}
_tid_lock = threading.Lock()
_last_tid_us = 0


def new_tid() -> str:
    """A record key in atproto's TID form: microseconds since 1970 (53 bits)
    and a random 10-bit clock id, base32-sortable, 13 characters."""
    global _last_tid_us
    with _tid_lock:
        now = time.time_ns() // 1000
        _last_tid_us = max(now, _last_tid_us + 1)  # never twice the same
        value = (_last_tid_us << 10) | secrets.randbelow(1024)
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def prepare_token(item: OutboxItem) -> str | None:
    return new_tid() if item.kind in _COLLECTIONS else None


def _strong_ref(view: dict[str, Any]) -> dict[str, str]:
    return {"uri": str(view["uri"]), "cid": str(view["cid"])}


def _target_view(client: BlueskyClient, item: OutboxItem) -> dict[str, Any]:
    uri = item.target_post_id
    if not uri or not parse.is_post_uri(uri):
        raise Permanent(f"This {item.kind.value} has no Bluesky post to act on.")
    views = get_post_views(client, [uri])
    if not views or not parse.text_of(views[0], "cid"):
        raise NotFound(
            "That post was deleted or is hidden: Bluesky no longer shows it.",
            reason="deleted",
            resource_id=uri,
        )
    return views[0]


def _resolve(client: BlueskyClient, handle: str, nobody: list[str]) -> str | None:
    """The DID behind ``handle``, or None (noted in ``nobody``) when no account
    has it: that mention stays plain text, as the Bluesky app sends it.

    A lookup that failed (a 502, a timeout) is not "nobody": the post waits
    and is sent later with the mention linked, so the person is told."""
    try:
        body = client.query(
            "com.atproto.identity.resolveHandle",
            models.ComAtprotoIdentityResolveHandle.Params(handle=handle),
        )
    except NotFound:
        nobody.append(handle)
        return None
    except Transient as exc:
        raise Transient(
            f"Bluesky could not look up @{handle} just now, so the mention could not be "
            f"linked ({exc}). Nothing was posted; engage sends it with the mention later.",
            outcome_unknown=False,
        ) from exc
    except Permanent as exc:
        # The reference PDS answers 400 "Unable to resolve handle" for a
        # handle no account has; any other refusal is not about the handle.
        if "resolve handle" not in str(exc).lower():
            raise
        nobody.append(handle)
        return None
    did = parse.text_of(body, "did")
    if did is None:
        nobody.append(handle)
    return did


def nobody_note(handles: list[str]) -> str | None:
    if not handles:
        return None
    named = ", ".join(f"@{h}" for h in handles)
    return (
        f"Sent, but {named} is not a Bluesky account, so it went as plain text and nobody "
        "was told. Check the spelling and mention them again in a new reply if needed."
    )


def build_record(
    client: BlueskyClient, item: OutboxItem, nobody: list[str] | None = None
) -> dict[str, Any]:
    now = parse.iso(datetime.now(UTC))
    if item.kind in (ActionKind.LIKE, ActionKind.REPOST):
        view = _target_view(client, item)
        return {"$type": _COLLECTIONS[item.kind], "subject": _strong_ref(view), "createdAt": now}
    record: dict[str, Any] = {"$type": parse.POST_COLLECTION, "text": item.text, "createdAt": now}
    missing = nobody if nobody is not None else []
    facets = build_facets(item.text, lambda handle: _resolve(client, handle, missing))
    if facets:
        record["facets"] = facets
    if item.kind is ActionKind.REPLY:
        parent = _target_view(client, item)
        root = parse.get(parent, "record", "reply", "root")
        has_root = isinstance(root, dict) and root.get("uri") and root.get("cid")
        record["reply"] = {
            "root": {"uri": root["uri"], "cid": root["cid"]} if has_root else _strong_ref(parent),
            "parent": _strong_ref(parent),
        }
    return record


def send_item(client: BlueskyClient, item: OutboxItem) -> SendResult:
    if item.kind is ActionKind.UNLIKE:
        return _unlike(client, item)
    collection = _COLLECTIONS.get(item.kind)
    if collection is None:
        raise Permanent(f"engage cannot {item.kind.value} on Bluesky.")
    rkey = item.prepare_token or new_tid()
    nobody: list[str] = []
    record = build_record(client, item, nobody)
    body = {"repo": client.did, "collection": collection, "rkey": rkey, "record": record}
    try:
        answer = client.procedure("com.atproto.repo.createRecord", body)
    except NoAnswer:
        # A server that let this wait so long would let getRecord wait too:
        # the engine waits for it, and the next attempt (same key) finds out.
        raise
    except Transient as exc:
        if not exc.outcome_unknown:
            raise
        # Lost answer, or a 500 because an earlier attempt already created
        # the record: getRecord decides.
        if _exists(client, collection, rkey) is True:
            return _sent(item, _uri(client.did, collection, rkey), nobody)
        raise
    uri = parse.text_of(answer, "uri") or _uri(client.did, collection, rkey)
    return _sent(item, uri, nobody)


def _sent(item: OutboxItem, record_uri: str, nobody: list[str] | None = None) -> SendResult:
    if item.kind in (ActionKind.REPLY, ActionKind.POST):
        return SendResult(SendStatus.SENT, remote_id=record_uri, note=nobody_note(nobody or []))
    return SendResult(SendStatus.SENT, remote_id=item.target_post_id)


def _uri(did: str, collection: str, rkey: str) -> str:
    return f"at://{did}/{collection}/{rkey}"


def _exists(client: BlueskyClient, collection: str, rkey: str) -> bool | None:
    """Does the owner's record exist? None when Bluesky could not say."""
    params = models.ComAtprotoRepoGetRecord.Params(
        repo=client.did, collection=collection, rkey=rkey
    )
    try:
        body = client.query("com.atproto.repo.getRecord", params)
    except NotFound:
        return False
    except (Offline, NoAnswer):
        raise
    except PlatformError:
        return None
    return bool(parse.text_of(body, "uri"))


def _unlike(client: BlueskyClient, item: OutboxItem) -> SendResult:
    """Delete the owner's like of the target, by the key engage chose when it
    sent the like (the token the engine hands an unlike), and by whatever key
    the AppView or the owner's own repository shows for a like of it. Never
    by the AppView alone: it may not have indexed a like made a moment ago.
    Deleting a key that holds nothing changes nothing."""
    target = item.target_post_id or ""
    keys = [item.prepare_token] if item.prepare_token else []
    try:
        view: dict[str, Any] | None = _target_view(client, item)
    except NotFound:
        if not keys:
            raise
        view = None  # the post is gone; the like record may still be there
    parts = parse.split_uri(parse.text_of(view, "viewer", "like") or "")
    if parts is not None and parts[0] == client.did and parts[2] not in keys:
        keys.append(parts[2])
    if not keys:
        keys = _own_likes_of(client, target)
    for rkey in keys:
        client.procedure(
            "com.atproto.repo.deleteRecord",
            {"repo": client.did, "collection": parse.LIKE_COLLECTION, "rkey": rkey},
        )
    return SendResult(SendStatus.SENT, remote_id=target)


def _own_likes_of(client: BlueskyClient, uri: str) -> list[str]:
    """Keys of the owner's newest like records of ``uri``, read from the
    owner's own repository (its PDS, current at once)."""
    params = models.ComAtprotoRepoListRecords.Params(
        repo=client.did, collection=parse.LIKE_COLLECTION, limit=100
    )
    body = client.query("com.atproto.repo.listRecords", params, resources_key="records")
    keys = []
    for record in parse.get(body, "records") or []:
        if parse.text_of(record, "value", "subject", "uri") == uri:
            parts = parse.split_uri(parse.text_of(record, "uri") or "")
            if parts is not None:
                keys.append(parts[2])
    return keys


def reconcile_item(client: BlueskyClient, item: OutboxItem) -> ReconcileResult:
    if item.kind is ActionKind.UNLIKE:
        # Deleting a like twice changes nothing: sending again is safe.
        return ReconcileResult(ReconcileOutcome.NOT_SENT)
    collection = _COLLECTIONS.get(item.kind)
    if collection is None or not item.prepare_token:
        return ReconcileResult(ReconcileOutcome.UNKNOWN)
    try:
        found = _exists(client, collection, item.prepare_token)
    except (Offline, NoAnswer):
        raise  # the engine waits for the server, then asks again
    except PlatformError:
        found = None
    if found is None:
        return ReconcileResult(ReconcileOutcome.UNKNOWN)
    if not found:
        return ReconcileResult(ReconcileOutcome.NOT_SENT)
    record_uri = _uri(client.did, collection, item.prepare_token)
    remote = record_uri if item.kind in (ActionKind.REPLY, ActionKind.POST) else item.target_post_id
    return ReconcileResult(ReconcileOutcome.SENT, remote_id=remote)
