"""Feedback that does not cover the inbox: one notice line that updates in
place, and first-run notes in a banner that stays until dismissed."""

from __future__ import annotations

import pytest

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent
from engage_tui.tui.app import EngageApp
from engage_tui.tui.messages import SyncEventArrived
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.notices import NotesBanner, NoticeLine
from tests.tui.conftest import SIZE
from tests.tui.helpers import go_to, inbox_ready, settle, toasts, until
from tests.tui.world import NOW


def notice(app: EngageApp) -> NoticeLine:
    return app.screen.query_one(NoticeLine)


def banner_text(app: EngageApp) -> str:
    banner = app.screen.query_one(NotesBanner)
    return str(banner.render()) if banner.display else ""


async def test_fast_triage_shows_one_notice_not_a_stack_of_toasts(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        before = len(listing.rows)
        for _ in range(8):
            await pilot.press("e")
        await settle(pilot)
        assert len(listing.rows) == before - 8
        assert not any("Done" in t for t in toasts(app))
        line = notice(app)
        assert line.display and line.words == "Done (u to undo)."
        await pilot.press("u")
        await settle(pilot)
        assert notice(app).words == "Back in the inbox."
        assert toasts(app) == []


async def test_the_notice_line_keeps_a_message_on_one_line(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        notice(app).show("first line\nsecond\tline")
        await pilot.pause()
        assert notice(app).words == "first line second line"
        assert notice(app).size.height == 1


async def test_first_run_notes_stay_in_a_banner_until_dismissed(store: Store) -> None:
    app = EngageApp(
        Config(),
        store,
        None,
        clock=lambda: NOW,
        banner="Demo: a simulated world. Nothing you do here reaches the network.",
    )
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        note = "Created a private list to follow your prospects in one request."
        app.post_message(SyncEventArrived(SyncEvent("note", message=note)))
        app.post_message(SyncEventArrived(SyncEvent("note", message=note)))
        await settle(pilot)
        text = banner_text(app)
        assert "Nothing you do here reaches" in text
        assert text.count(note) == 1
        assert text.startswith("Notes (x dismisses them):")
        assert toasts(app) == []
        await pilot.press("2")  # the banner is the app's, not the pane's
        await settle(pilot)
        assert note in banner_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert banner_text(app) == ""
        await pilot.press("1")
        await settle(pilot)
        assert banner_text(app) == ""


def test_l_without_a_post_says_why_for_each_kind_of_item() -> None:
    from engage_tui.domain import NotificationKind as K
    from engage_tui.tui.actions import nothing_to_like

    assert "a follow has no post" in nothing_to_like(K.FOLLOW)
    assert "a list add has no post" in nothing_to_like(K.LIST_ADD)
    assert "your own post" in nothing_to_like(K.LIKE)
    assert "your own post" in nothing_to_like(K.REPOST)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_toast_never_covers_the_composers_counter(
    app: EngageApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size, notifications=True) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
        await pilot.press("ctrl+s")  # nothing written: a warning toast
        app.notify("A long error that a network could send back, over several words " * 3)
        await settle(pilot)
        await until(pilot, lambda: len(app.screen.query("Toast")) == 2, "the toasts")
        await settle(pilot)
        counter = app.screen.query_one("#composer-count").region
        assert counter.area
        for toast in app.screen.query("Toast"):
            assert not toast.region.overlaps(counter), (toast.region, counter)


async def test_at_80x24_the_notes_take_four_lines_and_say_what_is_left(store: Store) -> None:
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await inbox_ready(pilot)
        for n in range(4):
            app.add_note(f"Note {n}: " + "a sentence that goes on for a while " * 3)
        await settle(pilot)
        banner = app.screen.query_one(NotesBanner)
        assert banner.size.height == 4
        assert banner_text(app).splitlines()[-1].startswith("… ")
        assert banner_text(app).splitlines()[-1].endswith(" more lines (X shows them)")


async def test_the_expand_key_shows_every_line_of_the_notes_and_folds_them_again(
    store: Store,
) -> None:
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await inbox_ready(pilot)
        for n in range(4):
            app.add_note(f"Note {n}: " + "a sentence that goes on for a while " * 3)
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        shown = banner_text(app).splitlines()
        assert shown[0] == "Notes (x dismisses them, X folds them):"
        assert "more line" not in shown[-1]
        assert sum(line.startswith("• Note ") for line in shown) == 4
        await pilot.press("X")
        await settle(pilot)
        assert app.screen.query_one(NotesBanner).size.height == 4


async def test_the_expand_key_is_the_one_the_keymap_gives(store: Store) -> None:
    app = EngageApp(Config(keymap={"app.toggle_notes": "N"}), store, None, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await inbox_ready(pilot)
        for n in range(4):
            app.add_note(f"Note {n}: " + "a sentence that goes on for a while " * 3)
        await settle(pilot)
        assert banner_text(app).splitlines()[-1].endswith("(N shows them)")
        await pilot.press("N")
        await settle(pilot)
        assert "N folds them" in banner_text(app).splitlines()[0]
