"""Today's thank queue with linked accounts: one card per person, a line per
network; the thank goes where they engaged last (ctrl+o moves it to another
of their networks) and answers only the network it is sent on.

An X account (the sandbox's real X platform, never started) and a Bluesky one
share the store: Ana on X and Jun on Bluesky are linked as one person."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from engage_tui.domain import Direction, Interaction, Person
from engage_tui.store import Store
from engage_tui.tui.screens.today import TodayScreen
from engage_tui.tui.widgets.composer import Composer
from tests.sync.conftest import World, start_world
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, notices, settle, until
from tests.tui.mixed_world import JUN, ME_BSKY, accounts, populate_mixed, stored_id
from tests.tui.test_accounts import mixed_app
from tests.tui.world import ANA, NOW, OWNER


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with start_world() as w:
        yield w


@pytest.fixture
def linked(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "mixed.db") as opened:
        populate_mixed(opened)
        opened.people.link_accounts(ANA.id, JUN.id)
        yield opened


async def open_today(pilot: Pilot[Any]) -> TodayScreen:
    await inbox_ready(pilot)
    await pilot.press("4")
    await until(pilot, lambda: isinstance(pilot.app.screen, TodayScreen), "today")
    screen = pilot.app.screen
    assert isinstance(screen, TodayScreen)
    await until(pilot, lambda: screen.data is not None, "today's data")
    await settle(pilot)
    return screen


def _card_of(screen: TodayScreen, account: str) -> int:
    assert screen.data is not None
    for n, card in enumerate(screen.data.cards):
        if account in [p.person.id for p in card.parts]:
            return n
    raise AssertionError(f"no card for {account}")


async def test_a_linked_person_has_one_card_with_a_line_per_network(
    linked: Store, world: World
) -> None:
    app = mixed_app(linked, accounts(linked, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None
        theirs = [c for c in screen.data.cards if {ANA.id, JUN.id} & {p.person.id for p in c.parts}]
        assert len(theirs) == 1
        card = theirs[0]
        # Ana's mention on X (3 minutes ago) is newer than Jun's on Bluesky.
        assert [p.person.id for p in card.parts] == [ANA.id, JUN.id]
        text = str(screen._card(card, screen.svc.now()))
        assert "X: mentioned you, liked a post" in text
        assert "Bluesky: followed you, mentioned you" in text


def _engaged(screen: TodayScreen, account: str) -> list[int]:
    """The week's "Who engages" totals of lines naming ``account``."""
    assert screen.data is not None
    return [e.total for e in screen.data.week if e.person_id == account]


async def test_who_engages_counts_a_linked_person_once_with_every_networks_engagement(
    linked: Store, world: World
) -> None:
    app = mixed_app(linked, accounts(linked, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None
        ana, jun = _engaged(screen, ANA.id), _engaged(screen, JUN.id)
        shown = str(screen.query_one("#engagers", Static).render())

    # Ana's mention and like on X, and Jun's mention on Bluesky: one line.
    assert (ana, jun) == ([3], [])
    week = shown.split("Last 30 days")[0]
    assert f"@{ANA.handle} " in week and f"@{JUN.handle}" not in week


async def _composer_open(pilot: Pilot[Any], screen: TodayScreen) -> Composer:
    composer = screen.query_one(Composer)
    await until(pilot, lambda: composer.is_open, "composer")
    return composer


async def test_ctrl_o_moves_the_thank_to_bluesky_and_only_bluesky_is_answered(
    linked: Store, world: World
) -> None:
    app = mixed_app(linked, accounts(linked, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        listing = screen.query_one("#thank-list")
        listing.highlighted = _card_of(screen, ANA.id)  # type: ignore[attr-defined]
        await pilot.press("t")
        composer = await _composer_open(pilot, screen)
        assert composer.text == f"@{ANA.handle} "
        await pilot.press("ctrl+o")
        await until(pilot, lambda: composer.text == f"@{JUN.handle} ", "the Bluesky thank")
        await pilot.press(*"thank you!", "ctrl+s")
        await settle(pilot)
        assert app.services.writes.flush(30)
        sent = linked.outbox.items()
        assert [(i.network, i.person_id) for i in sent] == [("bluesky", JUN.id)]
        assert screen.data is not None
        card = screen.data.cards[_card_of(screen, ANA.id)]
        # The X part waits for its own thank; Jun's Bluesky items are done.
        assert [p.person.id for p in card.parts] == [ANA.id]
    rows = linked.inbox.window(limit=1000, include_done=True, group=False)
    state = {r.notification.id: r.notification.state.value for r in rows}
    assert state[stored_id(ME_BSKY, "b-mention-jun")] == "done"
    assert state[stored_id(OWNER, "n-mention-ana")] == "new"


async def test_without_ctrl_o_the_thank_goes_where_they_engaged_last(
    linked: Store, world: World
) -> None:
    app = mixed_app(linked, accounts(linked, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        screen.query_one("#thank-list").highlighted = _card_of(screen, ANA.id)  # type: ignore[attr-defined]
        await pilot.press("t")
        await _composer_open(pilot, screen)
        await pilot.press(*"thanks Ana", "ctrl+s")
        await settle(pilot)
        assert app.services.writes.flush(30)
        assert [(i.network, i.person_id) for i in linked.outbox.items()] == [("x", ANA.id)]


ANA_WORK = Person("31", "ana_studio", "Ana Lima (studio)", network="x")


async def test_ctrl_o_picks_among_their_accounts_when_two_are_on_one_network(
    linked: Store, world: World
) -> None:
    linked.people.upsert([ANA_WORK])
    linked.prospects.add_interaction(
        Interaction(ANA_WORK.id, Direction.INBOUND, "like", NOW - timedelta(minutes=1))
    )
    linked.people.link_accounts(ANA.id, ANA_WORK.id)
    app = mixed_app(linked, accounts(linked, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        assert screen.data is not None
        card = screen.data.cards[_card_of(screen, ANA.id)]
        lines = str(screen._card(card, screen.svc.now()))
        screen.query_one("#thank-list").highlighted = _card_of(screen, ANA.id)  # type: ignore[attr-defined]
        await pilot.press("t")
        composer = await _composer_open(pilot, screen)
        first = composer.text
        await pilot.press("ctrl+o")
        await until(pilot, lambda: composer.text != first, "the next account's thank")
        second = composer.text
        said = notices(app)
        await pilot.press(*"thanks!", "ctrl+s")
        await settle(pilot)
        assert app.services.writes.flush(30)
        assert screen.data is not None
        left = [p.person.id for p in screen.data.cards[_card_of(screen, ANA_WORK.id)].parts]

    assert [p.person.id for p in card.parts] == [ANA_WORK.id, ANA.id, JUN.id]
    # Each X line names its account: "X:" twice would not say which is which.
    assert f"X @{ANA_WORK.handle}: liked a post" in lines
    assert f"X @{ANA.handle}: mentioned you, liked a post" in lines
    assert "Bluesky: followed you, mentioned you" in lines
    assert (first, second) == (f"@{ANA_WORK.handle} ", f"@{ANA.handle} ")
    assert any(f"Thanking @{ANA.handle} on X: only what @{ANA.handle} did" in n for n in said)
    # The thank went to that account alone; the studio account still waits.
    assert [(i.network, i.person_id) for i in linked.outbox.items()] == [("x", ANA.id)]
    assert left == [ANA_WORK.id, JUN.id]


def test_today_card_across_two_networks_snapshot(snap_compare, linked: Store, world: World) -> None:
    app = mixed_app(linked, accounts(linked, world, [ME_BSKY]))

    async def ready(pilot: Pilot[Any]) -> None:
        await open_today(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
