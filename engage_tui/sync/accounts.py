"""Several signed-in accounts behind one ``SyncController``.

Each account keeps its own engine (its own platform, thread, link state and
schedule) over the one shared store; this class starts and stops them
together, adds their status up for the status bar, and answers questions
about a post or person with the engine of that post's network. The TUI asks
``for_account`` when it matters who acts (the composer's "replying as").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.domain import ActionKind, Person, Post, Route
from engage_tui.sync.account_info import AccountInfo
from engage_tui.sync.controller import Listener, SyncController, SyncEvent, SyncStatus
from engage_tui.sync.outbox import PENDING
from engage_tui.sync.stranded import stranded, stranded_words

if TYPE_CHECKING:
    from engage_tui.platforms.base import Cost, TextCheck
    from engage_tui.sync.engine import SyncEngine


class AccountsSync:
    def __init__(self, engines: list[SyncEngine]) -> None:
        if not engines:
            raise ValueError("at least one account")
        self._engines = engines
        self._store = engines[0].store
        for engine in engines:
            engine.reports_stranded = False  # said once, for every account, below
        self._listener: Listener | None = None

    @property
    def engines(self) -> list[SyncEngine]:
        return list(self._engines)

    # --- lifecycle ------------------------------------------------------------------
    def start(self, listener: Listener) -> None:
        self._listener = listener
        for engine in self._engines:
            engine.start(self._relay)

    def _relay(self, event: SyncEvent) -> None:
        listener = self._listener
        if listener is None:
            return
        if event.kind == "status":
            # One engine's status is not the bar's: the bar shows them all.
            event = SyncEvent(kind="status", status=self.status())
        listener(event)

    def stop(self) -> None:
        for engine in self._engines:
            engine.stop()

    def sync_now(self) -> None:
        for engine in self._engines:
            engine.sync_now()

    def wake(self) -> None:
        for engine in self._engines:
            engine.wake()

    def status(self) -> SyncStatus:
        accounts = self.accounts()
        status = combined_status([e.status() for e in self._engines], accounts)
        if status.message is None:
            waiting = stranded(self._store.outbox.items(PENDING), accounts)
            status = replace(status, message=stranded_words(waiting))
        return status

    def stranded_words(self) -> str | None:
        """What waits for an account that is not open, for `engage sync`."""
        return stranded_words(stranded(self._store.outbox.items(PENDING), self.accounts()))

    # --- who acts ---------------------------------------------------------------------
    def accounts(self) -> tuple[AccountInfo, ...]:
        return tuple(e.account() for e in self._engines)

    def for_account(self, network: str, account: str = "") -> SyncController:
        return self._engine(network, account)

    def _engine(self, network: str | None, account: str = "") -> SyncEngine:
        infos = self.accounts()
        if account:
            for engine, info in zip(self._engines, infos, strict=True):
                if info.id == account:
                    return engine
        for engine in self._engines:
            if engine.network == network:
                return engine
        return self._engines[0]

    def owner(self) -> Person | None:
        return self._engines[0].owner()

    @property
    def network_name(self) -> str:
        names = dict.fromkeys(e.network_name for e in self._engines)
        return " and ".join(names)

    # --- answers about a post or person: its network's engine -------------------------
    def capability(self, action: ActionKind, target: Post | None) -> Route:
        return self._engine(_network(target)).capability(action, target)

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        return self._engine(_network(target)).route_reason(action, target)

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost:
        return self._engine(_network(target)).cost(action, text, target)

    def measure(self, text: str) -> TextCheck:
        return self._engines[0].measure(text)

    def post_url(self, post: Post, author: Person | None = None) -> str:
        return self._engine(post.network).post_url(post, author)

    def profile_url(self, person: Person) -> str:
        return self._engine(person.network).profile_url(person)


def _network(target: Post | None) -> str | None:
    return target.network if target is not None else None


def combined_status(statuses: list[SyncStatus], accounts: tuple[AccountInfo, ...]) -> SyncStatus:
    """One status bar for several accounts: offline when every account is (one
    account offline is a problem named with its account: the others still
    sync and send), the sum of what waits, the newest sync."""
    lasts = [s.last_sync_at for s in statuses if s.last_sync_at is not None]
    last: datetime | None = max(lasts) if lasts else None
    free = [s.free_words for s in statuses]
    # An account that cannot reach its network comes first: it is the one
    # whose words wait.
    named = [
        (s.online, f"{info.label}: {s.message or 'offline'}")
        for s, info in zip(statuses, accounts, strict=True)
        if s.message or not s.online
    ]
    message = min(named, key=lambda n: n[0])[1] if named else None
    paused = {
        f"{info.label} {name}": until
        for s, info in zip(statuses, accounts, strict=True)
        for name, until in s.paused.items()
    }
    limited = [s for s in statuses if s.rate_remaining is not None]
    tightest = min(limited, key=lambda s: s.rate_remaining or 0) if limited else None
    return replace(
        statuses[0],
        online=any(s.online for s in statuses),
        syncing=any(s.syncing for s in statuses),
        last_sync_at=last,
        queued=sum(s.queued for s in statuses),
        # The month's spend is the file's (every account's requests).
        month_spend_usd=max(s.month_spend_usd for s in statuses),
        free_words=free[0] if all(free) and len(set(free)) == 1 else None,
        rate_remaining=tightest.rate_remaining if tightest else None,
        rate_endpoint=tightest.rate_endpoint if tightest else None,
        paused=paused,
        message=message,
    )
