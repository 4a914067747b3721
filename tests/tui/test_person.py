"""The person view: profile, notes that persist, tags, history; opened from any row."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from engage_tui.domain import Direction, Interaction
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.person import PersonScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from tests.tui.conftest import SIZE, make_app
from tests.tui.helpers import go_to, inbox_ready, settle, until
from tests.tui.world import ALAN, ANA, GRACE, MAL, MARKUP_TEXT, NOW


async def open_person_from_inbox(pilot: Pilot[Any], notification_id: str) -> PersonScreen:
    app = pilot.app
    await inbox_ready(pilot)
    await go_to(pilot, notification_id)
    await pilot.press("P")
    await until(pilot, lambda: isinstance(app.screen, PersonScreen), "person view")
    screen = app.screen
    assert isinstance(screen, PersonScreen)
    await until(pilot, lambda: screen.summary is not None, "summary")
    await settle(pilot)
    return screen


async def test_P_on_an_inbox_row_opens_that_person_with_their_history(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        assert screen.person_id == ANA.id
        summary = screen.summary
        assert summary is not None
        assert [e.interaction.kind for e in summary.timeline] == ["mention", "like"]
        assert summary.inbound_30d == 2 and summary.outbound_30d == 0


async def test_remote_text_in_the_history_is_shown_literally(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-mal")
        assert screen.person_id == MAL.id
        rendered = str(
            screen.query_one("#person-timeline", OptionList).get_option_at_index(0).prompt
        )
        assert "[bold red]x[/]" in rendered and "\x1b" not in rendered
        assert MARKUP_TEXT.split()[0] in rendered


async def test_notes_typed_are_kept_for_a_new_app_on_the_same_file(
    store: Store, db_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_person_from_inbox(pilot, "n-follow-dee")
        await pilot.press("n")
        await pilot.press(*"Runs a bakery")
        await pilot.press("escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, PersonScreen), "back")
    store.close()
    with Store.open(db_path) as again:
        app2 = make_app(again)
        async with app2.run_test(size=SIZE) as pilot:
            screen = await open_person_from_inbox(pilot, "n-follow-dee")
            assert screen.query_one("#person-notes", TextArea).text == "Runs a bakery"
        assert [h.kind for h in again.inbox.search("bakery")] == ["note"]


async def test_tags_are_saved_on_enter(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        await pilot.press("g")
        assert screen.query_one("#person-tags", Input).has_focus
        await pilot.press(*"customer, Partner", "enter")
        await settle(pilot)
        assert store.prospects.tags(ANA.id) == ("customer", "partner")


async def test_enter_on_a_prospect_opens_the_person(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        prospects = app.screen
        assert isinstance(prospects, ProspectsScreen)
        await until(pilot, lambda: bool(prospects.prospects), "prospect list")
        first = prospects.prospects[0].person_id
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen), "person view")
        assert app.screen.person_id == first  # type: ignore[attr-defined]


async def test_prospects_past_stale_days_are_marked_until_you_engage(store: Store) -> None:
    store.prospects.add_interaction(
        Interaction(GRACE.id, Direction.OUTBOUND, "reply", NOW - timedelta(days=2), "9", "hi")
    )
    app = make_app(store, stale_days=7)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: len(screen.prospects) == 2, "prospect list")
        lines = {p.person_id: str(screen._line(p)) for p in screen.prospects}
        assert lines[ALAN.id].startswith("! ") and "never" in lines[ALAN.id]
        assert lines[GRACE.id].startswith("  ") and "2d ago" in lines[GRACE.id]
        # Stalest first: Alan, never engaged, leads.
        assert [p.person_id for p in screen.prospects] == [ALAN.id, GRACE.id]
        await pilot.press("S")
        await until(pilot, lambda: screen.sort == "name", "sort by name")


def test_person_snapshot(snap_compare, app: EngageApp) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await open_person_from_inbox(pilot, "n-mention-ana")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


async def test_notes_added_elsewhere_while_typing_are_kept_after_the_typed_words(
    store: Store, db_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-follow-dee")
        await pilot.press("n")
        await pilot.press(*"Runs a bakery")
        # Meanwhile `engage prospects import` (another process) adds a line.
        with Store.open(db_path) as other:
            other.prospects.set_notes(screen.person_id, "Met at the fair", NOW)
        await pilot.press("escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, PersonScreen), "back")
        assert app.services.writes.flush(30)
        person_id = screen.person_id
    assert store.prospects.notes(person_id) == "Runs a bakery\nMet at the fair"


def test_a_stored_kind_engage_does_not_know_is_drawn_through_the_safe_path() -> None:
    # A file imported by an older engage may have stored any text as a kind.
    from engage_tui.domain import Direction, Interaction
    from engage_tui.store.relationship_results import TimelineEntry
    from engage_tui.tui.screens.person import entry_line

    raw = Interaction("1", Direction.INBOUND, "zap\x1b]0;TITLE\x07", NOW)
    line = entry_line(TimelineEntry(raw, None), NOW).plain
    assert "zap" in line
    assert "\x1b" not in line and "\x07" not in line
