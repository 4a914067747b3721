"""Whether the network can be reached, and when to try again if not.

Offline and signed-out are conditions of the whole link, not of one source:
while either holds, the engine makes no requests until ``blocked_until``, then
probes once. Any request that succeeds flips the link back to online.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from engage_tui.sync.backoff import OFFLINE_BASE_S, OFFLINE_CAP_S, backoff

SIGNED_OUT_PAUSE = timedelta(minutes=5)


@dataclass(slots=True)
class LinkState:
    online: bool = True
    signed_out: bool = False
    blocked_until: datetime | None = None
    message: str | None = None
    _offline_failures: int = 0

    def may_try(self, now: datetime) -> bool:
        return self.blocked_until is None or now >= self.blocked_until

    def unblock(self) -> None:
        """The user asked for a sync now: probe at once."""
        self.blocked_until = None

    def succeeded(self) -> bool:
        """A request got an answer. True when this changed the shown status."""
        changed = not self.online or self.signed_out or self.message is not None
        self.online = True
        self.signed_out = False
        self.blocked_until = None
        self.message = None
        self._offline_failures = 0
        return changed

    def went_offline(self, now: datetime, reason: str) -> datetime:
        self._offline_failures += 1
        wait = backoff(self._offline_failures, base=OFFLINE_BASE_S, cap=OFFLINE_CAP_S)
        self.online = False
        self.blocked_until = now + wait
        seconds = int(wait.total_seconds())
        self.message = f"Offline: {reason} (next try in {seconds} s)"
        return self.blocked_until

    def refused_credentials(self, now: datetime, reason: str) -> datetime:
        # The network answered, so it is reachable: what the user must see is
        # the refusal, not "offline" left over from before it came back.
        self.online = True
        self._offline_failures = 0
        self.signed_out = True
        self.blocked_until = now + SIGNED_OUT_PAUSE
        self.message = reason
        return self.blocked_until
