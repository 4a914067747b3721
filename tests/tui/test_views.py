"""Filter, search, prospects, and undo of done and of a removal."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input

from engage_tui.domain import NotificationKind, OutboxState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.filter import FilterScreen
from engage_tui.tui.screens.inbox_filter import CHOICES
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.widgets.keyed_list import KeyedList
from tests.tui.helpers import go_to, inbox, inbox_ready, notices, search_for, settle, until

SIZE = (120, 40)


async def choose_filter(pilot, label_index: int) -> None:
    await pilot.press("f")
    await until(pilot, lambda: isinstance(pilot.app.screen, FilterScreen), "filter picker")
    for _ in range(label_index):
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)


async def test_filter_by_kind_shows_only_that_kind(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await choose_filter(pilot, 2)  # new followers
        await until(pilot, lambda: inbox(app).loaded, "filtered rows")
        kinds = {r.notification.kind for r in inbox(app).rows}
        assert kinds == {NotificationKind.FOLLOW}


async def test_filter_can_show_done_items_again(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("e")
        await settle(pilot)
        await choose_filter(pilot, [c.label for c in CHOICES].index("everything, done included"))
        await until(pilot, lambda: inbox(app).loaded, "filtered rows")
        ids = {r.notification.id for r in inbox(app).rows}
        assert "n-follow-dee" in ids


async def test_undo_of_done_brings_the_item_back(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-quote-cy")
        await pilot.press("e")
        await settle(pilot)
        assert "n-quote-cy" not in {r.notification.id for r in inbox(app).rows}
        await pilot.press("u")
        await until(
            pilot,
            lambda: "n-quote-cy" in {r.notification.id for r in inbox(app).rows},
            "row back",
        )


async def test_search_finds_cached_posts_and_acts_on_them(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        screen = await search_for(pilot, "compiler")
        assert any(h.post is not None and h.post.id == "300" for h in screen.hits)
        while screen.hit is None or screen.hit.post is None:
            await pilot.press("j")
        await pilot.press("l")
        await settle(pilot)
        [item] = store.outbox.items()
        assert item.target_post_id == "300" and item.state is OutboxState.QUEUED


async def test_search_result_lines_name_each_posts_author_without_a_read_per_line(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The authors come with the hits: drawing the results reads nothing more.
    reads_on_ui_thread: list[str] = []
    person = store.people.get

    def counted(person_id: str) -> object:
        if threading.current_thread() is threading.main_thread():
            reads_on_ui_thread.append(person_id)
        return person(person_id)

    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        monkeypatch.setattr(store.people, "get", counted)
        screen = await search_for(pilot, "wire")
        results = screen.query_one("#search-results", KeyedList)
        lines = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert any(
            line.startswith("post") and "Grace Hopper @grace" in line and "length of wire" in line
            for line in lines
        )
        assert reads_on_ui_thread == []


async def test_prospects_list_marks_stale_and_shows_posts(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: len(screen.prospects) == 2 and bool(screen.posts), "loaded")
        assert {p.person_id for p in screen.prospects} == {"20", "21"}
        assert all(p.author_id == screen.prospect.person_id for p in screen.posts)  # type: ignore[union-attr]


async def test_prospect_added_by_unknown_handle_is_pending(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        await settle(pilot)
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(Input)), "prompt")
        await pilot.press(*"@newperson", "enter")
        await settle(pilot)
        pending = [p for p in store.prospects.listing() if p.pending_handle]
        assert [p.pending_handle for p in pending] == ["newperson"]


async def test_prospect_handle_that_cannot_be_one_is_refused_with_the_rule(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        await settle(pilot)
        before = store.prospects.listing()
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(Input)), "prompt")
        await pilot.press(*"a/b", "enter")
        await settle(pilot)
        assert store.prospects.listing() == before
        assert "'a/b' is not an X handle (letters, digits and _, up to 15)." in notices(app)


async def test_prospect_added_by_cached_handle_uses_the_person(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        await settle(pilot)
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(Input)), "prompt")
        await pilot.press(*"bo", "enter")
        await settle(pilot)
        assert "12" in {p.person_id for p in store.prospects.listing()}


async def test_prospect_removed_and_undone(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        screen = app.screen
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: len(screen.prospects) == 2, "loaded")
        first = screen.prospect
        assert first is not None
        await pilot.press("d")
        await settle(pilot)
        assert first.person_id not in {p.person_id for p in store.prospects.listing()}
        await pilot.press("u")
        await settle(pilot)
        assert first.person_id in {p.person_id for p in store.prospects.listing()}


async def test_reply_to_a_prospect_post(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: bool(screen.posts), "posts")
        await pilot.press("right", "r")
        await settle(pilot)
        await pilot.press(*"Congrats on the hires", "ctrl+s")
        await settle(pilot)
        [item] = store.outbox.items()
        assert item.target_post_id == screen.posts[0].id
        assert item.text == "Congrats on the hires"
