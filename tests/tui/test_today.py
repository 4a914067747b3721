"""Today: the session timer on a controlled clock, the streak, the thank queue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.today import TodayScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, notices, settle, until
from tests.tui.world import NOW


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Days (streak, "today") are local days: fix the zone so results do not vary.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def today_app(store: Store, clock: Clock) -> EngageApp:
    return EngageApp(Config(session_minutes=10), store, None, clock=clock)


async def open_today(pilot: Pilot[Any]) -> TodayScreen:
    app = pilot.app
    await inbox_ready(pilot)
    await pilot.press("4")
    await until(pilot, lambda: isinstance(app.screen, TodayScreen), "today")
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    await until(pilot, lambda: screen.data is not None, "today's data")
    await settle(pilot)
    return screen


def timer_text(screen: TodayScreen) -> str:
    return str(screen.query_one("#today-timer", Static).render())


async def test_the_timer_runs_on_the_app_clock_and_says_gently_when_time_is_up(
    store: Store,
) -> None:
    clock = Clock(NOW)
    app = today_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert "not started" in timer_text(screen)
        await pilot.press("space")
        clock.now = NOW + timedelta(minutes=4)
        screen.tick()
        assert "04:00 of 10:00" in timer_text(screen) and "running" in timer_text(screen)
        await pilot.press("space")  # pause: paused time does not count
        clock.now = NOW + timedelta(minutes=30)
        screen.tick()
        assert "04:00 of 10:00" in timer_text(screen) and "paused" in timer_text(screen)
        await pilot.press("space")
        clock.now = NOW + timedelta(minutes=36, seconds=1)
        screen.tick()
        screen.tick()
        await settle(pilot)
        assert sum("minutes are up" in n for n in notices(app)) == 1
        assert screen.timer.running  # never a forced stop
        session_ids = screen.timer.session_ids
    assert session_ids
    saved = store.today.session(session_ids[0])
    assert saved is not None and saved.active == timedelta(minutes=10, seconds=1)


async def test_starting_a_session_extends_the_streak(store: Store) -> None:
    for days in (1, 2):
        store.today.start_session(NOW - timedelta(days=days))
    clock = Clock(NOW)
    app = today_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None and screen.data.streak == 2
        await pilot.press("space")
        await until(pilot, lambda: screen.data is not None and screen.data.streak == 3, "streak")
        assert "streak 3 days" in str(screen.query_one("#today-counts", Static).render())


async def test_the_thank_queue_empties_as_you_thank(store: Store) -> None:
    clock = Clock(NOW)
    app = today_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None
        before = len(screen.data.cards)
        assert before >= 3
        first = screen.data.cards[0].person
        await pilot.press("t")
        composer = screen.query_one(Composer)
        await until(pilot, lambda: composer.is_open, "composer")
        assert composer.text == f"@{first.handle} "
        await pilot.press(*"thank you!", "ctrl+s")
        await until(
            pilot,
            lambda: screen.data is not None and len(screen.data.cards) == before - 1,
            "the queue to shrink",
        )
        assert first.id not in [c.person.id for c in screen.data.cards]


async def test_a_short_session_drops_nobody_from_the_thank_queue(store: Store) -> None:
    # The tester's steps: open Today, space twice (a 2-second session), quit,
    # start again, open Today: everyone still unthanked is still there.
    clock = Clock(NOW)
    async with today_app(store, clock).run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None
        waiting = [c.person.id for c in screen.data.cards]
        assert waiting
        await pilot.press("space")
        clock.now = NOW + timedelta(seconds=2)
        await pilot.press("space")
        await settle(pilot)
    session = store.today.last_session(NOW + timedelta(minutes=1))
    assert session is not None and session.ended_at == NOW + timedelta(seconds=2)

    clock = Clock(NOW + timedelta(minutes=1))
    async with today_app(store, clock).run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None
        assert [c.person.id for c in screen.data.cards] == waiting
        title = str(screen.query_one("#thank-title", Static).render())
        assert title == f"Thank queue · {len(waiting)} · since 7d"


def test_today_snapshot(snap_compare, store: Store) -> None:
    clock = Clock(NOW)
    app = today_app(store, clock)

    async def ready(pilot: Pilot[Any]) -> None:
        screen = await open_today(pilot)
        await pilot.press("space")
        clock.now = NOW + timedelta(minutes=3, seconds=7)
        screen.tick()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


async def test_thanking_a_card_highlights_the_next_one_at_once(store: Store) -> None:
    clock = Clock(NOW)
    app = today_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None and len(screen.data.cards) >= 3
        second, third = screen.data.cards[1].person, screen.data.cards[2].person
        await pilot.press("j", "t")
        composer = screen.query_one(Composer)
        await until(pilot, lambda: composer.is_open, "composer")
        await pilot.press(*"thank you!", "ctrl+s")
        await pilot.pause()
        # Before the write lands, the thanked card is gone and the next is under the cursor.
        assert screen.card is not None and screen.card.person.id == third.id
        await settle(pilot)
        assert screen.card is not None and screen.card.person.id == third.id
        assert second.id not in [c.person.id for c in screen.data.cards]


def _states(store: Store, ids: list[str]) -> set[str]:
    rows = store.inbox.window(limit=10_000, include_done=True, group=False)
    return {r.notification.state.value for r in rows if r.notification.id in ids}


async def _thank_the_first_card(pilot: Pilot[Any], store: Store) -> tuple[str, list[str]]:
    """Thank the first card's person from Today; their id and the new inbox
    items they had brought until then."""
    screen = await open_today(pilot)
    assert screen.data is not None
    person = screen.data.cards[0].person.id
    theirs = store.inbox.new_from(person, screen.data.since)
    assert theirs, "the first card's person brought something still new"
    await pilot.press("t")
    composer = screen.query_one(Composer)
    await until(pilot, lambda: composer.is_open, "composer")
    await pilot.press(*"thank you!", "ctrl+s")
    return person, theirs


async def test_thanking_someone_from_today_finishes_what_they_brought_in_the_inbox(
    store: Store,
) -> None:
    app = today_app(store, Clock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        _, theirs = await _thank_the_first_card(pilot, store)
        assert app.services.writes.flush(30)
    assert _states(store, theirs) == {"done"}


async def test_undo_after_a_thank_from_today_puts_their_items_back_and_cancels_it(
    store: Store,
) -> None:
    app = today_app(store, Clock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        person, theirs = await _thank_the_first_card(pilot, store)
        await settle(pilot)
        await pilot.press("u")
        assert app.services.writes.flush(30)
        await settle(pilot)
        assert any("cancelled" in n for n in notices(app))
    assert _states(store, theirs) == {"new"}
    assert [i.state.value for i in store.outbox.items() if i.draft_key == f"thank:{person}"] == [
        "cancelled"
    ]
