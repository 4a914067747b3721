"""Datetimes in the database: integer microseconds since the Unix epoch, UTC.

Integers keep keyset comparisons and indexes cheap, and microseconds are the
resolution of ``datetime`` itself, so a value read back equals the one saved.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
DAY_US = 86_400_000_000


def to_us(value: datetime) -> int:
    """Microseconds since the epoch; a naive datetime is a bug, so it is refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime given to the store: {value!r} (use UTC-aware)")
    return (value - EPOCH) // _ONE_US


def opt_us(value: datetime | None) -> int | None:
    return None if value is None else to_us(value)


def from_us(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def opt_dt(value: int | None) -> datetime | None:
    return None if value is None else from_us(value)


def month_start_us(now: datetime) -> int:
    """Start of ``now``'s calendar month in UTC."""
    utc = now.astimezone(UTC)
    return to_us(utc.replace(day=1, hour=0, minute=0, second=0, microsecond=0))
