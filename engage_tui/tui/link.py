"""A link the user must open by hand (no browser here, e.g. over SSH): shown and copied."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class LinkScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close", id="link.close")]

    def __init__(self, url: str, why: str) -> None:
        super().__init__()
        self.url = url
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box", classes="dialog"):
            yield Static("Open this link", classes="dialog-title")
            yield Static(self.why, id="link-why", markup=False)
            # An Input so the whole link can be selected even if the copy failed.
            yield Input(self.url, id="link-url")
            yield Static(
                "No browser can open from here, so the link was copied to your "
                "clipboard (OSC 52). Paste it into a browser. Enter or escape closes.",
                markup=False,
                classes="dim",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        # The field is there to select and copy from; a key typed into it
        # (meant for the inbox, say) must not change the link.
        if event.value != self.url:
            event.input.value = self.url

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # The focused field takes enter for itself; the text promises enter closes.
        event.stop()
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
