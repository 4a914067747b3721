"""Suggested links: accounts on two networks that one person's own profiles
tie together, each with its evidence in one line. y links them, n says no
(and the pair is never suggested again). Shown only when there is one.

The section reads the store itself, in a thread worker, and its screen asks
it to read again when the screen reloads; a choice shows at once and goes to
the app's write queue like every other key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from engage_tui.relations.handles import network_label
from engage_tui.text.safe import clean_text, display_text
from engage_tui.tui.widgets.inbox_row import handle_text
from engage_tui.tui.widgets.keyed_list import KeyedList
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from engage_tui.domain import Person
    from engage_tui.store.link_evidence import LinkSuggestion
    from engage_tui.tui.context import Services


def account_words(person: Person) -> str:
    """ "X @noor", "Bluesky @noor.example": which account, on which network."""
    label = clean_text(network_label(person.network), single_line=True)
    return f"{label} {handle_text(person.handle)}"


class SuggestionList(KeyedList["LinkSuggestion"]):
    DEFAULT_CSS = """
    SuggestionList {
        height: auto;
        max-height: 6;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS = [
        Binding("y", "decide(True)", "Link them (same person)", id="suggest.accept"),
        Binding("n", "decide(False)", "Not the same person", id="suggest.reject"),
    ]

    class Decided(Message):
        def __init__(self, index: int, accept: bool) -> None:
            super().__init__()
            self.index = index
            self.accept = accept

    def action_decide(self, accept: bool) -> None:
        if self.highlighted is not None:
            self.post_message(self.Decided(self.highlighted, accept))


class LinkSuggestions(Vertical):
    """The open suggestions: ``person_id``'s only, or everyone's (Today)."""

    DEFAULT_CSS = """
    LinkSuggestions {
        height: auto;
        display: none;
    }

    LinkSuggestions.-shown {
        display: block;
    }
    """

    class _Loaded(Message):
        def __init__(self, found: list[LinkSuggestion]) -> None:
            super().__init__()
            self.found = found

    def __init__(self, person_id: str | None = None, limit: int = 5, *, id: str) -> None:
        super().__init__(id=id)
        self.person_id = person_id
        self.limit = limit
        self.found: list[LinkSuggestion] = []

    def compose(self) -> ComposeResult:
        yield Static("", classes="pane-title suggestions-title", markup=False)
        yield SuggestionList(id=f"{self.id}-list")

    @property
    def svc(self) -> Services:
        return cast("Services", self.screen.svc)  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        # Read once the pane is drawn: the read's thread would compete with drawing it.
        self.call_after_refresh(self.load)

    def load(self) -> None:
        self._read(self.svc)

    def show_for(self, person_id: str) -> None:
        """Another person's suggestions (the kept person view shown for them):
        none shown until read."""
        self.person_id = person_id
        self.found = []
        self._show()
        self.call_after_refresh(self.load)

    @reads("load the suggested links", group="link-suggestions")
    def _read(self, svc: Services) -> None:
        self.post_message(self._Loaded(svc.store.suggestions.offered(self.person_id, self.limit)))

    def on_link_suggestions__loaded(self, message: _Loaded) -> None:
        self.found = message.found
        self._show()

    def _show(self) -> None:
        self.query_one(SuggestionList).show(self.found, (self._line(s) for s in self.found))
        self.set_class(bool(self.found), "-shown")
        count = len(self.found)
        self.query_one(".suggestions-title", Static).update(
            f"Same person? {count} · tab, then y links, n says no"
        )

    def _line(self, found: LinkSuggestion) -> Text:
        # One line each: a long one ends in an ellipsis (the evidence names
        # the two accounts first and last; the person view shows both).
        return display_text(found.evidence, single_line=True)

    def on_suggestion_list_decided(self, message: SuggestionList.Decided) -> None:
        message.stop()
        if not 0 <= message.index < len(self.found):
            return
        chosen = self.found.pop(message.index)
        first, second = chosen.first.id, chosen.second.id
        both = f"{account_words(chosen.first)} and {account_words(chosen.second)}"
        if message.accept:
            self.svc.write(f"link {both}", lambda store: store.suggestions.accept(first, second))
            self.screen.say(f"Linked: {both} are one person.")  # type: ignore[attr-defined]
        else:
            self.svc.write(
                f"turn down linking {both}",
                lambda store: store.suggestions.reject(first, second),
            )
            self.screen.say(f"Not linked: {both} will not be suggested again.")  # type: ignore[attr-defined]
        self._show()
        if not self.found:
            self.screen.focus_main()  # type: ignore[attr-defined]
