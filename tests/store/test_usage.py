"""The request log: spend this month, usage per endpoint, latest rate limits."""

from __future__ import annotations

from datetime import UTC, datetime

from engage_tui.platforms.base import RequestUsage
from engage_tui.store import Store

MENTIONS = "GET /2/users/:id/mentions"
FOLLOWERS = "GET /2/users/:id/followers"


def d(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def test_month_spend_counts_the_utc_calendar_month_to_date(store: Store) -> None:
    store.usage.log_requests([RequestUsage(MENTIONS, resources=10, cost_usd=0.01)], d(10, 31, 23))
    store.usage.log_requests([RequestUsage(MENTIONS, resources=5, cost_usd=0.005)], d(11, 1, 0))
    store.usage.log_requests([RequestUsage(FOLLOWERS, resources=100, cost_usd=0.1)], d(11, 15))
    store.usage.log_requests([RequestUsage(FOLLOWERS, resources=1, cost_usd=0.001)], d(12, 1))
    assert store.usage.month_spend(d(11, 20)) == 0.105
    assert store.usage.month_spend(d(11, 10)) == 0.005


def test_usage_by_endpoint_sums_requests_resources_and_cost(store: Store) -> None:
    store.usage.log_requests(
        [
            RequestUsage(MENTIONS, requests=2, resources=10, cost_usd=0.01),
            RequestUsage(FOLLOWERS, resources=3, cost_usd=0.003),
        ],
        d(11, 2),
    )
    store.usage.log_requests([RequestUsage(MENTIONS, resources=1, cost_usd=0.001)], d(11, 3))
    store.usage.log_requests([RequestUsage(MENTIONS, resources=99, cost_usd=0.099)], d(10, 3))
    assert store.usage.by_endpoint(d(11, 1)) == {
        MENTIONS: {"requests": 3, "resources": 11, "cost_usd": 0.011},
        FOLLOWERS: {"requests": 1, "resources": 3, "cost_usd": 0.003},
    }


def test_latest_rate_limits_per_endpoint(store: Store) -> None:
    reset = d(11, 2, 13)
    store.usage.log_requests(
        [RequestUsage(MENTIONS, rate_limit=300, rate_remaining=299, rate_reset=reset)], d(11, 2)
    )
    store.usage.log_requests(
        [RequestUsage(MENTIONS, rate_limit=300, rate_remaining=250, rate_reset=reset)],
        d(11, 2, 13),
    )
    store.usage.log_requests([RequestUsage(MENTIONS)], d(11, 2, 14))  # no headers: ignored
    store.usage.log_requests([RequestUsage(FOLLOWERS, rate_remaining=10, at=d(11, 1))], d(11, 5))
    latest = store.usage.latest_rate_limits()
    assert latest[MENTIONS].rate_remaining == 250
    assert latest[MENTIONS].rate_reset == reset
    assert latest[MENTIONS].at == d(11, 2, 13)
    assert latest[FOLLOWERS].at == d(11, 1)  # the usage's own time wins
