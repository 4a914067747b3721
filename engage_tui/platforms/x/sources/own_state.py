"""The saved state of the own_posts source, as typed values.

The engine keeps a platform's state as string cursors. These hold JSON that
older versions of engage also wrote, so the stored format stays as it is and
this module reads it strictly: an entry of the wrong shape is dropped (that
post is then treated as newly seen) instead of failing the pull.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from engage_tui.domain.exchange import PullResult
from engage_tui.platforms.base import SyncStateView
from engage_tui.platforms.x.parse import parse_time
from engage_tui.platforms.x.sources.common import iso, json_cursor, snowflake

DEEP_AT = "own_posts.deep_at"
METRICS = "own_posts.metrics"
READ_AT = "own_posts.read_at"
REPOSTS_NEWEST = "reposts.newest_id"
MENTION_LIKES = "mention_likes.counts"
MENTION_LIKES_CHECKED = "mention_likes.checked_at"
# Counts kept for at most this many posts (newest first).
METRICS_KEPT = 200


class PostCounts(NamedTuple):
    likes: int
    reposts: int
    # None for counts saved before quotes were watched: no quote history.
    quotes: int | None

    def stored(self) -> list[int]:
        values = [self.likes, self.reposts]
        return values if self.quotes is None else [*values, self.quotes]


def _count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def parse_counts(value: object) -> PostCounts | None:
    if not isinstance(value, list) or len(value) not in (2, 3):
        return None
    numbers = [_count(v) for v in value]
    if any(n is None for n in numbers):
        return None
    likes, reposts = numbers[0] or 0, numbers[1] or 0
    return PostCounts(likes, reposts, numbers[2] if len(numbers) == 3 else None)


def _metrics(raw: object) -> dict[str, PostCounts] | None:
    if not isinstance(raw, dict):
        return None
    out: dict[str, PostCounts] = {}
    for post_id, value in raw.items():
        counts = parse_counts(value)
        if isinstance(post_id, str) and post_id.isascii() and post_id.isdigit() and counts:
            out[post_id] = counts
    return out


def _like_counts(raw: object) -> dict[str, int]:
    if not isinstance(raw, dict):
        return {}
    return {k: n for k, v in raw.items() if isinstance(k, str) and (n := _count(v)) is not None}


@dataclass(frozen=True, slots=True)
class OwnPostsState:
    """What the last pulls learnt about the owner's posts."""

    # Like, repost and quote counts per post; None before the first sync.
    metrics: dict[str, PostCounts] | None
    read_at: datetime | None
    deep_at: datetime | None
    reposts_newest: str | None
    mention_like_counts: dict[str, int]
    mention_likes_checked: datetime | None

    @classmethod
    def load(cls, state: SyncStateView) -> OwnPostsState:
        return cls(
            metrics=_metrics(json_cursor(state, METRICS)),
            read_at=parse_time(state.cursor(READ_AT)),
            deep_at=parse_time(state.cursor(DEEP_AT)),
            reposts_newest=state.cursor(REPOSTS_NEWEST),
            mention_like_counts=_like_counts(json_cursor(state, MENTION_LIKES)),
            mention_likes_checked=parse_time(state.cursor(MENTION_LIKES_CHECKED)),
        )


def save_metrics(out: PullResult, metrics: dict[str, PostCounts]) -> None:
    keep = sorted(metrics, key=snowflake, reverse=True)[:METRICS_KEPT]
    out.cursors[METRICS] = json.dumps({k: metrics[k].stored() for k in keep})


def save_time(out: PullResult, key: str, at: datetime) -> None:
    out.cursors[key] = iso(at)
