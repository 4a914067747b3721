"""The request log: what each endpoint was asked, what it returned and cost."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.store.timeutil import month_start_us, opt_dt, opt_us, to_us

if TYPE_CHECKING:
    from engage_tui.domain.exchange import RequestUsage

_MICRO = 1_000_000


def log(conn: sqlite3.Connection, usage: list[RequestUsage], at: datetime) -> None:
    conn.executemany(
        "INSERT INTO request_log(at_us, endpoint, requests, resources, cost_micro, rate_limit,"
        " rate_remaining, rate_reset_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                to_us(u.at or at),
                u.endpoint,
                u.requests,
                u.resources,
                round(u.cost_usd * _MICRO),
                u.rate_limit,
                u.rate_remaining,
                opt_us(u.rate_reset),
            )
            for u in usage
        ],
    )


def month_spend(conn: sqlite3.Connection, now: datetime) -> float:
    """Dollars spent from the start of ``now``'s UTC calendar month up to ``now``."""
    total = conn.execute(
        "SELECT coalesce(sum(cost_micro), 0) FROM request_log WHERE at_us >= ? AND at_us <= ?",
        (month_start_us(now), to_us(now)),
    ).fetchone()[0]
    return total / _MICRO


def by_endpoint(conn: sqlite3.Connection, since: datetime) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for endpoint, requests, resources, micro in conn.execute(
        "SELECT endpoint, sum(requests), sum(resources), sum(cost_micro) FROM request_log"
        " WHERE at_us >= ? GROUP BY endpoint ORDER BY endpoint",
        (to_us(since),),
    ):
        out[endpoint] = {
            "requests": requests,
            "resources": resources,
            "cost_usd": micro / _MICRO,
        }
    return out


def latest_rate_limits(conn: sqlite3.Connection) -> dict[str, RequestUsage]:
    """Per endpoint, the newest entry that carried rate-limit headers."""
    # Imported here: the platform contract is not needed to show the inbox.
    from engage_tui.domain.exchange import RequestUsage

    out: dict[str, RequestUsage] = {}
    # SQLite's documented bare-column rule: with max(), the other columns
    # come from the row holding the maximum.
    for row in conn.execute(
        "SELECT endpoint, requests, resources, cost_micro, rate_limit, rate_remaining,"
        " rate_reset_us, max(at_us) FROM request_log WHERE rate_remaining IS NOT NULL"
        " GROUP BY endpoint"
    ):
        out[row[0]] = RequestUsage(
            endpoint=row[0],
            requests=row[1],
            resources=row[2],
            cost_usd=row[3] / _MICRO,
            rate_limit=row[4],
            rate_remaining=row[5],
            rate_reset=opt_dt(row[6]),
            at=opt_dt(row[7]),
        )
    return out
