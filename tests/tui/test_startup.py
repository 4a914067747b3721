"""What start-up leaves for after the first frame still happens."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from engage_tui.domain import Notification, NotificationKind
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.composer import Composer
from tests.tui.conftest import SIZE, make_app
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.world import ANA, M1, NOW, OWNER, PEOPLE, POSTS

MANY = 300


def _many_mentions(path: Path) -> Store:
    store = Store.open(path)
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    events = [
        Notification(
            f"n-{i}",
            NotificationKind.MENTION,
            ANA.id,
            NOW - timedelta(minutes=i + 1),
            post_id=M1.id,
            network="x",
        )
        for i in range(MANY)
    ]
    store.sync_state.apply_pull(
        "fixture", PullResult(events=events, people=PEOPLE, posts=POSTS), NOW
    )
    return store


async def test_rows_below_the_first_screen_arrive_without_a_key(tmp_path: Path) -> None:
    store = _many_mentions(tmp_path / "many.db")
    app = make_app(store)
    try:
        async with app.run_test(size=SIZE) as pilot:
            listing = await inbox_ready(pilot)
            await until(pilot, lambda: len(listing.rows) > SIZE[1], "the rows after the first page")
            assert len(listing.rows) < MANY  # still a window, not the whole inbox
            for _ in range(MANY // 100 + 2):  # each G nears the end: the next page follows
                await pilot.press("G")
                await settle(pilot)
            assert len(listing.rows) == MANY
            assert [r.notification.id for r in listing.rows] == [f"n-{i}" for i in range(MANY)]
    finally:
        store.close()


async def test_inbox_title_gets_its_count_after_start(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        title = app.screen.query_one("#inbox-title", Static)
        await until(pilot, lambda: "·" in str(title.render()), "the inbox count")
        assert str(title.render()).startswith("Inbox · new · ")


async def test_composer_opened_at_once_has_its_rules(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: bool(app.screen.query(Composer)), "the composer")
        composer = app.screen.query_one(Composer)
        await until(pilot, lambda: composer.display, "the composer shown")
        # From Composer.DEFAULT_CSS: `border-top: tall $accent`.
        assert composer.styles.border_top[0] == "tall"


async def test_second_pane_shown_at_once_has_its_rules(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await until(pilot, lambda: bool(app.screen.query("#prospects-left")), "prospects")
        left = app.screen.query_one("#prospects-left")
        # From prospects.tcss: `border-right: vkey $panel`.
        assert left.styles.border_right[0] == "vkey"


async def test_a_resized_terminal_lays_the_inbox_out_again(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await settle(pilot)
        assert listing.size.width == SIZE[0]
        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1] - 10)
        await until(pilot, lambda: listing.size.width == SIZE[0] - 30, "the narrower inbox")
        status = app.screen.query_one("#status-bar")
        assert status.region.bottom <= SIZE[1] - 10
