"""Keys in one burst, as a terminal delivers a paste typed as keystrokes or a
fast typist over SSH: every key is in the app's queue before the first is handled.

Pilot's ``press`` waits for the app to go idle after each key, so it never
makes the queue the bug lived in; this hands the keys to the app the way the
terminal driver does, all at once.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from textual import events
from textual.app import App


def key_event(key: str) -> events.Key:
    """The event a terminal sends for ``key``: one character, or a key name."""
    if len(key) != 1:
        return events.Key(key, None)
    if key.isalnum():
        return events.Key(key, key)
    # Textual names a punctuation key by its Unicode name ("full_stop").
    name = unicodedata.name(key, "").lower().replace("-", "_").replace(" ", "_")
    return events.Key(name or key, key)


def burst(app: App[Any], *keys: str) -> None:
    """Put every key in the app's queue before it handles the first."""
    for key in keys:
        app.post_message(key_event(key))


def typed_as_keys(text: str) -> list[str]:
    """``text`` as the keys that type it (a line break is enter)."""
    return ["enter" if c == "\n" else c for c in text]
