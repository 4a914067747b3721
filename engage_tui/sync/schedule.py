"""When each source is due.

A source is polled no more often than its own interval: the platform's
``min_interval_s``, raised to the general ``sync_interval_seconds`` cadence,
or replaced by the user's ``[sync.sources]`` override. Last-pull times (saved
by ``apply_pull`` with the rows) and rate-limit pauses (store meta) live in
the database, so the app and a cron ``engage sync`` on the same file share
one schedule and a restart keeps it.
Error backoffs and "more pages waiting" are kept in memory: they only matter
to the running process.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol

from engage_tui.platforms.base import SourceSpec
from engage_tui.sync.backoff import backoff

# A cron job every 5 minutes must find a 300 s source due, even when it
# starts a moment early.
DUE_TOLERANCE = timedelta(seconds=5)
# The next page of a source that said ``more``.
MORE_PAGE_DELAY = timedelta(seconds=1)
# A rate-limit reset far in the future (clock skew, a confused header) must
# not park a source for hours: X's windows are 15 minutes.
MAX_RATE_PAUSE = timedelta(minutes=16)
MIN_RATE_PAUSE = timedelta(seconds=5)
ERROR_BACKOFF_BASE_S = 15.0
ERROR_BACKOFF_CAP_S = 900.0
# A fast source that keeps coming back empty is worth less: each empty pull
# in a row stretches its interval by half, up to this factor; anything new
# brings it straight back. Slow sources (hours apart) are left alone.
QUIET_STRETCH_MAX = 3.0
QUIET_STRETCH_STEP = 0.5
QUIET_STRETCH_BELOW = timedelta(minutes=15)


def _key_paused(name: str) -> str:
    return f"sync:paused:{name}"


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class ScheduleState(Protocol):
    """Where pull times and pauses are kept: one account's view of the store."""

    def last_pull(self, source: str) -> datetime | None: ...

    def meta_get(self, key: str) -> str | None: ...

    def meta_set(self, key: str, value: str | None) -> None: ...


class SourceSchedule:
    def __init__(
        self,
        state: ScheduleState,
        specs: list[SourceSpec],
        *,
        general_interval_s: float,
        overrides: Mapping[str, int],
    ) -> None:
        self._state = state
        self._specs = {spec.name: spec for spec in specs}
        self._order = [spec.name for spec in specs]
        self._general = general_interval_s
        self._overrides = dict(overrides)
        self._retry_at: dict[str, datetime] = {}
        self._failures: dict[str, int] = {}
        self._soon: dict[str, datetime] = {}
        self._quiet: dict[str, int] = {}
        self._every = False

    def want_every_source(self, on: bool) -> None:
        """`engage sync --now`: while on, every source is due whatever its
        interval or error backoff; a rate-limit pause still holds (the
        platform would only refuse, and on X a refused read can still cost)."""
        self._every = on

    @property
    def names(self) -> list[str]:
        return list(self._order)

    def interval(self, name: str, *, forced: bool = False) -> timedelta:
        """How long ``name`` rests between pulls; ``forced`` (sync now) drops
        the general cadence but never goes below the source's own minimum."""
        if name in self._overrides:
            return timedelta(seconds=self._overrides[name])
        own = self._specs[name].min_interval_s
        if forced:
            return timedelta(seconds=own)
        base = timedelta(seconds=max(own, self._general))
        if base >= QUIET_STRETCH_BELOW:
            return base
        stretch = min(1.0 + QUIET_STRETCH_STEP * self._quiet.get(name, 0), QUIET_STRETCH_MAX)
        return base * stretch

    def last_pull(self, name: str) -> datetime | None:
        # Written by apply_pull in the same transaction as the rows.
        return self._state.last_pull(name)

    def rate_paused_until(self, name: str) -> datetime | None:
        return _parse(self._state.meta_get(_key_paused(name)))

    def next_time(self, name: str, *, forced: bool = False) -> datetime | None:
        """When ``name`` may next be pulled; None means now (never pulled)."""
        if self._every:
            return self.rate_paused_until(name)
        candidates: list[datetime] = []
        soon = self._soon.get(name)
        last = self.last_pull(name)
        if soon is not None:
            candidates.append(soon)
        elif last is not None:
            candidates.append(last + self.interval(name, forced=forced) - DUE_TOLERANCE)
        blocks = [self._retry_at.get(name), self.rate_paused_until(name)]
        if forced:
            blocks = [self.rate_paused_until(name)]
        best = max(candidates) if candidates else None
        for block in blocks:
            if block is not None and (best is None or block > best):
                best = block
        return best

    def due(self, now: datetime, *, forced: bool = False) -> list[str]:
        out = []
        for name in self._order:
            at = self.next_time(name, forced=forced)
            if at is None or at <= now:
                out.append(name)
        return out

    def next_due(self, now: datetime) -> datetime | None:
        times = [self.next_time(name) for name in self._order]
        if not times:
            return None
        if any(t is None for t in times):
            return now
        return min(t for t in times if t is not None)

    def pulled(self, name: str, at: datetime, *, more: bool, fresh: bool = True) -> None:
        """Record a stored pull; ``fresh`` says whether it brought anything new."""
        self._quiet[name] = 0 if fresh else self._quiet.get(name, 0) + 1
        self._failures.pop(name, None)
        self._retry_at.pop(name, None)
        if self.rate_paused_until(name) is not None:
            self._state.meta_set(_key_paused(name), None)
        if more:
            self._soon[name] = at + MORE_PAGE_DELAY
        else:
            self._soon.pop(name, None)

    def rate_limited(self, name: str, now: datetime, reset_at: datetime) -> datetime:
        until = min(max(reset_at, now + MIN_RATE_PAUSE), now + MAX_RATE_PAUSE)
        self._state.meta_set(_key_paused(name), until.isoformat())
        return until

    def failed(self, name: str, now: datetime) -> datetime:
        count = self._failures.get(name, 0) + 1
        self._failures[name] = count
        until = now + backoff(count, base=ERROR_BACKOFF_BASE_S, cap=ERROR_BACKOFF_CAP_S)
        self._retry_at[name] = until
        return until

    def clear_errors(self) -> None:
        """Sync now: forget error backoffs (a rate-limit pause still holds)."""
        self._retry_at.clear()

    def paused(self, now: datetime) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        for name in self._order:
            blocks = [b for b in (self._retry_at.get(name), self.rate_paused_until(name)) if b]
            until = max(blocks) if blocks else None
            if until is not None and until > now:
                out[name] = until
        return out
