"""A thank answers the person, wherever it is sent from: thanking Dee for her
follow in the inbox also finishes her like in the like group, as a thank from
Today does (issue #21, "Finishing what was answered")."""

from __future__ import annotations

from engage_tui.domain import Handled, TriageState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.composer import Composer
from tests.tui.helpers import go_to, inbox_ready, settle, until

SIZE = (120, 40)


def state_of(store: Store, nid: str) -> tuple[TriageState, Handled | None]:
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    note = next(r.notification for r in rows if r.notification.id == nid)
    return note.state, note.handled


async def send_from(pilot, app: EngageApp, nid: str, key: str, words: str) -> None:
    await go_to(pilot, nid)
    await pilot.press(key)
    await until(
        pilot,
        lambda: bool(app.screen.query(Composer)) and app.screen.query_one(Composer).is_open,
        "composer",
    )
    await pilot.press(*words, "ctrl+s")
    await settle(pilot)


async def test_a_thank_from_the_inbox_finishes_the_persons_other_items(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await send_from(pilot, app, "n-follow-dee", "t", "welcome, Dee!")
        assert app.services.writes.flush(5.0)
        assert state_of(store, "n-follow-dee") == (TriageState.DONE, Handled.THANKED)
        assert state_of(store, "n-like-dee") == (TriageState.DONE, Handled.THANKED)
        # The like group shrinks by her; the others' likes wait to be answered.
        assert state_of(store, "n-like-ana")[0] is TriageState.NEW
        listing.reload()
        await settle(pilot)
        group = next(r for r in listing.rows if "n-like-ana" in r.group_ids)
        assert "n-like-dee" not in group.group_ids


async def test_a_reply_answers_only_its_item(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await send_from(pilot, app, "n-mention-ana", "r", "thank you!")
        assert app.services.writes.flush(5.0)
        assert state_of(store, "n-mention-ana") == (TriageState.DONE, Handled.REPLIED)
        assert state_of(store, "n-like-ana") == (TriageState.NEW, None)
