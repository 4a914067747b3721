"""A ``SyncController`` built after the app's first frame.

Building the real one means importing each signed-in network's client
library (tweepy and requests for X, the atproto SDK for Bluesky, Mastodon.py)
and the sync engine: up to a second before the inbox could show. What the
first frame asks of the controller (which accounts, which networks) needs
none of that: it is answered here from the accounts and the store. The app
builds the real controller in a worker once the inbox is on screen
(``status()`` is its first question); anything else asked before then waits
for that build, and a question that has no answer yet (``wake``,
``sync_now``) is left to the first pass, which looks at everything.

The build also hands back notes for the app's banner (an account it could
not open), told through the listener as the controller starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

# The real controller, and notes for the user about how it was built.
Build = Callable[[], "tuple[SyncController, Sequence[str]]"]

if TYPE_CHECKING:
    from engage_tui.domain import ActionKind, Person, Post, Route
    from engage_tui.platforms.base import Cost, TextCheck
    from engage_tui.sync.account_info import AccountInfo
    from engage_tui.sync.controller import Listener, SyncController, SyncStatus


class ControllerFailed(Exception):
    """The controller could not be built (an account that cannot open): the
    whole message to show, and the status engage exits with."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class DeferredController:
    def __init__(self, build: Build, accounts: Sequence[AccountInfo]) -> None:
        self._build = build
        self._accounts = tuple(accounts)
        self._real: SyncController | None = None
        self._notes: Sequence[str] = ()
        self._lock = threading.Lock()
        self._stopped = False

    def _get(self) -> SyncController:
        with self._lock:
            return self._built()

    def _built(self) -> SyncController:
        # With the lock held: one build, whichever thread asks first.
        if self._real is None:
            self._real, self._notes = self._build()
        return self._real

    # --- lifecycle --------------------------------------------------------------------
    # Under the lock: a stop while the build runs (quitting at once) waits
    # for it, so no sync thread starts after the app has gone.
    def start(self, listener: Listener) -> None:
        with self._lock:
            real = self._built()
            if self._stopped:
                return
            real.start(listener)
        if self._notes:
            from engage_tui.sync.controller import SyncEvent

            for note in self._notes:
                listener(SyncEvent("note", message=note))

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._real is not None:
                self._real.stop()

    def sync_now(self) -> None:
        if (real := self._real) is not None:
            real.sync_now()

    def wake(self) -> None:
        if (real := self._real) is not None:
            real.wake()

    def status(self) -> SyncStatus:
        return self._get().status()

    # --- what the first frame asks: no build --------------------------------------------
    def accounts(self) -> tuple[AccountInfo, ...]:
        real = self._real
        return real.accounts() if real is not None else self._accounts

    @property
    def network_name(self) -> str:
        real = self._real
        if real is not None:
            return real.network_name
        return " and ".join(dict.fromkeys(a.network_name for a in self._accounts))

    # --- the rest: the real controller's answers ---------------------------------------
    def capability(self, action: ActionKind, target: Post | None) -> Route:
        return self._get().capability(action, target)

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        return self._get().route_reason(action, target)

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost:
        return self._get().cost(action, text, target)

    def measure(self, text: str) -> TextCheck:
        return self._get().measure(text)

    def post_url(self, post: Post, author: Person | None = None) -> str:
        return self._get().post_url(post, author)

    def profile_url(self, person: Person) -> str:
        return self._get().profile_url(person)

    def owner(self) -> Person | None:
        return self._get().owner()

    def for_account(self, network: str, account: str = "") -> SyncController:
        return self._get().for_account(network, account)
