"""Opening a link for the user: a browser where one can open, else show and copy it.

Used for X's web intents (a reply or like the API may not do) and for `o`
(open a post). Over SSH or on a Linux box with no display, webbrowser would
silently pick a text browser or nothing; there the link is shown in a modal
and copied with OSC 52, which reaches the user's own terminal.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Callable, Mapping

from textual.app import App


def can_open_browser(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False
    if env.get("BROWSER"):
        return True
    if sys.platform.startswith("linux"):
        return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return True


def hand_over(
    app: App[object], url: str, why: str, tell: Callable[[str], None] | None = None
) -> None:
    """Open ``url`` in the browser, or show it and copy it to the clipboard.

    ``why`` is one line of plain words saying what the user finishes there;
    ``tell`` says it where the caller shows such words (a toast otherwise).
    """
    if can_open_browser():
        opened = _open(url)
        if opened:
            words = f"Opened in your browser. {why}"
            if tell is not None:
                tell(words)
            else:
                app.notify(words, markup=False)
            return
    from engage_tui.tui.link import LinkScreen

    app.copy_to_clipboard(url)
    app.push_screen(LinkScreen(url, why))


def _open(url: str) -> bool:
    try:
        return webbrowser.open(url, new=2)
    except webbrowser.Error:
        return False
