"""Confirming actions the user finished in the browser.

A reply handed to X's web intent is done when the user presses Post there;
engage only learns of it when the reply shows up among the owner's own posts
in a later pull. It matches on the reply target and the words. The words are
compared loosely, in the ways networks and browsers change text on the way:
line endings and runs of spaces, Unicode normal form, HTML entities (&amp;),
links rewritten to a shortener, and the @handles a network puts in front of a
reply.
"""

from __future__ import annotations

import html
import re
import unicodedata

from engage_tui.domain import ActionKind, OutboxItem, Post

_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
_HANDLES_IN_FRONT = re.compile(r"^(?:@[\w.]+(?:@[\w.-]+)?\s+)+")


def normalise_text(text: str) -> str:
    flat = unicodedata.normalize("NFC", html.unescape(text)).strip()
    flat = _HANDLES_IN_FRONT.sub("", flat)
    flat = _LINK.sub("<link>", flat)
    return " ".join(flat.split()).casefold()


def match_handed(
    items: list[OutboxItem], posts: list[Post], owner_id: str
) -> list[tuple[OutboxItem, Post]]:
    """Pairs of (handed item, the owner's post that fulfils it), each used once."""
    candidates = [p for p in posts if p.author_id == owner_id and not p.deleted]
    if not candidates:
        return []
    by_key: dict[tuple[str | None, str], list[Post]] = {}
    for post in sorted(candidates, key=lambda p: p.created_at):
        by_key.setdefault((post.in_reply_to_id, normalise_text(post.text)), []).append(post)
    out: list[tuple[OutboxItem, Post]] = []
    for item in sorted(items, key=lambda i: i.id):
        if item.kind not in (ActionKind.REPLY, ActionKind.POST) or not item.text:
            continue
        target = item.target_post_id if item.kind is ActionKind.REPLY else None
        found = by_key.get((target, normalise_text(item.text)))
        if found:
            out.append((item, found.pop(0)))
    return out
