"""X's per-endpoint, per-caller 15-minute windows, kept on the world clock."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)


@dataclass(slots=True)
class _Window:
    started: datetime
    used: int = 0


@dataclass(frozen=True, slots=True)
class Quota:
    limit: int
    remaining: int
    resets_at: datetime  # on the world clock
    allowed: bool

    def headers(self, world_now: datetime, wall_now: float, speed: float = 1.0) -> dict[str, str]:
        """X's x-rate-limit-* headers, the reset in wall-clock seconds since the epoch.

        Clients sleep until the reset by comparing it with their own clock (tweepy's
        and twarc's ``wait_on_rate_limit``), so it is the time left in the world's
        window, at the world's speed, added to the real time of the answer (its Date).
        """
        left = max((self.resets_at - world_now).total_seconds(), 0.0) / speed
        return {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(self.remaining),
            "x-rate-limit-reset": str(math.ceil(wall_now + left)),
        }


class RateLimiter:
    """A window opens on a caller's first request and closes 15 minutes later."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], _Window] = {}

    def take(self, route: str, caller: str, limit: int, now: datetime) -> Quota:
        with self._lock:
            window = self._windows.get((route, caller))
            if window is None or now >= window.started + WINDOW:
                window = _Window(started=now)
                self._windows[(route, caller)] = window
            reset = window.started + WINDOW
            if window.used >= limit:
                return Quota(limit, 0, reset, allowed=False)
            window.used += 1
            return Quota(limit, limit - window.used, reset, allowed=True)
