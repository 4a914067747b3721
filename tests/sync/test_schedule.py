"""When sources are due: own minimums, the general cadence, overrides, pauses.

Runs on a real Store file; the last-pull times come from ``apply_pull``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engage_tui.platforms.base import PullResult, SourceSpec
from engage_tui.store import Store
from engage_tui.sync.schedule import MAX_RATE_PAUSE, SourceSchedule

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
SPECS = [SourceSpec("mentions", 60), SourceSpec("followers", 3 * 3600)]


def _schedule(store: Store, general: float = 120, **overrides: int) -> SourceSchedule:
    return SourceSchedule(store.sync_state, SPECS, general_interval_s=general, overrides=overrides)


def _pulled(store: Store, schedule: SourceSchedule, name: str, at: datetime) -> None:
    store.sync_state.apply_pull(name, PullResult(), at)
    schedule.pulled(name, at, more=False)


def test_never_pulled_sources_are_due_at_once(store: Store) -> None:
    assert _schedule(store).due(T0) == ["mentions", "followers"]


def test_general_cadence_raises_a_fast_source_interval(store: Store) -> None:
    schedule = _schedule(store, general=120)
    _pulled(store, schedule, "mentions", T0)
    assert "mentions" not in schedule.due(T0 + timedelta(seconds=90))
    assert "mentions" in schedule.due(T0 + timedelta(seconds=120))


def test_slow_source_keeps_its_own_minimum(store: Store) -> None:
    schedule = _schedule(store, general=120)
    _pulled(store, schedule, "followers", T0)
    assert "followers" not in schedule.due(T0 + timedelta(hours=2))
    assert "followers" in schedule.due(T0 + timedelta(hours=3))


def test_sync_now_drops_the_cadence_but_not_the_minimum(store: Store) -> None:
    schedule = _schedule(store, general=600)
    _pulled(store, schedule, "mentions", T0)
    _pulled(store, schedule, "followers", T0)
    later = T0 + timedelta(seconds=61)
    assert schedule.due(later) == []
    assert schedule.due(later, forced=True) == ["mentions"]


def test_user_override_replaces_the_interval(store: Store) -> None:
    schedule = _schedule(store, followers=600)
    _pulled(store, schedule, "followers", T0)
    assert "followers" in schedule.due(T0 + timedelta(seconds=600))


def test_rate_limit_pauses_only_that_source_until_reset(store: Store) -> None:
    schedule = _schedule(store)
    reset = T0 + timedelta(minutes=7)
    assert schedule.rate_limited("mentions", T0, reset) == reset
    assert schedule.due(T0 + timedelta(minutes=6)) == ["followers"]
    assert schedule.paused(T0) == {"mentions": reset}
    assert "mentions" in schedule.due(reset)


def test_rate_pause_is_shared_through_the_database(store: Store) -> None:
    _schedule(store).rate_limited("mentions", T0, T0 + timedelta(minutes=3))
    other_process = _schedule(store)
    assert other_process.due(T0 + timedelta(minutes=1)) == ["followers"]


def test_absurd_reset_time_is_bounded(store: Store) -> None:
    schedule = _schedule(store)
    until = schedule.rate_limited("mentions", T0, T0 + timedelta(days=3))
    assert until == T0 + MAX_RATE_PAUSE


def test_errors_back_off_and_sync_now_forgets_them(store: Store) -> None:
    schedule = _schedule(store)
    first = schedule.failed("mentions", T0)
    second = schedule.failed("mentions", T0)
    assert second - T0 == 2 * (first - T0)
    assert "mentions" not in schedule.due(T0 + timedelta(seconds=1))
    schedule.clear_errors()
    assert "mentions" in schedule.due(T0 + timedelta(seconds=1))


def test_more_pages_make_a_source_due_again_soon(store: Store) -> None:
    schedule = _schedule(store, general=600)
    _pulled(store, schedule, "followers", T0)
    store.sync_state.apply_pull("mentions", PullResult(), T0)
    schedule.pulled("mentions", T0, more=True)
    assert "mentions" in schedule.due(T0 + timedelta(seconds=2))
    assert schedule.next_due(T0) == T0 + timedelta(seconds=1)


def test_empty_pulls_stretch_a_fast_source_and_news_resets_it(store: Store) -> None:
    schedule = _schedule(store, general=60)
    for n in range(6):
        at = T0 + timedelta(hours=n)
        store.sync_state.apply_pull("mentions", PullResult(), at)
        schedule.pulled("mentions", at, more=False, fresh=False)
    assert schedule.interval("mentions") == timedelta(seconds=180)  # capped at 3x
    assert schedule.interval("mentions", forced=True) == timedelta(seconds=60)
    schedule.pulled("mentions", T0, more=False, fresh=True)
    assert schedule.interval("mentions") == timedelta(seconds=60)


def test_slow_sources_are_never_stretched(store: Store) -> None:
    schedule = _schedule(store)
    schedule.pulled("followers", T0, more=False, fresh=False)
    assert schedule.interval("followers") == timedelta(hours=3)
