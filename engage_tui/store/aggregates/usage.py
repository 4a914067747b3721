"""API usage: every request's cost and the rate limits it reported."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.store import usage
from engage_tui.store.aggregates.base import Aggregate

if TYPE_CHECKING:
    from engage_tui.domain.exchange import RequestUsage


class Usage(Aggregate):
    def log_requests(self, usage_rows: list[RequestUsage], at: datetime) -> None:
        with self._write() as conn:
            usage.log(conn, usage_rows, at)

    def month_spend(self, now: datetime) -> float:
        return usage.month_spend(self._conn(), now)

    def by_endpoint(self, since: datetime) -> dict[str, dict[str, float]]:
        return usage.by_endpoint(self._conn(), since)

    def latest_rate_limits(self) -> dict[str, RequestUsage]:
        return usage.latest_rate_limits(self._conn())
