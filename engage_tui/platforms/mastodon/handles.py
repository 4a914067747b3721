"""What a Mastodon handle may be: ``user@host``, the way every Mastodon app
names an account across servers (``alice@mastodon.social``).

The user part is letters, digits and underscores as Mastodon allows (other
servers of the fediverse add dots and hyphens, so those pass too); the host is
a domain name, with a port for a test server (``localhost:3000``). Handles are
compared without regard to case and kept lower-case. A Mastodon handle always
holds an @ after its first character, which no X or Bluesky handle does, so
the shape alone names the network. Imports nothing but ``re``: checking a
handle never loads Mastodon.py.
"""

from __future__ import annotations

import re
from functools import cache

NETWORK = "mastodon"
DISPLAY_NAME = "Mastodon"
# The command that adds (or renews) an account.
SIGN_IN = "engage auth login mastodon --server https://your.server"
HANDLE_HINT = "user@host, like alice@mastodon.social"
MAX_LENGTH = 300
_USER = r"[a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = rf"(?:{_LABEL}\.)*{_LABEL}(?::[0-9]{{1,5}})?"


@cache
def _handle() -> re.Pattern[str]:
    # Compiled when first asked: the TUI's first frame does not wait on it.
    return re.compile(rf"({_USER})@({_HOST})", re.ASCII | re.IGNORECASE)


def check_handle(raw: str) -> str | None:
    """``raw`` without a leading @ and surrounding spaces, lower-cased, or
    None when it cannot be a Mastodon handle (``user@host``)."""
    handle = raw.strip().removeprefix("@").strip()
    if len(handle) > MAX_LENGTH or not _handle().fullmatch(handle):
        return None
    return handle.lower()


def split_handle(handle: str) -> tuple[str, str] | None:
    """``(user, host)`` of a handle, or None when it is not one."""
    checked = check_handle(handle)
    if checked is None:
        return None
    user, _, host = checked.partition("@")
    return user, host
