"""Confirming actions the user finished in the browser.

A reply handed to the network's web intent is done when the user presses Post
there; engage only learns of it when the reply shows up among the owner's own
posts in a later pull. It matches on the reply target and the words. Whether
two texts are the same words is the platform's to say (``same_words``): each
network changes text on the way in its own ways (X escapes ``&``, ``<`` and
``>``, rewrites links and puts @handles in front of replies).
"""

from __future__ import annotations

from collections.abc import Callable

from engage_tui.domain import ActionKind, OutboxItem, Post

SameWords = Callable[[str, str], bool]


def match_handed(
    items: list[OutboxItem], posts: list[Post], owner_id: str, same_words: SameWords
) -> list[tuple[OutboxItem, Post]]:
    """Pairs of (handed item, the owner's post that fulfils it), each used once.

    ``same_words(typed, posted)`` compares an item's words with a post's text.
    """
    candidates = sorted(
        (p for p in posts if p.author_id == owner_id and not p.deleted),
        key=lambda p: p.created_at,
    )
    out: list[tuple[OutboxItem, Post]] = []
    for item in sorted(items, key=lambda i: i.id):
        if item.kind not in (ActionKind.REPLY, ActionKind.POST) or not item.text:
            continue
        target = item.target_post_id if item.kind is ActionKind.REPLY else None
        for post in candidates:
            if post.in_reply_to_id == target and same_words(item.text, post.text):
                out.append((item, post))
                candidates.remove(post)
                break
    return out
