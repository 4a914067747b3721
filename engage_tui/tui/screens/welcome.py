"""Shown when there is no account and nothing cached: how to start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

# Paragraphs, not hard-wrapped lines: the dialog wraps them to its width.
INTRO = (
    "engage is a keyboard-first inbox for engaging by hand: every mention, reply, new "
    "follower and like that deserves a human answer, the people you want to build a "
    "relationship with, and a composer for the words you type yourself."
)
NOTHING_YET = "No account is signed in yet, and nothing is cached on this machine."
# What to do: the first words are the key or command, then what it does.
CHOICES = (
    ("Sign in", "quit (q) and run  engage auth login"),
    ("Try it first", "press d (or run  engage --demo) for a simulated world"),
    (
        "Carry on offline",
        "press i to open the empty inbox; drafts and queued replies are kept and sent "
        "once an account is signed in.",
    ),
)


class WelcomeScreen(Screen[None]):
    GROUP = "welcome"
    HELP = "engage has no account and no cache yet: sign in, try the demo, or go on offline."
    BINDINGS = [
        Binding("d", "demo", "Try the demo", id="welcome.demo"),
        Binding("i", "inbox", "Open the inbox", id="welcome.inbox"),
        Binding("q", "app.quit", "Quit", id="welcome.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box", classes="dialog"):
            yield Static("Welcome to engage", classes="dialog-title", markup=False)
            yield Static(INTRO, classes="welcome-para", markup=False)
            yield Static(NOTHING_YET, classes="welcome-para", markup=False)
            for label, what in CHOICES:
                with Horizontal(classes="welcome-choice"):
                    yield Static(f"{label}:", classes="welcome-label", markup=False)
                    yield Static(what, classes="welcome-what", markup=False)
        yield Footer()

    def action_demo(self) -> None:
        # The CLI reads this result and starts `engage --demo`.
        self.app.exit(result="demo")

    def action_inbox(self) -> None:
        # The welcome sits on top of the (empty) inbox.
        self.dismiss()
