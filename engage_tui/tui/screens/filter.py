"""A small picker for the inbox view: new items of one kind, or done ones too."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.tui.screens.inbox_filter import CHOICES, InboxFilter


class FilterScreen(ModalScreen[InboxFilter | None]):
    CSS_PATH = "filter.tcss"
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="filter.cancel"),
        Binding("j", "down", "Down", id="filter.down", show=False),
        Binding("k", "up", "Up", id="filter.up", show=False),
    ]

    def __init__(self, current: InboxFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box", classes="dialog"):
            yield Static("Show in the inbox", classes="dialog-title")
            yield OptionList(
                *(Option(choice.label, id=str(n)) for n, choice in enumerate(CHOICES)),
                id="filter-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        labels = [c.label for c in CHOICES]
        if self.current.label in labels:
            options.highlighted = labels.index(self.current.label)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(CHOICES[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
