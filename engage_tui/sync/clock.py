"""Where the engine reads the time.

Every timestamp the engine writes (pull times, send_after, retry times) comes
from one injectable clock, so tests and the bench can run it on a simulated
world's time instead of the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
