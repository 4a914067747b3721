"""Mastodon's text rule, with the numbers the server gives.

A status may hold ``max_characters`` (500 on Mastodon unless the server
raised it), counted the way Mastodon's own length check counts: Unicode
grapheme clusters, every URL as ``characters_reserved_per_url`` (23 on
Mastodon), and a mention of someone on another server by its local part only
(``@alice@example.social`` counts as ``@alice``). URLs are found with the same
pattern Mastodon.py carries for this count (a port of Mastodon's own).
"""

from __future__ import annotations

import re

import regex
from mastodon.utility import url_regex

from engage_tui.platforms.base import TextCheck

_GRAPHEME = regex.compile(r"\X")
_REMOTE_MENTION = re.compile(r"(^|[^/\w])@(([a-z0-9_]+)@[a-z0-9.\-]+[a-z0-9]+)", re.IGNORECASE)


def countable(text: str, url_weight: int) -> str:
    """``text`` as Mastodon counts it: each URL as ``url_weight`` characters,
    each remote mention as its local part."""
    text = url_regex.sub(lambda m: m.group(2) + "x" * url_weight, text)
    return _REMOTE_MENTION.sub(r"\1@\3", text)


def length(text: str, url_weight: int = 23) -> int:
    return sum(1 for _ in _GRAPHEME.finditer(countable(text, url_weight)))


def measure_text(text: str, max_characters: int = 500, url_weight: int = 23) -> TextCheck:
    size = length(text, url_weight)
    has_url = url_regex.search(text) is not None
    reason: str | None = None
    if not text.strip():
        reason = "The reply is empty: write something first."
    elif size > max_characters:
        over = size - max_characters
        reason = (
            f"The reply is {over} character{'s' if over != 1 else ''} over this Mastodon "
            f"server's limit of {max_characters:,}: shorten it before sending."
        )
    return TextCheck(
        length=size, limit=max_characters, ok=reason is None, reason=reason, has_url=has_url
    )
