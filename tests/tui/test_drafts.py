"""Drafts never go stale or lose words: the pane reads again, undo brings back the newest words;
each draft in the list takes one line, however long it is."""

from __future__ import annotations

import contextlib
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.widgets import TextArea

from engage_tui.domain import Draft
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import PREVIEW_CHARS, DraftsScreen, preview
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.keyed_list import KeyedList
from tests.tui.helpers import go_to, inbox_ready, settle, until
from tests.tui.world import ago

SIZE = (120, 40)
# Embeddings, overrides and isolates: they would reorder the rest of a row.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def composer(app: EngageApp) -> Composer:
    return app.screen.query_one(Composer)


def drafts_pane(app: EngageApp) -> DraftsScreen:
    assert isinstance(app.screen, DraftsScreen)
    return app.screen


def shown_texts(app: EngageApp) -> list[str]:
    return [d.text for d in drafts_pane(app).drafts]


async def reply_first_then_add_second_from_drafts(pilot, app: EngageApp) -> None:
    await inbox_ready(pilot)
    await go_to(pilot, "n-mention-ana")
    await pilot.press("r")
    await until(pilot, lambda: composer(app).is_open, "composer")
    await pilot.press(*"first", "escape")
    await settle(pilot)
    await pilot.press("3")
    await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
    await until(pilot, lambda: shown_texts(app) == ["first"], "drafts loaded")
    await pilot.press("enter")
    await until(pilot, lambda: composer(app).is_open, "composer")
    await pilot.press(*" second", "escape")


async def test_drafts_pane_shows_words_added_from_it(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await reply_first_then_add_second_from_drafts(pilot, app)
        await until(pilot, lambda: shown_texts(app) == ["first second"], "the newest words")


async def test_drafts_pane_reads_again_when_shown(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await reply_first_then_add_second_from_drafts(pilot, app)
        await settle(pilot)
        await pilot.press("1")
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("r")
        await until(pilot, lambda: composer(app).is_open, "composer")
        await pilot.press(*" third", "escape")
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: shown_texts(app) == ["first second third"], "reread")


async def test_undoing_a_discard_brings_back_the_newest_words(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await reply_first_then_add_second_from_drafts(pilot, app)
        await until(pilot, lambda: shown_texts(app) == ["first second"], "the newest words")
        await pilot.press("d")
        await settle(pilot)
        assert store.drafts.get("reply:200") is None
        await pilot.press("u")
        await settle(pilot)
        draft = store.drafts.get("reply:200")
        assert draft is not None and draft.text == "first second"
        await until(pilot, lambda: shown_texts(app) == ["first second"], "restored draft listed")


async def test_discard_while_the_database_is_locked_keeps_the_newest_words(
    app: EngageApp, store: Store, db_path: Path
) -> None:
    # Another process (a cron `engage sync`) holds the write lock: the words
    # typed last wait in the write queue when d is pressed, and undo must
    # restore them, not what the database had.
    async with app.run_test(size=SIZE) as pilot:
        await reply_first_then_add_second_from_drafts(pilot, app)
        await until(pilot, lambda: shown_texts(app) == ["first second"], "the newest words")
        await settle(pilot)
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            await pilot.press("enter")
            await until(pilot, lambda: composer(app).is_open, "composer")
            await pilot.press(*" third", "escape")
            await until(pilot, lambda: shown_texts(app) == ["first second third"], "queued words")
            await pilot.press("d", "u")
            assert store.drafts.get("reply:200").text == "first second"  # type: ignore[union-attr]
        finally:
            other.rollback()
            other.close()
        await until(pilot, lambda: app.services.writes.waiting == 0, "writes landed")
        draft = store.drafts.get("reply:200")
        assert draft is not None and draft.text == "first second third"


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_after_the_editor_the_cursor_is_at_the_end(
    app: EngageApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real editor process writes the file; only the terminal hand-over
    # (which a headless test has no terminal for) is skipped.
    monkeypatch.setenv("VISUAL", 'sh -c \'printf "written in vi\\nsecond line" > "$1"\' sh')
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("r")
        await until(pilot, lambda: composer(app).is_open, "composer")
        await pilot.press("ctrl+e")
        await settle(pilot)
        area = app.screen.query_one("#composer-text", TextArea)
        assert area.text == "written in vi\nsecond line"
        assert area.cursor_location == (1, len("second line"))
        await pilot.press(*"!")
        assert area.text == "written in vi\nsecond line!"


async def test_spaces_around_a_reply_are_trimmed_on_send(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("r")
        await until(pilot, lambda: composer(app).is_open, "composer")
        await pilot.press(*"  line one", "enter", *"line two   ", "ctrl+s")
        await settle(pilot)
        (item,) = store.outbox.items()
        assert item.text == "line one\nline two"


async def open_drafts(pilot: Any, count: int) -> list[str]:
    """Press 3 and return the list's visible rows once ``count`` drafts are listed."""
    app = pilot.app
    await inbox_ready(pilot)
    await pilot.press("3")
    await until(
        pilot,
        lambda: isinstance(app.screen, DraftsScreen) and len(app.screen.drafts) == count,
        "drafts loaded",
    )
    await pilot.pause()
    listing = app.screen.query_one("#draft-list", KeyedList)
    return [listing.render_line(y).text.rstrip() for y in range(listing.size.height)]


def save_huge_and_a_next_draft(store: Store, huge: str) -> None:
    store.drafts.save(Draft("reply:200", huge, ago(minutes=1), "200", "11"))
    store.drafts.save(Draft("thank:12", "the next draft", ago(minutes=2), person_id="12"))


async def test_a_long_draft_takes_one_line_cut_with_an_ellipsis(
    app: EngageApp, store: Store
) -> None:
    long = ("word " * 40_000)[:200_000]
    save_huge_and_a_next_draft(store, long)
    async with app.run_test(size=SIZE) as pilot:
        rows = await open_drafts(pilot, 2)
    assert rows[0].startswith("   1m  reply to @ana")
    assert "word word" in rows[0] and rows[0].endswith("…")
    assert rows[1].startswith("   2m  thanks to @bo") and rows[1].endswith("the next draft")


async def test_a_draft_of_many_lines_takes_one_line(app: EngageApp, store: Store) -> None:
    save_huge_and_a_next_draft(store, "line\n" * 10_000)
    async with app.run_test(size=SIZE) as pilot:
        rows = await open_drafts(pilot, 2)
    assert "line line line" in rows[0] and rows[0].endswith("…")
    assert rows[1].endswith("the next draft")


# Pasted words: any Unicode, control and escape sequences, and long repeats.
PASTED = st.text() | st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(100, 1500)
)


@settings(deadline=None)
@given(text=PASTED)
@example(text="\u200b" * 2000)  # zero-width: cut by characters, not cells
def test_a_draft_preview_is_one_safe_line_of_bounded_length(text: str) -> None:
    shown = preview(text).plain
    assert len(shown) <= PREVIEW_CHARS
    assert not [c for c in shown if unicodedata.category(c) == "Cc"]
    assert not BIDI_CONTROLS & set(shown)
