"""Entities X attaches to a post (mentions, urls, hashtags), and its t.co link wrapping."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

_URL = re.compile(r"https?://[^\s]+")
_MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_TCO_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def tco_for(url: str) -> str:
    """A stable short link for a URL, like X's t.co wrapping."""
    digest = hashlib.sha256(url.encode()).digest()
    code = "".join(_TCO_ALPHABET[b % len(_TCO_ALPHABET)] for b in digest[:10])
    return f"https://t.co/{code}"


def wrap_links(text: str) -> tuple[str, dict[str, str]]:
    """Replace every URL with its t.co form; return the text and short -> long links."""
    links: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        long_url = match.group(0)
        if long_url.startswith("https://t.co/"):
            return long_url
        short = tco_for(long_url)
        links[short] = long_url
        return short

    return _URL.sub(swap, text), links


def has_link(text: str) -> bool:
    return _URL.search(text) is not None


def mentioned_usernames(text: str) -> list[str]:
    return [m.group(1) for m in _MENTION.finditer(text)]


def _display(url: str) -> str:
    bare = re.sub(r"^https?://(www\.)?", "", url)
    return bare if len(bare) <= 26 else bare[:25] + "…"


def extract(
    text: str, links: dict[str, str], user_id_of: Callable[[str], int | None]
) -> dict[str, list[dict[str, object]]]:
    """Entities with code-point offsets, as X reports them (only kinds present)."""
    found: dict[str, list[dict[str, object]]] = {}
    for match in _MENTION.finditer(text):
        item: dict[str, object] = {
            "start": match.start(),
            "end": match.end(),
            "username": match.group(1),
        }
        user_id = user_id_of(match.group(1))
        if user_id is not None:
            item["id"] = str(user_id)
        found.setdefault("mentions", []).append(item)
    for match in _URL.finditer(text):
        short = match.group(0)
        expanded = links.get(short, short)
        found.setdefault("urls", []).append(
            {
                "start": match.start(),
                "end": match.end(),
                "url": short,
                "expanded_url": expanded,
                "display_url": _display(expanded),
            }
        )
    for match in _HASHTAG.finditer(text):
        found.setdefault("hashtags", []).append(
            {"start": match.start(), "end": match.end(), "tag": match.group(1)}
        )
    return found
