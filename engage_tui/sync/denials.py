"""Actions the network refused to this account through its API, remembered.

When a send answers NotAllowed, that kind of action goes to the web intent
from then on. The set lives in store meta so a restart (or `engage sync` from
cron) remembers it, and it is handed to the platform when the platform can
take it (X's ``learned_denials``), so the composer shows the right route.
"""

from __future__ import annotations

from engage_tui.domain import ActionKind
from engage_tui.platforms.base import Platform
from engage_tui.store import Store

# Per network: "sync:denied_actions:x" (the network's refusals are about the
# kind of app, not one account).
META_KEY = "sync:denied_actions"


class Denials:
    def __init__(self, store: Store, platform: Platform) -> None:
        self._store = store
        self._platform = platform
        self._key = f"{META_KEY}:{platform.network}"
        self._kinds: set[str] = set()
        self.reload()

    def reload(self) -> None:
        raw = self._store.sync_state.meta_get(self._key) or ""
        self._kinds = {k for k in raw.split(",") if k}
        self._seed_platform()

    def __contains__(self, kind: object) -> bool:
        return str(kind) in self._kinds

    def learn(self, kind: ActionKind) -> bool:
        """Remember ``kind``; True when it was not known before."""
        if kind.value in self._kinds:
            return False
        self._kinds.add(kind.value)
        self._store.sync_state.meta_set(self._key, ",".join(sorted(self._kinds)))
        self._seed_platform()
        return True

    def _seed_platform(self) -> None:
        # An optional extension of the Platform protocol: a platform that
        # routes by learned denials exposes a mutable set of action names.
        learned = getattr(self._platform, "learned_denials", None)
        if isinstance(learned, set):
            learned.update(self._kinds)
