"""The reply composer, docked at the bottom of a screen.

It shows what is being answered, a live weighted count, the route the reply
will take (API or X in the browser) and its cost, and completes @handles.
Words are saved as a draft as they are typed (debounced) and on close, so
nothing typed is ever lost; ctrl+s queues the reply in the outbox with an
undo window. The draft row stays until the sync engine reports it sent.
What the store holds for the words (the saved drafts, the replies already
queued, the people an @handle may name) is read by workers: no key waits on
the database.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea
from textual.worker import Worker, get_current_worker

from engage_tui.domain import ActionKind, ActionRequest, Draft, OutboxItem, OutboxState, Person
from engage_tui.domain.models import draft_slot
from engage_tui.text.safe import clean_text, display_text
from engage_tui.text.visible import has_visible_words
from engage_tui.tui.accounts import acting_controller, answering_accounts, request_network
from engage_tui.tui.compose_request import ComposeRequest
from engage_tui.tui.context import Services, services
from engage_tui.tui.failures import forward
from engage_tui.tui.undo import QueuedSend
from engage_tui.tui.widgets.composer_text import ComposerText
from engage_tui.tui.widgets.inbox_row import handle_text, person_label
from engage_tui.tui.widgets.notices import say
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from engage_tui.platforms.base import TextCheck
    from engage_tui.store import Store
    from engage_tui.sync.account_info import AccountInfo
    from engage_tui.sync.controller import SyncController

SAVE_DELAY_S = 0.3
_HANDLE_BEFORE_CURSOR = re.compile(r"(?:^|[^\w@])@(\w{1,15})$")


class Composer(Vertical, can_focus=False):
    DEFAULT_CSS = """
    Composer {
        height: auto;
        max-height: 60%;
        padding: 0 1;
        border-top: tall $accent;
        background: $surface;
    }

    #composer-context {
        height: auto;
        max-height: 6;
        color: $text;
    }

    #composer-text {
        height: 7;
        border: round $primary;
    }

    #composer-suggest {
        height: 1;
        color: $text-muted;
        display: none;
    }

    #composer-meta {
        height: 1;
    }

    #composer-route {
        width: 1fr;
        color: $text-muted;
    }

    #composer-count {
        width: auto;
        min-width: 9;
        text-align: right;
        color: $text-muted;
    }

    #composer-count.-over {
        color: $error;
        text-style: bold;
    }
    """
    BINDINGS = [
        # Said of a thank (a post) as well as a reply: "Queue reply" was wrong there.
        Binding("ctrl+s", "send", "Queue to send", id="composer.send", priority=True),
        Binding("escape", "close", "Close (keeps draft)", id="composer.close"),
        Binding("ctrl+e", "editor", "Edit in $EDITOR", id="composer.editor", priority=True),
        Binding("tab", "complete", "Complete @handle", id="composer.complete", show=False),
        Binding("ctrl+n", "skip", "Skip this person", id="composer.skip", priority=True),
        # Opened by the flow on to the next item: a like may answer it instead.
        Binding("ctrl+l", "like", "Like instead", id="composer.like", priority=True),
        Binding(
            "ctrl+o",
            "switch_account",
            "Answer as another account",
            id="composer.account",
            priority=True,
        ),
    ]

    class Queued(Message):
        def __init__(self, item: OutboxItem) -> None:
            super().__init__()
            self.item = item

    class Closed(Message):
        """The composer closed; ``sent`` is the request whose words it just
        queued; ``skipped``: closed to go on to the next person of a round
        (or the next item of the flow); ``liked``: closed to like what it
        answered instead of writing."""

        def __init__(
            self, sent: ComposeRequest | None = None, skipped: bool = False, liked: bool = False
        ) -> None:
            super().__init__()
            self.sent = sent
            self.skipped = skipped
            self.liked = liked

    class _Read(Message):
        """What the store holds for ``request``: every account's draft, newest
        first, and the items already carrying words to the same target."""

        def __init__(
            self, request: ComposeRequest, drafts: list[Draft], live: list[OutboxItem]
        ) -> None:
            super().__init__()
            self.request = request
            self.drafts = drafts
            self.live = live

    class _Completions(Message):
        def __init__(self, prefix: str, people: list[Person]) -> None:
            super().__init__()
            self.prefix = prefix
            self.people = people

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.request: ComposeRequest | None = None
        # The signed-in accounts that may answer, the one answering first.
        self._accounts: list[AccountInfo] = []
        self._account_changed = False  # by ctrl+o since the draft was last saved
        self._save_timer: Timer | None = None
        self._suggestions: list[Person] = []
        self._loading_text = False
        # Read once per opening (see _read), then kept up to date by this
        # composer's own writes: each account's stored words for the request,
        # and what already carries words to its target.
        self._drafts: dict[str, str] = {}
        self._live: list[OutboxItem] = []
        # Held, not queried: the words must still be readable while the app
        # unmounts (see on_unmount), when the children are already gone.
        self._area = ComposerText(
            "",
            is_open=lambda: self.is_open,
            id="composer-text",
            soft_wrap=True,
            show_line_numbers=False,
        )

    def compose(self) -> ComposeResult:
        yield Static("", id="composer-context", markup=False)
        yield self._area
        yield Static("", id="composer-suggest", markup=False)
        with Horizontal(id="composer-meta"):
            yield Static("", id="composer-route", markup=False)
            yield Static("", id="composer-count", markup=False)

    @property
    def is_open(self) -> bool:
        return self.request is not None

    @property
    def text(self) -> str:
        return self._area.text

    def take_keys(self, keys: list[events.Key]) -> None:
        """Keys typed for the words that reached the screen instead (typed
        while the composer mounted, or handed to the list just before it took
        the keyboard): they go to the text area, in order."""
        self._area.take_keys(keys)

    # --- opening and closing -------------------------------------------------
    def open(self, request: ComposeRequest) -> None:
        """Show the composer for ``request`` at once; its saved draft follows
        from a worker, and keys typed before it is there act after it."""
        if self.request is not None and self.request != request:
            self.save_now()
        self.request = request
        svc = services(self)
        self._accounts = answering_accounts(svc, request)
        self._drafts, self._live = {}, []
        self.query_one("#composer-context", Static).update(self._context_text(request))
        self._load(request.prefill)
        self.display = True
        # At once, not on the app's next turn (focus() waits for one): a key
        # typed right after the one that opened the composer is its first word.
        self.screen.set_focus(self._area)
        self._update_meta()
        self._area.hold()
        self._read(request)
        # The keys that depend on the request (a round's or the flow's skip,
        # the flow's like): reopened without a focus change, the key bar
        # would keep the last request's.
        self.refresh_bindings()

    @reads("read your draft", group="composer-read")
    def _read(self, request: ComposeRequest) -> None:
        store = services(self).store
        drafts = store.drafts.for_key(request.key)
        live = [item for item in store.outbox.items(_LIVE) if _same_target(item, request)]
        self.post_message(self._Read(request, drafts, live))

    def on_composer__read(self, message: _Read) -> None:
        request = message.request
        if self.request is not request:
            return  # closed, or opened for another request, since
        svc = services(self)
        # Newest first: the first draft of each account is its words.
        self._drafts = {}
        for draft in message.drafts:
            self._drafts.setdefault(draft.account, draft.text)
        self._live = message.live
        self._accounts = _chosen_first(self._accounts, message.drafts, request)
        saved = self._saved_text(svc, request.key, self._draft_account(request))
        self.query_one("#composer-context", Static).update(self._context_text(request))
        if saved:
            self._load(saved)
        self._update_meta()
        self._area.release()
        if saved:
            say(self, "Your saved draft is back.")
        elif len(self._accounts) > 1:
            self._tell_other_drafts(svc)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "composer-read" and event.worker.error is not None:
            # No saved words to show: the keys typed meanwhile act now.
            self._area.release()
        forward(self, event)

    def _load(self, text: str) -> None:
        # A stored draft may hold what no keyboard types (an import, an old
        # paste): its words are shown, never its control characters.
        text = clean_text(text)
        area = self._area
        self._loading_text = True
        area.load_text(text)
        self._loading_text = False
        lines = text.split("\n")
        area.cursor_location = (len(lines) - 1, len(lines[-1]))

    def _tell_other_drafts(self, svc: Services) -> None:
        """Another account's draft for this (ctrl+o moved the words there) is
        named, not shown: this row's account answers with its own words."""
        others = set(self._drafts)
        for info in self._accounts[1:]:
            if info.id in others:
                key = svc.key("composer.account")
                say(self, f"{_account_label(info)} has a draft for this: {key} answers as it.")
                return

    @property
    def account(self) -> AccountInfo | None:
        """The signed-in account the words go out as (None offline)."""
        return self._accounts[0] if self._accounts else None

    def _draft_account(self, request: ComposeRequest) -> str:
        """Whose draft these words are: the account answering, else the
        request's own ("" when nobody is known to answer)."""
        return self.account.id if self.account is not None else request.account

    def _controller(self) -> SyncController | None:
        request = self.request
        if request is None:
            return None
        return acting_controller(services(self), request, self.account)

    def action_switch_account(self) -> None:
        """Answer as the next signed-in account on the same network (once the
        keys typed before it are in the words it saves)."""
        request = self.request
        if request is not None:
            self._area.after_typed(lambda: self._switch_account(request))

    def _switch_account(self, request: ComposeRequest) -> None:
        if self.request is not request or len(self._accounts) < 2:
            return
        svc = services(self)
        was = self._draft_account(request)
        after = self._accounts[1]
        theirs = self._saved_text(svc, request.key, after.id, legacy=False)
        mine = self.text
        if theirs is not None and theirs != mine and _only_prefill(request, mine):
            # Nothing written as this account: show the other's own draft.
            self._accounts = self._accounts[1:] + self._accounts[:1]
            self._load(theirs)
            self.query_one("#composer-context", Static).update(self._context_text(request))
            self._update_meta()
            say(self, f"{_as_words(request)} {_account_label(after)}: its draft is back.")
            return
        if theirs is not None and theirs != mine:
            # Each account keeps its own words for a post: moving these onto
            # the other's draft would lose the other's.
            self.notify(
                f"{_account_label(after)} has a draft of its own for this: open it from "
                f"Drafts ({svc.key('app.drafts')}). These words stay with this account.",
                severity="warning",
                markup=False,
            )
            return
        if self._saved_text(svc, request.key, was, legacy=False) is not None:
            # The words move with the account: the draft it leaves goes.
            self._drafts.pop(was, None)
            svc.write(
                "your draft",
                lambda store: store.drafts.delete(request.key, was),
                words="",
                words_key=draft_slot(request.key, was),
                refresh=False,
            )
        self._accounts = self._accounts[1:] + self._accounts[:1]
        self.query_one("#composer-context", Static).update(self._context_text(request))
        self._update_meta()
        # The choice is kept with the draft, so a reopened draft answers as it.
        self._account_changed = True
        self.save_now()
        say(self, f"{_as_words(request)} {_account_label(self._accounts[0])}.")

    def close(self) -> None:
        self.save_now()
        self.request = None
        self._area.release()  # keys still held go on to what has the keyboard next
        self._suggestions = []
        self.display = False
        self.post_message(self.Closed())

    def action_close(self) -> None:
        if self.request is not None:
            self.close()

    def action_skip(self) -> None:
        """In a round: this person is not thanked now (any words typed stay
        as their draft), and the round goes on to the next."""
        if self.request is not None and self.request.progress:
            self._step_aside(self.Closed(skipped=True))

    def action_like(self) -> None:
        """In the flow: a like answers this item instead (any words typed stay
        as its draft); the screen that opened the composer sends the like."""
        if self.request is not None and self.request.likeable:
            self._step_aside(self.Closed(liked=True))

    def _step_aside(self, closed: Composer.Closed) -> None:
        self.save_now()
        self.request = None
        self._suggestions = []
        self.display = False
        self.post_message(closed)

    # --- drafts --------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._loading_text or self.request is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY_S, self.save_now)
        self._update_meta()
        self._update_suggestions()

    def on_unmount(self) -> None:
        # Quitting inside the debounce, or before the text area told us of the
        # last keys (a burst, then ctrl+q), would otherwise lose the last words.
        self.save_now()

    def save_now(self) -> None:
        """Save the draft now (a no-op when nothing was typed beyond the prefill).

        The write lands through the app's write queue; until it does, the
        words are kept there (a reopened composer shows them), and in a file
        if the database cannot take them."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        request = self.request
        if request is None:
            return
        svc = services(self)
        text = self.text
        account = self._draft_account(request)
        slot = draft_slot(request.key, account)
        existing = self._saved_text(svc, request.key, account, legacy=False)
        if not text.strip() or text == request.prefill:
            if existing is not None and existing != text:
                self._drafts.pop(account, None)
                svc.write(
                    "your draft",
                    lambda store: store.drafts.delete(request.key, account),
                    words="",
                    words_key=slot,
                    refresh=False,
                )
            return
        if existing == text and not self._account_changed:
            return
        self._account_changed = False
        draft = _draft(request, text, svc.now(), account)
        self._drafts[account] = text
        svc.write(
            "your draft",
            lambda store: store.drafts.save(draft),
            words=text,
            words_key=slot,
            refresh=False,
        )

    def _queued(self, item: OutboxItem) -> None:
        self.post_message(self.Queued(item))

    def _saved_text(
        self, svc: Services, key: str, account: str, *, legacy: bool = True
    ) -> str | None:
        """``account``'s draft words for ``key`` (the open request's): the newest
        handed to the write queue, else the store's as read on opening; with
        ``legacy``, else a draft of no known account (one written before
        drafts were kept per account). Reads nothing: keys call it."""
        waiting = svc.writes.unsaved_words(draft_slot(key, account))
        if waiting is not None:
            return waiting
        saved = self._drafts.get(account)
        if saved is None and legacy and account:
            saved = self._drafts.get("")
        return saved

    # --- sending -------------------------------------------------------------
    def action_send(self) -> None:
        """Queue the words once every key typed before ctrl+s is in them.

        The binding has priority (it must win over the text area's keys), so
        it runs when the key reaches the App, while the keys typed before it
        may still wait in the text area's queue: the send waits behind them."""
        request = self.request
        if request is not None:
            self._area.after_typed(lambda: self._send(request))

    def _send(self, request: ComposeRequest) -> None:
        if self.request is not request:
            return  # a second ctrl+s of the same burst: the first sent these words
        svc = services(self)
        # Spaces around the words are a slip of the thumb; newlines inside stay.
        text = self.text.strip()
        controller = self._controller()
        check = _measure(controller, text, request_network(svc, request))
        if not check.ok:
            self.notify(check.reason or "This reply cannot be sent.", severity="error")
            return
        own = text.removeprefix(request.prefill.strip()) if request.prefill else text
        if not has_visible_words(own):
            after_handle = bool(request.prefill) and text.startswith(request.prefill.strip())
            self.notify(
                "Write your own words after the @handle first."
                if after_handle
                else "Nothing to send: these words are only spaces or invisible characters.",
                severity="warning",
            )
            return
        target_id = request.target.id if request.target else None
        # Sent as the account shown; "" (not yet known who it is) lets the
        # network's first account send it.
        account = self._draft_account(request)
        live = _already_queued(self._live, request, text, account)
        if live is not None:
            label = "reply" if request.action is ActionKind.REPLY else "post"
            self.notify(
                f"This {label} already waits in the tray ({svc.key('app.tray')}) with these "
                "words, to be finished in your browser: it goes out once. Change the words "
                "to send another."
                if live is OutboxState.HANDED
                else f"This {label} is already queued with these words: it goes out once. "
                f"Press {svc.key('app.undo')} to undo it, or change the words to send another.",
                severity="warning",
                markup=False,
            )
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        undo_s = svc.config.undo_seconds
        at = svc.now()
        draft = _draft(request, text, at, account)
        network = request_network(svc, request)
        label = "Reply" if request.action is ActionKind.REPLY else "Post"
        command = QueuedSend(
            f"queue {label.lower()}",
            label,
            cancelled_words=f"{label} cancelled; your draft is kept (open it again to edit).",
        )

        def write(store: Store) -> OutboxItem:
            # The draft stays until the engine reports the reply sent: a crash
            # or a failed send never loses the words.
            store.drafts.save(draft)
            item = store.outbox.enqueue(
                ActionRequest(
                    request.action,
                    network=network,
                    send_after=at + timedelta(seconds=undo_s),
                    target_post_id=target_id,
                    person_id=request.person.id if request.person else None,
                    text=text,
                    draft_key=request.key,
                    at=at,
                    account=account,
                )
            )
            return command.item.fill(item)

        self._drafts[account] = text
        svc.write(
            f"your {label.lower()}",
            write,
            landed=self._queued,
            words=text,
            words_key=draft_slot(request.key, account),
        )

        svc.push_undo(command)
        svc.wake()
        say(
            self,
            f"{label} {_what_happens(svc, request, controller)} ({svc.key('app.undo')} to undo)",
        )
        self.request = None
        self.display = False
        # As sent: the screen that opened it learns which account answered.
        self.post_message(self.Closed(sent=replace(request, account=account)))

    # --- the $EDITOR ---------------------------------------------------------
    def action_editor(self) -> None:
        request = self.request
        if request is not None:
            # The editor starts from every word typed before ctrl+e.
            self._area.after_typed(lambda: self._edit(request))

    def _edit(self, request: ComposeRequest) -> None:
        if self.request is not request:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.TemporaryDirectory(prefix="engage-") as folder:
            path = Path(folder) / "reply.txt"
            path.write_text(self.text, "utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
            except Exception as err:  # no terminal to hand over (tests, web), or no editor
                self.notify(
                    f"Could not open your editor ({editor}): {err}. Keep typing here instead.",
                    severity="warning",
                    markup=False,
                )
                return
            new_text = path.read_text("utf-8").rstrip("\n")
        area = self.query_one("#composer-text", TextArea)
        area.load_text(new_text)
        # As on opening a draft: the next keys add to the words, not before them.
        area.move_cursor(area.document.end)
        self.save_now()
        self._update_meta()
        area.focus()

    # --- @ completion --------------------------------------------------------
    def _handle_prefix(self) -> tuple[str, int, int] | None:
        area = self.query_one("#composer-text", TextArea)
        row, col = area.cursor_location
        line = area.document.get_line(row)[:col]
        match = _HANDLE_BEFORE_CURSOR.search(line)
        if match is None:
            return None
        return match.group(1), row, col

    def _update_suggestions(self) -> None:
        found = self._handle_prefix()
        suggest = self.query_one("#composer-suggest", Static)
        if found is None:
            self._suggestions = []
            suggest.update("")
            suggest.display = False
            return
        prefix = found[0].lower()
        # Until the store answers for these letters, the people shown for
        # fewer of them still fit if their handle goes on with these.
        self._show_suggestions(
            [p for p in self._suggestions if p.handle.lower().startswith(prefix)]
        )
        svc = services(self)
        # The people of the network the words go to: a handle of another
        # network would name nobody there.
        network = request_network(svc, self.request) if self.request is not None else None
        self._complete(found[0], network)

    @reads("complete the @handle", group="complete-handle")
    def _complete(self, prefix: str, network: str | None) -> None:
        people = services(self).store.people.complete_handles(prefix, limit=5, network=network)
        if not get_current_worker().is_cancelled:  # newer letters asked since
            self.post_message(self._Completions(prefix, people))

    def on_composer__completions(self, message: _Completions) -> None:
        found = self._handle_prefix() if self.request is not None else None
        if found is not None and found[0] == message.prefix:
            self._show_suggestions(message.people)

    def _show_suggestions(self, people: list[Person]) -> None:
        self._suggestions = people
        suggest = self.query_one("#composer-suggest", Static)
        if not people:
            suggest.display = False
            return
        line = Text("tab: ", style="bold", end="")
        for person in self._suggestions:
            line.append(f"{handle_text(person.handle)} ", style="bold")
            line.append_text(display_text(f"({person.name})", single_line=True))
            line.append("   ")
        suggest.update(line)
        suggest.display = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "complete":
            return bool(self._suggestions)
        if action in ("send", "editor", "close"):
            return self.request is not None
        if action == "skip":
            return self.request is not None and bool(self.request.progress)
        if action == "like":
            return self.request is not None and self.request.likeable
        if action == "switch_account":
            return self.request is not None and len(self._accounts) > 1
        return True

    def action_complete(self) -> None:
        found = self._handle_prefix()
        if not self._suggestions or found is None:
            return
        prefix, row, col = found
        handle = self._suggestions[0].handle
        area = self.query_one("#composer-text", TextArea)
        area.replace(f"{handle} ", (row, col - len(prefix)), (row, col))
        self._suggestions = []
        self.query_one("#composer-suggest", Static).display = False

    # --- the lines around the text -------------------------------------------
    def _context_text(self, request: ComposeRequest) -> Text:
        out = Text(end="")
        if request.parent is not None:
            out.append("  in reply to ", style="dim")
            out.append_text(display_text(person_label(request.parent_author), single_line=True))
            out.append(": ", style="dim")
            out.append_text(display_text(request.parent.text, single_line=True, style="dim"))
            out.append("\n")
        if request.target is not None:
            out.append("Replying to ", style="bold")
            out.append_text(display_text(person_label(request.target_author), single_line=True))
            out.append(": ", style="bold")
            out.append_text(display_text(request.target.text, single_line=True))
        elif request.person is not None:
            out.append("New post to thank ", style="bold")
            out.append_text(display_text(person_label(request.person), single_line=True))
        if request.progress:
            out.append(f"  ({request.progress})", style="dim")
        account = self.account
        if account is not None:
            # Words, not a colour: which account is answering, and how to change it.
            out.append(f"\n{_as_words(request)} ", style="dim")
            out.append(_account_label(account), style="bold")
            if len(self._accounts) > 1:
                key = services(self).key("composer.account")
                out.append(f"  ({key}: another {account.network_name} account)", style="dim")
        return out

    def _update_meta(self) -> None:
        request = self.request
        if request is None:
            return
        svc = services(self)
        text = self.text
        controller = self._controller()
        check = _measure(controller, text, request_network(svc, request))
        count = self.query_one("#composer-count", Static)
        # Refused for more than its length (Bluesky's 3,000 bytes under 300
        # characters): marked in words too, not only in colour.
        blocked = not check.ok and check.length <= check.limit and bool(text.strip())
        count.update(f"{'✗ ' if blocked else ''}{check.length}/{check.limit}")
        count.set_class(check.length > check.limit or blocked, "-over")
        route = self.query_one("#composer-route", Static)
        width = route.content_region.width or None
        route.update(route_line(svc, request, text, width, controller))


_LIVE = frozenset({OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HANDED})


def _same_target(item: OutboxItem, request: ComposeRequest) -> bool:
    """``item`` does what ``request`` asks to the same post (a new post: from
    the same draft), whatever its words."""
    if item.kind is not request.action:
        return False
    if request.target is not None:
        return item.target_post_id == request.target.id
    return item.draft_key == request.key


def _already_queued(
    live: list[OutboxItem], request: ComposeRequest, text: str, account: str
) -> OutboxState | None:
    """The state of an item of ``live`` (those read when the composer opened)
    carrying these words to this target from this account, queued or waiting
    in the tray for the browser; None if there is none. The store holds the
    same rule when the words are queued (outbox.enqueue)."""

    def same(item: OutboxItem) -> bool:
        if item.text != text or not _same_target(item, request):
            return False
        # Another account's answer is its own.
        return not (item.account and account and item.account != account)

    return next((i.state for i in live if same(i)), None)


def _measure(controller: SyncController | None, text: str, network: str) -> TextCheck:
    """The answering account's network's count (X weighted 280, Bluesky 300
    graphemes); offline, or with no account of that network to ask, the
    network's own rule from its folder (never another network's)."""
    if controller is not None and any(a.network == network for a in controller.accounts()):
        return controller.measure(text)
    from engage_tui.platforms import registry

    return registry.measure(network, text)


def route_line(
    svc: Services,
    request: ComposeRequest,
    text: str,
    width: int | None = None,
    controller: SyncController | None = None,
) -> str:
    """What the reply costs, how it will go and why, in one line of plain words.

    The cost comes first, so a narrow terminal cuts the reason, never the
    price; with ``width`` the line is cut to fit, with an ellipsis.
    ``controller`` acts as the answering account (by default the network's first)."""
    if controller is None:
        controller = acting_controller(svc, request, None)
    if controller is None:
        return f"Offline: it goes out when you are online ({svc.key('composer.send')} queues it)."
    # The network's reason says the route too ("... so X only lets you reply
    # in the browser"): saying it twice cost the line its end at 120 columns.
    reason = controller.route_reason(request.action, request.target)
    cost = controller.cost(request.action, text, request.target)
    price = usd_words(cost.usd) if cost.usd else "Free"
    note = f" ({cost.note})" if cost.note else ""
    line = f"{price}{note} · {reason}"
    if width is not None and width > 1 and cell_len(line) > width:
        line = set_cell_size(line, width - 1) + "…"
    return line


def usd_words(usd: float) -> str:
    """Dollars exact to the fraction of a cent that matters: $0.015, $0.01, $0.20."""
    words = f"{usd:.3f}"
    if words.endswith("0"):
        words = words[:-1]
    return f"${words}"


def _what_happens(svc: Services, request: ComposeRequest, controller: SyncController | None) -> str:
    """After "Reply": what happens to it now ("queued: sending in 5 s", or
    waiting in the tray for the browser when the network's API may not send it)."""
    from engage_tui.domain import Route

    wait = f"{svc.config.undo_seconds:g} s"
    if controller is None:
        return "queued: it goes out once you are online"
    if controller.capability(request.action, request.target) is Route.INTENT:
        from engage_tui.tui.route_words import to_tray_words

        return to_tray_words(svc, request_network(svc, request))
    return f"queued: sending in {wait}"


def _as_words(request: ComposeRequest) -> str:
    return "Replying as" if request.action is ActionKind.REPLY else "Posting as"


def _only_prefill(request: ComposeRequest, text: str) -> bool:
    return not text.strip() or text == request.prefill


def _account_label(account: AccountInfo) -> str:
    return clean_text(account.label, single_line=True)


def _draft(request: ComposeRequest, text: str, now: datetime, account: str = "") -> Draft:
    return Draft(
        key=request.key,
        text=text,
        updated_at=now,
        target_post_id=request.target.id if request.target else None,
        person_id=request.person.id if request.person else None,
        account=account,
    )


def _chosen_first(
    accounts: list[AccountInfo], drafts: list[Draft], request: ComposeRequest
) -> list[AccountInfo]:
    """The accounts that may answer, the one to answer first: the request's
    own (an inbox row's, a draft's); for a post found elsewhere, the account
    of the newest of ``drafts`` (its drafts, newest first: ctrl+o chose it),
    else the first."""
    if len(accounts) < 2 or request.account:
        return accounts
    ids = {a.id for a in accounts}
    newest = next((d for d in drafts if d.account in ids), None)
    chosen = [a for a in accounts if newest is not None and newest.account == a.id]
    return chosen + [a for a in accounts if a not in chosen]
