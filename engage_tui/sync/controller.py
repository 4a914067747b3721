"""What the TUI (and `engage sync`) may ask of the sync side.

The TUI never touches the network: it writes to the store (drafts, outbox,
triage) and talks to a ``SyncController`` through this protocol. The
controller runs its own background thread(s); it reports back through the
``listener`` callback, from its own thread (the TUI hands each event to its
loop with ``post_message``, which does not wait for the loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

from engage_tui.domain import ActionKind, OutboxItem, Person, Post, Route
from engage_tui.sync.account_info import AccountInfo

if TYPE_CHECKING:
    # Annotations only: the TUI's start-up need not load the platform contract.
    from engage_tui.platforms.base import Cost, TextCheck


@dataclass(frozen=True, slots=True)
class SyncStatus:
    online: bool = True
    syncing: bool = False
    last_sync_at: datetime | None = None
    queued: int = 0  # outbox items not yet sent
    month_spend_usd: float = 0.0
    # Said instead of the month's dollars when the network charges nothing.
    free_words: str | None = None
    rate_remaining: int | None = None  # the tightest endpoint's remaining quota
    rate_endpoint: str | None = None
    paused: dict[str, datetime] = field(default_factory=dict)  # source -> until
    message: str | None = None  # last plain-words problem, if any


SyncEventKind = Literal["status", "pulled", "stored", "sent", "failed", "handed", "error", "note"]


@dataclass(frozen=True, slots=True)
class SyncEvent:
    """Something the UI should know. ``kind`` is one of:

    ``status`` (status changed), ``pulled`` (new rows in the store: ``count``),
    ``stored`` (someone else, such as `engage sync` from cron, wrote the store),
    ``sent`` / ``failed`` / ``handed`` (an outbox item: ``item``; for
    ``handed`` the UI puts ``item`` in its tray), ``error`` (``message`` in
    plain words), ``note`` (an informative ``message``).
    """

    kind: SyncEventKind
    status: SyncStatus | None = None
    item: OutboxItem | None = None
    count: int = 0
    message: str | None = None


Listener = Callable[[SyncEvent], None]


class SyncController(Protocol):
    def start(self, listener: Listener) -> None:
        """Begin background syncing; return at once."""
        ...

    def stop(self) -> None: ...

    def sync_now(self) -> None:
        """Ask for a pull of every source soon (non-blocking)."""
        ...

    def wake(self) -> None:
        """The outbox changed: look at it again (non-blocking)."""
        ...

    def status(self) -> SyncStatus: ...

    # Answers from the platform that need no network (plan, text rules).
    def capability(self, action: ActionKind, target: Post | None) -> Route: ...

    def route_reason(self, action: ActionKind, target: Post | None) -> str: ...

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost: ...

    def measure(self, text: str) -> TextCheck: ...

    def post_url(self, post: Post, author: Person | None = None) -> str: ...

    def profile_url(self, person: Person) -> str: ...

    # The network's name, for words such as "Finish this on X".
    @property
    def network_name(self) -> str: ...

    def owner(self) -> Person | None: ...

    # --- several accounts --------------------------------------------------------
    def accounts(self) -> tuple[AccountInfo, ...]:
        """Every signed-in account this controller syncs, first one first."""
        ...

    def for_account(self, network: str, account: str = "") -> SyncController:
        """The controller that acts as ``account`` (a person id), or as the
        first account on ``network`` when ``account`` is not one of them."""
        ...
