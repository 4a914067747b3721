"""Retry spacing doubles from its base and stops at its cap."""

from __future__ import annotations

from datetime import timedelta

from engage_tui.sync.backoff import backoff


def test_backoff_doubles_from_base() -> None:
    assert [backoff(n, base=5, cap=60).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]


def test_backoff_stops_at_cap_even_after_days_of_failures() -> None:
    assert backoff(5, base=5, cap=60) == timedelta(seconds=60)
    assert backoff(10_000, base=5, cap=60) == timedelta(seconds=60)


def test_backoff_treats_attempt_zero_as_the_first() -> None:
    assert backoff(0, base=5, cap=60) == timedelta(seconds=5)
