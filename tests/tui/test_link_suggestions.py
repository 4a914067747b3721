"""Suggested links in the person view and in Today: each with its evidence in
one line; y links the two accounts, n says no and the pair never comes back."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from engage_tui.domain import Person, ProfileFact
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.person import PersonScreen
from engage_tui.tui.screens.today import TodayScreen
from engage_tui.tui.widgets.link_suggestions import LinkSuggestions, SuggestionList
from tests.tui.conftest import SIZE, make_app
from tests.tui.helpers import inbox_ready, notices, settle, until
from tests.tui.test_person import open_person_from_inbox
from tests.tui.world import ANA

EVIDENCE = "Bluesky handle ana.example is the website in X profile @ana"


def ana_on_two_networks(
    store: Store, bluesky_name: str = "Ana", x_label: str = "X profile @ana"
) -> None:
    """Ana's X profile names her website; a Bluesky account's handle is it."""
    store.people.upsert(
        [
            Person(
                ANA.id,
                ANA.handle,
                ANA.name,
                "x",
                facts=(
                    ProfileFact("home", "https://x.com/ana", label=x_label),
                    ProfileFact("website", "https://ana.example"),
                ),
            ),
            Person(
                "did:plc:ana",
                "ana.example",
                bluesky_name,
                "bluesky",
                facts=(
                    ProfileFact("home", "https://bsky.app/profile/ana.example", label="x"),
                    ProfileFact("domain", "ana.example", label="Bluesky handle ana.example"),
                ),
            ),
        ]
    )


def lines(section: LinkSuggestions) -> list[str]:
    listing = section.query_one(SuggestionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def suggestions_shown(pilot: Pilot[Any], section: LinkSuggestions) -> None:
    await until(pilot, lambda: bool(section.found), "suggestions read")
    await settle(pilot)


async def ana_suggested(pilot: Pilot[Any]) -> LinkSuggestions:
    """Ana's person view, once its suggestions are shown."""
    screen = await open_person_from_inbox(pilot, "n-mention-ana")
    section = screen.query_one(LinkSuggestions)
    await suggestions_shown(pilot, section)
    return section


async def test_the_person_view_shows_a_suggestion_with_its_evidence_line(store: Store) -> None:
    ana_on_two_networks(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        section = await ana_suggested(pilot)
        assert section.display
        assert lines(section) == [EVIDENCE]


async def test_a_person_without_evidence_shows_no_section(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        section = screen.query_one(LinkSuggestions)
        await settle(pilot)
        assert section.found == [] and not section.display


async def test_y_in_the_person_view_links_the_two_accounts(store: Store) -> None:
    ana_on_two_networks(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        section = await ana_suggested(pilot)
        await pilot.press("tab")  # from the history to the suggestions below it
        assert section.query_one(SuggestionList).has_focus
        await pilot.press("y")
        await until(pilot, lambda: len(store.people.accounts_of(ANA.id)) == 2, "linked")
        await settle(pilot)
        assert sorted(store.people.accounts_of("did:plc:ana")) == sorted([ANA.id, "did:plc:ana"])
        assert not section.display
        assert "Linked: X @ana and Bluesky @ana.example are one person." in notices(app)


async def test_n_in_the_person_view_turns_it_down_for_good(store: Store) -> None:
    ana_on_two_networks(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await ana_suggested(pilot)
        await pilot.press("tab", "n")
        await until(pilot, lambda: store.suggestions.offered() == [], "turned down")
        await settle(pilot)
        # n here was the answer, not the notes key.
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.query_one("#person-notes").has_focus is False
    ana_on_two_networks(store)  # both profiles read again: still no suggestion
    assert store.suggestions.offered() == []
    assert store.people.accounts_of(ANA.id) == [ANA.id]


async def test_today_lists_the_open_suggestions_and_y_links(store: Store) -> None:
    ana_on_two_networks(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("4")
        await until(pilot, lambda: isinstance(app.screen, TodayScreen), "today")
        section = app.screen.query_one(LinkSuggestions)
        await suggestions_shown(pilot, section)
        assert lines(section) == [EVIDENCE]
        await pilot.press("tab")  # from the thank queue to the suggestions
        assert section.query_one(SuggestionList).has_focus
        await pilot.press("y")
        await until(pilot, lambda: len(store.people.accounts_of(ANA.id)) == 2, "linked")
        await settle(pilot)
        assert not section.display
        assert app.screen.query_one("#thank-list", OptionList).has_focus


async def test_a_hostile_evidence_line_is_shown_literally(store: Store) -> None:
    # A handle is the network's word; it still reaches the screen only through
    # the safe path (no markup, no escape sequence).
    ana_on_two_networks(store, x_label="X profile @[b]ana\x1b[2J")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        section = await ana_suggested(pilot)
        [line] = lines(section)
        assert "[b]ana" in line and "\x1b" not in line
