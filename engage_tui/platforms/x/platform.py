"""XPlatform: the neutral Platform protocol, spoken to X through tweepy."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

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
    SendStatus,
    SourceSpec,
    TextCheck,
)
from engage_tui.platforms.errors import NotAllowed, NotFound, SignedOut
from engage_tui.platforms.x import parse
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.credentials import XCredentials
from engage_tui.platforms.x.measure import measure_text
from engage_tui.platforms.x.outbox import reconcile_item, send_item
from engage_tui.platforms.x.routing import Router, intent_url
from engage_tui.platforms.x.session import DEFAULT_TIMEOUT
from engage_tui.platforms.x.sources import SOURCE_SPECS
from engage_tui.platforms.x.sources.followers import pull_followers
from engage_tui.platforms.x.sources.list_memberships import pull_list_memberships
from engage_tui.platforms.x.sources.mentions import pull_mentions
from engage_tui.platforms.x.sources.own_posts import pull_own_posts
from engage_tui.platforms.x.sources.prospects import pull_prospects
from engage_tui.platforms.x.words import same_words

PullFn = Callable[[XClient, Router, PullContext], PullResult]

_PULLERS: dict[str, PullFn] = {
    "mentions": pull_mentions,
    "own_posts": pull_own_posts,
    "followers": pull_followers,
    "list_memberships": pull_list_memberships,
    "prospects": pull_prospects,
}

_HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")


class XPlatform(PlatformDefaults):
    network = "x"
    display_name = "X"
    bills_api = True

    def __init__(
        self,
        credentials: XCredentials,
        plan: str = "pay-per-use",
        api_base: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.client = XClient(credentials, api_base=api_base, timeout=timeout)
        self.router = Router(plan=plan, owner_id=credentials.user_id)
        self._owner: Person | None = None

    # -- who -----------------------------------------------------------------

    @property
    def plan(self) -> str:
        return self.router.plan

    def seed_owner(self, owner: Person) -> None:
        """Tell the platform who is signed in without asking X (e.g. from the cache)."""
        self._owner = owner
        self.router.owner_id = owner.id
        self.router.owner_handle = owner.handle

    def whoami(self) -> Person:
        page = self.client.me()
        if not page.people:
            raise SignedOut(
                "X did not say who is signed in: sign in again with `engage auth login`."
            )
        self.seed_owner(page.people[0])
        return page.people[0]

    def lookup_person(self, handle: str) -> Person:
        handle = handle.strip().lstrip("@")
        if _HANDLE.fullmatch(handle) is None:
            # X answers 400 to a name outside its pattern: no such account can exist.
            raise NotFound(f"X has no account @{handle}: not a valid X handle.", reason="missing")
        page = self.client.user_by_handle(handle)
        if page.people:
            return page.people[0]
        missing = page.missing[0] if page.missing else None
        reason = missing.reason if missing else "missing"
        if reason == "deleted":
            reason = "missing"
        raise NotFound(f"X has no account @{handle} (or it is hidden).", reason=reason)

    def lookup_post(self, post_id: str) -> Post:
        """One post by id (not owned: $0.005); NotFound says deleted or protected."""
        page = self.client.posts_by_ids([post_id])
        if page.posts:
            return page.posts[0]
        missing = page.missing[0] if page.missing else None
        reason = missing.reason if missing else "deleted"
        words = "is protected" if reason == "protected" else "was deleted"
        raise NotFound(f"That post {words}: X no longer shows it.", reason, post_id)

    # -- sync ----------------------------------------------------------------

    def sources(self) -> list[SourceSpec]:
        return list(SOURCE_SPECS)

    def pull(self, source: str, ctx: PullContext) -> PullResult:
        puller = _PULLERS.get(source)
        if puller is None:
            raise ValueError(f"X has no source named {source!r}")
        if self._owner is None or self._owner.id != ctx.owner.id:
            self.seed_owner(ctx.owner)
        return puller(self.client, self.router, ctx)

    # -- actions ---------------------------------------------------------------

    def capability(self, action: ActionKind, target: Post | None) -> Route:
        return self.router.capability(action, target)

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        return self.router.route_reason(action, target)

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost:
        has_url = measure_text(text).has_url if text else False
        return self.router.cost(action, has_url, target)

    def measure(self, text: str) -> TextCheck:
        return measure_text(text)

    def prepare(self, item: OutboxItem) -> str | None:
        return None  # X has no idempotency key; reconcile does the work

    def send(self, item: OutboxItem, target: Post | None) -> SendResult:
        if item.kind is ActionKind.REPLY and self.router.owner_handle is None:
            self.whoami()  # the summoned rule needs the owner's handle
        route = self._route(item, target)
        if route is Route.INTENT:
            return SendResult(SendStatus.HANDED, intent_url=self.intent_url(item))
        if route is Route.NONE:
            raise NotAllowed(f"engage cannot {item.kind.value} this on X.")
        price = self.cost(item.kind, item.text, target).usd
        return send_item(self.client, self.router, item, price)

    def _route(self, item: OutboxItem, target: Post | None) -> Route:
        if target is None and item.target_post_id and item.kind is not ActionKind.POST:
            # The target is not cached (e.g. a post seen only in a
            # notification): decide on what the id alone allows, which on a
            # self-serve plan sends an unproven reply to the browser.
            target = Post(
                id=item.target_post_id,
                author_id="",
                text="",
                created_at=parse.EPOCH,
                network=self.network,
            )
        return self.router.capability(item.kind, target)

    def reconcile(self, item: OutboxItem, target: Post | None) -> ReconcileResult:
        owner_id = self._owner.id if self._owner else self.router.owner_id
        if owner_id is None:
            owner_id = self.whoami().id
        return reconcile_item(self.client, owner_id, item)

    def intent_url(self, item: OutboxItem) -> str:
        return intent_url(item)

    def same_words(self, typed: str, posted: str) -> bool:
        return same_words(typed, posted)

    def post_url(self, post: Post, author: Person | None = None) -> str:
        return parse.post_url(post.id, author.handle if author else None)

    def profile_url(self, person: Person) -> str:
        return parse.profile_url(person.handle)

    def mark_seen(self, at: datetime) -> None:
        """X keeps no read position an API can move."""

    def take_usage(self) -> list[RequestUsage]:
        return self.client.meter.take()


if TYPE_CHECKING:
    # mypy checks here that the class keeps to the whole protocol.
    def _keeps_the_protocol(platform: XPlatform) -> Platform:
        return platform
