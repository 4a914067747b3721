"""The tray: what was handed over to the network's web page and waits there.

On a plan where the API may not like, or reply to a post that does not
mention the owner, the sync side turns those actions into web-intent links
(state ``handed_over``). They wait here instead of opening by themselves:
the user opens them when they choose, one by one or one after the other, and
marks done what they finished (a reply is also confirmed by the next sync,
when it shows up on the owner's timeline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.worker import Worker

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.text.safe import display_text
from engage_tui.tui.context import Services, services
from engage_tui.tui.failures import forward
from engage_tui.tui.undo import Callback, Slot
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from engage_tui.store import Store

HANDED = frozenset({OutboxState.HANDED})
# The name the kept tray is installed under (see open_tray).
TRAY = "tray"

_VERB = {
    ActionKind.LIKE: "like",
    ActionKind.UNLIKE: "unlike",
    ActionKind.REPOST: "repost",
    ActionKind.REPLY: "reply",
    ActionKind.POST: "post",
}


def network_name(svc: Services) -> str:
    """The network's own name ("X"), from the sync side; items only wait in the
    tray when an account handed them over, so the fallback is rarely seen."""
    return svc.controller.network_name if svc.controller is not None else "the network"


def tray_title(count: int | None, network: str) -> str:
    """``count`` None: not read yet (the first frame says no number it has not read)."""
    if count is None:
        return f"Waiting to finish on {network}"
    return f"{count} to finish on {network}" if count else f"Nothing to finish on {network}"


def finish_words(item: OutboxItem, network: str) -> str:
    """One line saying what the user does on the page that opens for ``item``."""
    if item.kind is ActionKind.LIKE:
        return f"Like this post on {network}: press Like there, then d in the tray."
    if item.kind is ActionKind.UNLIKE:
        return (
            f"Take back your like on {network}: press the (filled) Like button on the post, "
            "then d in the tray."
        )
    if item.kind is ActionKind.REPOST:
        return f"Repost this on {network}: press Repost there, then d in the tray."
    return (
        f"Your words are filled in on {network}: press Post there. "
        "The next sync sees it (or press d in the tray)."
    )


class TrayScreen(ModalScreen[None]):
    GROUP = "tray"
    HELP = (
        "Actions the API may not do on your plan wait here until you finish them in the "
        "browser: enter opens one, n opens the next, d marks one done (u takes it back). "
        "A reply is also confirmed by the next sync. Until then they count as pending in Today."
    )
    BINDINGS = [
        Binding("escape,F,q", "close", "Close", id="tray.close"),
        Binding("enter", "open", "Open", id="tray.open", show=False),
        Binding("n", "open_next", "Open the next", id="tray.next"),
        Binding("d", "done", "Mark done", id="tray.done"),
        # A modal screen hides the app's keys: undo is offered here too.
        Binding("u", "undo", "Undo", id="tray.undo"),
    ]

    class _Loaded(Message):
        def __init__(self, items: list[OutboxItem], lines: list[Text]) -> None:
            super().__init__()
            self.items = items
            self.lines = lines

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[Text] = []
        self._list = KeyedList[OutboxItem](id="tray-list")
        self.items = self._list.items
        # Opened from this tray (by id): `n` goes on to the next one.
        self.opened: set[int] = set()

    @property
    def svc(self) -> Services:
        return services(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="tray-box", classes="dialog"):
            yield Static("", id="tray-title", classes="dialog-title", markup=False)
            yield self._list
            # What just happened here, in the tray rather than a toast over it.
            yield Static("", id="tray-note", markup=False)
            yield Static(
                "enter opens one · n opens the next · d marks it done (you finished it) · "
                "u undoes · escape closes",
                id="tray-keys",
                classes="dim",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#tray-title", Static).update(tray_title(None, network_name(self.svc)))
        self.watch(self.app, "data_version", self._reload, init=False)
        self._list.focus()
        self._list.loading_line("Loading the tray…")

    def on_screen_resume(self) -> None:
        # What waits is read once the first frame is drawn: the read's
        # thread would otherwise compete with drawing it.
        self.call_after_refresh(self._load)

    def start_anew(self) -> None:
        """Kept between openings (see open_tray): each one starts as a new tray."""
        self.opened.clear()
        self.say("")
        self._list.focus()

    def _reload(self, _: object = None) -> None:
        # Closed, it reads again when next opened.
        if self.is_current:
            self._load()

    @reads("load the tray", group="tray")
    def _load(self) -> None:
        store = self.svc.store
        items = store.outbox.items(HANDED)
        lines = [self._line(item) for item in items]
        self.post_message(self._Loaded(items, lines))

    def _line(self, item: OutboxItem) -> Text:
        # Runs on the worker thread: reads the store, touches no widget.
        store = self.svc.store
        post = store.people.post(item.target_post_id) if item.target_post_id else None
        author_id = post.author_id if post is not None else item.person_id
        author = store.people.get(author_id) if author_id else None
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(f"{_VERB.get(item.kind, item.kind.value):<7} ", style="bold")
        if author is not None:
            line.append_text(display_text(handle_text(author.handle), single_line=True))
            line.append("  ")
        words = item.text if item.kind in (ActionKind.REPLY, ActionKind.POST) else ""
        if not words and post is not None:
            words = post.text
        line.append_text(display_text(words, single_line=True, style="dim"))
        return line

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward(self, event)

    def on_tray_screen__loaded(self, message: _Loaded) -> None:
        self.query_one("#tray-title", Static).update(
            tray_title(len(message.items), network_name(self.svc))
        )
        self.lines = message.lines
        self._list.show(
            message.items,
            (
                self._prompt(item, line)
                for item, line in zip(message.items, message.lines, strict=True)
            ),
            empty="Nothing waits here. Likes and replies the API may not do come here.",
        )

    def _prompt(self, item: OutboxItem, line: Text) -> Text:
        mark = "opened " if item.id in self.opened else "       "
        return Text.assemble((mark, "italic"), line, end="", no_wrap=True, overflow="ellipsis")

    @property
    def item(self) -> OutboxItem | None:
        return self._list.current

    @on(OptionList.OptionSelected, "#tray-list")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.item
        if item is not None:
            self._open(item)

    def action_open_next(self) -> None:
        """Open the next item not yet opened from here, and stand on it."""
        waiting = [i for i, item in enumerate(self.items) if item.id not in self.opened]
        if not waiting:
            self.say(
                f"Every item here has been opened: press {self.svc.key('tray.done')} on each "
                "one you finished."
                if self.items
                else "Nothing waits here."
            )
            return
        listing = self._list
        start = listing.highlighted or 0
        index = next((i for i in waiting if i >= start), waiting[0])
        listing.highlighted = index
        self._open(self.items[index])

    def _open(self, item: OutboxItem) -> None:
        from engage_tui.tui.handoff import hand_over  # webbrowser: only when needed

        if not item.intent_url:
            self.say("This item has no link to open.")
            return
        self.opened.add(item.id)
        index = self.items.index(item)
        self._list.replace_option_prompt_at_index(index, self._prompt(item, self.lines[index]))
        hand_over(
            self.app, item.intent_url, finish_words(item, network_name(self.svc)), tell=self.say
        )

    def action_done(self) -> None:
        item = self.item
        if item is None:
            return
        svc = self.svc
        at = svc.now()
        verb = _VERB.get(item.kind, item.kind.value)

        confirmed = Slot[OutboxItem]()  # read by the undo's write (see undo.py)

        def confirm(store: Store) -> OutboxItem | None:
            done = store.outbox.confirm_handed(item.id, at)
            if done is not None:
                confirmed.fill(done)
            return done

        def landed(done: object) -> None:
            if done is None:
                self.say(f"That {verb} was already confirmed by a sync.")

        svc.write(f"mark the {verb} done", confirm, landed=landed)

        def undo() -> None:
            def back(moved: bool) -> None:
                words = (
                    f"The {verb} waits in the tray again."
                    if moved
                    else f"Too late to undo: a sync has seen the {verb} since."
                )
                if self.is_current:  # said where the d was said
                    self.say(words)
                else:
                    svc.notify(words)

            svc.write(
                f"put the {verb} back in the tray",
                lambda store: (
                    (done := confirmed.get()) is not None and store.outbox.unconfirm_handed(done)
                ),
                landed=back,
            )

        svc.push_undo(Callback(f"mark the {verb} done", undo))
        undo_key = svc.key("app.undo")
        self.say(f"{verb.capitalize()} marked done: it counts in Today now ({undo_key} to undo).")

    async def action_undo(self) -> None:
        await self.app.run_action("undo")

    def say(self, words: str) -> None:
        self.query_one("#tray-note", Static).update(words)

    def action_close(self) -> None:
        self.dismiss()


def open_tray(app: App[Any]) -> None:
    """Show the tray, built the first time and kept: later openings draw
    their first frame without composing and styling it again."""
    from engage_tui.tui.kept_screens import show_kept

    show_kept(app, TRAY, TrayScreen, TrayScreen.start_anew)
