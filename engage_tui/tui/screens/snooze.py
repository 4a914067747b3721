"""`z`: put an item away until a time picked from a short list (1, 2, 3 or enter)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.store import InboxRow
from engage_tui.tui.answering import item_ids
from engage_tui.tui.screens.base import EngageScreen
from engage_tui.tui.snooze_times import SnoozeChoice, snooze_choices


class SnoozeScreen(ModalScreen[datetime | None]):
    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="snooze.cancel"),
        Binding("1", "pick(0)", "Tonight", id="snooze.tonight", show=False),
        Binding("2", "pick(1)", "Tomorrow morning", id="snooze.tomorrow", show=False),
        Binding("3", "pick(2)", "Next week", id="snooze.week", show=False),
        Binding("j", "down", "Down", id="snooze.down", show=False),
        Binding("k", "up", "Up", id="snooze.up", show=False),
    ]

    def __init__(self, choices: list[SnoozeChoice]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        options = [Option(f"{n} {c.label}", id=str(n - 1)) for n, c in enumerate(self.choices, 1)]
        # Same look as the filter dialog (its stylesheet names these ids).
        with Vertical(id="filter-box", classes="dialog"):
            yield Static("Snooze until", classes="dialog-title")
            yield OptionList(*options, id="filter-options", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id or 0))

    def action_pick(self, index: int) -> None:
        self.dismiss(self.choices[index].until)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()


def snooze_row(
    screen: EngageScreen, row: InboxRow, then: Callable[[tuple[str, ...]], None]
) -> None:
    """Ask until when, then put the item away; ``then`` gets its ids once it is."""
    from engage_tui.tui import actions

    choices = snooze_choices(screen.svc.now())
    ids = item_ids(row)

    def chosen(until: datetime | None) -> None:
        if until is None:
            return
        label = next(c.label for c in choices if c.until == until)
        screen.say(actions.snooze(screen.svc, list(ids), until, label))
        then(ids)

    screen.app.push_screen(SnoozeScreen(choices), chosen)
