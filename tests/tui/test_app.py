"""App wiring: welcome, keymap, help, palette, sync events, status bar, link hand-over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandList, CommandPalette

from engage_tui.config import Config
from engage_tui.domain import ActionKind
from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent, SyncStatus
from engage_tui.tui.app import EngageApp
from engage_tui.tui.catalogue import all_bindings, unknown_ids
from engage_tui.tui.commands import EngageCommands, command_name
from engage_tui.tui.context import services
from engage_tui.tui.handoff import can_open_browser
from engage_tui.tui.kept_screens import shown_pane
from engage_tui.tui.live_bindings import screen_bindings
from engage_tui.tui.messages import DataChanged, SyncEventArrived
from engage_tui.tui.screens.help import HelpScreen
from engage_tui.tui.screens.welcome import WelcomeScreen
from engage_tui.tui.timefmt import ago, ago_words
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import make_app
from tests.tui.helpers import Heard, go_to, inbox, inbox_ready, notices, settle, until
from tests.tui.world import NOW

SIZE = (120, 40)


async def test_empty_store_without_account_shows_the_welcome(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, WelcomeScreen)
            await pilot.press("d")
            await settle(pilot)
        assert app.return_value == "demo"
    finally:
        store.close()


async def test_welcome_can_go_on_offline(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    try:
        app = make_app(store)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            listing = await inbox_ready(pilot)
            assert listing.rows == []
            assert "Nothing new" in listing.render_line(0).text
    finally:
        store.close()


async def test_keymap_from_config_remaps_by_id(store: Store) -> None:
    app = make_app(store, keymap={"inbox.done": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("x")
        await settle(pilot)
        assert "n-follow-dee" not in {r.notification.id for r in inbox(app).rows}


def test_binding_ids_are_unique_and_described() -> None:
    infos = all_bindings()
    ids = [i.id for i in infos]
    assert len(ids) == len(set(ids))
    assert all(i.description for i in infos)
    assert {"inbox.reply", "inbox.like", "inbox.thank", "inbox.done", "app.undo"} <= set(ids)


def test_unknown_keymap_ids_are_reported() -> None:
    assert unknown_ids({"inbox.reply": "R", "inbox.replly": "x"}) == ["inbox.replly"]


async def test_help_lists_the_panes_keys_and_purpose(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        keys = str(app.screen.query_one("#help-keys").render())
        assert "inbox.reply" in keys and "inbox.done" in keys
        assert "Everything that may need a human answer" in str(
            app.screen.query_one("#help-what").render()
        )
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen), "closed")


async def test_palette_commands_are_named_group_action(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        names = {command_name(info) for info in screen_bindings(app.screen)}
        assert {"inbox: mark done", "inbox: reply", "app: undo"} <= names
        assert not any(name.startswith("prospects:") for name in names)


async def test_palette_offers_every_panes_actions(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("4")
        await until(pilot, lambda: getattr(app.screen, "GROUP", "") == "today", "today")
        names = {command.name for command in EngageCommands(app.screen).commands()}
        assert {
            "today: thank",
            "inbox: reply",
            "prospects: add @handle",
            "drafts: discard",
        } <= names
        assert {name for name in names if name.startswith("inbox:")} >= {
            "inbox: mark done",
            "inbox: filter",
        }


async def test_palette_reply_from_today_goes_to_the_inbox_and_replies(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("4")
        await until(pilot, lambda: getattr(app.screen, "GROUP", "") == "today", "today")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"inbox", "colon", "space", *"reply")
        await until(
            pilot,
            lambda: str(app.screen.query_one(CommandList).get_option_at_index(0).prompt).startswith(
                "inbox: reply"
            ),
            "inbox: reply as the first hit",
        )
        await pilot.press("enter")
        await until(pilot, lambda: shown_pane(app) == "inbox", "the inbox")
        await until(pilot, lambda: bool(app.screen.query(Composer)), "the composer")
        composer = app.screen.query_one(Composer)
        await until(pilot, lambda: composer.display, "the composer shown")
        assert composer.request is not None and composer.request.action is ActionKind.REPLY


async def test_services_outside_an_engage_app_is_a_plain_error() -> None:
    class Plain(App[None]):
        pass

    app = Plain()
    async with app.run_test(size=SIZE):
        with pytest.raises(TypeError, match="Plain gives its screens no engage Services"):
            services(app.screen)


async def test_pulled_bursts_refresh_once(app: EngageApp) -> None:
    heard = Heard()
    async with app.run_test(size=SIZE, message_hook=heard) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        heard.clear()
        before = app.data_version
        for _ in range(20):
            app.post_message(SyncEventArrived(SyncEvent("pulled", count=3)))
        await settle(pilot)
        await until(pilot, lambda: app.data_version > before, "batched refresh")
        await settle(pilot)
        assert app.data_version == before + 1
        assert [m.reason for m in heard.of(DataChanged)] == ["pulled"]


async def test_sync_errors_are_plain_notifications(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        app.post_message(SyncEventArrived(SyncEvent("error", message="[bold]X is down[/]")))
        await settle(pilot)
        assert "[bold]X is down[/]" in notices(app)


async def test_status_bar_offline_counts_queued(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("l")
        bar = app.screen.query_one(StatusBar)
        await until(pilot, lambda: "1 queued" in str(bar.render()), "count")
        text = str(bar.render())
        assert "no account (offline)" in text
        assert "$0.00 this month" in text


async def test_status_bar_shows_sync_status(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        status = SyncStatus(
            online=True,
            last_sync_at=NOW - timedelta(minutes=2),
            rate_remaining=287,
            month_spend_usd=0.42,
        )
        app.post_message(SyncEventArrived(SyncEvent("status", status=status)))
        await settle(pilot)
        text = str(app.screen.query_one(StatusBar).render())
        assert "synced 2m ago" in text
        assert "287 calls left" in text
        assert "$0.42 this month" in text


def test_relative_times() -> None:
    now = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=20), now) == "now"
    assert ago(now - timedelta(minutes=3), now) == "3m"
    assert ago(now - timedelta(hours=2), now) == "2h"
    assert ago(now - timedelta(days=4), now) == "4d"
    assert ago_words(now - timedelta(days=4), now) == "4d ago"
    assert ago_words(None, now) == "never"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":0"}, False),
        ({"BROWSER": "firefox"}, True),
        ({}, None),  # Linux with no display: no; elsewhere: yes
        ({"DISPLAY": ":0"}, True),
    ],
)
def test_can_open_browser(env: dict[str, str], expected: bool | None) -> None:
    import sys

    if expected is None:
        expected = not sys.platform.startswith("linux")
    assert can_open_browser(env) is expected


async def test_no_colour_is_not_forced(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        assert app.no_color


async def test_the_welcome_reflows_to_the_dialog_at_80_columns(tmp_path: Path) -> None:
    from engage_tui.tui.screens.welcome import INTRO

    with Store.open(tmp_path / "empty.db") as store:
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, WelcomeScreen)
            intro = app.screen.query(".welcome-para").first()
            width, height = intro.size.width, intro.size.height
            # Filled lines: as few as the words need, none holding a lone word.
            assert height <= len(INTRO) // (width - 12) + 1
            assert width >= 60
