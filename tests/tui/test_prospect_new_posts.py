"""The prospects pane's key for a prospect's new posts: it asks the user's
consent in one line that says what it will do on each of the person's
networks, writes the wish only on yes, and says plainly where (X) it is not
available."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from engage_tui.domain import Person
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.consent import ConsentScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from tests.tui.conftest import SIZE
from tests.tui.helpers import notices, settle, until
from tests.tui.world import GRACE, NOW

MASTO_GRACE = Person(
    "mastodon:example.social/accounts/20", "grace@example.social", "Grace", network="mastodon"
)


async def _on_grace(pilot: Pilot[Any]) -> ProspectsScreen:
    await pilot.press("2")
    await until(pilot, lambda: isinstance(pilot.app.screen, ProspectsScreen), "prospects")
    screen = pilot.app.screen
    assert isinstance(screen, ProspectsScreen)
    await until(pilot, lambda: len(screen.prospects) == 2, "the prospects")
    ids = [p.person_id for p in screen.prospects]
    screen.query_one("#prospect-list", OptionList).highlighted = ids.index(GRACE.id)
    await settle(pilot)
    return screen


async def _question(pilot: Pilot[Any]) -> str:
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConsentScreen), "the question")
    return str(pilot.app.screen.query_one("#consent-question", Static).render())


async def test_yes_asks_mastodon_for_a_linked_prospects_new_posts_and_says_x_cannot(
    app: EngageApp, store: Store
) -> None:
    store.people.upsert([MASTO_GRACE])
    store.people.link_accounts(GRACE.id, MASTO_GRACE.id)
    async with app.run_test(size=SIZE) as pilot:
        await _on_grace(pilot)
        question = await _question(pilot)
        await pilot.press("y")
        await until(
            pilot,
            lambda: MASTO_GRACE.id in store.subscriptions.of_person(GRACE.id).subscriptions,
            "the wish written",
        )
        await until(pilot, lambda: any("Asked" in n for n in notices(app)), "the answer")
        said = notices(app)

    assert question.startswith("Send new posts by @grace to your inbox?")
    assert "On Mastodon this follows them with notifications on (they see the follow)" in question
    assert "not on X (X bills every read" in question
    found = store.subscriptions.of_person(GRACE.id).subscriptions
    assert list(found) == [MASTO_GRACE.id]
    assert found[MASTO_GRACE.id].state == "turning_on"
    assert any("new posts by @grace@example.social come to your inbox" in line for line in said)


async def test_no_leaves_everything_as_it_was(app: EngageApp, store: Store) -> None:
    store.people.upsert([MASTO_GRACE])
    store.people.link_accounts(GRACE.id, MASTO_GRACE.id)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_grace(pilot)
        await _question(pilot)
        await pilot.press("n")
        await until(pilot, lambda: pilot.app.screen is screen, "back on the prospects")
        await settle(pilot)
        said = notices(app)

    assert store.subscriptions.of_person(GRACE.id).subscriptions == {}
    assert "Nothing changed." in said


async def test_on_x_alone_it_says_plainly_it_is_a_paid_read_and_asks_nothing(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _on_grace(pilot)
        await pilot.press("n")
        await until(pilot, lambda: any("cannot come" in n for n in notices(app)), "the answer")
        still_here = pilot.app.screen is screen
        said = notices(app)

    assert still_here
    assert any(
        "New posts by @grace cannot come to your inbox on X: X bills every read" in n for n in said
    )
    assert store.subscriptions.of_person(GRACE.id).subscriptions == {}


async def test_n_again_on_a_prospect_whose_new_posts_come_offers_to_stop(
    app: EngageApp, store: Store
) -> None:
    store.people.upsert([MASTO_GRACE])
    store.people.link_accounts(GRACE.id, MASTO_GRACE.id)
    store.subscriptions.want([MASTO_GRACE], True, NOW)
    store.subscriptions.settled(MASTO_GRACE.id, True, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _on_grace(pilot)
        question = await _question(pilot)
        await pilot.press("y")
        await until(
            pilot,
            lambda: (
                store.subscriptions.of_person(GRACE.id).subscriptions[MASTO_GRACE.id].state
                == "turning_off"
            ),
            "the wish written",
        )

    assert question.startswith("Stop sending new posts by @grace to your inbox?")
    assert "you keep following them" in question


def _wanted(store: Store) -> bool:
    found = store.subscriptions.of_person(GRACE.id).subscriptions.get(MASTO_GRACE.id)
    return found is not None and found.wanted


async def test_removing_a_prospect_stops_their_new_posts_and_undo_brings_them_back(
    app: EngageApp, store: Store
) -> None:
    """The user asked for a prospect's new posts; removing the prospect
    should not leave them arriving with no prospect to turn them off from."""
    store.people.upsert([MASTO_GRACE])
    store.people.link_accounts(GRACE.id, MASTO_GRACE.id)
    store.subscriptions.want([MASTO_GRACE], True, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _on_grace(pilot)
        await pilot.press("d")
        await until(pilot, lambda: not _wanted(store), "their new posts turned off")
        await pilot.press("u")
        await until(pilot, lambda: _wanted(store), "their new posts asked for again")
        assert any(p.person_id == GRACE.id for p in store.prospects.listing())
