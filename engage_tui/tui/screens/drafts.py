"""Drafts: every reply being written, newest first; enter opens it in the composer."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static

from engage_tui.domain import ActionKind, Draft
from engage_tui.text.safe import clean_text, display_text
from engage_tui.tui import actions
from engage_tui.tui.compose_request import ComposeRequest
from engage_tui.tui.keymap import composer_key
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.timefmt import ago
from engage_tui.tui.undo import Callback
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from textual.worker import Worker

    from engage_tui.tui.context import Services
    from engage_tui.tui.widgets.composer import Composer

# A row shows no more of a draft than this, however wide the terminal: a
# pasted 200 KB draft must not be laid out whole to show one line of it.
PREVIEW_CHARS = 1000


def latest_drafts(svc: Services) -> list[Draft]:
    """The drafts being written, with the newest words: those still waiting
    in the write queue win over the store's, and a discard still waiting
    hides one. A draft whose words are queued, in the tray or sent is not
    listed, whatever its route: sending it again would answer twice."""
    out = []
    unsaved = svc.writes.all_unsaved_words()  # first: see all_unsaved_words
    on_their_way = svc.store.drafts.on_their_way()
    for draft in svc.store.drafts.all():
        waiting = unsaved.get(draft.slot)
        words = draft.text if waiting is None else waiting
        if words and (draft.key, draft.account, words) not in on_their_way:
            out.append(replace(draft, text=words))
    return out


def preview(text: str) -> Text:
    """A draft's words as one safe line: breaks and runs of spaces become one
    space, and a long draft is cut (the pane's CSS cuts it again, with an
    ellipsis, at its width)."""
    # Cut by characters, not cells: a run of zero-width characters is no
    # shorter to lay out than any other.
    shown = clean_text(text, single_line=True)
    if len(shown) > PREVIEW_CHARS:
        shown = shown[: PREVIEW_CHARS - 1] + "…"
    return display_text(shown)


def draft_row(svc: Services, draft: Draft, now: datetime) -> Text:
    """One row of the list. Reads the store: built by the loading worker."""
    person = svc.store.people.get(draft.person_id) if draft.person_id else None
    handle = handle_text(person.handle) if person else "a post"
    kind = "thanks to" if draft.key.startswith("thank:") else "reply to"
    what = f"{kind} {handle}"[:27]
    line = Text(end="")
    line.append(f"{ago(draft.updated_at, now):>5}  ", style="dim")
    line.append(f"{what:<28}", style="bold")
    line.append_text(preview(draft.text))
    return line


class DraftsScreen(EngageScreen):
    GROUP = "drafts"
    HELP = (
        "Every reply you have started and not sent. Drafts are saved as you type and "
        "survive a restart or a crash. Enter opens one in the composer; d discards it "
        "(u brings it back)."
    )
    BINDINGS = [
        # The keys typed right after it are the draft's next words, kept from
        # this key on while the draft is read (see composer_coming).
        composer_key("enter", "open", "Open", "drafts.open", show=False),
        Binding("d", "discard", "Discard", id="drafts.discard"),
    ]

    class _Loaded(Message):
        def __init__(self, drafts: list[Draft], rows: list[Text]) -> None:
            super().__init__()
            self.drafts = drafts
            self.rows = rows

    class _Opened(Message):
        def __init__(self, request: ComposeRequest) -> None:
            super().__init__()
            self.request = request

    def __init__(self) -> None:
        super().__init__()
        self._list = KeyedList[Draft](id="draft-list")
        self.drafts = self._list.items

    def compose_body(self) -> ComposeResult:
        yield Static("Drafts", id="drafts-title", classes="pane-title", markup=False)
        yield self._list

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_main()
        self._list.loading_line("Loading your drafts…")

    def on_screen_resume(self) -> None:
        # Draft saves do not bump the app's data version (they would redraw
        # every pane at each pause in typing), so the list is read again each
        # time it shows (the first time too), or it would offer words that
        # have since changed. Read once the pane is drawn: the read's thread
        # would otherwise compete with drawing it. (Textual runs the base
        # class's handler after this one: it finds nothing stale.)
        self._stale = False
        self.call_after_refresh(self.reload)

    def on_composer_closed(self, message: Composer.Closed) -> None:
        # The base class's handler gives the list the keyboard back.
        self.reload()

    def focus_main(self) -> None:
        self._list.focus()

    def reload(self) -> None:
        # The write queue is made on first use: here, on the UI thread, never
        # by the worker below (two threads could each make one).
        _ = self.svc.writes
        self._load()

    @reads("load your drafts", group="drafts")
    def _load(self) -> None:
        svc = self.svc
        drafts = latest_drafts(svc)
        now = svc.now()
        self.post_message(self._Loaded(drafts, [draft_row(svc, d, now) for d in drafts]))

    def on_drafts_screen__loaded(self, message: _Loaded) -> None:
        self.query_one("#drafts-title", Static).update(f"Drafts · {len(message.drafts)}")
        self._list.show(
            message.drafts,
            message.rows,
            empty="No drafts. Press r on an inbox item to start one.",
            keep="first",
        )

    @property
    def draft(self) -> Draft | None:
        return self._list.current

    @on(OptionList.OptionSelected, "#draft-list")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        draft = self.draft
        if draft is not None:
            self.composer_coming()
            self._open(draft)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "draft-open" and event.worker.error is not None:
            self.composer_not_coming()
        # (Textual runs the base class's handler after this one: it reports the failure.)

    @reads("open your draft", group="draft-open")
    def _open(self, draft: Draft) -> None:
        # The post answered and its people are read here, not on the key.
        self.post_message(self._Opened(self._request(draft)))

    def on_drafts_screen__opened(self, message: _Opened) -> None:
        self.open_composer(message.request)

    def _request(self, draft: Draft) -> ComposeRequest:
        """Reads the store: built by a worker."""
        svc = self.svc
        person = svc.store.people.get(draft.person_id) if draft.person_id else None
        target = svc.store.people.post(draft.target_post_id) if draft.target_post_id else None
        # Opened as the account that wrote it: another account's draft for the
        # same post is another draft.
        if draft.key.startswith("thank:") and person is not None:
            return actions.thank_request(svc, person, target, draft.account)
        if target is not None:
            return actions.reply_request(svc, target, draft.account)
        return ComposeRequest(
            key=draft.key, action=ActionKind.POST, person=person, account=draft.account
        )

    def action_discard(self) -> None:
        shown = self.draft
        if shown is None:
            return
        svc = self.svc
        # Undo brings back the newest words, which may still wait in the write
        # queue, not the ones the list was drawn with.
        waiting = svc.writes.unsaved_words(shown.slot)
        draft = replace(shown, text=waiting) if waiting else shown
        svc.write(
            "discard the draft",
            lambda store: store.drafts.delete(draft.key, draft.account),
            words="",
            words_key=draft.slot,
        )

        def undo() -> str:
            svc.write(
                "your restored draft",
                lambda store: store.drafts.save(draft),
                words=draft.text,
                words_key=draft.slot,
            )
            return "Draft restored."

        svc.push_undo(Callback("discard draft", undo))
        self.say(f"Draft discarded ({self.svc.key('app.undo')} to undo).")
