"""The world clock: real time times ``speed`` in the demo, or frozen until told to move."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class WorldClock:
    """A clock the sandbox world reads; thread-safety comes from the world's lock."""

    def __init__(
        self, start: datetime | None, speed: float = 1.0, follow_real_time: bool | None = None
    ) -> None:
        # A fixed start with real time lets a demo rebuild yesterday's world
        # (same ids) and then run on from there.
        self.follows_real_time = start is None if follow_real_time is None else follow_real_time
        self.speed = speed
        base = datetime.now(tz=UTC) if start is None else start.astimezone(UTC)
        # Whole milliseconds keep ids and timestamps in step.
        self._base = base.replace(microsecond=(base.microsecond // 1000) * 1000)
        self._real_base = time.monotonic()
        self._offset = timedelta(0)

    @property
    def start(self) -> datetime:
        """Where the clock began: the same for every rebuild of one world,
        however long building it took in real time."""
        return self._base

    def now(self) -> datetime:
        moment = self._base + self._offset
        if self.follows_real_time:
            elapsed = (time.monotonic() - self._real_base) * self.speed
            moment += timedelta(seconds=elapsed)
        return moment.replace(microsecond=(moment.microsecond // 1000) * 1000)

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("the world clock only moves forward")
        self._offset += timedelta(seconds=seconds)
        return self.now()
