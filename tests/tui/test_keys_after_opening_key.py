"""The keys typed right after the key that opens the composer are its words
(`r`, `t`, and `enter` on a saved draft), on every pane that opens one.

In a burst (a fast typist, keys sent by a script, a busy machine) the app used
to hand those keys to the list before the composer had the keyboard: "Thanks"
typed right after `r` ran `t` (thank), `u` (undo) and the rest as commands, and
the reply got none of it. On Today the thank key crashed the app instead.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from textual.pilot import Pilot

from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.screens.today import TodayScreen
from tests.tui.burst import burst, typed_as_keys
from tests.tui.helpers import go_to, inbox_ready, notices, search_for, settle, until
from tests.tui.test_composer import SIZE, composer, typed
from tests.tui.test_person import open_person_from_inbox
from tests.tui.test_today import Clock, open_today, today_app
from tests.tui.world import NOW

WORDS = "Thanks, Ana: glad it helped!"


def _answered(store: Store) -> int:
    return len(store.outbox.items())


def _words(app: EngageApp) -> str | None:
    """The composer's words, once it is there."""
    return typed(app) if app.screen.query("#composer-text") else None


async def drafts_with_thanks_to_ana(pilot: Pilot[Any]) -> DraftsScreen:
    """Drafts, listing the one draft written and left: "Thanks" to Ana's mention."""
    app = pilot.app
    assert isinstance(app, EngageApp)
    await inbox_ready(pilot)
    await go_to(pilot, "n-mention-ana")
    await pilot.press("r")
    await until(pilot, lambda: composer(app).is_open, "composer")
    await pilot.press(*"Thanks", "escape")
    await until(pilot, lambda: not composer(app).is_open, "composer closed")
    await settle(pilot)
    await pilot.press("3")
    await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
    screen = app.screen
    assert isinstance(screen, DraftsScreen)
    await until(pilot, lambda: len(screen.drafts) == 1, "the draft listed")
    return screen


async def words_follow_the_key(pilot: Pilot[Any], store: Store, key: str, words: str) -> None:
    """``key`` and ``words`` in one burst: the composer it opens ends with the
    words as typed, and nothing was answered by the keys on the way."""
    app = pilot.app
    assert isinstance(app, EngageApp)
    burst(app, key, *typed_as_keys(words))
    await until(pilot, lambda: (_words(app) or "").endswith(words), "the words as typed")
    await settle(pilot)
    assert typed(app).endswith(words)
    assert _answered(store) == 0


async def test_words_typed_right_after_r_go_to_the_first_reply_of_the_session(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        burst(app, "r", *typed_as_keys(WORDS))
        await until(pilot, lambda: _words(app) == WORDS, "the words as typed")
        await settle(pilot)
        assert typed(app) == WORDS
        assert _answered(store) == 0


async def test_words_typed_right_after_r_go_to_a_composer_opened_before(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("r")
        await until(pilot, lambda: composer(app).is_open, "composer")
        await pilot.press("escape")
        await until(pilot, lambda: not composer(app).is_open, "composer closed")
        burst(app, "r", *typed_as_keys(WORDS))
        await until(pilot, lambda: _words(app) == WORDS, "the words as typed")
        await settle(pilot)
        assert typed(app) == WORDS
        assert _answered(store) == 0


async def test_words_typed_right_after_t_on_today_go_to_the_thank(store: Store) -> None:
    app = today_app(store, Clock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_today(pilot)
        burst(app, "t", *typed_as_keys("Thank you!"))
        await until(
            pilot, lambda: (_words(app) or "").endswith("Thank you!"), "the words after the handle"
        )
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen is screen
        assert typed(app).startswith("@") and typed(app).endswith(" Thank you!")
        assert _answered(store) == 0


async def test_words_typed_right_after_enter_on_a_draft_follow_its_words(
    app: EngageApp, store: Store
) -> None:
    """The draft's post is read in a worker before the composer opens: the keys
    typed meanwhile used to reach the list (`d` discarded, `u` undid) and the
    words were lost."""
    async with app.run_test(size=SIZE) as pilot:
        await drafts_with_thanks_to_ana(pilot)
        burst(app, "enter", *typed_as_keys(", dear Ana: undo is done"))
        await until(
            pilot, lambda: _words(app) == "Thanks, dear Ana: undo is done", "the words as typed"
        )
        await settle(pilot)
        assert typed(app) == "Thanks, dear Ana: undo is done"
        await pilot.press("escape")
        await settle(pilot)
    assert [d.text for d in store.drafts.all()] == ["Thanks, dear Ana: undo is done"]


async def test_words_typed_right_after_r_on_a_prospects_post_go_to_the_reply(
    app: EngageApp, store: Store
) -> None:
    # Every letter the pane binds (add, remove, like, open, sort, new posts,
    # people) and the list's own (j, k) is in these words.
    words = "Loved it: shared, and noted down. Just asking, ok?"
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        screen = app.screen
        assert isinstance(screen, ProspectsScreen)
        await until(pilot, lambda: bool(screen.posts), "their posts")
        await pilot.press("right")
        await settle(pilot)
        await words_follow_the_key(pilot, store, "r", words)
        assert app.screen is screen


async def test_words_typed_right_after_r_on_a_search_hit_go_to_the_reply(
    app: EngageApp, store: Store
) -> None:
    # Like, prospect, open, person, a new search (/) and the list's j and k.
    words = "Slides please/ I'd love to keep them: ok?"
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        screen = await search_for(pilot, "slides")
        await settle(pilot)
        await words_follow_the_key(pilot, store, "r", words)
        assert app.screen is screen


async def test_words_typed_right_after_t_on_a_person_go_to_the_thank(
    app: EngageApp, store: Store
) -> None:
    # Notes, tags, thank, prospect, open, link and unlink are all in here.
    words = "Thank you, Ana: Loved the notes, tags and Unusual pointers"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person_from_inbox(pilot, "n-mention-ana")
        await words_follow_the_key(pilot, store, "t", words)
        assert app.screen is screen


async def test_r_on_a_person_found_by_search_says_it_is_no_post(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        screen = await search_for(pilot, "@ana")
        await settle(pilot)
        assert screen.hit is not None and screen.hit.post is None
        await pilot.press("r")
        await settle(pilot)
        assert "@ana is a person, not a post: P opens them." in notices(app)
        assert not composer(app).is_open


async def test_words_typed_after_enter_on_a_draft_whose_read_fails_run_no_command(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys kept for a composer that never comes are dropped: `d` would
    have discarded the draft and `u` undone, as commands they were not typed as."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await drafts_with_thanks_to_ana(pilot)

        def fails(*args: object, **kwargs: object) -> object:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(store.people, "post", fails)
        burst(app, "enter", *typed_as_keys("dud, undo"))
        await until(pilot, lambda: any("open your draft" in n for n in notices(app)), "failure")
        await settle(pilot)
        assert not composer(app).is_open
        assert len(screen.drafts) == 1 and app.screen is screen
        assert [d.text for d in store.drafts.all()] == ["Thanks"]
        # The keys are the list's again: d now discards.
        await pilot.press("d")
        await until(pilot, lambda: not store.drafts.all(), "the draft discarded")
