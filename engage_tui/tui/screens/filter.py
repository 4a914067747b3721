"""A small picker for the inbox view: new items of one kind, or done ones
too; and, with several accounts, every account's items or one account's."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.tui.screens.inbox_filter import CHOICES, AccountChoice, InboxFilter

ALL_ACCOUNTS = "every account"
# The current choice is marked in words' place, not only by the highlight
# (which moves with j/k): a dot before it, spaces before the others.
CURRENT, OTHER = "● ", "  "


class FilterScreen(ModalScreen[InboxFilter | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="filter.cancel"),
        Binding("j", "down", "Down", id="filter.down", show=False),
        Binding("k", "up", "Up", id="filter.up", show=False),
    ]

    def __init__(self, current: InboxFilter, accounts: Sequence[AccountChoice] = ()) -> None:
        """``accounts``: one choice per account, offered (after "every account")
        when there are several; their labels are shown as they are (cleaned)."""
        super().__init__()
        self.current = current
        self.accounts = (AccountChoice(ALL_ACCOUNTS, None), *accounts) if len(accounts) > 1 else ()

    def compose(self) -> ComposeResult:
        options: list[Option | None] = [
            Option(self._mark(choice.label == self.current.label) + choice.label, id=f"kind:{n}")
            for n, choice in enumerate(CHOICES)
        ]
        if self.accounts:
            options.append(None)  # a rule between the kinds and the accounts
            options += [
                Option(
                    self._mark(choice.accounts == self.current.accounts)
                    + f"account: {choice.label}",
                    id=f"account:{n}",
                )
                for n, choice in enumerate(self.accounts)
            ]
        with Vertical(id="filter-box", classes="dialog"):
            yield Static("Show in the inbox", classes="dialog-title")
            yield OptionList(*options, id="filter-options", markup=False)

    @staticmethod
    def _mark(current: bool) -> str:
        return CURRENT if current else OTHER

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        labels = [c.label for c in CHOICES]
        if self.current.label in labels:
            options.highlighted = labels.index(self.current.label)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        what, _, index = (event.option.id or "").partition(":")
        if what == "kind":
            self.dismiss(self.current.with_kinds(CHOICES[int(index)]))
        elif what == "account":
            choice = self.accounts[int(index)]
            self.dismiss(
                self.current._replace(
                    accounts=choice.accounts,
                    account_label="" if choice.accounts is None else choice.label,
                )
            )

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
