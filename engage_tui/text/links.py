"""The links a person wrote in a bio: web addresses, bare domains, fediverse handles.

A bio is free text from the network: it may hold anything, escape sequences
included. What comes out is only what looks like an address; whether it
names a real host is decided again by ``domain.evidence.site_key``.
"""

from __future__ import annotations

import re

# An address runs to the next space or control character (an escape sequence
# ends it); the punctuation a sentence puts after it is not part of it.
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f<>\"']+", re.IGNORECASE)
_BARE = re.compile(
    r"(?<![\w@./:-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})(/[^\s\x00-\x1f\x7f-\x9f<>\"']*)?",
    re.IGNORECASE,
)
# @user@host, the way fediverse people write their address.
_FEDI = re.compile(
    r"(?<![\w@])@([a-z0-9_]{1,64})@((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\"…"


def links_in(text: str) -> list[str]:
    """The addresses in ``text``, in order, each once; a bare domain and a
    ``@user@host`` handle become ``https://`` addresses."""
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        found.append(match.group(0).rstrip(_TRAILING))
        taken.append(match.span())
    for match in _FEDI.finditer(text):
        if not _inside(match.start(), taken):
            user, host = match.groups()
            found.append(f"https://{host}/@{user}")
            taken.append(match.span())
    for match in _BARE.finditer(text):
        if not _inside(match.start(), taken):
            found.append("https://" + match.group(0).rstrip(_TRAILING))
    return list(dict.fromkeys(found))


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= at < end for start, end in spans)
