"""What an X handle may be: 1 to 15 letters, digits and underscores.

Anything else (a path, a query string, a URL) must never reach a request
URL, so every handle typed, imported or read from an export is checked
against this rule first. Another network brings its own rule (Bluesky's
handles are domain names).
"""

from __future__ import annotations

import re

NETWORK = "x"
DISPLAY_NAME = "X"
SIGN_IN = "engage auth login"  # the command that adds (or renews) an account
HANDLE_HINT = "letters, digits and _, up to 15"
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,15}")


def check_handle(raw: str) -> str | None:
    """``raw`` without a leading @ and surrounding spaces, or None when it
    cannot be an X handle."""
    handle = raw.strip().removeprefix("@").strip()
    return handle if _HANDLE.fullmatch(handle) else None
