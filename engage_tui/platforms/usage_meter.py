"""The requests a platform made since the sync engine last asked: one meter
for every network, each filling in what its answers say about cost and limits."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from engage_tui.platforms.base import RequestUsage


class UsageMeter:
    """Thread-safe log of requests made, drained by ``take``."""

    def __init__(self) -> None:
        self._items: list[RequestUsage] = []
        self._lock = threading.Lock()

    def record(
        self,
        endpoint: str,
        resources: int,
        *,
        cost_usd: float = 0.0,
        rate_limit: int | None = None,
        rate_remaining: int | None = None,
        rate_reset: datetime | None = None,
    ) -> None:
        item = RequestUsage(
            endpoint=endpoint,
            requests=1,
            resources=resources,
            cost_usd=round(cost_usd, 6),
            rate_limit=rate_limit,
            rate_remaining=rate_remaining,
            rate_reset=rate_reset,
            at=datetime.now(UTC),
        )
        with self._lock:
            self._items.append(item)

    def take(self) -> list[RequestUsage]:
        with self._lock:
            items, self._items = self._items, []
        return items


def header_int(raw: object) -> int | None:
    """A rate-limit header's number, or None for anything that is not one."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def epoch_time(raw: object) -> datetime | None:
    """A rate-limit reset (seconds since 1970), or None: a reset no calendar
    holds (999999999999) is ignored like any header that is not a number."""
    value = header_int(raw)
    try:
        return datetime.fromtimestamp(value, UTC) if value is not None else None
    except (ValueError, OverflowError, OSError):
        return None
