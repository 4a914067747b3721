"""The tray: what was handed over to the network's web page and waits there.

On a plan where the API may not like, or reply to a post that does not
mention the owner, the sync side turns those actions into web-intent links
(state ``handed_over``). They wait here instead of opening by themselves:
the user opens them when they choose, one by one or one after the other, and
marks done what they finished (a reply is also confirmed by the next sync,
when it shows up on the owner's timeline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.text.safe import display_text
from engage_tui.tui.context import Services, services
from engage_tui.tui.failures import forward
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList

if TYPE_CHECKING:
    from engage_tui.store import Store

HANDED = frozenset({OutboxState.HANDED})

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


def tray_title(count: int, network: str) -> str:
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
    CSS_PATH = "tray.tcss"
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
        self.items: list[OutboxItem] = []
        self.lines: list[Text] = []
        # Opened from this tray (by id): `n` goes on to the next one.
        self.opened: set[int] = set()

    @property
    def svc(self) -> Services:
        return services(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="tray-box", classes="dialog"):
            yield Static("", id="tray-title", classes="dialog-title", markup=False)
            yield KeyedList(id="tray-list")
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
        self.query_one("#tray-title", Static).update(tray_title(0, network_name(self.svc)))
        self.watch(self.app, "data_version", self._reload, init=False)
        self.query_one(KeyedList).focus()
        self._load()

    def _reload(self, _: object = None) -> None:
        self._load()

    @work(thread=True, group="tray", exclusive=True, exit_on_error=False)
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
        self.items = message.items
        self.query_one("#tray-title", Static).update(
            tray_title(len(self.items), network_name(self.svc))
        )
        self.lines = message.lines
        listing = self.query_one("#tray-list", KeyedList)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options(Option(self._prompt(i)) for i in range(len(self.items)))
        if self.items:
            listing.highlighted = min(keep or 0, len(self.items) - 1)
        else:
            listing.add_option(
                Option("Nothing waits here. Likes and replies the API may not do come here.")
            )

    def _prompt(self, index: int) -> Text:
        mark = "opened " if self.items[index].id in self.opened else "       "
        return Text.assemble(
            (mark, "italic"), self.lines[index], end="", no_wrap=True, overflow="ellipsis"
        )

    @property
    def item(self) -> OutboxItem | None:
        index = self.query_one("#tray-list", KeyedList).highlighted
        if index is None or index >= len(self.items):
            return None
        return self.items[index]

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
                "Every item here has been opened: press d on each one you finished."
                if self.items
                else "Nothing waits here."
            )
            return
        listing = self.query_one("#tray-list", KeyedList)
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
        self.query_one("#tray-list", KeyedList).replace_option_prompt_at_index(
            index, self._prompt(index)
        )
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

        confirmed: list[OutboxItem] = []  # filled on the write queue's thread

        def confirm(store: Store) -> OutboxItem | None:
            done = store.outbox.confirm_handed(item.id, at)
            confirmed[:] = [done] if done is not None else []
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
                if self.is_attached:  # said where the d was said
                    self.say(words)
                else:
                    svc.notify(words)

            svc.write(
                f"put the {verb} back in the tray",
                lambda store: bool(confirmed) and store.outbox.unconfirm_handed(confirmed[0]),
                landed=back,
            )

        svc.push_undo(f"mark the {verb} done", undo)
        self.say(f"{verb.capitalize()} marked done: it counts in Today now (u to undo).")

    async def action_undo(self) -> None:
        await self.app.run_action("undo")

    def say(self, words: str) -> None:
        self.query_one("#tray-note", Static).update(words)

    def action_close(self) -> None:
        self.dismiss()
