"""The quit key acts after every key typed before it, including the keys the
app itself acts on: `u` then `ctrl+q` in one burst (a fast typist, a slow
link that delivers both at once) undid the reply before the app closed.
Before, the app quit first and the undone reply went out at the next sync."""

from __future__ import annotations

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.burst import burst
from tests.tui.helpers import settle, until
from tests.tui.test_composer import SIZE, composer, open_reply


async def test_undo_and_quit_in_one_burst_cancels_the_reply_and_quits(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"on my way", "ctrl+s")
        await until(pilot, lambda: len(store.outbox.items()) == 1, "the reply queued")
        await until(pilot, lambda: not composer(app).is_open, "the composer closed")
        await settle(pilot)
        burst(app, "u", "ctrl+q")
    assert [i.state for i in store.outbox.items()] == [OutboxState.CANCELLED]
    draft = store.drafts.get("reply:200")
    assert draft is not None and draft.text == "on my way"
