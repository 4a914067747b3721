"""Bluesky behind the neutral Platform protocol: the atproto SDK, notifications,
record keys chosen before sending, and a session kept in the keyring. Nothing
outside this folder imports atproto."""

from engage_tui.platforms.bluesky.auth import sign_in
from engage_tui.platforms.bluesky.platform import BlueskyPlatform
from engage_tui.platforms.bluesky.session import (
    APP_PASSWORD_HELP,
    BlueskyLogin,
    KeyringSessionStore,
    SessionStore,
    login_from_env,
)

__all__ = [
    "APP_PASSWORD_HELP",
    "BlueskyLogin",
    "BlueskyPlatform",
    "KeyringSessionStore",
    "SessionStore",
    "login_from_env",
    "sign_in",
]
