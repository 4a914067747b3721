"""The store as one signed-in account's sync sees it.

Several accounts share one file: each keeps its own cursors, snapshots, pull
times and rate-limit pauses under keys prefixed with its person id, and the
events it pulls are its own rows. The account is known once the engine has
found out who is signed in; before that the bare keys are used (nothing is
pulled before then, only read).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.store import Store
from engage_tui.store.aggregates.sync_state import account_key

if TYPE_CHECKING:
    from engage_tui.domain.exchange import PullResult


class AccountState:
    def __init__(self, store: Store, account: Callable[[], str]) -> None:
        self._store = store
        self._account = account

    @property
    def account(self) -> str:
        return self._account()

    def _key(self, key: str) -> str:
        return account_key(self._account(), key)

    # --- SyncStateView, for the platform -------------------------------------------
    def cursor(self, key: str) -> str | None:
        return self._store.sync_state.cursor(self._key(key))

    def snapshot(self, name: str) -> frozenset[str]:
        return self._store.sync_state.snapshot(self._key(name))

    def known_posts(self, ids: list[str]) -> set[str]:
        # Posts are the network's, shared by every account that sees them.
        return self._store.sync_state.known_posts(ids)

    # --- for the schedule and the puller ---------------------------------------------
    def last_pull(self, source: str) -> datetime | None:
        return self._store.sync_state.last_pull(self._key(source))

    def meta_get(self, key: str) -> str | None:
        return self._store.sync_state.meta_get(self._key(key))

    def meta_set(self, key: str, value: str | None) -> None:
        self._store.sync_state.meta_set(self._key(key), value)

    def apply_pull(self, source: str, result: PullResult, at: datetime) -> int:
        return self._store.sync_state.apply_pull(source, result, at, account=self._account())
