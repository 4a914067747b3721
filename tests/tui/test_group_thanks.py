"""Thanking a group: each thank finishes that person's items at once, wherever
it is sent from, and a round of N people costs N + 1 command keys."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from engage_tui.domain import Handled, TriageState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.helpers import go_to, inbox_ready, settle, until

SIZE = (120, 40)
GROUP = ["ana", "bo", "cy", "dee", "eve"]  # who liked the owner's post, newest first


def state_of(store: Store, nid: str) -> tuple[TriageState, Handled | None]:
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    note = next(r.notification for r in rows if r.notification.id == nid)
    return note.state, note.handled


async def composer_open(pilot: Pilot[Any], app: EngageApp) -> Composer:
    await until(
        pilot,
        lambda: bool(app.screen.query(Composer)) and app.screen.query_one(Composer).is_open,
        "composer",
    )
    return app.screen.query_one(Composer)


def group_row(app: EngageApp):
    from tests.tui.helpers import inbox

    return next(r for r in inbox(app).rows if r.notification.subject_id and r.group_size > 1)


async def thank_first(pilot: Pilot[Any], app: EngageApp, count: int) -> None:
    """t on the likes group, then words and ctrl+s for the first ``count`` people, then escape."""
    await go_to(pilot, "n-like-ana")
    await pilot.press("t")
    for n in range(count):
        await composer_open(pilot, app)
        await pilot.press(*f"thanks {n}", "ctrl+s")
        await settle(pilot)
    await composer_open(pilot, app)
    await pilot.press("escape")
    await settle(pilot)


async def test_each_thank_of_a_round_finishes_that_persons_item_at_once(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await thank_first(pilot, app, 2)
        assert state_of(store, "n-like-ana") == (TriageState.DONE, Handled.THANKED)
        assert state_of(store, "n-like-bo") == (TriageState.DONE, Handled.THANKED)
        assert state_of(store, "n-like-cy") == (TriageState.NEW, None)


async def test_a_stopped_round_leaves_a_smaller_group_and_a_lower_count(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        title = app.screen.query_one("#inbox-title", Static)
        before = store.inbox.count()
        await thank_first(pilot, app, 2)
        await until(pilot, lambda: group_row(app).group_size == 3, "the group to shrink")
        assert [p.handle for p in group_row(app).group_actors] == ["cy", "dee", "eve"]
        await until(pilot, lambda: str(title.render()).endswith(f" {before - 2}"), "the count")


async def test_ctrl_n_skips_a_person_and_the_round_goes_on(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        await composer_open(pilot, app)
        await pilot.press("ctrl+n")
        composer = await composer_open(pilot, app)
        assert composer.text == "@bo "
        await pilot.press(*"thank you", "ctrl+s")
        await settle(pilot)
        assert state_of(store, "n-like-ana") == (TriageState.NEW, None)
        assert state_of(store, "n-like-bo") == (TriageState.DONE, Handled.THANKED)
        assert [i.text for i in store.outbox.items()] == ["@bo thank you"]


async def test_a_group_of_n_is_thanked_in_n_plus_one_command_keys(
    app: EngageApp, store: Store
) -> None:
    commands = 0
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        commands += 1
        for n, handle in enumerate(GROUP):
            composer = await composer_open(pilot, app)
            # Each composer holds that person's @handle and nothing else.
            assert composer.text == f"@{handle} "
            await pilot.press(*f"thanks {n}")  # the user's words: not command keys
            await pilot.press("ctrl+s")
            commands += 1
            await settle(pilot)
        assert not app.screen.query_one(Composer).is_open
    assert commands == len(GROUP) + 1
    assert all(state_of(store, f"n-like-{h}")[1] is Handled.THANKED for h in GROUP)
    assert len(store.outbox.items()) == len(GROUP)


async def test_the_group_list_marks_who_is_thanked(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await thank_first(pilot, app, 2)
        await until(pilot, lambda: group_row(app).group_size == 3, "the group to shrink")
        await go_to(pilot, "n-like-cy")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConversationScreen), "conversation")
        text = str(app.screen.query_one("#conversation-text").render())
        assert "Everyone in this group (5, 2 thanked)" in text
        lines = {line.split("@")[-1].split()[0]: line for line in text.splitlines() if "@" in line}
        assert "thanked" in lines["ana"] and "thanked" in lines["bo"]
        assert "thanked" not in lines["cy"]


def test_the_group_row_after_two_thanks(snap_compare, app: EngageApp) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await inbox_ready(pilot)
        await thank_first(pilot, app, 2)
        await until(pilot, lambda: group_row(app).group_size == 3, "the group to shrink")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
