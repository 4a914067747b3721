"""The inbox: every notification that may need a human answer, newest first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from engage_tui.domain import NotificationKind
from engage_tui.store import InboxRow
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.screens.inbox_filter import InboxFilter
from engage_tui.tui.widgets.inbox_list import InboxList, Loader

_WITH_POST = (NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.QUOTE)


class InboxScreen(EngageScreen):
    GROUP = "inbox"
    HELP = (
        "Everything that may need a human answer: mentions, replies, quotes, new "
        "followers, likes, reposts and list adds, newest first. Answer with r, thank "
        "with t (only the @handle is filled in), and press e when an item is done; "
        "done items leave this view (f can show them again). Every action is saved "
        "locally first and sent by the sync engine, so u undoes it for a few seconds."
    )
    BINDINGS = [
        Binding("enter", "open", "Open", id="inbox.open"),
        Binding("r", "reply", "Reply", id="inbox.reply"),
        Binding("l", "like", "Like/unlike", id="inbox.like"),
        Binding("t", "thank", "Thank", id="inbox.thank"),
        Binding("e", "done", "Mark done", id="inbox.done"),
        Binding("f", "filter", "Filter", id="inbox.filter"),
        Binding("slash", "search", "Search", id="inbox.search"),
        Binding("p", "prospect", "Add to prospects", id="inbox.prospect"),
        Binding("o", "browser", "Open in browser", id="inbox.browser"),
        Binding("P", "person", "Person", id="inbox.person", show=False),
    ]

    class _Counted(Message):
        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self) -> None:
        super().__init__()
        self.view = InboxFilter()
        self._counted_once = False

    def compose_body(self) -> ComposeResult:
        yield Static("Inbox", id="inbox-title", classes="pane-title", markup=False)
        yield InboxList(self._loader(), self.svc.clock, id="inbox-list", empty_text=_EMPTY)

    def on_inbox_list_loaded(self, message: InboxList.Loaded) -> None:
        # Counted after the first page is on screen, so it never delays it.
        if not self._counted_once:
            self._counted_once = True
            self.call_after_refresh(self._count)

    @property
    def inbox(self) -> InboxList | None:
        found = self.query(InboxList)
        return found.first() if found else None

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
            return store.inbox_window(
                limit=limit, after=after, kinds=view.kinds, include_done=view.include_done
            )

        return load

    def reload(self) -> None:
        if self.inbox is not None:
            self.inbox.reload()
        self._count()

    @work(thread=True, group="inbox-count", exclusive=True, exit_on_error=False)
    def _count(self) -> None:
        view = self.view
        count = self.svc.store.inbox_count(kinds=view.kinds, include_done=view.include_done)
        self.post_message(self._Counted(count))

    def on_inbox_screen__counted(self, message: _Counted) -> None:
        title = f"Inbox · {self.view.label} · {message.count:,}"
        self.query_one("#inbox-title", Static).update(title)

    # --- actions -----------------------------------------------------------
    def action_open(self) -> None:
        row = self.row
        if row is None:
            return
        from engage_tui.tui.screens.conversation import ConversationScreen

        # Opened is seen: the "new" mark goes at the next read of the window.
        ids = list(row.group_ids or (row.notification.id,))
        self.svc.write("mark seen", lambda store: store.mark_seen(ids), refresh=False)
        self.app.push_screen(ConversationScreen(row))

    # The actions (and what they import: the compose request, webbrowser) load
    # on the first key that needs them, not before the first frame.
    def action_reply(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return
        if row.post is None:
            who = row.actor.handle if row.actor else "them"
            self.say(f"Nothing to reply to here: press t to thank @{who}.")
            return
        self.open_composer(actions.reply_request(self.svc, row.post))

    def action_thank(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return
        if row.actor is None:
            self.say("Who this was is not cached yet: sync, then try again.")
            return
        their_post = row.post if row.notification.kind in _WITH_POST else None
        self.open_composer(actions.thank_request(self.svc, row.actor, their_post))

    def action_like(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        if row is None:
            return
        if row.post is None:
            self.say(actions.nothing_to_like(row.notification.kind))
            return
        self.say(actions.toggle_like(self.svc, row.post))

    def action_done(self) -> None:
        from engage_tui.tui import actions

        row = self.row
        inbox = self.inbox
        if row is None or inbox is None:
            return
        ids = list(row.group_ids or (row.notification.id,))
        self.say(actions.mark_done(self.svc, ids))
        if not self.view.include_done:
            inbox.remove_ids(set(ids))

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
            self.inbox.set_loader(self._loader(), _EMPTY if view.label == "new" else _NO_MATCH)
            self._count()

        self.app.push_screen(FilterScreen(self.view), chosen)

    def action_search(self) -> None:
        from engage_tui.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())


_EMPTY = "Nothing new. Press s to sync, f to show done items, or 2 for your prospects."
_NO_MATCH = "Nothing matches this filter. Press f to change it."
