"""Keys that read the composer act on every key typed before them, in order.

A burst (a paste arriving as keystrokes, a fast typist over SSH, a busy
machine) used to queue only what the text area had handled when ctrl+s
reached the app, and a held backspace ran after the characters typed behind it.
"""

from __future__ import annotations

from textual.notifications import Notify

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import DraftsScreen
from tests.tui.burst import burst, typed_as_keys
from tests.tui.helpers import Heard, settle, until
from tests.tui.test_composer import SIZE, composer, open_reply, typed

WORDS = "Slides are up, and the checklist helped you: thank you!"


def queued_texts(store: Store) -> list[str]:
    return [i.text for i in store.outbox.items() if i.state is OutboxState.QUEUED]


async def test_ctrl_s_in_the_same_burst_as_the_words_queues_every_word(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *typed_as_keys(WORDS), "ctrl+s")
        await until(pilot, lambda: bool(queued_texts(store)), "the reply queued")
        await settle(pilot)
        assert queued_texts(store) == [WORDS]
        draft = store.drafts.get("reply:200")
        assert draft is not None and draft.text == WORDS


async def test_a_held_backspace_in_a_burst_deletes_what_was_typed_before_it(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        keys = [*"Thanks for the slides", *["backspace"] * 6, *"talk"]
        burst(app, *keys)
        await until(pilot, lambda: typed(app) == "Thanks for the talk", "the words as typed")
        await settle(pilot)
        assert typed(app) == "Thanks for the talk"


async def test_a_held_backspace_then_ctrl_s_queues_the_words_left(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *"Great talk, see you soon", *["backspace"] * 12, "ctrl+s")
        await until(pilot, lambda: bool(queued_texts(store)), "the reply queued")
        await settle(pilot)
        assert queued_texts(store) == ["Great talk,"]  # spaces around the words are dropped


async def test_word_deleting_keys_act_in_the_order_typed(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *"see you there", "ctrl+w", *"soon", "ctrl+s")
        await until(pilot, lambda: bool(queued_texts(store)), "the reply queued")
        await settle(pilot)
        assert queued_texts(store) == ["see you soon"]


async def test_escape_in_the_same_burst_keeps_every_word_as_the_draft(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *typed_as_keys(WORDS), *["backspace"] * 10, *"thanks!", "escape")
        await until(pilot, lambda: not composer(app).is_open, "the composer closed")
        await settle(pilot)
        draft = store.drafts.get("reply:200")
        assert draft is not None and draft.text == WORDS[:-10] + "thanks!"
        assert store.outbox.items() == []


async def test_a_refused_send_in_a_burst_keeps_every_word(app: EngageApp, store: Store) -> None:
    heard = Heard()
    async with app.run_test(size=SIZE, message_hook=heard) as pilot:
        await open_reply(pilot)
        too_long = "word " * 70  # 350 characters: over X's 280
        burst(app, *too_long, "ctrl+s")
        await until(
            pilot,
            lambda: any("280" in n.notification.message for n in heard.of(Notify)),
            "the refusal",
        )
        await settle(pilot)
        assert typed(app) == too_long
        assert store.outbox.items() == []
        assert composer(app).is_open


async def test_two_ctrl_s_in_one_burst_queue_the_reply_once(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *typed_as_keys(WORDS), "ctrl+s", "ctrl+s")
        await until(pilot, lambda: bool(queued_texts(store)), "the reply queued")
        await settle(pilot)
        assert queued_texts(store) == [WORDS]


async def test_quitting_in_the_same_burst_keeps_every_word_as_the_draft(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        # Long enough that ctrl+q reaches the app well before the text area
        # has handled the keys ahead of it.
        words = " ".join([WORDS] * 8)
        burst(app, *typed_as_keys(words), "ctrl+q")
    draft = store.drafts.get("reply:200")
    assert draft is not None and draft.text == words


async def test_keys_typed_after_ctrl_s_in_the_same_burst_reach_the_app(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *typed_as_keys(WORDS), "ctrl+s", "3")
        await until(pilot, lambda: bool(queued_texts(store)), "the reply queued")
        # The 3 typed after ctrl+s is the key for Drafts, not a word of the reply.
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "the drafts pane")
        await settle(pilot)
        assert queued_texts(store) == [WORDS]


async def test_keys_typed_after_escape_in_the_same_burst_reach_the_app(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        burst(app, *typed_as_keys(WORDS), "escape", "3")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "the drafts pane")
        await settle(pilot)
        draft = store.drafts.get("reply:200")
        assert draft is not None and draft.text == WORDS
