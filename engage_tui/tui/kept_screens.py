"""Panes built once and kept between openings (the tray, the search).

A pushed screen is composed, styled and laid out anew each time it opens;
a kept one (installed, in Textual's words) is only shown again, so its first
frame comes sooner. Each opening starts it anew, as a new one did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])


def show_kept(
    app: App[Any], name: str, build: Callable[[], S], start_anew: Callable[[S], None]
) -> None:
    """Push the screen kept as ``name`` (built by ``build`` the first time),
    after ``start_anew`` on it. While the kept one is open already (under a
    dialog, or in another pane's stack) a new one is pushed, as before."""
    if not app.is_screen_installed(name):
        app.install_screen(build(), name)
        app.push_screen(name)
        return
    kept = app.get_screen(name)
    if _stacked(app, kept):
        app.push_screen(build())
        return
    start_anew(kept)  # type: ignore[arg-type]  # installed by build() above
    app.push_screen(kept)


def _stacked(app: App[Any], screen: Screen[Any]) -> bool:
    for mode in {*app.MODES, app.DEFAULT_MODE, app.current_mode}:
        try:
            if screen in app.get_screen_stack(mode):
                return True
        except KeyError:  # a pane not shown yet has no stack
            continue
    return False
