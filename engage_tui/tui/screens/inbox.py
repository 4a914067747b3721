"""The inbox: every notification that may need a human answer, newest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from engage_tui.domain import Handled, NotificationKind
from engage_tui.store import InboxRow
from engage_tui.tui.accounts import AccountBook, book_now, book_with_stored
from engage_tui.tui.answering import (
    Answer,
    finish,
    finish_thanked_in,
    finishes,
    item_ids,
)
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.screens.inbox_filter import AccountChoice, InboxFilter
from engage_tui.tui.widgets.inbox_list import InboxList, Loader
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from engage_tui.tui.compose_request import ComposeRequest
    from engage_tui.tui.thank_round import ThankRound
    from engage_tui.tui.widgets.composer import Composer

_WITH_POST = (NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.QUOTE)


class InboxScreen(EngageScreen):
    GROUP = "inbox"
    HELP = (
        "Everything that may need a human answer: mentions, replies, quotes, new "
        "followers, likes, reposts and list adds, newest first. Answer with r, thank "
        "with t (only the @handle is filled in) or like with l: the item is then done, "
        "marked with how you answered, and the cursor is on the next one. A reply or "
        "thank sent with ctrl+s opens the next item's composer (only the @handle "
        "filled in): ctrl+l likes that item instead, ctrl+n leaves it for later, "
        "escape stops; a group stops this flow. t on a group "
        "thanks each person in turn: ctrl+s sends and opens the next "
        "person's composer, ctrl+n skips a person, escape stops. e marks an item "
        "done without an answer; z snoozes it until tonight, tomorrow morning or "
        "next week, when it comes back on top, marked z. Done items leave this "
        "view (f shows them again). Every action is "
        "saved locally first and sent by the sync engine, so u undoes it (the answer "
        "and the done together) for a few seconds. With several accounts, each row "
        "says whose it is (X·alice), f shows one account's items, and the composer "
        "answers as the item's account (ctrl+o there picks another on that network)."
    )
    BINDINGS = [
        Binding("enter", "open", "Open", id="inbox.open"),
        composer_key("r", "reply", "Reply", "inbox.reply"),
        Binding("l", "like", "Like/unlike", id="inbox.like"),
        composer_key("t", "thank", "Thank", "inbox.thank"),
        Binding("e", "done", "Mark done", id="inbox.done"),
        Binding("z", "snooze", "Snooze", id="inbox.snooze"),
        Binding("f", "filter", "Filter", id="inbox.filter"),
        Binding("slash", "search", "Search", id="inbox.search"),
        Binding("p", "prospect", "Add to prospects", id="inbox.prospect"),
        Binding("o", "browser", "Open in browser", id="inbox.browser"),
        Binding("P", "person", "Person", id="inbox.person", show=False),
    ]

    class _Counted(Message):
        def __init__(self, count: int, book: AccountBook | None) -> None:
            super().__init__()
            self.count = count
            self.book = book  # read again with the stored rows' accounts, or None

    def __init__(self) -> None:
        super().__init__()
        self.view = InboxFilter()
        self._counted_once = False
        # What the open composer answers, and a group's thank round.
        self._answer: Answer | None = None
        self._round: ThankRound | None = None
        self._flowing = False  # the open composer was opened by the flow
        # Whose each row is, when several accounts share the inbox.
        self.book = AccountBook()
        self._book_read = False  # the stored rows' accounts were looked at
        # An item an undo brings back, and who waits to be handed its row.
        self._revealing: tuple[str, Callable[[InboxRow], None]] | None = None

    def compose_body(self) -> ComposeResult:
        # The signed-in accounts cost no read worth the name (the rows'
        # own accounts are looked at after the first frame, in _count).
        self.book = book_now(self.svc)
        yield Static("Inbox", id="inbox-title", classes="pane-title", markup=False)
        inbox = InboxList(self._loader(), self.svc.clock, id="inbox-list", empty_text=_EMPTY)
        if self.book.several:
            inbox.set_tags(self._tag, self.book.tag_width())
        yield inbox

    def _tag(self, row: InboxRow) -> str:
        note = row.notification
        return self.book.tag(note.account, note.network)

    def _show_book(self, book: AccountBook) -> None:
        if book.infos == self.book.infos:
            return
        self.book = book
        if (inbox := self.inbox) is not None:
            inbox.set_tags(self._tag, book.tag_width())

    def on_inbox_list_loaded(self, message: InboxList.Loaded) -> None:
        if self._revealing is not None and (row := self.row) is not None:
            wanted, then = self._revealing
            if wanted in item_ids(row):
                self._revealing = None
                then(row)
        # Counted after the first page is on screen, so it never delays it.
        if not self._counted_once:
            self._counted_once = True
            self.call_after_refresh(self._count)

    @property
    def inbox(self) -> InboxList | None:
        found = self.query(InboxList)
        return found.first() if found else None

    def reveal(self, notification_id: str, then: Callable[[InboxRow], None] | None = None) -> None:
        """An undo brings this item back: the cursor goes to it when it shows,
        and ``then`` (an opened item on top of the list) is handed its row."""
        if (inbox := self.inbox) is not None:
            inbox.reveal(notification_id)
        self._revealing = (notification_id, then) if then is not None else None

    def _data_changed(self, version: int) -> None:
        # Under an opened item the list is read again only for a row an undo
        # brings back; otherwise it waits until it is shown.
        if self._revealing is not None and self.app.screen is not self:
            self.reload()
            return
        super()._data_changed(version)

    def dropped(self, ids: tuple[str, ...]) -> None:
        """These items were marked done (from an opened item): out of the new view."""
        if (inbox := self.inbox) is None:
            return
        if self.view.include_done:
            inbox.action_cursor_down()
        else:
            inbox.remove_ids(set(ids))

    @property
    def row(self) -> InboxRow | None:
        inbox = self.inbox
        return inbox.current if inbox is not None else None

    def focus_main(self) -> None:
        if self.inbox is not None:
            self.inbox.focus()

    def _loader(self) -> Loader:
        store, view = self.svc.store, self.view

        def load(after: tuple[str, str] | None, limit: int) -> list[InboxRow]:
            return store.inbox.window(
                limit=limit,
                after=after,
                kinds=view.kinds,
                include_done=view.include_done,
                accounts=view.accounts,
            )

        return load

    def reload(self) -> None:
        if self.inbox is not None:
            self.inbox.reload()
        self._count()

    @reads("count the inbox", group="inbox-count")
    def _count(self) -> None:
        view, svc = self.view, self.svc
        count = svc.store.inbox.count(
            kinds=view.kinds, include_done=view.include_done, accounts=view.accounts
        )
        book: AccountBook | None = None
        if not self._book_read:
            # Once: whose rows the store holds (an account signed out since
            # keeps its rows, and they are labelled as its).
            self._book_read = True
            book = book_with_stored(svc)
        elif svc.controller is not None:
            # An account's handle is learnt at its first sync.
            book = AccountBook(svc.controller.accounts(), self.book.stored)
        self.post_message(self._Counted(count, book))

    def on_inbox_screen__counted(self, message: _Counted) -> None:
        if message.book is not None:
            self._show_book(message.book)
        view = self.view
        if view.account_label:
            which = f" · {view.account_label}"
        else:
            which = f" · every account ({len(self.book.infos)})" if self.book.several else ""
        title = f"Inbox · {view.label}{which} · {message.count:,}"
        self.query_one("#inbox-title", Static).update(title)

    # --- actions -----------------------------------------------------------
    def action_open(self) -> None:
        row = self.row
        if row is None:
            return
        from engage_tui.tui.screens.conversation import ConversationScreen

        self.step(0)  # marks it seen
        self.app.push_screen(ConversationScreen(row, self))

    def step(self, delta: int) -> InboxRow | None:
        """Move the cursor by ``delta`` rows (0: stay) and return the row it is on,
        marked seen; the conversation view walks the inbox with this."""
        inbox = self.inbox
        if inbox is None:
            return None
        if delta > 0:
            inbox.action_cursor_down()
        elif delta < 0:
            inbox.action_cursor_up()
        row = inbox.current
        if row is not None:
            # Opened is seen: the "new" mark goes at the next read of the window.
            ids = list(item_ids(row))
            self.svc.write("mark seen", lambda store: store.inbox.mark_seen(ids), refresh=False)
        return row

    def answered(
        self, ids: tuple[str, ...], how: Handled, sent: ComposeRequest | None = None
    ) -> None:
        """An answer finished the item: done, marked, and out of the new view
        (a thank, ``sent``, finishes the rest of what its person brought too)."""
        finish(self.svc, ids, how, sent)
        inbox = self.inbox
        if inbox is None:
            return
        if self.view.include_done:
            inbox.action_cursor_down()  # it stays in this view, marked once read again
        else:
            # The cursor keeps its place, so it stands on the next item.
            inbox.remove_ids(set(ids))

    def start_answer(self, row: InboxRow, key: str, how: Handled) -> None:
        self._answer = Answer(key, item_ids(row), how) if finishes(self.svc, row) else None

    def on_composer_closed(self, message: Composer.Closed) -> None:
        # This handler decides where the keyboard goes (the next composer of a
        # round, or of the flow on to the next item).
        message.prevent_default()
        answer, self._answer = self._answer, None
        flowing, self._flowing = self._flowing, False
        sent = message.sent
        if self._round is not None:
            if self._round_goes_on(sent, message.skipped):
                return
        elif answer is not None and sent is not None and sent.key == answer.key:
            self.answered(answer.ids, answer.how, sent)
            if self._flow_on():
                return
        elif flowing and message.skipped and (inbox := self.inbox) is not None:
            inbox.action_cursor_down()  # left as it is, for later
            if self._flow_on():
                return
        elif flowing and message.liked and self.action_like() and self._flow_on():
            return
        self.focus_main()

    # --- the flow: after an answer, the next item's composer ------------------
    def _flow_on(self) -> bool:
        """After an answer written from the inbox, the composer opens on the next
        new item, as a round does for a group's people: a reply where they wrote
        a post, a thank where they followed, reposted or liked. Only the @handle
        is filled in and nothing goes without ctrl+s; the skip key leaves the
        item for later, ctrl+l likes it instead, escape stops. A group stops the
        flow (its own key starts its round). True when a composer opened."""
        row = self.row
        if not self.svc.config.compose_next_after_send or row is None:
            return False
        if len(row.group_ids) > 1 or not finishes(self.svc, row):
            return False
        made = self._answer_request(row)
        if made is None:
            return False
        request, how = made
        key = self.svc.key
        words = [f"next item · {key('composer.skip')} skips"]
        likeable = row.post is not None and how is Handled.REPLIED
        if likeable:
            words.append(f"{key('composer.like')} likes")
        words.append(f"{key('composer.close')} stops")
        request = replace(request, progress=" · ".join(words), likeable=likeable)
        self.start_answer(row, request.key, how)
        if not self.open_composer(request):
            self._answer = None
            return False
        self._flowing = True
        return True

    def _answer_request(self, row: InboxRow) -> tuple[ComposeRequest, Handled] | None:
        """What answers this item in words: a reply to the post they wrote, else a thank."""
        from engage_tui.tui import actions

        note = row.notification
        if row.post is not None and note.kind in _WITH_POST:
            return actions.reply_request(self.svc, row.post, note.account), Handled.REPLIED
        if row.actor is None:
            return None
        return actions.thank_request(self.svc, row.actor, None, note.account), Handled.THANKED

    # --- a group's thank round ---------------------------------------------
    def _round_goes_on(self, sent: ComposeRequest | None, skipped: bool) -> bool:
        """The round after a composer closed: True while the next person's composer opens."""
        rnd = self._round
        assert rnd is not None
        person = rnd.current
        if person is None or not (skipped or (sent is not None and sent.key == rnd.keys[-1])):
            self._round = None
            self.say(f"Thank round stopped: {rnd.thanked} of {len(rnd.people)} thanked.")
            return False
        if not skipped:
            rnd.thanked += 1
            if rnd.finishing:
                # Finished now, whatever happens to the rest of the round: the
                # group row shrinks by this person once the write lands.
                finish_thanked_in(self.svc, person.id, rnd.ids)
        rnd.sent += 1
        if rnd.current is None:
            self._round = None
            if rnd.thanked < len(rnd.people):
                self.say(f"Thank round done: {rnd.thanked} of {len(rnd.people)} thanked.")
            elif rnd.finishing and (inbox := self.inbox) is not None:
                if self.view.include_done:
                    inbox.action_cursor_down()
                else:
                    inbox.remove_ids(set(rnd.ids))
                return self._flow_on()
            return False
        self._thank_next(rnd)
        return True

    def _thank_next(self, rnd: ThankRound) -> None:
        from engage_tui.tui import actions

        person = rnd.current
        assert person is not None
        skip = self.svc.key("composer.skip")
        stop = self.svc.key("composer.close")
        request = replace(
            actions.thank_request(self.svc, person, None, rnd.account),
            progress=f"{rnd.sent + 1} of {len(rnd.people)} · {skip} skips · {stop} stops the round",
        )
        rnd.keys.append(request.key)
        if not self.open_composer(request):
            self._round = None

    def thank_round(self, row: InboxRow) -> None:
        from engage_tui.tui import actions

        everyone = self.svc.store.inbox.actors_of(list(item_ids(row)))
        if not everyone:
            self.say("Who these were is not cached yet: sync, then try again.")
            return
        # A round stopped earlier goes on where it stopped: nobody is thanked twice.
        thanked = actions.thank_keys(self.svc)
        people = [p for p in everyone if f"thank:{p.id}" not in thanked]
        finishing = finishes(self.svc, row)
        if not people:
            self.say(f"All {len(everyone)} are thanked already.")
            if finishing:
                self.answered(item_ids(row), Handled.THANKED)
            return
        from engage_tui.tui.thank_round import ThankRound

        self._round = ThankRound(people, item_ids(row), finishing, row.notification.account)
        self._thank_next(self._round)

    # The actions (and what they import: the compose request, webbrowser) load
    # on the first key that needs them, not before the first frame.
    def action_reply(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return
        if row.post is None:
            who = row.actor.handle if row.actor else "them"
            thank = self.svc.key("inbox.thank")
            self.say(f"Nothing to reply to here: press {thank} to thank @{who}.")
            return
        request = actions.reply_request(self.svc, row.post, row.notification.account)
        self.start_answer(row, request.key, Handled.REPLIED)
        if not self.open_composer(request):
            self._answer = None

    def action_thank(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return
        if len(row.group_ids) > 1:
            self.thank_round(row)
            return
        if row.actor is None:
            self.say("Who this was is not cached yet: sync, then try again.")
            return
        their_post = row.post if row.notification.kind in _WITH_POST else None
        request = actions.thank_request(self.svc, row.actor, their_post, row.notification.account)
        self.start_answer(row, request.key, Handled.THANKED)
        if not self.open_composer(request):
            self._answer = None

    def action_like(self) -> bool:
        """Like (or unlike) the item's post; True when the like finished the item."""
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return False
        if row.post is None:
            self.say(actions.nothing_to_like(row.notification.kind, self.svc.key("inbox.thank")))
            return False
        refused = actions.no_account(self.svc, row.post.network)
        if refused is not None:
            self.say(refused, severity="warning")
            return False
        liking = not actions.is_liked(self.svc, row.post.id)
        self.say(actions.toggle_like(self.svc, row.post, row.notification.account))
        if liking and finishes(self.svc, row):
            self.answered(item_ids(row), Handled.LIKED)
            return True
        return False

    def action_done(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        inbox = self.inbox
        if row is None or inbox is None:
            return
        ids = item_ids(row)
        self.say(actions.mark_done(self.svc, list(ids)))
        if not self.view.include_done:
            inbox.remove_ids(set(ids))

    def action_snooze(self) -> None:
        row = self.row
        if row is not None:
            from engage_tui.tui.screens.snooze import snooze_row

            snooze_row(self, row, self.dropped)

    def action_prospect(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None or row.actor is None:
            return
        self.say(actions.add_prospect(self.svc, row.actor))

    def action_person(self) -> None:
        from engage_tui.tui.screens.person import open_person

        row = self.row
        if row is not None:
            open_person(self, row.actor.id if row.actor is not None else None)

    def action_browser(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return
        post = row.post or row.subject
        if post is None:
            if row.actor is not None:
                actions.open_profile(self.app, self.svc, row.actor)
            return
        actions.open_post(self.app, self.svc, post)

    def action_filter(self) -> None:
        from engage_tui.tui.screens.filter import FilterScreen

        def chosen(view: InboxFilter | None) -> None:
            if view is None or self.inbox is None:
                return
            self.view = view
            everything = view.label == "new" and view.accounts is None
            self.inbox.set_loader(self._loader(), _EMPTY if everything else _NO_MATCH)
            self._count()

        self.app.push_screen(FilterScreen(self.view, self._account_choices()), chosen)

    def _account_choices(self) -> list[AccountChoice]:
        book = self.book
        return [AccountChoice(book.label(info), book.filter_ids(info)) for info in book.infos]

    def action_search(self) -> None:
        from engage_tui.tui.screens.search import open_search

        open_search(self.app)


_EMPTY = "Nothing new. Press s to sync, f to show done items, or 2 for your prospects."
_NO_MATCH = "Nothing matches this filter. Press f to change it."
