"""One inbox item opened: the post, what it replies to, and the owner's post it concerns."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from engage_tui.domain import Person, Post
from engage_tui.store import InboxRow
from engage_tui.text.safe import display_text
from engage_tui.tui import actions
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.timefmt import ago_words
from engage_tui.tui.widgets.inbox_row import body, person_label, who


class ConversationScreen(EngageScreen):
    CSS_PATH = "conversation.tcss"
    GROUP = "conversation"
    HELP = (
        "One inbox item in full: the post, the post it answers, and your post it "
        "concerns. Reply, like, thank or open it on X from here; escape goes back."
    )
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="conversation.back"),
        Binding("r", "reply", "Reply", id="conversation.reply"),
        Binding("l", "like", "Like/unlike", id="conversation.like"),
        Binding("t", "thank", "Thank", id="conversation.thank"),
        Binding("p", "prospect", "Add to prospects", id="conversation.prospect"),
        Binding("o", "browser", "Open in browser", id="conversation.browser"),
    ]

    def __init__(self, row: InboxRow) -> None:
        super().__init__()
        self.row = row

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
        out.append_text(display_text(f"{who(row)}: {body(row)}", single_line=True, style="bold"))
        out.append(f"  ({ago_words(row.notification.created_at, now)})\n\n", style="dim")
        post = row.post
        if post is not None and post.in_reply_to_id:
            parent = svc.store.post(post.in_reply_to_id)
            if parent is not None:
                self._block(out, "In reply to", parent, svc.store.person(parent.author_id))
        if post is not None:
            self._block(out, "Their post", post, row.actor)
        if row.subject is not None and (post is None or row.subject.id != post.id):
            self._block(out, "Your post", row.subject, svc.store.person(row.subject.author_id))
        if len(row.group_actors) > 1:
            out.append("Everyone in this group\n", style="bold")
            for person in row.group_actors:
                out.append_text(display_text(f"  {person_label(person)}\n"))
        return out

    def _block(self, out: Text, title: str, post: Post, author: Person | None) -> None:
        out.append(f"{title} ", style="bold")
        out.append_text(display_text(person_label(author), single_line=True))
        out.append(f" · {ago_words(post.created_at, self.svc.now())}\n", style="dim")
        out.append_text(display_text(post.text))
        out.append("\n\n")

    def action_back(self) -> None:
        self.dismiss()

    def action_reply(self) -> None:
        if self.row.post is None:
            self.say("Nothing to reply to here: press t to thank them.")
            return
        self.open_composer(actions.reply_request(self.svc, self.row.post))

    def action_thank(self) -> None:
        if self.row.actor is not None:
            self.open_composer(actions.thank_request(self.svc, self.row.actor, self.row.post))

    def action_like(self) -> None:
        if self.row.post is None:
            self.say(actions.nothing_to_like(self.row.notification.kind))
            return
        self.say(actions.toggle_like(self.svc, self.row.post))

    def action_prospect(self) -> None:
        if self.row.actor is not None:
            self.say(actions.add_prospect(self.svc, self.row.actor))

    def action_browser(self) -> None:
        post = self.row.post or self.row.subject
        if post is not None:
            actions.open_post(self.app, self.svc, post)
