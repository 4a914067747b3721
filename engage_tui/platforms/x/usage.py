"""X's pay-per-use rate card and the per-request usage log.

Estimates only: X does not bill the same resource twice in one UTC day, and
engage does not try to dedupe re-reads, so the estimate errs high. Expanded
authors and referenced posts in ``includes`` are counted as resources too
(users at the user price, posts at the other-post price), since X bills
every resource returned; engage asks only for the expansions it uses.
"""

from __future__ import annotations

from engage_tui.platforms.usage_meter import UsageMeter
from engage_tui.platforms.x.session import RateInfo

OWNED_READ = 0.001
POST_READ = 0.005
USER_READ = 0.010
WRITE = 0.015
POST_WITH_URL = 0.20
SUMMONED_REPLY = 0.01

# Reads whose price depends on whether the id in the path is the owner's.
_OWNED_WHEN_OWNER = {
    "GET /2/users/:id/mentions": (OWNED_READ, POST_READ),
    "GET /2/users/:id/tweets": (OWNED_READ, POST_READ),
    "GET /2/users/:id/followers": (OWNED_READ, USER_READ),
    "GET /2/users/:id/list_memberships": (OWNED_READ, USER_READ),
}

_READ_PRICES = {
    "GET /2/users/me": USER_READ,
    "GET /2/users/by/username/:username": USER_READ,
    "GET /2/users": USER_READ,
    "GET /2/tweets/:id/liking_users": USER_READ,
    "GET /2/tweets/:id/retweeted_by": USER_READ,
    "GET /2/users/reposts_of_me": POST_READ,
    "GET /2/lists/:id/tweets": POST_READ,
    "GET /2/tweets": POST_READ,
}


def unit_price(endpoint: str, owned: bool = False) -> float:
    if endpoint in _OWNED_WHEN_OWNER:
        owned_price, other_price = _OWNED_WHEN_OWNER[endpoint]
        return owned_price if owned else other_price
    if endpoint in _READ_PRICES:
        return _READ_PRICES[endpoint]
    if endpoint.startswith("GET "):
        return POST_READ
    return WRITE


def post_write_price(has_url: bool, summoned_reply: bool) -> float:
    """What creating one post costs: a link dominates, then the summoned discount."""
    if has_url:
        return POST_WITH_URL
    if summoned_reply:
        return SUMMONED_REPLY
    return WRITE


class XMeter(UsageMeter):
    """The requests made, with their price and the limits X's answers carry."""

    def answered(
        self,
        endpoint: str,
        resources: int,
        cost_usd: float,
        rate: RateInfo | None,
    ) -> None:
        rate = rate or RateInfo()
        self.record(
            endpoint,
            resources,
            cost_usd=cost_usd,
            rate_limit=rate.limit,
            rate_remaining=rate.remaining,
            rate_reset=rate.reset,
        )
