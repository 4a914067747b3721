"""X behind the neutral Platform protocol: tweepy client, notification synthesis,
web intents and sign-in. Nothing outside this folder imports tweepy."""

from engage_tui.platforms.x.auth import PinFlow, start_pin_flow, verify
from engage_tui.platforms.x.credentials import XCredentials
from engage_tui.platforms.x.platform import XPlatform

__all__ = ["PinFlow", "XCredentials", "XPlatform", "start_pin_flow", "verify"]
