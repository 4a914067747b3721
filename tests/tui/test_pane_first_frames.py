"""Each pane draws its first frame from what it has and fills the rest after.

The store's reads are held (as a busy disk or another process holds them):
the pane opens at once all the same, says in one line that it is loading
once the rows are slow to come, and shows them when the read lets go. The
tray and the search are built once and kept: a later opening shows the same
pane again, started anew, instead of composing and styling a new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from engage_tui.domain import ActionKind, Draft
from engage_tui.store import Store
from engage_tui.tui import screens
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.person import PersonScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.screens.search import SearchScreen
from engage_tui.tui.screens.today import TodayScreen
from engage_tui.tui.screens.tray import TrayScreen
from engage_tui.tui.widgets.keyed_list import LOADING_AFTER_S, KeyedList
from tests.tui.conftest import SIZE
from tests.tui.helpers import DEADLINE_S, go_to, inbox_ready, until
from tests.tui.test_keyed_list import _OneList
from tests.tui.test_keys_never_wait import HeldReads, while_held
from tests.tui.test_person import open_person_from_inbox
from tests.tui.test_tray import LIKE_URL, hand
from tests.tui.world import ANA, DEE, NOW


@pytest.fixture
def held(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldReads]:
    reads = HeldReads(store, monkeypatch)
    yield reads
    reads.release()  # a failed test must not leave a worker waiting


def lines(app: EngageApp, selector: str) -> list[str]:
    listing = app.screen.query_one(selector, OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def text_of(app: EngageApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def shown_while_held(
    pilot: Pilot[Any], held: HeldReads, key: str, pane: type[object], listing: str, words: str
) -> None:
    """Press ``key`` with the pane's read held: the pane is on screen, its
    list saying ``words``, before the read has returned."""
    app = pilot.app
    await pilot.press(key)
    await while_held(pilot, lambda: isinstance(app.screen, pane), f"the {pane.__name__}")
    await while_held(pilot, lambda: lines(app, listing) == [words], f"{words!r}")  # type: ignore[arg-type]
    assert held.on_ui_thread == []


async def test_prospects_are_drawn_before_the_watchlist_is_read_then_filled(
    app: EngageApp, held: HeldReads
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        with held.holding("prospects.listing"):
            await shown_while_held(
                pilot, held, "2", ProspectsScreen, "#prospect-list", "Loading your prospects…"
            )
            assert text_of(app, "#prospects-title") == "Prospects"
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: len(screen.prospects) == 2, "the watchlist")
        assert "Loading your prospects…" not in lines(app, "#prospect-list")


async def test_drafts_are_drawn_before_they_are_read_then_filled(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    store.drafts.save(
        Draft(key="reply:200", text="Slides are", updated_at=NOW, target_post_id="200")
    )
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        with held.holding("drafts.all"):
            await shown_while_held(
                pilot, held, "3", DraftsScreen, "#draft-list", "Loading your drafts…"
            )
        screen = app.screen
        assert isinstance(screen, DraftsScreen)
        await until(pilot, lambda: screen.draft is not None, "the draft listed")
        assert "Loading your drafts…" not in lines(app, "#draft-list")


async def test_today_is_drawn_before_the_day_is_read_then_filled(
    app: EngageApp, held: HeldReads
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        with held.holding("today.thank_queue"):
            await shown_while_held(
                pilot, held, "4", TodayScreen, "#thank-list", "Loading the thank queue…"
            )
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await until(pilot, lambda: screen.data is not None, "the day")
        assert "Loading the thank queue…" not in lines(app, "#thank-list")


async def test_the_tray_is_drawn_before_it_is_read_and_claims_no_count_it_has_not_read(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    hand(store, ActionKind.LIKE, "301", LIKE_URL)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        with held.holding("outbox.items"):
            await shown_while_held(pilot, held, "F", TrayScreen, "#tray-list", "Loading the tray…")
            # Not "Nothing to finish": nothing has been read yet.
            assert text_of(app, "#tray-title") == "Waiting to finish on the network"
        await until(
            pilot, lambda: text_of(app, "#tray-title") == "1 to finish on the network", "the count"
        )
        assert len(lines(app, "#tray-list")) == 1


async def test_a_person_is_drawn_before_they_are_read_then_filled(
    app: EngageApp, held: HeldReads
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        with held.holding("prospects.person_summary"):
            await shown_while_held(
                pilot, held, "P", PersonScreen, "#person-timeline", "Loading this person…"
            )
        screen = app.screen
        assert isinstance(screen, PersonScreen)
        await until(pilot, lambda: screen.summary is not None, "the person")
        assert "Loading this person…" not in lines(app, "#person-timeline")


async def test_the_tray_opened_again_is_the_same_pane_showing_what_waits_now(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, TrayScreen), "the tray")
        first = app.screen
        await until(pilot, lambda: text_of(app, "#tray-title").startswith("Nothing"), "read")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TrayScreen), "the tray closed")
        hand(store, ActionKind.LIKE, "301", LIKE_URL)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, TrayScreen), "the tray again")
        assert app.screen is first  # shown again, not composed anew
        await until(
            pilot, lambda: text_of(app, "#tray-title") == "1 to finish on the network", "the like"
        )


async def test_search_opened_again_is_the_same_pane_started_empty(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search")
        first = app.screen
        assert isinstance(first, SearchScreen)
        await pilot.press(*"slides", "enter")
        await until(pilot, lambda: bool(first.hits), "a result")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SearchScreen), "search closed")
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search again")
        shown: object = app.screen
        assert shown is first  # shown again, not composed anew
        query = first.query_one("#search-query", Input)
        assert query.value == "" and query.has_focus
        assert first.hits == [] and lines(app, "#search-results") == []


async def test_rows_that_come_at_once_show_no_loading_line() -> None:
    app = _OneList()
    async with app.run_test() as pilot:
        listing = app.query_one("#list", KeyedList)
        listing.loading_line("Loading…")
        listing.show(["ana"], ["Ana"])
        # Past the moment the line would have come: the rows are still there.
        await pilot.pause(LOADING_AFTER_S * 3)
        assert [
            str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
        ] == ["Ana"]


async def test_every_panes_rules_are_read_with_the_apps_at_start_up(app: EngageApp) -> None:
    # Read the first time a pane was shown, they made Textual parse every
    # rule of the app again and restyle every widget on that opening.
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        for css in sorted(Path(screens.__file__).parent.glob("*.tcss")):
            assert app.stylesheet.has_source(str(css), ""), f"{css.name} is not read at start-up"


async def test_the_person_view_opened_again_shows_only_the_new_person(
    app: EngageApp, store: Store
) -> None:
    store.prospects.set_tags(DEE.id, ["baker"])
    async with app.run_test(size=SIZE) as pilot:
        first = await open_person_from_inbox(pilot, "n-mention-ana")
        await pilot.press("n", *"Ana runs the meetup", "escape", "g", *"speaker", "escape")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, PersonScreen), "back")
        again = await open_person_from_inbox(pilot, "n-follow-dee")
        assert again is first  # shown again, not composed anew
        assert again.person_id == DEE.id
        assert again.query_one("#person-notes", TextArea).text == ""
        assert again.query_one("#person-tags", Input).value == "baker"
        assert "Ana" not in text_of(app, "#person-title")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, PersonScreen), "back again")
    assert app.services.writes.flush(DEADLINE_S)
    # Each one's words went to them, and only to them.
    assert store.prospects.notes(ANA.id) == "Ana runs the meetup"
    assert store.prospects.tags(ANA.id) == ("speaker",)
    assert store.prospects.notes(DEE.id) == ""
    assert store.prospects.tags(DEE.id) == ("baker",)
