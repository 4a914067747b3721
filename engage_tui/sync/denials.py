"""Actions the network refused to this account through its API, remembered.

When a send answers NotAllowed, that kind of action goes to the web intent
from then on. The set lives in store meta so a restart (or `engage sync` from
cron) remembers it. This is the one place a refusal changes a route: the
engine's answers to the composer and the outbox pusher both ask ``route``;
the platform itself knows nothing of it.
"""

from __future__ import annotations

from engage_tui.domain import ActionKind, Route
from engage_tui.store import Store

# Per network: "sync:denied_actions:x" (the network's refusals are about the
# kind of app, not one account).
META_KEY = "sync:denied_actions"


class Denials:
    def __init__(self, store: Store, network: str) -> None:
        self._store = store
        self._key = f"{META_KEY}:{network}"
        self._kinds: set[str] = set()
        self.reload()

    def reload(self) -> None:
        raw = self._store.sync_state.meta_get(self._key) or ""
        self._kinds = {k for k in raw.split(",") if k}

    def __contains__(self, kind: object) -> bool:
        return str(kind) in self._kinds

    def learn(self, kind: ActionKind) -> bool:
        """Remember ``kind``; True when it was not known before."""
        if kind.value in self._kinds:
            return False
        self._kinds.add(kind.value)
        self._store.sync_state.meta_set(self._key, ",".join(sorted(self._kinds)))
        return True

    def route(self, kind: ActionKind, offered: Route) -> Route:
        """The route for ``kind``, given the one the platform ``offered``: the
        browser for a kind the network refused through its API."""
        return Route.INTENT if offered is Route.API and kind.value in self._kinds else offered
