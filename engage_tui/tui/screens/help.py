"""`?` and F1: the keys of the pane you are on, and a few lines on what it is for."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from engage_tui.tui.live_bindings import screen_bindings


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,question_mark,f1,q", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        group = getattr(self.under, "GROUP", "app")
        with Vertical(id="help-box", classes="dialog"):
            yield Static(f"Help · {group}", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-scroll"):
                yield Static(getattr(self.under, "HELP", "") or "", markup=False, id="help-what")
                yield Static(self._keys(), id="help-keys", markup=False)
            yield Static(
                "ctrl+p opens the command palette, which reaches every action. "
                "Keys can be changed by id in the [keymap] table of config.toml.",
                markup=False,
                classes="dim",
            )

    def _keys(self) -> Text:
        out = Text(end="")
        for info in screen_bindings(self.under):
            out.append(f"{info.keys:>14}  ", style="bold")
            out.append(f"{info.description:<26}")
            out.append(f" {info.id}\n", style="dim")
        return out

    def action_close(self) -> None:
        self.dismiss()
