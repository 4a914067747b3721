"""X's v2 JSON (``data`` + ``includes`` + ``errors``) as engage's domain objects.

Works on the raw dicts (``tweepy.Tweet.data``, ``tweepy.User.data``), so the
same code reads what tweepy returns and what a recorded body holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from engage_tui.domain import Person, Post
from engage_tui.domain.models import PostMetrics

NETWORK = "x"
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,15})")
_STATUS_URL = re.compile(r"(?:x|twitter)\.com/(\w{1,15})/status/(\d+)", re.IGNORECASE)

Raw = Mapping[str, Any]
EPOCH = datetime.fromtimestamp(0, UTC)


def raw(obj: Any) -> dict[str, Any]:
    """The JSON dict behind a tweepy model, or the dict itself."""
    data = getattr(obj, "data", obj)
    return dict(data) if isinstance(data, Mapping) else {}


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def profile_url(handle: str) -> str:
    return f"https://x.com/{handle}"


def post_url(post_id: str, handle: str | None) -> str:
    if handle:
        return f"https://x.com/{handle}/status/{post_id}"
    return f"https://x.com/i/web/status/{post_id}"


def person_from(user: Raw) -> Person:
    metrics = user.get("public_metrics") or {}
    return Person(
        id=str(user["id"]),
        handle=str(user.get("username", "")),
        name=str(user.get("name", "")),
        network=NETWORK,
        bio=str(user.get("description") or ""),
        followers_count=metrics.get("followers_count"),
        protected=bool(user.get("protected", False)),
    )


def referenced(tweet: Raw, kind: str) -> str | None:
    for ref in tweet.get("referenced_tweets") or ():
        if ref.get("type") == kind:
            return str(ref["id"])
    return None


def mentioned_handles(tweet: Raw) -> tuple[str, ...]:
    entities = tweet.get("entities") or {}
    mentions = entities.get("mentions")
    if mentions is not None:
        handles = [str(m.get("username", "")) for m in mentions]
    else:
        # Without entities (X's default fields) the text is all there is.
        handles = _HANDLE.findall(str(tweet.get("text", "")))
    seen: dict[str, None] = {}
    for handle in handles:
        if handle:
            seen.setdefault(handle.lower(), None)
    return tuple(seen)


def linked_status_authors(tweet: Raw) -> set[str]:
    """Handles (lower-case) whose posts this post links to (a quote shows as one)."""
    entities = tweet.get("entities") or {}
    found = set()
    for url in entities.get("urls") or ():
        match = _STATUS_URL.search(str(url.get("expanded_url", "")))
        if match:
            found.add(match.group(1).lower())
    return found


def post_from(tweet: Raw, handles: Mapping[str, str] | None = None) -> Post:
    """``handles`` maps author ids to handles, for the post's url."""
    post_id = str(tweet["id"])
    author_id = str(tweet.get("author_id", ""))
    metrics = tweet.get("public_metrics")
    created = parse_time(tweet.get("created_at")) or EPOCH
    return Post(
        id=post_id,
        author_id=author_id,
        text=str(tweet.get("text", "")),
        created_at=created,
        network=NETWORK,
        in_reply_to_id=referenced(tweet, "replied_to"),
        quoted_id=referenced(tweet, "quoted"),
        conversation_id=tweet.get("conversation_id"),
        mentions=mentioned_handles(tweet),
        metrics=PostMetrics(
            likes=int(metrics.get("like_count", 0)),
            reposts=int(metrics.get("retweet_count", 0)),
            replies=int(metrics.get("reply_count", 0)),
            quotes=int(metrics.get("quote_count", 0)),
        )
        if metrics
        else None,
        url=post_url(post_id, (handles or {}).get(author_id)),
    )


@dataclass(frozen=True, slots=True)
class MissingResource:
    """One partial error: a referenced post or user X would not return."""

    resource_id: str
    resource_type: str
    reason: str  # deleted | protected | suspended | missing
    detail: str


def missing_from(error: Raw) -> MissingResource:
    title = str(error.get("title", ""))
    detail = str(error.get("detail", ""))
    lowered = f"{title} {detail}".lower()
    if "authorization" in lowered or "not authorized" in lowered or "protected" in lowered:
        reason = "protected"
    elif "suspend" in lowered:
        reason = "suspended"
    elif "not found" in lowered or "could not find" in lowered:
        reason = "deleted"
    else:
        reason = "missing"
    return MissingResource(
        resource_id=str(error.get("resource_id") or error.get("value") or ""),
        resource_type=str(error.get("resource_type", "")),
        reason=reason,
        detail=detail,
    )


@dataclass(slots=True)
class Page:
    """One response, parsed: the main posts or people, what came along, what was missing."""

    posts: list[Post] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    included_posts: list[Post] = field(default_factory=list)
    included_people: list[Person] = field(default_factory=list)
    missing: list[MissingResource] = field(default_factory=list)
    raw_items: list[dict[str, Any]] = field(default_factory=list)
    next_token: str | None = None
    result_count: int = 0

    @property
    def all_people(self) -> list[Person]:
        return self.people + self.included_people

    @property
    def all_posts(self) -> list[Post]:
        return self.posts + self.included_posts


def _as_list(data: Any) -> list[Any]:
    if data is None:
        return []
    if isinstance(data, list):
        return data
    return [data]


def _includes(includes: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(includes, Mapping):
        return []
    return [raw(item) for item in includes.get(key) or ()]


def page_from(
    data: Any,
    includes: Any = None,
    errors: Iterable[Raw] | None = None,
    meta: Raw | None = None,
    kind: str = "posts",
) -> Page:
    """Parse one response; ``kind`` says whether ``data`` holds posts or users.

    Lists (``kind="lists"``) keep their users in ``included_people`` only.
    """
    page = Page()
    users = _includes(includes, "users")
    page.included_people = [person_from(u) for u in users]
    items = [raw(item) for item in _as_list(data)]
    if kind == "users":
        page.people = [person_from(u) for u in items]
    handles = {p.id: p.handle for p in page.all_people}
    page.raw_items = items
    if kind == "posts":
        page.posts = [post_from(t, handles) for t in items]
    page.included_posts = [post_from(t, handles) for t in _includes(includes, "tweets")]
    page.missing = [missing_from(e) for e in errors or ()]
    meta = meta or {}
    page.next_token = meta.get("next_token")
    page.result_count = int(meta.get("result_count", len(items)))
    return page


def page_from_response(response: Any, kind: str = "posts") -> Page:
    """From a tweepy ``Response`` namedtuple."""
    return page_from(response.data, response.includes, response.errors, response.meta, kind)
