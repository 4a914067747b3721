"""Which posts are the owner's, known without asking X again.

The own_posts source reads the owner's timeline newest first with no gaps,
so every owner post with an id between the oldest and newest it read is in
the set it keeps. The mentions source uses that to tell a quote of an owner
post from a quote of someone else's without expanding the quoted post
(every expanded post is billed); only an id outside that span is looked up.
"""

from __future__ import annotations

import json

from engage_tui.platforms.base import SyncStateView
from engage_tui.platforms.x.sources.common import json_cursor, snowflake

OWN_IDS = "own_posts.ids"
OWN_SPAN = "own_posts.span"
# Quotes of each owner post that the mentions source delivered (their ids
# per quoted post), so own_posts asks quote_tweets only for the rest.
QUOTES_VIA_MENTIONS = "mentions.quotes"
KEEP_IDS = 500


class OwnPosts:
    def __init__(self, ids: set[str], span: tuple[int, int] | None) -> None:
        self.ids = ids
        self.span = span

    @classmethod
    def load(cls, state: SyncStateView, extra: set[str]) -> OwnPosts:
        raw = json_cursor(state, OWN_SPAN)
        span = None
        if isinstance(raw, list) and len(raw) == 2:
            span = (snowflake(str(raw[0])), snowflake(str(raw[1])))
        return cls(set(state.snapshot(OWN_IDS)) | extra, span)

    def verdict(self, post_id: str) -> bool | None:
        """True: the owner's; False: surely not; None: cannot tell without asking."""
        if post_id in self.ids:
            return True
        if self.span is not None and self.span[0] <= snowflake(post_id) <= self.span[1]:
            return False
        return None


def kept_ids(ids: set[str]) -> frozenset[str]:
    """The newest ``KEEP_IDS`` ids: old posts rarely draw quotes, and the span covers them."""
    return frozenset(sorted(ids, key=snowflake, reverse=True)[:KEEP_IDS])


def span_cursor(ids: list[str]) -> str | None:
    if not ids:
        return None
    values = sorted(ids, key=snowflake)
    return json.dumps([values[0], values[-1]])


def quotes_via_mentions(state: SyncStateView) -> dict[str, set[str]]:
    raw = json_cursor(state, QUOTES_VIA_MENTIONS)
    if not isinstance(raw, dict):
        return {}
    return {str(k): {str(i) for i in v} for k, v in raw.items() if isinstance(v, list)}
