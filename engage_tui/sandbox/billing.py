"""The pay-per-use meter: what each request would cost, and request counts by route."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import datetime
from typing import Any

# Dollars per resource returned, by class (X's pay-per-use rate card, 2026).
OWNED = 0.001
OTHER_POST = 0.005
USER = 0.010
OTHER_LIST = 0.005
# Dollars per write.
POST = 0.015
POST_WITH_URL = 0.20
SUMMONED_REPLY = 0.01
REPOST = 0.015


class Meter:
    """Counts requests, resources and dollars per route template.

    A resource read again within the same UTC day (of the world clock) is free,
    like X's daily de-duplication.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: set[tuple[str, int, str]] = set()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests: dict[str, int] = defaultdict(int)
            self.resources: dict[str, int] = defaultdict(int)
            self.billed: dict[str, int] = defaultdict(int)
            self.cost: dict[str, float] = defaultdict(float)

    def count_request(self, route: str) -> None:
        with self._lock:
            self.requests[route] += 1

    def read(self, route: str, items: list[tuple[str, int, float]], now: datetime) -> float:
        """Bill the resources one response returned: (kind, id, price) each."""
        day = now.strftime("%Y-%m-%d")
        total = 0.0
        with self._lock:
            for kind, item_id, price in items:
                self.resources[route] += 1
                key = (kind, item_id, day)
                if key in self._seen:
                    continue
                self._seen.add(key)
                self.billed[route] += 1
                total += price
            self.cost[route] += total
        return total

    def write(self, route: str, price: float) -> None:
        with self._lock:
            self.resources[route] += 1
            self.billed[route] += 1
            self.cost[route] += price

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(sorted(self.requests.items())),
                "resources": dict(sorted(self.resources.items())),
                "billed_resources": dict(sorted(self.billed.items())),
                "cost_usd": {k: round(v, 6) for k, v in sorted(self.cost.items())},
                "total_cost_usd": round(sum(self.cost.values()), 6),
                "total_requests": sum(self.requests.values()),
            }
