"""X behind the neutral Platform protocol: tweepy client, notification synthesis,
web intents and sign-in. Nothing outside this folder imports tweepy.

The names below load on first use: checking a handle (``x.handles``) must
not pay for importing tweepy and requests (about 140 ms).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engage_tui.platforms.x.auth import PinFlow, start_pin_flow, verify
    from engage_tui.platforms.x.credentials import XCredentials
    from engage_tui.platforms.x.platform import XPlatform

_WHERE = {
    "PinFlow": "auth",
    "start_pin_flow": "auth",
    "verify": "auth",
    "XCredentials": "credentials",
    "XPlatform": "platform",
}

__all__ = ["PinFlow", "XCredentials", "XPlatform", "start_pin_flow", "verify"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
