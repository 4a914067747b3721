"""Pick an account: to link to a person (any network, among the people
engage knows, or typed as a handle) or to unlink from them.

Typing filters the list by handle; enter in the field takes the highlighted
account, or the one the typed ``NETWORK:HANDLE`` names. The screen only
answers with the account it read (so the person view can name it without
reading it again): the person view does the linking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.domain import Person
from engage_tui.relations.accounts import EXAMPLES, BadAccount, parse_account
from engage_tui.relations.handles import network_label
from engage_tui.text.safe import display_text
from engage_tui.tui.workers import reads

# The people shown before anything is typed, read off the UI thread.
Starter = Callable[[], Sequence[Person]]
# The people shown for what is typed (a handle prefix, any network).
Finder = Callable[[str], Sequence[Person]]
# The account a typed NETWORK:HANDLE names, if engage knows it.
Resolver = Callable[[str, str], Person | None]


def account_label(person: Person) -> Text:
    """``Bluesky  @alice.bsky.social  Alice``: remote text shown literally."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(f"{network_label(person.network):<9}", style="bold")
    out.append_text(display_text(f"@{person.handle}", single_line=True))
    if person.name:
        out.append("  ")
        out.append_text(display_text(person.name, single_line=True, style="dim"))
    return out


class AccountPicker(ModalScreen[Person | None]):
    """One list of accounts; with ``finder``, a field above it that filters
    the people engage knows and takes a typed handle."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(
        self,
        title: str,
        accounts: Sequence[Person] | Starter,
        *,
        finder: Finder | None = None,
        resolver: Resolver | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.title_text = title
        # A list the caller holds is shown at once; a reader, when it answers.
        self._starter = accounts if callable(accounts) else None
        self.accounts: list[Person] = [] if callable(accounts) else list(accounts)
        self.finder = finder
        self.resolver = resolver
        self.exclude = exclude
        # The accounts listed now, by id: a pick answers with what was read.
        self._shown: dict[str, Person] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.finder is not None:
                yield Input(placeholder=f"a handle, like {EXAMPLES}", id="picker-input")
            yield OptionList(id="picker-options", markup=False)
            yield Static("", id="picker-message", markup=False, classes="dim")

    def on_mount(self) -> None:
        self._show(self.accounts)
        if self._starter is not None:
            self._start()
        if self.finder is not None:
            self.query_one(Input).focus()
        else:
            self.query_one(OptionList).focus()

    def _show(self, people: Sequence[Person]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [p for p in people if p.id not in self.exclude]
        self._shown = {p.id: p for p in shown}
        options.add_options(Option(account_label(p), id=p.id) for p in shown)
        if shown:
            options.highlighted = 0

    class _Found(Message):
        """The people whose handle starts with what ``text`` names."""

        def __init__(self, text: str, people: list[Person]) -> None:
            super().__init__()
            self.text = text
            self.people = people

    class _Started(Message):
        """The people to show before anything is typed."""

        def __init__(self, people: list[Person]) -> None:
            super().__init__()
            self.people = people

    @reads("list the people to pick from", group="picker-start")
    def _start(self) -> None:
        assert self._starter is not None
        self.post_message(self._Started(list(self._starter())))

    def on_account_picker__started(self, message: _Started) -> None:
        self.accounts = message.people
        # Typed words already have their own list; the start list waits for them to go.
        if self.finder is None or not self.query_one("#picker-input", Input).value.strip():
            self._show(self.accounts)

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.finder is None:
            return
        text = event.value.strip()
        if text:
            self._find(text)  # a store read: never on the key
        else:
            self._show(self.accounts)

    @reads("find the people to pick from", group="picker-find")
    def _find(self, text: str) -> None:
        assert self.finder is not None
        self.post_message(self._Found(text, list(self.finder(text.partition(":")[2] or text))))

    def on_account_picker__found(self, message: _Found) -> None:
        # An answer to words since changed is not shown over the newer one.
        if message.text == self.query_one("#picker-input", Input).value.strip():
            self._show(message.people)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        # NETWORK:HANDLE names one account; a bare prefix takes the list's pick.
        first = None if ":" in text else self._first()
        if first is not None:
            self.dismiss(first)
        elif text:
            self._take_typed(text)

    def _first(self) -> Person | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or options.option_count == 0:
            return None
        return self._shown.get(options.get_option_at_index(index).id or "")

    def _take_typed(self, text: str) -> None:
        message = self.query_one("#picker-message", Static)
        try:
            ref = parse_account(text)
        except BadAccount as err:
            message.update(f"{err}.")
            return
        if self.resolver is None:
            self._say_unknown(str(ref))
        else:
            self._resolve(str(ref), ref.network, ref.handle)  # a store read: never on the key

    class _Resolved(Message):
        """The account a typed ``NETWORK:HANDLE`` names, if engage knows it."""

        def __init__(self, ref: str, found: Person | None) -> None:
            super().__init__()
            self.ref = ref
            self.found = found

    @reads("look up the typed account", group="picker-resolve")
    def _resolve(self, ref: str, network: str, handle: str) -> None:
        assert self.resolver is not None
        self.post_message(self._Resolved(ref, self.resolver(network, handle)))

    def on_account_picker__resolved(self, message: _Resolved) -> None:
        # A second enter's answer after the first one closed the picker is dropped.
        if not self.is_current:
            return
        found = message.found
        if found is None:
            self._say_unknown(message.ref)
        elif found.id in self.exclude:
            self.query_one("#picker-message", Static).update(
                f"{message.ref} is already this person."
            )
        else:
            self.dismiss(found)

    def _say_unknown(self, ref: str) -> None:
        self.query_one("#picker-message", Static).update(
            f"engage does not know {ref} yet: open them from the inbox or a search "
            "(or add them as a prospect and sync), then link."
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown.get(event.option.id or ""))

    def on_key(self, event: events.Key) -> None:
        # down from the field walks the list, so a pick needs no mouse
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
