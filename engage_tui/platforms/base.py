"""The neutral Platform protocol: what the sync engine needs from a network.

Shaped for more than X (see DESIGN.md): a platform returns single events,
keeps its own sync state in storage the engine hands it (read through
``SyncStateView``, written back through ``PullResult`` so the engine commits
rows and cursors in one transaction), reports its limits and costs as data,
and sends in three steps (prepare, send, reconcile) so the engine's
exactly-once state machine is the same for every network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from engage_tui.domain import ActionKind, OutboxItem, Person, Post, Route

# Re-exported: platform modules build these as part of the protocol.
from engage_tui.domain.exchange import PullResult, RequestUsage, TextCheck
from engage_tui.platforms.errors import Permanent


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One thing the engine polls on its own schedule."""

    name: str  # "mentions", "followers", ...
    min_interval_s: float  # never polled more often than this
    description: str = ""
    # The same for every account on the network (the watchlist's posts):
    # pulled by the network's first signed-in account only, paid for once.
    shared: bool = False


class SyncStateView(Protocol):
    """Read-only view of a platform's saved sync state, handed in by the engine."""

    def cursor(self, key: str) -> str | None: ...

    def snapshot(self, name: str) -> frozenset[str]: ...

    def known_posts(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` the store already holds."""
        ...


@dataclass(frozen=True, slots=True)
class PullContext:
    owner: Person
    state: SyncStateView
    now: datetime
    # Person ids on the watchlist, for networks that mirror it remotely.
    watchlist: tuple[str, ...] = ()
    # May the platform create and keep a remote list for the watchlist?
    mirror_watchlist: bool = True
    first_sync_days: int = 3


class SendStatus(StrEnum):
    SENT = "sent"
    HANDED = "handed"  # the user finishes it in the browser (intent_url)


@dataclass(frozen=True, slots=True)
class SendResult:
    status: SendStatus
    remote_id: str | None = None
    intent_url: str | None = None
    # Something the user should know about what was sent (a mention that
    # named nobody and went as plain text), shown once it is sent.
    note: str | None = None


class ReconcileOutcome(StrEnum):
    SENT = "sent"
    NOT_SENT = "not_sent"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    outcome: ReconcileOutcome
    remote_id: str | None = None


@dataclass(frozen=True, slots=True)
class Cost:
    """What an action is expected to cost, for the composer to show."""

    usd: float
    note: str = ""


class Platform(Protocol):
    network: str  # stored with every row: "x", "bluesky"
    display_name: str  # the network's name in messages: "X", "Bluesky"
    # Whether the network bills API use (X's pay-per-use does; Bluesky's
    # reads and writes are free): with False, nothing shows dollars.
    bills_api: bool

    def whoami(self) -> Person:
        """The signed-in account (raises SignedOut)."""
        ...

    def sources(self) -> list[SourceSpec]: ...

    def pull(self, source: str, ctx: PullContext) -> PullResult:
        """Fetch what is new from one source. Raises PlatformError subclasses."""
        ...

    def capability(self, action: ActionKind, target: Post | None) -> Route:
        """How ``action`` on ``target`` can be done: api, intent or none."""
        ...

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        """Plain words on why the route is what it is (for the composer)."""
        ...

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost: ...

    def measure(self, text: str) -> TextCheck: ...

    def lookup_person(self, handle: str) -> Person:
        """Find someone by handle (raises NotFound)."""
        ...

    def prepare(self, item: OutboxItem) -> str | None:
        """A token to save on the outbox row before the first attempt. An
        unlike is given the token of the like it undoes instead, when there
        is one (the engine looks it up)."""
        ...

    def send(self, item: OutboxItem, target: Post | None) -> SendResult: ...

    def reconcile(self, item: OutboxItem, target: Post | None) -> ReconcileResult:
        """After an unknown outcome: did ``item`` reach the network?

        UNKNOWN when the network could not tell (a timeout, a server error);
        Offline, SignedOut and RateLimited are raised as they are, so the
        engine reports the real condition."""
        ...

    def intent_url(self, item: OutboxItem) -> str:
        """The web page where the user finishes ``item`` by hand."""
        ...

    def same_words(self, typed: str, posted: str) -> bool:
        """Whether ``posted`` (a post's text as this network returned it) holds
        the words ``typed``: how a reply finished in the browser is recognised."""
        ...

    def post_url(self, post: Post, author: Person | None = None) -> str: ...

    def profile_url(self, person: Person) -> str: ...

    def mark_seen(self, at: datetime) -> None:
        """The owner has handled every notification up to ``at``: tell the
        network, where it keeps a read position other clients show (Bluesky's
        updateSeen). A no-op where it keeps none (X)."""
        ...

    def take_usage(self) -> list[RequestUsage]:
        """Requests made since the last call, with costs and rate limits."""
        ...

    def seed_owner(self, owner: Person) -> None:
        """Who is signed in, told from the cache without a request: a platform
        whose routing depends on it (X's "summoned" replies) keeps it; the
        default (``PlatformDefaults``) ignores it."""
        ...

    def subscribe(self, person: Person, on: bool) -> str | None:
        """Ask the network to tell the owner when ``person`` posts (``on``),
        or to stop: where it does so for free (the registry's
        ``Network.new_posts`` says what it takes), their new posts then come
        as ``NEW_POST`` notifications. Returns a note for the user when the
        network holds it back (a locked account approves the follow first).
        The default (``PlatformDefaults``) raises ``Permanent``: the network
        cannot, and the prospects pull's schedule stays."""
        ...


class PlatformDefaults:
    """What a platform need not write itself: the Platform protocol's
    optional parts, as no-ops. Each platform class inherits it."""

    def seed_owner(self, owner: Person) -> None:
        return None

    def subscribe(self, person: Person, on: bool) -> str | None:
        name = getattr(self, "display_name", "This network")
        raise Permanent(f"{name} cannot tell engage when someone posts.")
