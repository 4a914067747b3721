"""The person view's links: L links another account of this person (picked
from the people engage knows, or typed), U unlinks one; the view then lists
every account with its network and reads the history across them."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from engage_tui.domain import Direction, Interaction, Person
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.link_picker import AccountPicker
from engage_tui.tui.screens.person import PersonScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import settle, until
from tests.tui.test_never_raw import screen_text
from tests.tui.test_person import open_person_from_inbox
from tests.tui.world import ANA, ago

BLUE_ANA = Person("did:plc:ana", "ana.bsky.social", "Ana Lima", network="bluesky")
MASTO_ANA = Person(
    "mastodon:example.social/accounts/5", "ana@example.social", "Ana", network="mastodon"
)


def _ana_elsewhere(store: Store) -> None:
    store.people.upsert([BLUE_ANA, MASTO_ANA])
    store.prospects.add_interaction(
        Interaction(BLUE_ANA.id, Direction.INBOUND, "reply", ago(minutes=1), text="on bsky too!")
    )
    store.prospects.set_notes(BLUE_ANA.id, "met at the Bluesky meetup", ago(days=3))


def _text(screen: PersonScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _picker(pilot: Pilot[Any]) -> AccountPicker:
    await pilot.press("L")
    await until(pilot, lambda: isinstance(pilot.app.screen, AccountPicker), "picker")
    picker = pilot.app.screen
    assert isinstance(picker, AccountPicker)
    return picker


async def _linked(pilot: Pilot[Any], screen: PersonScreen, count: int) -> None:
    await until(pilot, lambda: pilot.app.screen is screen, "back on the person")
    await until(
        pilot,
        lambda: screen.summary is not None and len(screen.summary.accounts) == count,
        f"{count} accounts",
    )
    await settle(pilot)


async def test_L_links_a_typed_handle_and_the_view_reads_both_networks(
    app: EngageApp, store: Store
) -> None:
    _ana_elsewhere(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        await _picker(pilot)
        await pilot.press(*"bluesky:ana.bsky.social", "enter")
        await _linked(pilot, screen, 2)
        assert store.people.accounts_of(ANA.id) == [ANA.id, BLUE_ANA.id]
        accounts = _text(screen, "#person-accounts")
        assert "X" in accounts and "@ana" in accounts
        assert "Bluesky  @ana.bsky.social" in accounts
        first = str(screen.query_one("#person-timeline", OptionList).get_option_at_index(0).prompt)
        assert "Bluesky" in first and "on bsky too!" in first
        assert "met at the Bluesky meetup" in screen.query_one("#person-notes").text  # type: ignore[attr-defined]


async def test_L_picks_from_the_people_engage_knows_by_what_is_typed(
    app: EngageApp, store: Store
) -> None:
    _ana_elsewhere(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        picker = await _picker(pilot)
        await pilot.press(*"ana@")
        await settle(pilot)
        options = picker.query_one(OptionList)
        assert options.option_count == 1
        assert "@ana@example.social" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await _linked(pilot, screen, 2)
        assert store.people.accounts_of(MASTO_ANA.id) == [ANA.id, MASTO_ANA.id]


async def test_a_handle_engage_does_not_know_is_said_and_nothing_is_linked(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_person_from_inbox(pilot, "n-mention-ana")
        picker = await _picker(pilot)
        await pilot.press(*"bluesky:nobody.bsky.social", "enter")
        await settle(pilot)
        assert pilot.app.screen is picker
        message = str(picker.query_one("#picker-message", Static).render())
        assert "does not know bluesky:nobody.bsky.social yet" in message
        await pilot.press("escape")
        assert store.people.accounts_of(ANA.id) == [ANA.id]


async def test_a_typed_word_that_is_no_handle_is_said_plainly(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_person_from_inbox(pilot, "n-mention-ana")
        picker = await _picker(pilot)
        await pilot.press(*"x:not a handle", "enter")
        await settle(pilot)
        message = str(picker.query_one("#picker-message", Static).render())
        assert "is not an X handle" in message
        assert picker.query_one(Input).value == "x:not a handle"


async def test_U_unlinks_the_account_picked_and_each_keeps_its_own(
    app: EngageApp, store: Store
) -> None:
    _ana_elsewhere(store)
    store.people.link_accounts(ANA.id, BLUE_ANA.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        assert screen.summary is not None and len(screen.summary.accounts) == 2
        await pilot.press("U")
        await until(pilot, lambda: isinstance(pilot.app.screen, AccountPicker), "picker")
        await pilot.press("down", "enter")
        await _linked(pilot, screen, 1)
        assert store.people.accounts_of(ANA.id) == [ANA.id]
        assert store.prospects.notes(BLUE_ANA.id) == "met at the Bluesky meetup"
        assert "Bluesky" not in _text(screen, "#person-accounts")


async def test_U_on_a_person_of_one_account_says_there_is_nothing_to_unlink(
    app: EngageApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_person_from_inbox(pilot, "n-mention-ana")
        await pilot.press("U")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PersonScreen)


def test_linked_person_snapshot(snap_compare, app: EngageApp, store: Store) -> None:
    _ana_elsewhere(store)
    store.people.link_accounts(ANA.id, BLUE_ANA.id)
    store.people.link_accounts(ANA.id, MASTO_ANA.id)
    store.prospects.add_interaction(
        Interaction(MASTO_ANA.id, Direction.INBOUND, "like", ago(hours=2))
    )

    async def ready(pilot: Pilot[Any]) -> None:
        await open_person_from_inbox(pilot, "n-mention-ana")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


async def test_every_linked_account_is_on_screen_even_with_a_long_handle(
    app: EngageApp, store: Store
) -> None:
    """A Mastodon handle with its server can be longer than the left column;
    it is cut with a mark on its own line, and never pushes another account
    out of the box (in a three-network walk the X account was hidden)."""
    long_ana = Person(
        "mastodon:example.social/accounts/9",
        "ana.lima.the.potter.of.the.harbour@pottery-makers.example.social:46155",
        "Ana Lima, potter of the harbour studio",
        network="mastodon",
    )
    store.people.upsert([BLUE_ANA, long_ana])
    store.people.link_accounts(ANA.id, BLUE_ANA.id)
    store.people.link_accounts(ANA.id, long_ana.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        await _linked(pilot, screen, 3)
        shown = screen_text(app)
        assert f"X        @{ANA.handle}" in shown
        assert "Bluesky  @ana.bsky.social" in shown
        assert "Mastodon @ana.lima" in shown
        assert "…" in shown.split("Mastodon @ana.lima", 1)[1].split("\n", 1)[0]
