"""Mastodon behind the neutral Platform protocol: Mastodon.py 2.3.3, grouped or
plain notifications, the read marker, Idempotency-Keys chosen before sending,
and the OAuth code flow (never a password). Nothing outside this folder
imports Mastodon.py.

The names below load on first use: checking a handle (``mastodon.handles``)
must not pay for importing Mastodon.py.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engage_tui.platforms.mastodon.auth import (
        AppCredentials,
        AppStore,
        KeyringAppStore,
        MastodonLogin,
        MemoryAppStore,
        authorization_url,
        exchange_code,
        login_from_env,
        parse_server,
        register_app,
    )
    from engage_tui.platforms.mastodon.platform import MastodonPlatform

_WHERE = {
    "AppCredentials": "auth",
    "AppStore": "auth",
    "KeyringAppStore": "auth",
    "MastodonLogin": "auth",
    "MemoryAppStore": "auth",
    "authorization_url": "auth",
    "exchange_code": "auth",
    "login_from_env": "auth",
    "parse_server": "auth",
    "register_app": "auth",
    "MastodonPlatform": "platform",
}

__all__ = [
    "AppCredentials",
    "AppStore",
    "KeyringAppStore",
    "MastodonLogin",
    "MastodonPlatform",
    "MemoryAppStore",
    "authorization_url",
    "exchange_code",
    "login_from_env",
    "parse_server",
    "register_app",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
