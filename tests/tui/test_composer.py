"""The composer: drafts as you type, queueing with an undo window, refusal over the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from engage_tui.domain import ActionKind, OutboxState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.messages import DataChanged
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.conftest import make_app
from tests.tui.helpers import Heard, go_to, inbox_ready, notices, settle, until
from tests.tui.world import NOW

SIZE = (120, 40)


def composer(app: EngageApp) -> Composer:
    return app.screen.query_one(Composer)


def typed(app: EngageApp) -> str:
    return app.screen.query_one("#composer-text", TextArea).text


async def open_reply(pilot, notification_id: str = "n-mention-ana") -> None:
    await inbox_ready(pilot)
    await go_to(pilot, notification_id)
    await pilot.press("r")
    await until(pilot, lambda: composer(pilot.app).is_open, "composer")


async def test_typing_saves_a_draft(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"Slides are up")
        # A slow machine may pause mid-word long enough to save a part first.
        await until(
            pilot,
            lambda: (
                (saved := store.drafts.get("reply:200")) is not None
                and saved.text == "Slides are up"
            ),
            "the words saved",
        )
        draft = store.drafts.get("reply:200")
        assert draft is not None
        assert draft.target_post_id == "200"
        assert draft.person_id == "11"


async def test_ctrl_s_queues_the_reply_with_an_undo_window(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"Slides are up")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [item] = store.outbox.items()
        assert item.kind is ActionKind.REPLY
        assert item.state is OutboxState.QUEUED
        assert item.text == "Slides are up"
        assert item.target_post_id == "200"
        assert item.draft_key == "reply:200"
        assert item.send_after.timestamp() == NOW.timestamp() + 5
        assert any("Reply queued: sending in 5 s (u to undo)" in n for n in notices(app))
        assert not composer(app).is_open
        # The draft stays until the engine reports the reply sent.
        assert store.drafts.get("reply:200") is not None


async def test_queueing_tells_the_app_which_reply_was_queued(app: EngageApp, store: Store) -> None:
    heard = Heard()
    async with app.run_test(size=SIZE, message_hook=heard) as pilot:
        await open_reply(pilot)
        await pilot.press(*"Slides are up")
        assert heard.of(Composer.Queued) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        [queued] = heard.of(Composer.Queued)
        assert queued.item == store.outbox.items()[0]
        assert queued.item.text == "Slides are up"
        assert queued.item.target_post_id == "200"


async def test_a_local_write_tells_the_panes_the_data_changed(app: EngageApp) -> None:
    heard = Heard()
    async with app.run_test(size=SIZE, message_hook=heard) as pilot:
        await open_reply(pilot)
        await settle(pilot)
        heard.clear()
        await pilot.press(*"Slides are up", "ctrl+s")
        await settle(pilot)
        assert "local" in [m.reason for m in heard.of(DataChanged)]


async def test_undo_cancels_a_queued_reply(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"Slides are up", "ctrl+s")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        [item] = store.outbox.items()
        assert item.state is OutboxState.CANCELLED
        assert store.drafts.get("reply:200") is not None


async def test_over_long_reply_is_refused(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        area = app.screen.query_one("#composer-text", TextArea)
        area.insert("x" * 300)
        await settle(pilot)
        count = app.screen.query_one("#composer-count")
        assert "300/280" in str(count.render())
        assert count.has_class("-over")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.outbox.items() == []
        assert any("20 characters over" in n for n in notices(app))
        assert composer(app).is_open


async def test_thank_fills_in_only_the_handle(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("t")
        await until(pilot, lambda: composer(app).is_open, "composer")
        assert typed(app) == "@dee "
        request = composer(app).request
        assert request is not None
        assert request.key == "thank:14"
        assert request.action is ActionKind.POST


async def test_thank_for_a_mention_replies_to_their_post(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("t")
        await until(pilot, lambda: composer(app).is_open, "composer")
        assert typed(app) == "@ana "
        await pilot.press(*"thank you!", "ctrl+s")
        await settle(pilot)
        [item] = store.outbox.items()
        assert (item.kind, item.target_post_id, item.person_id) == (ActionKind.REPLY, "200", "11")
        assert item.text == "@ana thank you!"
        assert item.draft_key == "thank:11"


async def test_escape_closes_and_keeps_the_draft(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"half a thought", "escape")
        await settle(pilot)
        assert not composer(app).is_open
        draft = store.drafts.get("reply:200")
        assert draft is not None and draft.text == "half a thought"
        assert store.outbox.items() == []


async def test_draft_survives_a_restart(db_path: Path, store: Store) -> None:
    first = make_app(store)
    async with first.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"words kept")
        await until(pilot, lambda: store.drafts.get("reply:200") is not None, "draft saved")
    store.close()
    reopened = Store.open(db_path)
    try:
        second = make_app(reopened)
        async with second.run_test(size=SIZE) as pilot:
            await open_reply(pilot)
            assert typed(second) == "words kept"
    finally:
        reopened.close()


async def test_words_typed_just_before_quitting_are_saved(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A save delay no busy machine outlasts: the words can only be saved by the quit.
    monkeypatch.setattr("engage_tui.tui.widgets.composer.SAVE_DELAY_S", 600.0)
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"last words")
        assert store.drafts.get("reply:200") is None  # still inside the save delay
        await pilot.press("ctrl+q")
    draft = store.drafts.get("reply:200")
    assert draft is not None and draft.text == "last words"


async def test_drafts_view_lists_and_reopens(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot, "n-reply-bo")
        await pilot.press(*"On ARM next week", "escape")
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
        await until(pilot, lambda: len(app.screen.drafts) == 1, "drafts loaded")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: composer(app).is_open, "composer")
        assert typed(app) == "On ARM next week"
        assert composer(app).request.key == "reply:201"  # type: ignore[union-attr]


async def test_at_completes_a_cached_handle(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"hi @gra")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert typed(app) == "hi @grace "


async def test_offline_route_is_stated(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        route = str(app.screen.query_one("#composer-route").render())
        assert "Offline: will be sent when online" in route


async def test_a_reply_of_only_invisible_characters_is_not_queued(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        app.screen.query_one("#composer-text", TextArea).insert("\u200b\u00a0\u2060")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert composer(app).is_open
        assert any("Nothing to send" in n for n in notices(app))
    assert store.outbox.items() == []


async def test_a_thank_of_the_handle_and_invisible_characters_asks_for_words(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("t")
        await until(pilot, lambda: composer(app).is_open, "composer")
        area = app.screen.query_one("#composer-text", TextArea)
        area.insert(" \u200b\u200d\u3000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert composer(app).is_open
        assert any("own words after the @handle" in n for n in notices(app))
    assert store.outbox.items() == []
