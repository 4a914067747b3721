"""Retry spacing: exponential, capped, deterministic (tests can predict it)."""

from __future__ import annotations

from datetime import timedelta

# A failed send or pull waits 5 s, 10 s, 20 s ... at most 5 minutes.
SEND_BASE_S = 5.0
SEND_CAP_S = 300.0
# Offline: probe again after 5 s, doubling up to a minute, so the app notices
# the network coming back quickly without hammering a dead link.
OFFLINE_BASE_S = 5.0
OFFLINE_CAP_S = 60.0


def backoff(attempt: int, *, base: float = SEND_BASE_S, cap: float = SEND_CAP_S) -> timedelta:
    """The pause after the ``attempt``-th consecutive failure (1 -> ``base``)."""
    exponent = max(attempt, 1) - 1
    # Bound the exponent before raising 2 to it: attempts can grow for days.
    seconds = base * (2 ** min(exponent, 32))
    return timedelta(seconds=min(seconds, cap))
