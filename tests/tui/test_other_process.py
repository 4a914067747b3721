"""What another process stores while the app is open shows without a key.

`engage sync` from cron or a second terminal writes the same SQLite file as
the open app. The app's own engine pulls nothing then (the other process
moved the shared cursors), so only the file itself can say it changed: the
app must show those rows within one tick of its sync thread, and at once
on `s`.

Real parts: the sandbox X server over HTTP, real tweepy, one real SQLite
file opened by the app and by a second Store (its own connection, as a
second process has), and once by a real `engage sync` subprocess.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import subprocess
import sys
import tempfile
from collections.abc import Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from textual.pilot import Pilot

from engage_tui.config import Config
from engage_tui.sandbox import WorldSpec, start_sandbox
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.inbox import InboxScreen
from engage_tui.tui.widgets.inbox_list import PAGE
from tests.sync.conftest import CLOCK_START, SimClock, World, start_world
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox, inbox_ready, settle, until

T = TypeVar("T")
TINY = WorldSpec(followers=6, own_posts=6, prospects=1, influencers=1, others=4)
CONFIG = Config(sync_interval_seconds=60, undo_seconds=5.0)
# The app's sync thread wakes at least this often once the test shortens
# its longest sleep (30 s in the app): the watch runs on that tick, and a
# test should not wait half a minute for it.
TICK_S = 0.3


@pytest.fixture
def world() -> Iterator[World]:
    w = start_world(spec=TINY)
    try:
        yield w
    finally:
        w.stop()


@pytest.fixture
def quick_tick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("engage_tui.sync.engine.MAX_SLEEP_S", TICK_S)


def app_on(store: Store, world: World) -> EngageApp:
    """The app with its own engine, on a clock that never moves: after its
    first pass no source of its own comes due again, so whatever else shows
    came from the other writer."""
    engine = SyncEngine(store, world.platform(), config=CONFIG, clock=SimClock(CLOCK_START))
    return EngageApp(CONFIG, store, engine, clock=lambda: CLOCK_START)


def other_process_syncs(world: World, path: Path) -> list[str]:
    """A second writer on the same file (its own Store and connection) syncs
    once after a new mention; returns that mention's post id."""
    stranger = next(u for u in world.state()["users"] if u["role"] == "other")
    made = world.event("mention", stranger["username"], text="@me from the other terminal")
    world.advance(120)
    with Store.open(path) as other:
        SyncEngine(other, world.platform(), config=CONFIG, clock=world.clock).run_once()
    return [str(made["post_id"])]


def shown_posts(app: EngageApp) -> set[str]:
    return {row.notification.post_id or "" for row in inbox(app).rows}


async def first_pass_done(pilot: Pilot[Any], app: EngageApp) -> None:
    """The app's own first pull is over and on screen (its rows are shown
    once a second at most, so a later reload is not one of its own)."""
    await inbox_ready(pilot)
    await until(
        pilot,
        lambda: app.sync_status is not None and app.sync_status.last_sync_at is not None,
        "the first sync",
    )
    await settle(pilot)
    await until(
        pilot,
        lambda: shown_rows(app) == stored_rows(app.services.store, app),
        "the first pull on screen",
    )


async def test_rows_another_process_stored_appear_without_a_key(
    world: World, tmp_path: Path, quick_tick: None
) -> None:
    path = tmp_path / "engage.db"
    with Store.open(path) as store:
        app = app_on(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await first_pass_done(pilot, app)
            posts = other_process_syncs(world, path)
            # No key is pressed: the app's sync tick alone brings them.
            await until(pilot, lambda: set(posts) <= shown_posts(app), "the other's rows")


async def test_s_shows_at_once_what_another_process_stored(world: World, tmp_path: Path) -> None:
    # The thread sleeps its full 30 s here: only `s` can wake it in time.
    path = tmp_path / "engage.db"
    with Store.open(path) as store:
        app = app_on(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await first_pass_done(pilot, app)
            posts = other_process_syncs(world, path)
            await pilot.press("s")
            await until(pilot, lambda: set(posts) <= shown_posts(app), "the other's rows")


@pytest.fixture
def world_now() -> Iterator[World]:
    """A world on today's clock: `engage sync` runs on the real one, and a
    first sync reads only the last days' mentions."""
    now = datetime.now(UTC)
    w = World(start_sandbox(seed=5, port=0, clock_start=now, world=TINY), SimClock(now))
    try:
        yield w
    finally:
        w.stop()


async def test_a_real_engage_sync_beside_the_open_app_shows_in_it(
    world_now: World, tmp_path: Path, quick_tick: None
) -> None:
    world = world_now
    home = tmp_path / "home"
    env = {
        **os.environ,
        **world.server.env,
        "ENGAGE_HOME": str(home),
        "ENGAGE_X_API_BASE": world.base_url,
    }
    # The CLI's own file under ENGAGE_HOME: created by a first sync there.
    cli = [sys.executable, "-m", "engage_tui.cli.main", "sync", "--now"]
    first = subprocess.run(cli, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    path = home / "data" / "engage.db"
    with Store.open(path) as store:
        app = app_on(store, world)
        async with app.run_test(size=SIZE) as pilot:
            await first_pass_done(pilot, app)
            stranger = next(u for u in world.state()["users"] if u["role"] == "other")
            made = world.event("mention", stranger["username"], text="@me from cron")
            world.advance(120)
            done = subprocess.run(cli, env=env, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
            post = str(made["post_id"])
            await until(pilot, lambda: post in shown_posts(app), "the mention cron stored")
            assert isinstance(app.screen, InboxScreen)


# --- the promise over time: shown exactly once, whatever the interleaving ------------
def stored_rows(store: Store, app: EngageApp) -> list[tuple[str, ...]]:
    """The rows the app's view should hold, each as its notification ids."""
    screen = app.screen
    assert isinstance(screen, InboxScreen)
    view = screen.view
    rows = store.inbox.window(
        limit=PAGE, kinds=view.kinds, include_done=view.include_done, accounts=view.accounts
    )
    return [row.group_ids or (row.notification.id,) for row in rows]


def shown_rows(app: EngageApp) -> list[tuple[str, ...]]:
    return [row.group_ids or (row.notification.id,) for row in inbox(app).rows[:PAGE]]


def twice(rows: list[tuple[str, ...]]) -> set[str]:
    ids = [i for row in rows for i in row]
    return {i for i in ids if ids.count(i) > 1}


class AnotherProcessBesideTheApp(RuleBasedStateMachine):
    """The app open on a file; a second writer syncs into it now and then;
    the user marks done, undoes and filters; time passes. After every step
    the app comes to show each stored item of its view exactly once, with
    no key pressed for it."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.context = contextvars.Context()
        self.world = start_world(spec=TINY)
        self.path = Path(tempfile.mkdtemp(dir=folder)) / "engage.db"
        self.store = Store.open(self.path)
        self.clock = SimClock(CLOCK_START)
        engine = SyncEngine(self.store, self.world.platform(), config=CONFIG, clock=self.clock)
        self.app = EngageApp(CONFIG, self.store, engine, clock=self.clock)
        self.running = self.app.run_test(size=SIZE)
        self.pilot = self.run(self.running.__aenter__())
        self.run(first_pass_done(self.pilot, self.app))

    def run(self, step: Coroutine[Any, Any, T]) -> T:
        # Every step in one context: Textual keeps the running app in
        # context variables that run_test sets in its first step.
        return self.loop.run_until_complete(self.loop.create_task(step, context=self.context))

    @rule(seconds=st.integers(10, 240), mention=st.booleans())
    def other_process_syncs(self, seconds: int, mention: bool) -> None:
        if mention:
            stranger = next(u for u in self.world.state()["users"] if u["role"] == "other")
            self.world.event("mention", stranger["username"], text="@me hello again")
        self.world.advance(seconds)
        with Store.open(self.path) as other:
            engine = SyncEngine(other, self.world.platform(), config=CONFIG, clock=self.world.clock)
            engine.run_once()

    @rule(seconds=st.integers(1, 120))
    def time_passes_for_the_app(self, seconds: int) -> None:
        # The app's own engine comes due now and then and pulls what the
        # other already stored: that must not show anything twice.
        self.clock.set(self.clock() + timedelta(seconds=seconds))

    @rule(moves=st.integers(0, 3))
    def mark_done(self, moves: int) -> None:
        async def keys() -> None:
            await self.pilot.press(*["j"] * moves, "e")

        self.run(keys())

    @rule()
    def undo(self) -> None:
        self.run(self.pilot.press("u"))

    @rule(choice=st.sampled_from([0, 2, 7]))
    def filter(self, choice: int) -> None:
        # 0: new items; 2: new followers; 7: everything, done included.
        async def keys() -> None:
            await self.pilot.press("f", *["j"] * choice, "enter")
            await until(self.pilot, lambda: isinstance(self.app.screen, InboxScreen), "inbox")

        self.run(keys())

    @invariant()
    def every_stored_item_shown_exactly_once(self) -> None:
        async def check() -> None:
            try:
                await until(
                    self.pilot,
                    lambda: shown_rows(self.app) == stored_rows(self.store, self.app),
                    "the inbox to show what is stored",
                )
            except AssertionError:
                shown, stored = shown_rows(self.app), stored_rows(self.store, self.app)
                missing = {i for r in stored for i in r} - {i for r in shown for i in r}
                raise AssertionError(
                    f"shown twice: {twice(shown)}; stored but not shown: {missing}"
                ) from None

        self.run(check())

    def teardown(self) -> None:
        try:
            self.run(self.running.__aexit__(None, None, None))
        finally:
            self.store.close()
            self.world.stop()
            self.loop.close()


def test_what_another_process_stores_is_shown_exactly_once(
    tmp_path: Path, quick_tick: None
) -> None:
    run_state_machine_as_test(
        lambda: AnotherProcessBesideTheApp(tmp_path),  # type: ignore[arg-type]
        settings=settings(
            max_examples=6,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
