"""MastodonPlatform: the neutral Platform protocol, spoken to one Mastodon
server through Mastodon.py."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

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
from engage_tui.platforms.errors import NotFound, Permanent
from engage_tui.platforms.mastodon import parse
from engage_tui.platforms.mastodon.auth import MastodonLogin
from engage_tui.platforms.mastodon.client import DEFAULT_TIMEOUT, MastodonClient
from engage_tui.platforms.mastodon.failures import not_mastodon_message
from engage_tui.platforms.mastodon.handles import DISPLAY_NAME, split_handle
from engage_tui.platforms.mastodon.measure import measure_text
from engage_tui.platforms.mastodon.notifications import pull_notifications
from engage_tui.platforms.mastodon.outbox import (
    prepare_token,
    reconcile_item,
    same_words,
    send_item,
)
from engage_tui.platforms.mastodon.prospects import pull_prospects

SOURCE_SPECS = (
    SourceSpec(
        "notifications",
        min_interval_s=60.0,
        description="favourites, boosts, follows, mentions, replies and quotes (free)",
    ),
    SourceSpec(
        "prospects",
        min_interval_s=300.0,
        description="recent posts of the Mastodon people on your watchlist (free)",
        shared=True,
    ),
)
_API_ACTIONS = {
    ActionKind.REPLY,
    ActionKind.LIKE,
    ActionKind.UNLIKE,
    ActionKind.REPOST,
    ActionKind.POST,
}
# How many notifications back mark_seen looks for the one handled last.
_MARK_PAGES = 3


class MastodonPlatform(PlatformDefaults):
    network = parse.NETWORK
    display_name = DISPLAY_NAME
    bills_api = False

    def __init__(self, login: MastodonLogin, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.client = MastodonClient(login.server, login.token, timeout)
        self._owner: Person | None = None

    # -- who -----------------------------------------------------------------

    def whoami(self) -> Person:
        try:
            self.client.read_instance()
            me = self.client.verify()
        except NotFound as exc:
            raise Permanent(not_mastodon_message(self.client.server)) from exc
        owner = parse.person(me, self.client.host, self.client.domain)
        if owner is None:
            raise Permanent(not_mastodon_message(self.client.server))
        self._owner = owner
        return owner

    def lookup_person(self, handle: str) -> Person:
        parts = split_handle(handle)
        if parts is None:
            raise NotFound(f"{handle.strip()} is not a Mastodon handle (user@host).")
        user, host = parts
        self.client.read_instance()
        acct = user if host == self.client.domain else f"{user}@{host}"
        try:
            account: Any = self.client.call(
                "GET /api/v1/accounts/lookup", lambda: self.client.sdk.account_lookup(acct)
            )
        except NotFound:
            account = self._search(f"{user}@{host}")
        found = parse.person(account, self.client.host, self.client.domain)
        if found is None:
            raise NotFound(f"Mastodon has no account @{user}@{host}.", reason="missing")
        return found

    def subscribe(self, person: Person, on: bool) -> str | None:
        """A follow with notifications on (``notify``), or off again: the
        server then sends a ``status`` notification for each new post. Turning
        it off keeps the follow, which the owner may have made before."""
        self.client.read_instance()
        local = parse.local_id(person.id, self.client.host, "accounts")
        if local is None:
            raise NotFound(
                f"@{person.handle} is not known to {self.client.host}.", reason="missing"
            )
        answer: Any = self.client.call(
            "POST /api/v1/accounts/:id/follow",
            lambda: self.client.sdk.account_follow(local, notify=on),
            write=True,
        )
        if (
            on
            and parse.get(answer, "requested") is True
            and parse.get(answer, "following") is not True
        ):
            return (
                f"@{person.handle} approves followers by hand: their new posts reach "
                "your inbox once they accept."
            )
        return None

    def _search(self, acct: str) -> Any:
        # A person the server has not met yet: ask it to fetch them (WebFinger).
        hits: Any = self.client.call(
            "GET /api/v1/accounts/search",
            lambda: self.client.sdk.account_search(acct, limit=1, resolve=True),
        )
        for account in hits or []:
            if parse.handle_of(account, self.client.domain) == acct.lower():
                return account
        raise NotFound(f"Mastodon has no account @{acct}.", reason="missing")

    # -- sync ----------------------------------------------------------------

    def sources(self) -> list[SourceSpec]:
        return list(SOURCE_SPECS)

    def pull(self, source: str, ctx: PullContext) -> PullResult:
        if source == "notifications":
            return pull_notifications(self.client, ctx)
        if source == "prospects":
            return pull_prospects(self.client, ctx)
        raise ValueError(f"Mastodon has no source named {source!r}")

    def mark_seen(self, at: datetime) -> None:
        """Move the notifications marker (``/api/v1/markers``) to the newest
        notification at or before ``at``, so every Mastodon app agrees that
        the owner has read up to there."""
        client = self.client
        max_id: str | None = None
        for _ in range(_MARK_PAGES):

            def page_of(max_id: str | None = max_id) -> Any:
                return client.sdk.notifications(max_id=max_id, limit=40)

            page: Any = client.call("GET /api/v1/notifications", page_of)
            items = [n for n in page or [] if isinstance(n, dict)]
            for item in items:
                created = parse.parse_time(parse.get(item, "created_at"))
                nid = parse.id_of(item, "id")
                if created is not None and nid and created <= at:

                    def move(nid: str = nid) -> Any:
                        return client.sdk.markers_set(["notifications"], [nid])

                    client.call("POST /api/v1/markers", move)
                    return
            max_id = self.client.next_max_id()
            if not items or not max_id:
                return

    def read_marker(self) -> str | None:
        """The notifications marker's ``last_read_id`` (what other apps show)."""
        markers: Any = self.client.call(
            "GET /api/v1/markers", lambda: self.client.sdk.markers_get(["notifications"])
        )
        return parse.id_of(markers, "notifications", "last_read_id")

    # -- actions ---------------------------------------------------------------

    def capability(self, action: ActionKind, target: Post | None) -> Route:
        return Route.API if action in _API_ACTIONS else Route.NONE

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        if self.capability(action, target) is Route.API:
            return "engage sends it through Mastodon's API."
        return f"engage cannot {action.value} on Mastodon."

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost:
        return Cost(0.0, "")  # free: the route line says "Free"

    def measure(self, text: str) -> TextCheck:
        rules = self.client.rules
        return measure_text(text, rules.max_characters, rules.url_weight)

    def prepare(self, item: OutboxItem) -> str | None:
        return prepare_token(item)

    def send(self, item: OutboxItem, target: Post | None) -> SendResult:
        return send_item(self.client, item, self.client.default_visibility())

    def reconcile(self, item: OutboxItem, target: Post | None) -> ReconcileResult:
        return reconcile_item(self.client, item)

    def intent_url(self, item: OutboxItem) -> str:
        if item.kind is ActionKind.POST:
            return f"{self.client.server}/share?text={quote(item.text)}"
        local = parse.local_id(item.target_post_id, self.client.host)
        return f"{self.client.server}/web/statuses/{local}" if local else self.client.server

    def same_words(self, typed: str, posted: str) -> bool:
        return same_words(typed, posted)

    def post_url(self, post: Post, author: Person | None = None) -> str:
        if post.url:
            return post.url
        local = parse.local_id(post.id, self.client.host)
        return f"{self.client.server}/web/statuses/{local}" if local else self.client.server

    def profile_url(self, person: Person) -> str:
        parts = split_handle(person.handle)
        if parts is None:
            return self.client.server
        user, host = parts
        return f"https://{host}/@{user}"

    def take_usage(self) -> list[RequestUsage]:
        return self.client.meter.take()


if TYPE_CHECKING:
    # mypy checks here that the class keeps to the whole protocol.
    def _keeps_the_protocol(platform: MastodonPlatform) -> Platform:
        return platform
