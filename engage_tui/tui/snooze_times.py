"""When a snoozed item comes back: the short list `z` offers, in the user's own
time zone (tonight, tomorrow morning, next week)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import NamedTuple

EVENING = time(19, 0)
MORNING = time(8, 0)
# "Tonight" asked for this close to the evening (or after it) is in this long.
TONIGHT_AT_LEAST = timedelta(hours=2)


class SnoozeChoice(NamedTuple):
    label: str
    until: datetime  # aware, in UTC


def snooze_choices(now: datetime, zone: tzinfo | None = None) -> list[SnoozeChoice]:
    """The three times offered at ``now`` (aware), each later than now and
    than the one before; ``zone`` is the user's (None: the machine's)."""
    local = now.astimezone(zone)
    evening = datetime.combine(local.date(), EVENING, local.tzinfo)
    tonight = max(evening, local + TONIGHT_AT_LEAST)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), MORNING, local.tzinfo)
    tomorrow = max(tomorrow, tonight + timedelta(hours=1))
    monday = local.date() + timedelta(days=7 - local.weekday())
    next_week = datetime.combine(monday, MORNING, local.tzinfo)
    next_week = max(next_week, tomorrow + timedelta(days=1))
    utc = now.tzinfo
    return [
        SnoozeChoice(f"tonight ({tonight:%H:%M})", tonight.astimezone(utc)),
        SnoozeChoice(f"tomorrow morning ({tomorrow:%a %H:%M})", tomorrow.astimezone(utc)),
        SnoozeChoice(f"next week ({next_week:%a %d %b %H:%M})", next_week.astimezone(utc)),
    ]
