"""Snowflake ids like X's: time-ordered, so "newest first" is "largest id first"."""

from __future__ import annotations

from datetime import UTC, datetime

# X's snowflake epoch (2010-11-04T01:42:54.657Z), in milliseconds.
TWEPOCH_MS = 1288834974657
_SEQUENCE_BITS = 22


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def snowflake(moment: datetime, sequence: int) -> int:
    """An id whose high bits are the time, so ids sort like their creation times."""
    return ((to_ms(moment) - TWEPOCH_MS) << _SEQUENCE_BITS) | (
        sequence & ((1 << _SEQUENCE_BITS) - 1)
    )


def moment_of(snowflake_id: int) -> datetime:
    ms = (snowflake_id >> _SEQUENCE_BITS) + TWEPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def iso_ms(moment: datetime) -> str:
    """X's timestamp form; tweepy's parser needs the milliseconds."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """Accept X's start_time/end_time forms (with or without fraction, with Z)."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
