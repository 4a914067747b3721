"""Bluesky behind the neutral Platform protocol: the atproto SDK, notifications,
record keys chosen before sending, and a session kept in the keyring. Nothing
outside this folder imports atproto.

The names below load on first use: checking a handle (``bluesky.handles``)
must not pay for importing the SDK (about half a second).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engage_tui.platforms.bluesky.auth import sign_in
    from engage_tui.platforms.bluesky.platform import BlueskyPlatform
    from engage_tui.platforms.bluesky.session import (
        APP_PASSWORD_HELP,
        BlueskyLogin,
        KeyringSessionStore,
        SessionStore,
        login_from_env,
    )

_WHERE = {
    "sign_in": "auth",
    "BlueskyPlatform": "platform",
    "APP_PASSWORD_HELP": "session",
    "BlueskyLogin": "session",
    "KeyringSessionStore": "session",
    "SessionStore": "session",
    "login_from_env": "session",
}

__all__ = [
    "APP_PASSWORD_HELP",
    "BlueskyLogin",
    "BlueskyPlatform",
    "KeyringSessionStore",
    "SessionStore",
    "login_from_env",
    "sign_in",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
