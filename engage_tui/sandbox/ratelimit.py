"""X's per-endpoint, per-caller 15-minute windows, kept on the world clock."""

from __future__ import annotations

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
    reset_epoch: int  # seconds, on the world clock
    allowed: bool

    def headers(self) -> dict[str, str]:
        return {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(self.remaining),
            "x-rate-limit-reset": str(self.reset_epoch),
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
            reset = int((window.started + WINDOW).timestamp())
            if window.used >= limit:
                return Quota(limit, 0, reset, allowed=False)
            window.used += 1
            return Quota(limit, limit - window.used, reset, allowed=True)

    def peek(self, route: str, caller: str, limit: int, now: datetime) -> Quota:
        with self._lock:
            window = self._windows.get((route, caller))
            if window is None or now >= window.started + WINDOW:
                return Quota(limit, limit, int((now + WINDOW).timestamp()), allowed=True)
            reset = int((window.started + WINDOW).timestamp())
            return Quota(limit, max(limit - window.used, 0), reset, allowed=window.used < limit)
