"""z snoozes an item until a time from a short list; it comes back on top,
marked, once that time has come; u undoes the snooze."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from engage_tui.config import Config
from engage_tui.domain import TriageState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.snooze import SnoozeScreen
from engage_tui.tui.snooze_times import snooze_choices
from engage_tui.tui.widgets.inbox_row import mark
from tests.tui.helpers import go_to, inbox_ready, notices, open_item, settle, until
from tests.tui.world import NOW

SIZE = (120, 40)


def state_of(store: Store, nid: str) -> TriageState:
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    return next(r.notification.state for r in rows if r.notification.id == nid)


async def open_snooze_list(pilot: Pilot[Any], notification_id: str) -> None:
    """z on the item's row: the short list of times."""
    await go_to(pilot, notification_id)
    await pilot.press("z")
    await until(pilot, lambda: isinstance(pilot.app.screen, SnoozeScreen), "the snooze list")


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def test_z_then_1_puts_the_item_away_until_tonight(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await open_snooze_list(pilot, "n-reply-bo")
        await pilot.press("1")
        await settle(pilot)
        assert all(r.notification.id != "n-reply-bo" for r in listing.rows)
        assert state_of(store, "n-reply-bo") is TriageState.DONE
        assert any(n.startswith("Snoozed until tonight") for n in notices(app))


async def test_u_takes_a_snooze_back(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("z", "2")
        await settle(pilot)
        await pilot.press("u")
        await until(
            pilot, lambda: any(r.notification.id == "n-reply-bo" for r in listing.rows), "back"
        )
        assert state_of(store, "n-reply-bo") is TriageState.NEW
        assert store.inbox.wake_snoozed(NOW + timedelta(days=30)) == []


async def test_escape_in_the_snooze_list_leaves_the_item(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await open_snooze_list(pilot, "n-reply-bo")
        await pilot.press("escape")
        await settle(pilot)
        assert state_of(store, "n-reply-bo") is TriageState.NEW


async def test_a_snoozed_item_comes_back_on_top_marked_when_its_time_comes(store: Store) -> None:
    clock = Clock()
    app = EngageApp(Config(), store, None, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("z", "1")
        await settle(pilot)
        app.wake_snoozed()
        await settle(pilot)
        assert all(r.notification.id != "n-follow-dee" for r in listing.rows)
        clock.now = NOW + timedelta(days=1)
        app.wake_snoozed()
        await until(pilot, lambda: listing.rows[0].notification.id == "n-follow-dee", "back on top")
        assert mark(listing.rows[0]) == "z"


async def test_z_in_an_opened_item_snoozes_it_and_shows_the_next(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, "n-mention-ana")
        await pilot.press("z", "3")
        await settle(pilot)
        assert state_of(store, "n-mention-ana") is TriageState.DONE
        assert screen.is_current and screen.row.notification.id == "n-reply-bo"


@given(
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    offset=st.integers(-12 * 60, 14 * 60),
)
def test_the_snooze_times_are_later_than_now_and_each_other(now: datetime, offset: int) -> None:
    zone = timezone(timedelta(minutes=offset))
    tonight, tomorrow, week = (c.until for c in snooze_choices(now, zone))
    assert now < tonight < tomorrow < week
    assert tonight - now >= timedelta(hours=2)
    assert week - now <= timedelta(days=8)
