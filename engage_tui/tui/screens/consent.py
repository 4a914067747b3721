"""A yes-or-no question that says what yes will do: nothing happens unless
the user answers y (n and escape say no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConsentScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="consent.yes"),
        Binding("n,escape", "answer(False)", "No", id="consent.no"),
    ]

    def __init__(self, question: str, keys: str) -> None:
        """``keys``: how to answer, in the user's keys ("y yes · n no")."""
        super().__init__()
        self.question = question
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="consent-box", classes="dialog"):
            yield Static(self.question, id="consent-question", markup=False)
            yield Static(self.keys, id="consent-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
