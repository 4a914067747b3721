"""The sources X offers the sync engine, and how often each is worth a request.

Every resource read costs money on pay-per-use, so the intervals follow the
value: mentions want an answer soon, list adds can wait hours.
"""

from __future__ import annotations

from engage_tui.platforms.base import SourceSpec

SOURCE_SPECS: tuple[SourceSpec, ...] = (
    SourceSpec("mentions", 60.0, "mentions, replies and quotes of your posts"),
    SourceSpec("own_posts", 300.0, "your recent posts: who liked, reposted and quoted them"),
    SourceSpec("followers", 3 * 3600.0, "new followers"),
    SourceSpec("list_memberships", 6 * 3600.0, "lists you were added to"),
    SourceSpec("prospects", 300.0, "recent posts of the people on your watchlist", shared=True),
)
