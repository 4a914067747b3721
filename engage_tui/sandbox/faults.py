"""Injected failures: the next N requests to a route fail one chosen way."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

FAULT_KINDS = ("429", "500", "503", "stall", "reset", "drop_after_commit")


@dataclass(slots=True)
class _Pending:
    fault: str
    count: int
    stall_seconds: float


class FaultPlan:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_route: dict[str, deque[_Pending]] = {}

    def add(self, route: str, fault: str, count: int, stall_seconds: float = 30.0) -> None:
        if fault not in FAULT_KINDS:
            raise ValueError(f"unknown fault {fault!r}; use one of {', '.join(FAULT_KINDS)}")
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._by_route.setdefault(route, deque()).append(_Pending(fault, count, stall_seconds))

    def take(self, route: str) -> tuple[str, float] | None:
        """The fault for this request to ``route``, if one is armed (and use it up)."""
        with self._lock:
            queue = self._by_route.get(route)
            if not queue:
                return None
            pending = queue[0]
            pending.count -= 1
            if pending.count == 0:
                queue.popleft()
            return pending.fault, pending.stall_seconds

    def clear(self) -> None:
        with self._lock:
            self._by_route.clear()

    def armed(self) -> dict[str, list[dict[str, object]]]:
        with self._lock:
            return {
                route: [{"fault": p.fault, "count": p.count} for p in queue]
                for route, queue in self._by_route.items()
                if queue
            }
