"""The inbox: rows, grouping, marking done, liking, opening, literal remote text."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from engage_tui.domain import ActionKind, OutboxState, TriageState
from engage_tui.store import InboxRow, Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.link import LinkScreen
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.widgets.inbox_list import InboxList
from tests.tui.helpers import Heard, go_to, inbox_ready, notices, open_item, settle, until
from tests.tui.world import MARKUP_TEXT, NOW

SIZE = (120, 40)


async def test_rows_are_newest_first(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        times = [r.notification.created_at for r in listing.rows]
        assert times == sorted(times, reverse=True)
        assert listing.rows[0].notification.id == "n-mention-ana"


async def test_likes_of_one_post_are_one_grouped_row(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        likes = [r for r in listing.rows if r.notification.kind == "like"]
        assert len(likes) == 1
        assert len(likes[0].group_ids) == 5
        index = listing.rows.index(likes[0])
        line = listing.render_line(index - listing.scroll_offset.y).text
        assert "and 3 others liked your post: Shipped the new release" in line


async def test_cursor_stays_within_the_rows(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        listing.cursor = len(listing.rows) + 50
        assert listing.cursor == len(listing.rows) - 1
        listing.cursor = -3
        assert listing.cursor == 0


class OneList(App[None]):
    """The inbox list alone, over the real store: only its own messages."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        def load(after: tuple[str, str] | None, limit: int) -> list[InboxRow]:
            return self.store.inbox.window(limit=limit, after=after)

        yield InboxList(load, lambda: NOW)


async def test_each_move_of_the_cursor_tells_the_row_it_is_on(store: Store) -> None:
    heard = Heard()

    def highlighted() -> list[str | None]:
        return [m.row.notification.id if m.row else None for m in heard.of(InboxList.Highlighted)]

    app = OneList(store)
    async with app.run_test(size=SIZE, message_hook=heard) as pilot:
        listing = app.query_one(InboxList)
        await until(pilot, lambda: listing.loaded, "the rows")
        await pilot.pause()
        heard.clear()
        await pilot.press("j", "j", "k")
        await pilot.pause()
        ids = [r.notification.id for r in listing.rows]
        assert highlighted() == [ids[1], ids[2], ids[1]]
        await pilot.press("k", "k")  # the second k finds the top: no move, no message
        await pilot.pause()
        assert highlighted() == [ids[1], ids[2], ids[1], ids[0]]


async def test_remote_markup_and_escapes_show_literally(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-mention-mal")
        line = listing.render_line(listing.cursor - listing.scroll_offset.y).text
        assert "[b]Mallory[/b]" in line
        assert "[bold red]x[/]" in line
        assert "\x1b" not in line
        assert "[link=http://evil]this[/link]" in line
        assert "\x1b" in MARKUP_TEXT  # the fixture really carries one


async def test_done_leaves_the_view_and_is_stored(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        before = len(listing.rows)
        await pilot.press("e")
        await settle(pilot)
        assert len(listing.rows) == before - 1
        assert all(r.notification.id != "n-follow-dee" for r in listing.rows)
        everything = store.inbox.window(limit=100, include_done=True, group=False)
        done = [r.notification for r in everything if r.notification.id == "n-follow-dee"]
        assert done[0].state is TriageState.DONE


async def test_done_on_a_group_marks_every_member(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-like-ana")
        await pilot.press("e")
        await settle(pilot)
        rows = store.inbox.window(limit=100, include_done=True, group=False)
        states = {r.notification.id: r.notification.state for r in rows}
        assert {states[f"n-like-{h}"] for h in ("ana", "bo", "cy", "dee", "eve")} == {
            TriageState.DONE
        }


async def test_like_queues_a_like_then_an_unlike(store: Store) -> None:
    from tests.tui.conftest import make_app

    # The item stays under the cursor only when answering does not move on.
    app = make_app(store, advance_after_answer=False)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        items = sorted(store.outbox.items(), key=lambda i: i.id)
        assert [i.kind for i in items] == [ActionKind.LIKE, ActionKind.UNLIKE]
        assert all(i.target_post_id == "200" and i.state is OutboxState.QUEUED for i in items)
        assert items[0].send_after.timestamp() == NOW.timestamp() + 5


async def test_like_on_a_follow_explains_instead_of_queueing(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("l")
        await settle(pilot)
        assert store.outbox.items() == []
        said = notices(app)
        assert any("Nothing to like: a follow has no post" in n for n in said)
        assert not any("your own post" in n for n in said)


async def test_enter_opens_the_conversation_with_parent_and_subject(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, "n-reply-bo")
        text = str(app.screen.query_one("#conversation-text").render())
        assert "Does it run on ARM yet?" in text
        assert "Shipped the new release today" in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ConversationScreen), "back")


async def test_open_without_a_browser_shows_and_copies_the_cached_link(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, LinkScreen), "link modal")
        assert app.clipboard == "https://x.com/ana/status/200"


async def test_open_offline_without_a_cached_link_says_there_is_no_account(
    app: EngageApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, LinkScreen)
        assert app.clipboard == ""
        assert "No account, so no link to this post: run `engage auth login` first." in notices(app)


async def test_profile_offline_says_there_is_no_account(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, LinkScreen)
        assert any(n.startswith("No account, so no link to @") for n in notices(app))


async def test_keys_typed_into_the_link_modal_leave_the_link_as_it_is(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-mention-ana")
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, LinkScreen), "link modal")
        await pilot.press("t", "h", "x", "backspace", "backspace")
        await settle(pilot)
        assert app.screen.query_one("#link-url", Input).value == "https://x.com/ana/status/200"


async def test_add_author_to_prospects(app: EngageApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-quote-cy")
        await pilot.press("p")
        await settle(pilot)
        assert "13" in {p.person_id for p in store.prospects.listing()}


async def test_keys_before_the_inbox_is_loaded_do_nothing(store: Store) -> None:
    from tests.tui.conftest import make_app

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "r", "l", "t", "o", "p", "enter", "j", "u")
        await settle(pilot)
        assert app.is_running
