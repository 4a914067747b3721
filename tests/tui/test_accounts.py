"""Several accounts in one inbox, driven with Pilot on a real store holding an
X account's rows and a Bluesky account's: each row says whose it is, `f`
shows one account, the composer says who answers and queues as that
account under its network's rules, and Today counts them all.

The controller is the real AccountsSync over real engines (see mixed_world.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from engage_tui.config import Config
from engage_tui.domain import OutboxItem, Person
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.sync.controller import SyncController
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.filter import FilterScreen
from engage_tui.tui.screens.today import TodayScreen
from engage_tui.tui.widgets.composer import Composer
from tests.sync.conftest import World, start_world
from tests.tui.conftest import SIZE
from tests.tui.helpers import go_to, inbox, inbox_ready, notices, settle, until
from tests.tui.mixed_world import (
    ME_BSKY,
    ME_BSKY_WORK,
    UnstartedAccounts,
    accounts,
    populate_mixed,
    stored_id,
    x_engine,
)
from tests.tui.test_never_raw import CONTROL_HEAVY, FORBIDDEN, HOSTILE, hostile, leaks
from tests.tui.world import NOW, OWNER


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    # Only the X platform's construction needs it: nothing is sent or pulled.
    with start_world() as w:
        yield w


@pytest.fixture
def mixed(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "mixed.db") as opened:
        yield populate_mixed(opened)


def mixed_app(store: Store, controller: SyncController | None, **config: Any) -> EngageApp:
    # One answer at a time: the flow to the next composer (test_answer_flow.py) is off.
    config.setdefault("compose_next_after_send", False)
    return EngageApp(Config(**config), store, controller, clock=lambda: NOW)


def lines(app: EngageApp) -> list[str]:
    """The inbox as the terminal shows it, one string a row."""
    listing = inbox(app)
    return [listing.render_line(y).text for y in range(len(listing.rows))]


def line_of(app: EngageApp, notification_id: str) -> str:
    listing = inbox(app)
    for y, row in enumerate(listing.rows):
        if notification_id in (row.notification.id, *row.group_ids):
            return listing.render_line(y).text
    raise AssertionError(f"{notification_id} not in the inbox")


def title(app: EngageApp) -> str:
    return str(app.screen.query_one("#inbox-title", Static).render())


def composer(app: EngageApp) -> Composer:
    return app.screen.query_one(Composer)


def context(app: EngageApp) -> str:
    return str(app.screen.query_one("#composer-context", Static).render())


async def open_reply(pilot: Pilot[Any], notification_id: str) -> Composer:
    app = pilot.app
    assert isinstance(app, EngageApp)
    await go_to(pilot, notification_id)
    await pilot.press("r")
    await until(pilot, lambda: bool(app.screen.query(Composer)), "the composer")
    await until(pilot, lambda: composer(app).is_open, "the composer to open")
    return composer(app)


async def queue(pilot: Pilot[Any], words: str) -> OutboxItem:
    app = pilot.app
    assert isinstance(app, EngageApp)
    store = app.services.store
    await pilot.press(*words, "ctrl+s")
    await settle(pilot)
    (item,) = store.outbox.items()
    return item


# --- rows ------------------------------------------------------------------------


def test_a_mixed_inbox_looks_like_this(snap_compare, mixed: Store, world: World) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))

    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await go_to(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_the_composer_says_who_answers(snap_compare, mixed: Store, world: World) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))

    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await open_reply(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        await pilot.press(*"Not yet, send me the link?")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


async def test_each_row_says_in_words_whose_account_it_is(mixed: Store, world: World) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        assert "X·owner" in line_of(app, stored_id(OWNER, "n-mention-ana"))
        assert "B·olive" in line_of(app, stored_id(ME_BSKY, "b-mention-jun"))
        assert "B·olive" not in line_of(app, stored_id(OWNER, "n-reply-bo"))
        assert all(("X·owner" in line) != ("B·olive" in line) for line in lines(app))


async def test_with_one_account_the_inbox_has_no_account_column(store: Store, world: World) -> None:
    # Unstarted, as the others here: a started engine pulls the sandbox's
    # world into the store, and the count then depends on when it lands.
    app = mixed_app(store, UnstartedAccounts([x_engine(store, world)]))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        assert not any("X·owner" in line for line in lines(app))
        assert title(app) == "Inbox · new · 13"


async def test_rows_of_an_account_signed_out_since_keep_their_label(
    mixed: Store, world: World
) -> None:
    # Only X is signed in now; the Bluesky rows stay, labelled as that account's.
    app = mixed_app(mixed, x_engine(mixed, world))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await until(pilot, lambda: "B·olive" in "".join(lines(app)), "the account column")
        assert "X·owner" in line_of(app, stored_id(OWNER, "n-mention-ana"))
        assert "B·olive" in line_of(app, stored_id(ME_BSKY, "b-reply-kai"))


async def test_an_offline_store_of_two_accounts_labels_rows_before_the_first_sync(
    mixed: Store,
) -> None:
    app = EngageApp(Config(), mixed, None, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        # The owners the store remembers name the rows in the first frame already.
        assert "B·olive" in line_of(app, stored_id(ME_BSKY, "b-mention-jun"))


# --- the filter ------------------------------------------------------------------


async def choose(pilot: Pilot[Any], label: str) -> None:
    app = pilot.app
    await pilot.press("f")
    await until(pilot, lambda: isinstance(app.screen, FilterScreen), "the filter")
    screen = app.screen
    assert isinstance(screen, FilterScreen)
    from textual.widgets import OptionList

    options = screen.query_one(OptionList)
    # Each line starts with its mark ("● " for the current choice, else "  ").
    shown = [str(options.get_option_at_index(n).prompt)[2:] for n in range(options.option_count)]
    options.highlighted = shown.index(label)
    await pilot.press("enter")
    await settle(pilot)


async def test_f_shows_one_account_and_the_title_names_it(mixed: Store, world: World) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        assert title(app) == "Inbox · new · every account (2) · 17"
        await choose(pilot, "account: Bluesky @olive.bsky.social")
        await until(pilot, lambda: "Bluesky" in title(app), "the title")
        assert {r.notification.account for r in inbox(app).rows} == {ME_BSKY.id}
        assert title(app) == "Inbox · new · Bluesky @olive.bsky.social · 4"
        # A kind chosen next keeps the account.
        await choose(pilot, "new followers")
        await until(pilot, lambda: "new followers" in title(app), "the kind")
        assert [r.notification.id for r in inbox(app).rows] == [stored_id(ME_BSKY, "b-follow-jun")]
        assert title(app) == "Inbox · new followers · Bluesky @olive.bsky.social · 1"
        await choose(pilot, "account: every account")
        await until(pilot, lambda: "every account" in title(app), "every account")
        assert {r.notification.account for r in inbox(app).rows} == {OWNER.id, ME_BSKY.id}


async def test_with_one_account_the_filter_offers_no_account_choice(
    store: Store, world: World
) -> None:
    app = mixed_app(store, x_engine(store, world))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FilterScreen), "the filter")
        screen = app.screen
        assert isinstance(screen, FilterScreen)
        assert screen.accounts == ()


# --- the composer ----------------------------------------------------------------


async def _replying_to(pilot: Pilot[Any], notification_id: str) -> None:
    await inbox_ready(pilot)
    await open_reply(pilot, notification_id)


async def test_a_bluesky_row_is_answered_as_the_bluesky_account_counted_to_300(
    mixed: Store, world: World
) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await _replying_to(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        assert "Replying as Bluesky @olive.bsky.social" in context(app)
        await pilot.press(*"soon")
        await settle(pilot)
        assert str(app.screen.query_one("#composer-count", Static).render()) == "4/300"
        item = await queue(pilot, "")
        assert (item.network, item.account, item.text) == ("bluesky", ME_BSKY.id, "soon")


async def test_a_bluesky_reply_over_its_bytes_but_under_300_is_marked_at_the_count(
    mixed: Store, world: World
) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await _replying_to(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        # 200 characters of 21 bytes each: 4,200 bytes, over Bluesky's 3,000.
        app.screen.query_one("#composer-text", TextArea).insert(("e" + "\u0301" * 10) * 200)
        await settle(pilot)
        count = app.screen.query_one("#composer-count", Static)
        assert str(count.render()) == "✗ 200/300"
        assert count.has_class("-over")


def suggested(app: EngageApp) -> str:
    return str(app.screen.query_one("#composer-suggest", Static).render())


# Two people whose handles start alike, one on each network.
JUNO_ON_X = Person("x-juno", "juno_x", "Juno on X", network="x")


async def test_a_bluesky_reply_completes_only_bluesky_people(mixed: Store, world: World) -> None:
    mixed.people.upsert([JUNO_ON_X])
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await _replying_to(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        await pilot.press("space", "@", "j", "u")
        await until(pilot, lambda: "jun.bsky.social" in suggested(app), "the completions")
        assert "juno_x" not in suggested(app)


async def test_an_x_reply_completes_only_x_people(mixed: Store, world: World) -> None:
    mixed.people.upsert([JUNO_ON_X])
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await _replying_to(pilot, stored_id(OWNER, "n-reply-bo"))
        await pilot.press("space", "@", "j", "u")
        await until(pilot, lambda: "juno_x" in suggested(app), "the completions")
        assert "jun.bsky.social" not in suggested(app)


async def test_offline_a_bluesky_reply_is_counted_to_bluesky_300(mixed: Store) -> None:
    app = mixed_app(mixed, None)
    async with app.run_test(size=SIZE) as pilot:
        await _replying_to(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        await pilot.press(*"soon")
        await settle(pilot)
        count = str(app.screen.query_one("#composer-count", Static).render())
        assert count.endswith("/300"), count


async def test_an_x_row_is_answered_as_the_x_account_counted_to_280(
    mixed: Store, world: World
) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await _replying_to(pilot, stored_id(OWNER, "n-reply-bo"))
        assert "Replying as X @owner" in context(app)
        await pilot.press(*"yes")
        await settle(pilot)
        assert str(app.screen.query_one("#composer-count", Static).render()) == "3/280"
        item = await queue(pilot, "")
        assert (item.network, item.account) == ("x", OWNER.id)


async def test_ctrl_o_switches_between_two_accounts_on_one_network(
    tmp_path: Path, world: World
) -> None:
    with Store.open(tmp_path / "three.db") as store:
        populate_mixed(store, studio=True)
        app = mixed_app(store, accounts(store, world, [ME_BSKY, ME_BSKY_WORK]))
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            await settle(pilot)
            assert "B·studio" in line_of(app, stored_id(ME_BSKY_WORK, "s-mention-kai"))
            await open_reply(pilot, stored_id(ME_BSKY_WORK, "s-mention-kai"))
            # The row's own account answers first.
            assert "Replying as Bluesky @studio.bsky.social" in context(app)
            assert "ctrl+o: another Bluesky account" in context(app)
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert "Replying as Bluesky @olive.bsky.social" in context(app)
            assert "Replying as Bluesky @olive.bsky.social." in notices(app)
            item = await queue(pilot, "from my own account")
            assert item.account == ME_BSKY.id


async def test_a_reopened_draft_answers_as_the_account_chosen_for_it(
    tmp_path: Path, world: World
) -> None:
    with Store.open(tmp_path / "three.db") as store:
        populate_mixed(store, studio=True)
        app = mixed_app(store, accounts(store, world, [ME_BSKY, ME_BSKY_WORK]))
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            await settle(pilot)
            row = stored_id(ME_BSKY_WORK, "s-mention-kai")
            await open_reply(pilot, row)
            await pilot.press(*"later", "ctrl+o", "escape")
            await until(
                pilot,
                lambda: [d.account for d in store.drafts.all()] == [ME_BSKY.id],
                "the draft saved with its account",
            )
            # The row is the work account's: it answers with its own (no) words,
            # and says whose draft there is; ctrl+o brings it back.
            await open_reply(pilot, row)
            assert "Replying as Bluesky @studio.bsky.social" in context(app)
            assert any("@olive.bsky.social has a draft" in n for n in notices(app))
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert "Replying as Bluesky @olive.bsky.social" in context(app)
            item = await queue(pilot, "")
            assert (item.account, item.text) == (ME_BSKY.id, "later")


async def test_with_one_account_on_the_network_ctrl_o_changes_nothing(
    mixed: Store, world: World
) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await open_reply(pilot, stored_id(OWNER, "n-reply-bo"))
        assert "ctrl+o" not in context(app)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "Replying as X @owner" in context(app)


async def test_a_post_from_elsewhere_is_answered_as_the_first_account_of_its_network(
    tmp_path: Path, world: World
) -> None:
    from engage_tui.tui import actions
    from tests.tui.mixed_world import KAI_REPLY

    with Store.open(tmp_path / "three.db") as store:
        populate_mixed(store, studio=True)
        app = mixed_app(store, accounts(store, world, [ME_BSKY, ME_BSKY_WORK]))
        async with app.run_test(size=SIZE) as pilot:
            await inbox_ready(pilot)
            screen = app.screen
            # As the prospects, person and search panes open it: no account named.
            assert screen.open_composer(actions.reply_request(app.services, KAI_REPLY))  # type: ignore[attr-defined]
            await until(pilot, lambda: bool(screen.query(Composer)), "the composer")
            await until(pilot, lambda: composer(app).is_open, "the composer to open")
            assert "Replying as Bluesky @olive.bsky.social" in context(app)


async def test_answering_bluesky_with_only_x_signed_in_says_so_plainly(
    mixed: Store, world: World
) -> None:
    app = mixed_app(mixed, x_engine(mixed, world))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        for key in ("r", "t", "l"):
            await pilot.press(key)
            await settle(pilot)
        said = " ".join(notices(app))
        assert "No Bluesky account is signed in" in said
        assert "engage auth login bluesky" in said
        assert not app.screen.query(Composer) or not composer(app).is_open
        assert mixed.outbox.items() == []
        # The item stays in the inbox, not answered.
        assert stored_id(ME_BSKY, "b-mention-jun") in {r.notification.id for r in inbox(app).rows}


# --- Today -----------------------------------------------------------------------


async def test_today_counts_every_account_together_and_says_so(mixed: Store, world: World) -> None:
    app = mixed_app(mixed, accounts(mixed, world, [ME_BSKY]))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await open_reply(pilot, stored_id(OWNER, "n-reply-bo"))
        await pilot.press(*"yes", "ctrl+s")
        await settle(pilot)
        await open_reply(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        await pilot.press(*"soon", "ctrl+s")
        await settle(pilot)
        assert {i.network for i in mixed.outbox.items()} == {"x", "bluesky"}
        await pilot.press("4")
        await until(pilot, lambda: isinstance(app.screen, TodayScreen), "today")
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await until(pilot, lambda: screen.data is not None, "today's figures")
        counts = str(screen.query_one("#today-counts", Static).render())
        assert counts.startswith("Today, both accounts together: 2 replies")
        cards = [c.person.handle for c in screen.data.cards] if screen.data else []
        # Neither of the user's own accounts is someone to thank.
        assert OWNER.handle not in cards and ME_BSKY.handle not in cards
        shown = str(screen.query_one("#thank-list").render_line(0).text)
        assert "· Bluesky" in shown or "· X" in shown


async def test_today_with_one_account_reads_as_before(store: Store) -> None:
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("4")
        await until(pilot, lambda: isinstance(app.screen, TodayScreen), "today")
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await until(pilot, lambda: screen.data is not None, "today's figures")
        counts = str(screen.query_one("#today-counts", Static).render())
        assert counts.startswith("Today: ")


# --- names shown literally ---------------------------------------------------------


@given(handle=CONTROL_HEAVY, name=st.sampled_from(["X", "Bluesky", HOSTILE]))
def test_an_account_tag_or_label_never_carries_a_control_character(handle: str, name: str) -> None:
    from engage_tui.sync.account_info import AccountInfo
    from engage_tui.tui.accounts import AccountBook

    odd = AccountInfo("did:plc:odd", "bluesky", name, handle)
    book = AccountBook([AccountInfo("1", "x", "X", "owner"), odd])
    assert not FORBIDDEN & set(book.tag(odd.id, odd.network))
    assert not FORBIDDEN & set(book.label(odd))
    assert 2 <= book.tag_width() <= 10


async def test_a_hostile_account_handle_reaches_no_pane_as_control_characters(
    mixed: Store, world: World
) -> None:
    hostile_me = ME_BSKY._replace(handle=hostile("me"), name=hostile("Me"))
    mixed.sync_state.apply_pull("fixture", PullResult(people=[hostile_me]), NOW)
    app = mixed_app(mixed, accounts(mixed, world, [hostile_me]))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        assert leaks(app) == [], "in the inbox's account column"
        await open_reply(pilot, stored_id(ME_BSKY, "b-mention-jun"))
        assert "Replying as Bluesky @me" in context(app)
        assert leaks(app) == [], "in the composer's account line"
        await pilot.press("escape")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FilterScreen), "the filter")
        assert leaks(app) == [], "in the filter's account choice"
        await pilot.press("end", "enter")
        await settle(pilot)
        assert "Bluesky @me" in title(app)
        assert leaks(app) == [], "in the inbox title"


# --- whose rows: the book ------------------------------------------------------------


def test_rows_of_no_known_account_belong_to_the_first_account_of_their_network() -> None:
    from engage_tui.sync.account_info import AccountInfo
    from engage_tui.tui.accounts import AccountBook

    x = AccountInfo("1", "x", "X", "owner")
    olive = AccountInfo(ME_BSKY.id, "bluesky", "Bluesky", ME_BSKY.handle)
    studio = AccountInfo(ME_BSKY_WORK.id, "bluesky", "Bluesky", ME_BSKY_WORK.handle)
    book = AccountBook([x, olive, studio])
    assert book.tag("", "bluesky") == "B·olive"
    assert book.tag(studio.id, "bluesky") == "B·studio"
    # So the first Bluesky account's filter takes them in, and the second's does not.
    assert book.filter_ids(olive) == frozenset({olive.id, ""})
    assert book.filter_ids(studio) == frozenset({studio.id})


def test_rows_of_a_network_signed_in_before_are_named_by_that_network(tmp_path: Path) -> None:
    # As the v7 migration leaves them: the X owner's rows are X's, and older
    # Bluesky rows keep no account.
    from engage_tui.tui.accounts import AccountBook, stored_accounts
    from tests.tui.mixed_world import BSKY_EVENTS, BSKY_PEOPLE, BSKY_POSTS
    from tests.tui.world import EVENTS, PEOPLE, POSTS

    with Store.open(tmp_path / "old.db") as store:
        store.sync_state.meta_set("owner_id:x", OWNER.id)
        store.sync_state.apply_pull(
            "x", PullResult(list(EVENTS), PEOPLE, POSTS), NOW, account=OWNER.id
        )
        store.sync_state.apply_pull("bsky", PullResult(BSKY_EVENTS, BSKY_PEOPLE, BSKY_POSTS), NOW)
        assert store.inbox.accounts() == ["", OWNER.id]
        book = AccountBook(stored=stored_accounts(store, store.inbox.accounts()))
        assert book.several
        assert book.tag("", "bluesky") == "Bluesky"
        assert book.tag(OWNER.id, "x") == "X·owner"
