"""One inbox item opened: the post, what it replies to, and the owner's post it concerns.

Opened from the inbox, it walks the inbox: j and k show the next and previous
item, and an answer sent from here finishes the item and shows the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from engage_tui.domain import Handled, NotificationKind, Person, Post
from engage_tui.store import InboxRow
from engage_tui.text.safe import display_text
from engage_tui.tui import actions
from engage_tui.tui.answering import Answer, finishes, item_ids
from engage_tui.tui.content_labels import label_marker
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.timefmt import ago_words
from engage_tui.tui.widgets.inbox_row import HANDLED_WORDS, handled_mark, person_label, who

if TYPE_CHECKING:
    from engage_tui.tui.compose_request import ComposeRequest
    from engage_tui.tui.widgets.composer import Composer


class Walk(Protocol):
    """The list a conversation was opened from (the inbox)."""

    def step(self, delta: int) -> InboxRow | None: ...

    def answered(
        self, ids: tuple[str, ...], how: Handled, sent: ComposeRequest | None = None
    ) -> None: ...

    def thank_round(self, row: InboxRow) -> None: ...

    def dropped(self, ids: tuple[str, ...]) -> None: ...

    def reveal(
        self, notification_id: str, then: Callable[[InboxRow], None] | None = None
    ) -> None: ...


# What happened, said once: the post itself is shown below, never twice.
_DID: dict[NotificationKind, str] = {
    NotificationKind.MENTION: "mentioned you",
    NotificationKind.REPLY: "replied to you",
    NotificationKind.QUOTE: "quoted your post",
    NotificationKind.FOLLOW: "followed you",
    NotificationKind.LIKE: "liked your post",
    NotificationKind.REPOST: "reposted your post",
    NotificationKind.LIST_ADD: "added you to a list",
    NotificationKind.NEW_POST: "posted (you asked for their new posts)",
}


class ConversationScreen(EngageScreen):
    GROUP = "conversation"
    HELP = (
        "One inbox item in full: the post, the post it answers, and your post it "
        "concerns. Every inbox key works here: r replies, l likes, t thanks, e marks "
        "it done, z snoozes it, and each shows the next item; u undoes and shows the item it "
        "brings back; o opens it in the browser. j and k walk the inbox without "
        "going back to the list; escape goes back."
    )
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="conversation.back"),
        Binding("j", "next", "Next item", id="conversation.next"),
        Binding("k", "previous", "Previous item", id="conversation.previous"),
        composer_key("r", "reply", "Reply", "conversation.reply"),
        Binding("l", "like", "Like/unlike", id="conversation.like"),
        composer_key("t", "thank", "Thank", "conversation.thank"),
        Binding("e", "done", "Mark done", id="conversation.done"),
        Binding("z", "snooze", "Snooze", id="conversation.snooze"),
        Binding("p", "prospect", "Add to prospects", id="conversation.prospect"),
        Binding("o", "browser", "Open in browser", id="conversation.browser"),
    ]

    def __init__(self, row: InboxRow, walk: Walk | None = None) -> None:
        super().__init__()
        self.row = row
        self._walk = walk
        self._answer: Answer | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Conversation", classes="pane-title", markup=False)
        with VerticalScroll(id="conversation-body", can_focus=True):
            yield Static(self._body_text(), id="conversation-text", markup=False)

    def focus_main(self) -> None:
        self.query_one("#conversation-body").focus()

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_main()

    def _body_text(self) -> Text:
        svc, row = self.svc, self.row
        now = svc.now()
        out = Text(end="")
        note = row.notification
        did = _DID.get(note.kind) or f"did {note.raw_kind or 'something'}"
        out.append_text(display_text(f"{who(row)} {did}", single_line=True, style="bold"))
        out.append(f"  ({ago_words(note.created_at, now)})", style="dim")
        if note.handled is not None:
            out.append(f"  {handled_mark(note.handled)} {HANDLED_WORDS[note.handled]}")
        out.append("\n\n")
        post = row.post
        shown = {post.id} if post is not None else set()
        if post is not None and post.in_reply_to_id:
            parent = svc.store.people.post(post.in_reply_to_id)
            if parent is not None:
                self._block(out, "In reply to", parent, svc.store.people.get(parent.author_id))
                shown.add(parent.id)
        if post is not None:
            self._block(out, "Their post", post, row.actor)
        if row.subject is not None and row.subject.id not in shown:
            self._block(out, "Your post", row.subject, svc.store.people.get(row.subject.author_id))
        if len(row.group_ids) > 1:
            self._group_list(out, row)
        return out

    def _group_list(self, out: Text, row: InboxRow) -> None:
        """Every member, however many (the row itself carries only the first
        few), each marked once thanked: a round's thanks, or Today's."""
        svc = self.svc
        everyone = svc.store.inbox.group_of(row.notification.id) or [
            (person, None) for person in svc.store.inbox.actors_of(list(row.group_ids))
        ]
        queued = actions.thank_keys(svc)
        thanked = sum(
            1 for p, how in everyone if how is Handled.THANKED or f"thank:{p.id}" in queued
        )
        heading = f"Everyone in this group ({len(everyone)}"
        heading += f", {thanked} thanked)" if thanked else ")"
        out.append(heading + "\n", style="bold")
        for person, how in everyone:
            out.append_text(display_text(f"  {person_label(person)}"))
            if how is Handled.THANKED or f"thank:{person.id}" in queued:
                out.append(f"  {handled_mark(Handled.THANKED)} thanked", style="dim")
            elif how is not None:
                out.append(f"  {handled_mark(how)} {HANDLED_WORDS[how]}", style="dim")
            out.append("\n")

    def _block(self, out: Text, title: str, post: Post, author: Person | None) -> None:
        out.append(f"{title} ", style="bold")
        out.append_text(display_text(person_label(author), single_line=True))
        out.append(f" · {ago_words(post.created_at, self.svc.now())}\n", style="dim")
        marker = label_marker(post.labels)
        if marker:
            out.append_text(display_text(f"{marker}\n", style="bold"))
        out.append_text(display_text(post.text))
        out.append("\n\n")

    def action_back(self) -> None:
        self.dismiss()

    # --- walking the inbox ---------------------------------------------------
    def show(self, row: InboxRow | None) -> None:
        if row is None:
            self.dismiss()  # nothing left: back to the (empty) list
            return
        self.row = row
        self.query_one("#conversation-text", Static).update(self._body_text())
        self.query_one("#conversation-body", VerticalScroll).scroll_home(animate=False)

    def _move(self, delta: int) -> None:
        if self._walk is None:
            return
        before = self.row
        row = self._walk.step(delta)
        if row is None or item_ids(row) == item_ids(before):
            self.say("That was the last item." if delta > 0 else "This is the first item.")
            return
        self.show(row)

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def _answered(self, how: Handled, sent: ComposeRequest | None = None) -> None:
        """The item is finished: the list drops it and this view shows the next one."""
        if self._walk is None:
            return
        self._walk.answered(item_ids(self.row), how, sent)
        self.show(self._walk.step(0))

    def on_composer_closed(self, message: Composer.Closed) -> None:
        answer, self._answer = self._answer, None
        sent = message.sent
        if answer is not None and sent is not None and sent.key == answer.key:
            self._answered(answer.how, sent)

    # --- answering -------------------------------------------------------------
    def _answering(self, key: str, how: Handled) -> None:
        if self._walk is not None and finishes(self.svc, self.row):
            self._answer = Answer(key, item_ids(self.row), how)

    def action_reply(self) -> None:
        if self.row.post is None:
            thank = self.svc.key("conversation.thank")
            self.say(f"Nothing to reply to here: press {thank} to thank them.")
            return
        request = actions.reply_request(self.svc, self.row.post, self.row.notification.account)
        self._answering(request.key, Handled.REPLIED)
        if not self.open_composer(request):
            self._answer = None

    def action_thank(self) -> None:
        if self.row.actor is None:
            return
        if len(self.row.group_ids) > 1:
            if self._walk is not None:
                # The round runs over the list, one composer per person.
                walk, row = self._walk, self.row
                self.dismiss()
                walk.thank_round(row)
            return
        request = actions.thank_request(
            self.svc, self.row.actor, self.row.post, self.row.notification.account
        )
        self._answering(request.key, Handled.THANKED)
        if not self.open_composer(request):
            self._answer = None

    def action_like(self) -> None:
        if self.row.post is None:
            thank = self.svc.key("conversation.thank")
            self.say(actions.nothing_to_like(self.row.notification.kind, thank))
            return
        refused = actions.no_account(self.svc, self.row.post.network)
        if refused is not None:
            self.say(refused, severity="warning")
            return
        liking = not actions.is_liked(self.svc, self.row.post.id)
        self.say(actions.toggle_like(self.svc, self.row.post, self.row.notification.account))
        if liking and self._walk is not None and finishes(self.svc, self.row):
            self._answered(Handled.LIKED)

    def action_done(self) -> None:
        """Done without an answer: the list drops it and this view shows the next one."""
        if self._walk is None:
            return
        ids = item_ids(self.row)
        self.say(actions.mark_done(self.svc, list(ids)))
        self._walk.dropped(ids)
        self.show(self._walk.step(0))

    def action_snooze(self) -> None:
        if self._walk is None:
            return
        from engage_tui.tui.screens.snooze import snooze_row

        walk = self._walk

        def snoozed(ids: tuple[str, ...]) -> None:
            walk.dropped(ids)
            self.show(walk.step(0))

        snooze_row(self, self.row, snoozed)

    def reveal(self, notification_id: str) -> None:
        """An undo brings this item back: shown here once the inbox has it again."""
        if self._walk is not None:
            self._walk.reveal(notification_id, self.show)

    def action_prospect(self) -> None:
        if self.row.actor is not None:
            self.say(actions.add_prospect(self.svc, self.row.actor))

    def action_browser(self) -> None:
        post = self.row.post or self.row.subject
        if post is not None:
            actions.open_post(self.app, self.svc, post)
