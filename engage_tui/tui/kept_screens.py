"""Panes built once and kept between openings: the three panes beside the
inbox (prospects, drafts, Today), the tray, the search, the person view.

A pushed screen is composed, styled and laid out anew each time it opens;
a kept one (installed, in Textual's words) is only shown again, so its first
frame comes sooner.

The panes beside the inbox are kept screens pushed over the inbox's stack,
not Textual modes: a mode's new screen made Textual parse every rule of the
app again and restyle it (twice, and once more on its second opening), and
every switch between modes holds the next frame back 50 ms. So the one stack
reads, from the bottom: the inbox and what was opened over it (an item, the
help), then at most one other pane and what was opened over that (a person).
Going to another pane closes what was opened over the pane left, as `esc`
would; the inbox and what was opened over it wait underneath, as they are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])

INBOX = "inbox"
# The panes beside the inbox (keys 2, 3, 4): the module under
# engage_tui.tui.screens and the class of each, imported when first shown.
PANES: dict[str, tuple[str, str]] = {
    "prospects": ("prospects", "ProspectsScreen"),
    "drafts": ("drafts", "DraftsScreen"),
    "today": ("today", "TodayScreen"),
}


def show_kept(
    app: App[Any], name: str, build: Callable[[], S], start_anew: Callable[[S], None]
) -> None:
    """Push the screen kept as ``name`` (built by ``build`` the first time),
    after ``start_anew`` on it. While the kept one is open already (under a
    dialog, or under another pane) a new one is pushed, as before."""
    if not app.is_screen_installed(name):
        app.install_screen(build(), name)
        app.push_screen(name)
        return
    kept = app.get_screen(name)
    if kept in app.screen_stack:
        app.push_screen(build())
        return
    start_anew(kept)  # type: ignore[arg-type]  # installed by build() above
    app.push_screen(kept)


def pane_screen(app: App[Any], pane: str) -> Screen[Any] | None:
    """The kept screen of ``pane`` (one of PANES), if it was ever shown."""
    return app.get_screen(pane) if app.is_screen_installed(pane) else None


def shown_pane(app: App[Any]) -> str:
    """The pane the user is in: one of PANES, or the inbox (with whatever was
    opened over it)."""
    for pane in PANES:
        screen = pane_screen(app, pane)
        if screen is not None and screen in app.screen_stack:
            return pane
    return INBOX


def show_pane(app: App[Any], pane: str) -> Awaitable[Any] | None:
    """Show ``pane`` (the inbox or one of PANES), as it was left: a pane
    shown already stays as it is. Returns what to await for it to be shown."""
    shown = shown_pane(app)
    if shown == pane:
        return None
    done: Awaitable[Any] | None = None
    if shown != INBOX:
        left = pane_screen(app, shown)
        while app.screen_stack[-1] is not left:
            done = app.pop_screen()
        done = app.pop_screen()
    if pane == INBOX:
        return done
    if not app.is_screen_installed(pane):
        module, name = PANES[pane]
        screen_class = getattr(import_module(f"engage_tui.tui.screens.{module}"), name)
        app.install_screen(screen_class(), pane)
    return app.push_screen(pane)


def load_panes() -> None:
    """Import the panes' code (Today's with the person view's is about 0.1 s),
    meant for a worker after the first frame, so a pane's first opening waits
    on none of it."""
    for module, _ in PANES.values():
        import_module(f"engage_tui.tui.screens.{module}")
