"""An OptionList that also moves with j and k, for the short lists (prospects, drafts)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyedList(OptionList):
    DEFAULT_CSS = """
    KeyedList {
        height: 1fr;
        border: none;
        padding: 0;
    }

    KeyedList:focus {
        border: none;
    }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="list.down", show=False),
        Binding("k", "cursor_up", "Up", id="list.up", show=False),
    ]
