"""BlueskyPlatform: the neutral Platform protocol, spoken to Bluesky through atproto."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from unicodedata import normalize
from urllib.parse import quote

import httpx
from atproto_client import models

from engage_tui.domain import ActionKind, OutboxItem, Person, Post, Route
from engage_tui.platforms.base import (
    Cost,
    Platform,
    PlatformDefaults,
    PullContext,
    PullResult,
    ReconcileResult,
    RequestUsage,
    SendResult,
    SourceSpec,
    TextCheck,
)
from engage_tui.platforms.bluesky import parse
from engage_tui.platforms.bluesky.client import DEFAULT_TIMEOUT, BlueskyClient
from engage_tui.platforms.bluesky.measure import measure_text
from engage_tui.platforms.bluesky.notifications import pull_notifications
from engage_tui.platforms.bluesky.outbox import prepare_token, reconcile_item, send_item
from engage_tui.platforms.bluesky.prospects import pull_prospects
from engage_tui.platforms.bluesky.session import BlueskyLogin, SessionStore
from engage_tui.platforms.errors import NotFound

SOURCE_SPECS = (
    SourceSpec(
        "notifications",
        min_interval_s=60.0,
        description="likes, reposts, follows, mentions, replies and quotes (free)",
    ),
    SourceSpec(
        "prospects",
        min_interval_s=300.0,
        description="recent posts of the Bluesky people on your watchlist (free)",
        shared=True,
    ),
)
_API_ACTIONS = {ActionKind.REPLY, ActionKind.LIKE, ActionKind.UNLIKE, ActionKind.REPOST}


class BlueskyPlatform(PlatformDefaults):
    network = parse.NETWORK
    display_name = "Bluesky"
    bills_api = False

    def __init__(
        self, login: BlueskyLogin, store: SessionStore, timeout: httpx.Timeout = DEFAULT_TIMEOUT
    ) -> None:
        self.client = BlueskyClient(login, store, timeout)
        self._owner: Person | None = None

    # -- who -----------------------------------------------------------------

    def whoami(self) -> Person:
        did, handle = self.client.did, self.client.handle
        try:
            body = self.client.query(
                "app.bsky.actor.getProfile", models.AppBskyActorGetProfile.Params(actor=did)
            )
            found = parse.person(body)
        except NotFound:
            found = None  # the AppView has not indexed a brand-new account yet
        self._owner = found or Person(id=did, handle=handle, name=handle, network=self.network)
        return self._owner

    def lookup_person(self, handle: str) -> Person:
        handle = handle.strip().lstrip("@")
        try:
            body = self.client.query(
                "app.bsky.actor.getProfile", models.AppBskyActorGetProfile.Params(actor=handle)
            )
        except NotFound as exc:
            raise NotFound(f"Bluesky has no account @{handle}.", reason="missing") from exc
        found = parse.person(body)
        if found is None:
            raise NotFound(f"Bluesky has no account @{handle}.", reason="missing")
        return found

    # -- sync ----------------------------------------------------------------

    def sources(self) -> list[SourceSpec]:
        return list(SOURCE_SPECS)

    def pull(self, source: str, ctx: PullContext) -> PullResult:
        if source == "notifications":
            return pull_notifications(self.client, ctx)
        if source == "prospects":
            return pull_prospects(self.client, ctx)
        raise ValueError(f"Bluesky has no source named {source!r}")

    def mark_seen(self, at: datetime) -> None:
        """Tell Bluesky the owner has seen everything up to ``at`` (the newest
        notification handled), so the Bluesky app's unread badge agrees."""
        self.client.procedure(
            "app.bsky.notification.updateSeen", {"seenAt": parse.iso(at)}, write=False
        )

    def subscribe(self, person: Person, on: bool) -> str | None:
        """An activity subscription to ``person``'s posts (not their replies),
        or none: the AppView then lists each new post as a ``subscribed-post``
        notification. Private: the person is not told."""
        self.client.procedure(
            "app.bsky.notification.putActivitySubscription",
            {"subject": person.id, "activitySubscription": {"post": on, "reply": False}},
            write=False,
        )
        return None

    def unread_count(self) -> int:
        body = self.client.query("app.bsky.notification.getUnreadCount", None)
        count = parse.get(body, "count")
        return count if isinstance(count, int) else 0

    # -- actions ---------------------------------------------------------------

    def capability(self, action: ActionKind, target: Post | None) -> Route:
        if action is ActionKind.POST:
            return Route.API
        return Route.API if action in _API_ACTIONS else Route.NONE

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        if self.capability(action, target) is Route.API:
            return "engage sends it through Bluesky's API."
        return f"engage cannot {action.value} on Bluesky."

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost:
        return Cost(0.0, "")  # free: the route line says "Free"

    def measure(self, text: str) -> TextCheck:
        return measure_text(text)

    def prepare(self, item: OutboxItem) -> str | None:
        return prepare_token(item)

    def send(self, item: OutboxItem, target: Post | None) -> SendResult:
        return send_item(self.client, item)

    def reconcile(self, item: OutboxItem, target: Post | None) -> ReconcileResult:
        return reconcile_item(self.client, item)

    def intent_url(self, item: OutboxItem) -> str:
        if item.kind is ActionKind.POST:
            return f"{parse.WEB}/intent/compose?text={quote(item.text)}"
        # Bluesky has no reply or like intent: open the post itself.
        return parse.post_url(item.target_post_id or "")

    def same_words(self, typed: str, posted: str) -> bool:
        # Bluesky stores a post's text as written (no entities); only the
        # normal form and the ends may differ from what the composer held.
        return normalize("NFC", typed).strip() == normalize("NFC", posted).strip()

    def post_url(self, post: Post, author: Person | None = None) -> str:
        return parse.post_url(post.id, author.handle if author else None)

    def profile_url(self, person: Person) -> str:
        return f"{parse.WEB}/profile/{person.handle or person.id}"

    def take_usage(self) -> list[RequestUsage]:
        return self.client.meter.take()


if TYPE_CHECKING:
    # mypy checks here that the class keeps to the whole protocol.
    def _keeps_the_protocol(platform: BlueskyPlatform) -> Platform:
        return platform
