"""What a Bluesky handle may be: a domain name, as the atproto spec's handle
syntax says (alice.bsky.social, or the person's own domain).

Parts ("labels") of ASCII letters, digits and hyphens, 1 to 63 each, never
starting or ending with a hyphen; at least two of them; 253 characters at
most; the last part starts with a letter (so it is never all digits).
Bluesky compares handles without regard to case and keeps them lower-case,
so this rule gives them back lower-case.

The rule is written out here rather than taken from the SDK
(``atproto_client.models.string_formats.is_valid_handle``): importing that
loads every lexicon model (about half a second), and a handle typed on the
command line or read from an import file must not pay for it. A test holds
the two to the same answers.
"""

from __future__ import annotations

import re

NETWORK = "bluesky"
DISPLAY_NAME = "Bluesky"
SIGN_IN = "engage auth login bluesky"  # the command that adds (or renews) an account
HANDLE_HINT = "a domain name like alice.bsky.social"
MAX_LENGTH = 253
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_TLD = r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"
# ASCII: no other letter matches, not even one that lower-cases to ASCII (K, the Kelvin sign).
_HANDLE = re.compile(rf"(?:{_LABEL}\.)+{_TLD}", re.ASCII | re.IGNORECASE)


def check_handle(raw: str) -> str | None:
    """``raw`` without a leading @ and surrounding spaces, lower-cased, or
    None when it cannot be a Bluesky handle."""
    handle = raw.strip().removeprefix("@").strip()
    if len(handle) > MAX_LENGTH or not _HANDLE.fullmatch(handle):
        return None
    return handle.lower()
