"""Two quiet places for words that would otherwise be toasts over the inbox.

``NoticeLine``: one line above the status bar saying what just happened
("Done (u to undo)."). Each new message replaces the last, so a fast triage
pass shows one line that updates in place, not a stack of toasts over the
list; it goes after a while.

``NotesBanner``: notes worth reading once (the demo's "nothing reaches x.com",
"created a private list for your prospects") stay at the top until dismissed,
instead of vanishing before they are read.
"""

from __future__ import annotations

import textwrap

from textual import events
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

# How long the notice line keeps what it says.
NOTICE_S = 12.0


class NoticeLine(Static):
    DEFAULT_CSS = """
    NoticeLine {
        height: 1;
        padding: 0 1;
        color: $text;
        background: $boost;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._timer: Timer | None = None
        self.words = ""

    def show(self, words: str) -> None:
        # One line: a message with a newline would push the list up and down.
        self.words = " ".join(words.split())
        self.update(self.words)
        self.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(NOTICE_S, self.clear)

    def clear(self) -> None:
        self.words = ""
        self.display = False


def say(node: Widget, words: str, *, severity: SeverityLevel = "information") -> None:
    """What happened, told from anywhere on a screen: on its notice line, each
    message replacing the last; warnings and errors (and screens without the
    line) still get a toast."""
    lines = node.screen.query(NoticeLine)
    if severity == "information" and lines:
        lines.first().show(words)
        return
    node.notify(words, severity=severity, markup=False)


class NotesBanner(Static):
    DEFAULT_CSS = """
    NotesBanner {
        height: auto;
        padding: 0 1;
        color: $text;
        background: $primary 30%;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "notes_version", self._redraw, init=True)

    def _redraw(self, _: object = None) -> None:
        notes: list[str] = getattr(self.app, "notes", [])
        if not notes:
            self.display = False
            return
        app = self.app
        key = getattr(app, "notes_key", lambda: "x")()
        fold = getattr(app, "notes_open_key", lambda: "X")()
        is_open = bool(getattr(app, "notes_open", False))
        # The keys first: a long list is cut at the bottom, never the way out.
        folds = f", {fold} folds them" if is_open else ""
        lines = [f"Notes ({key} dismisses them{folds}):"]
        width = max((self.content_region.width or app.size.width - 2), 20)
        for note in notes:
            lines += textwrap.wrap(note, width, initial_indent="• ", subsequent_indent="  ")
        # Folded: at most a fifth of the terminal (4 lines of 24; it took 10).
        # Open: all of it, leaving the list a few lines. What does not fit is
        # said, not cut silently.
        fifth = max(3, app.size.height // 5)
        room = max(fifth, app.size.height - 8) if is_open else fifth
        if len(lines) > room:
            hidden = len(lines) - room + 1
            more = f"… {hidden} more line{'s' * (hidden != 1)}"
            lines = [*lines[: room - 1], more if is_open else f"{more} ({fold} shows them)"]
        self.update("\n".join(lines))
        self.display = True

    def on_resize(self, _: events.Resize) -> None:
        self._redraw()
