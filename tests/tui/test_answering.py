"""Answering finishes the item: done, marked with how, the cursor on the next one, one undo."""

from __future__ import annotations

from textual.widgets import TextArea

from engage_tui.domain import ActionKind, Handled, OutboxState, TriageState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.conftest import make_app
from tests.tui.helpers import go_to, inbox_ready, notices, open_item, settle, until

SIZE = (120, 40)


def stored(store: Store, nid: str):
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    return next(r.notification for r in rows if r.notification.id == nid)


async def composer_open(pilot, app: EngageApp) -> Composer:
    await until(
        pilot,
        lambda: bool(app.screen.query(Composer)) and app.screen.query_one(Composer).is_open,
        "composer",
    )
    composer = app.screen.query_one(Composer)
    return composer


async def test_a_sent_reply_marks_the_item_replied_and_moves_to_the_next(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        after = listing.rows[listing.cursor + 1].notification.id
        await pilot.press("r")
        await composer_open(pilot, app)
        await pilot.press(*"yes, ARM too")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert listing.current is not None and listing.current.notification.id == after
        assert all(r.notification.id != "n-reply-bo" for r in listing.rows)
        note = stored(store, "n-reply-bo")
        assert (note.state, note.handled) == (TriageState.DONE, Handled.REPLIED)
        assert listing.has_focus


async def test_a_like_marks_the_item_liked_and_moves_to_the_next(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("l")
        await settle(pilot)
        assert listing.current is not None
        assert listing.current.notification.id == "n-reply-bo"
        assert stored(store, "n-mention-ana").handled is Handled.LIKED


async def test_a_thank_marks_a_follow_thanked(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("t")
        await composer_open(pilot, app)
        await pilot.press(*"welcome!", "ctrl+s")
        await settle(pilot)
        note = stored(store, "n-follow-dee")
        assert (note.state, note.handled) == (TriageState.DONE, Handled.THANKED)


async def test_closing_the_composer_without_sending_leaves_the_item_new(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await composer_open(pilot, app)
        await pilot.press(*"later", "escape")
        await settle(pilot)
        assert listing.current is not None
        assert listing.current.notification.id == "n-reply-bo"
        assert stored(store, "n-reply-bo").state is TriageState.NEW


async def test_one_undo_takes_back_the_reply_and_the_done(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await composer_open(pilot, app)
        await pilot.press(*"yes, ARM too", "ctrl+s")
        await settle(pilot)
        assert len(app.services.undo) == 1
        await pilot.press("u")
        await settle(pilot)
        note = stored(store, "n-reply-bo")
        assert (note.state, note.handled) == (TriageState.NEW, None)
        assert [i.state for i in store.outbox.items()] == [OutboxState.CANCELLED]
        await until(
            pilot, lambda: any(r.notification.id == "n-reply-bo" for r in listing.rows), "back"
        )


async def _undo_after_the_sync_took_it(pilot, app: EngageApp, store: Store) -> None:
    """The undo window ended and the sync side took the answer to send it; then u."""
    await settle(pilot)
    assert app.services.writes.flush(30)
    [queued] = store.outbox.items()
    assert store.outbox.claim(queued.id, None, queued.send_after) is not None
    await pilot.press("u")
    assert app.services.writes.flush(30)
    await settle(pilot)
    assert any("Too late to undo" in n for n in notices(app))


async def test_an_undo_too_late_for_the_reply_leaves_its_item_done(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await composer_open(pilot, app)
        await pilot.press(*"yes, ARM too", "ctrl+s")
        await _undo_after_the_sync_took_it(pilot, app, store)
    note = stored(store, "n-reply-bo")
    # It is answered: back in the inbox it would ask for a second reply.
    assert (note.state, note.handled) == (TriageState.DONE, Handled.REPLIED)
    assert [i.state for i in store.outbox.items()] == [OutboxState.SENDING]


async def test_an_undo_too_late_for_the_like_leaves_its_item_done(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("l")
        await _undo_after_the_sync_took_it(pilot, app, store)
    note = stored(store, "n-mention-ana")
    assert (note.state, note.handled) == (TriageState.DONE, Handled.LIKED)


async def test_with_the_advance_off_an_answer_leaves_the_item_and_cursor(store: Store) -> None:
    app = make_app(store, advance_after_answer=False)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("l")
        await settle(pilot)
        assert listing.current is not None
        assert listing.current.notification.id == "n-mention-ana"
        assert stored(store, "n-mention-ana").state is TriageState.NEW


async def test_t_on_a_group_thanks_each_member_with_their_own_words(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        handles = []
        for n in range(5):
            composer = await composer_open(pilot, app)
            handles.append(composer.text)
            await pilot.press(*f"thanks {n}", "ctrl+s")
            await settle(pilot)
        # Each composer held only that person's @handle, newest liker first.
        assert handles == ["@ana ", "@bo ", "@cy ", "@dee ", "@eve "]
        posts = sorted(store.outbox.items(), key=lambda i: i.created_at)
        assert [i.kind for i in posts] == [ActionKind.POST] * 5
        assert sorted(i.text or "" for i in posts) == [
            f"@{h} thanks {n}" for n, h in enumerate(["ana", "bo", "cy", "dee", "eve"])
        ]
        assert stored(store, "n-like-eve").handled is Handled.THANKED


async def test_escape_stops_a_thank_round_and_sends_nothing_more(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        await composer_open(pilot, app)
        await pilot.press(*"thank you", "ctrl+s")
        await settle(pilot)
        await composer_open(pilot, app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(store.outbox.items()) == 1
        assert not app.screen.query_one(Composer).is_open
        assert stored(store, "n-like-bo").state is TriageState.NEW
        assert any("1 of 5 thanked" in n for n in notices(app))


async def test_a_round_shows_where_it_stands_in_the_composer(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        composer = await composer_open(pilot, app)
        context = str(composer.query_one("#composer-context").render())
        assert "1 of 5 · ctrl+n skips · esc stops the round" in context


async def test_a_round_started_again_skips_who_is_thanked_already(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        await composer_open(pilot, app)
        await pilot.press(*"thank you", "ctrl+s")
        await settle(pilot)
        await composer_open(pilot, app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t")
        composer = await composer_open(pilot, app)
        assert composer.text == "@bo "
        assert "1 of 4" in str(composer.query_one("#composer-context").render())


async def test_a_round_will_not_send_a_bare_handle(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("t")
        await composer_open(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.outbox.items() == []
        assert app.screen.query_one(Composer).is_open


async def test_enter_on_a_group_lists_every_member(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, "n-like-ana")
        text = str(app.screen.query_one("#conversation-text").render())
        assert "Everyone in this group (5)" in text
        for handle in ("@ana", "@bo", "@cy", "@dee", "@eve"):
            assert handle in text


async def test_the_conversation_shows_each_post_once(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, "n-reply-bo")
        text = str(app.screen.query_one("#conversation-text").render())
        assert text.count("Does it run on ARM yet?") == 1
        assert text.count("Shipped the new release today") == 1


async def test_j_and_k_in_the_conversation_walk_the_inbox(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, "n-mention-ana")
        await pilot.press("j")
        assert screen.row.notification.id == "n-reply-bo"
        await pilot.press("k")
        assert screen.row.notification.id == "n-mention-ana"


async def test_a_reply_from_the_conversation_shows_the_next_item(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_item(pilot, "n-mention-ana")
        await pilot.press("r")
        await composer_open(pilot, app)
        await pilot.press(*"slides are up", "ctrl+s")
        await settle(pilot)
        assert screen.is_current
        assert screen.row.notification.id == "n-reply-bo"
        assert stored(store, "n-mention-ana").handled is Handled.REPLIED


def test_the_marks_fall_back_to_the_key_letters_without_unicode() -> None:
    from engage_tui.tui.widgets.inbox_row import handled_mark

    assert [handled_mark(h, unicode=False) for h in Handled] == ["r", "t", "l"]
    glyphs = [handled_mark(h, unicode=True) for h in Handled]
    assert len(set(glyphs)) == 3 and not any(g.isascii() for g in glyphs)


async def test_t_on_a_group_in_the_conversation_starts_the_round(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, "n-like-ana")
        await pilot.press("t")
        composer = await composer_open(pilot, app)
        assert not isinstance(app.screen, ConversationScreen)
        assert composer.text == "@ana "
        assert composer.query_one(TextArea).has_focus


async def test_in_a_view_with_done_items_an_answer_moves_on_and_shows_its_mark(
    app: EngageApp,
) -> None:
    from engage_tui.tui.screens.filter import CHOICES

    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        everything = [c.include_done and c.kinds is None for c in CHOICES].index(True)
        await pilot.press("f", *["j"] * everything, "enter")
        await settle(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("l")
        await settle(pilot)
        assert listing.current is not None
        assert listing.current.notification.id == "n-reply-bo"
        liked = listing.rows[listing.cursor - 1].notification
        assert (liked.id, liked.handled) == ("n-mention-ana", Handled.LIKED)


async def test_undo_puts_the_cursor_back_on_the_item_it_brings_back(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("e", "j", "j")
        await settle(pilot)
        assert listing.current is not None and listing.current.notification.id != "n-reply-bo"
        await pilot.press("u")
        await until(
            pilot,
            lambda: listing.current is not None and listing.current.notification.id == "n-reply-bo",
            "the cursor on the item brought back",
        )


async def test_undo_of_an_answer_puts_the_cursor_back_on_its_item(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await composer_open(pilot, app)
        await pilot.press(*"yes, ARM too", "ctrl+s")
        await settle(pilot)
        assert listing.current is not None and listing.current.notification.id != "n-reply-bo"
        await pilot.press("u")
        await until(
            pilot,
            lambda: listing.current is not None and listing.current.notification.id == "n-reply-bo",
            "the cursor on the answered item brought back",
        )
