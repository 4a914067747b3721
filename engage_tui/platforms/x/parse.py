"""X's v2 JSON (``data`` + ``includes`` + ``errors``) as engage's domain objects.

Works on the raw JSON (the client asks tweepy for plain dicts: its models
parse ``created_at`` themselves and one date in another form failed the whole
answer), so the same code reads what X returns and what a recorded body holds.

One item engage cannot read (no id, a count that is not a number, a date no
calendar holds) is left out of its page and logged; the rest of the page is
kept, so one bad item never stops a source.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from engage_tui.domain import Person, Post, ProfileFact
from engage_tui.domain.models import PostMetrics
from engage_tui.platforms.x.words import x_unescaped
from engage_tui.text.links import links_in

log = logging.getLogger(__name__)

NETWORK = "x"
# X ids are decimal numbers below 2**63.
_ID = re.compile(r"[0-9]{1,19}")
# What one bad item can raise while it is read; anything else is a bug.
_BAD_ITEM = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)
# JSON may carry half a surrogate pair ("\ud800"): SQLite refuses the write.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_COUNT = 2**53
T = TypeVar("T")
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,15})")
_STATUS_URL = re.compile(r"(?:x|twitter)\.com/(\w{1,15})/status/(\d+)", re.IGNORECASE)

Raw = Mapping[str, Any]
EPOCH = datetime.fromtimestamp(0, UTC)


def raw(obj: Any) -> dict[str, Any]:
    """The JSON dict behind a tweepy model, or the dict itself."""
    data = getattr(obj, "data", obj)
    return dict(data) if isinstance(data, Mapping) else {}


def parse_time(value: object) -> datetime | None:
    """An ISO time as X writes it, or None for anything else (year 9999 with
    an offset, which overflows on the way to UTC, included)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def text(value: object) -> str:
    """A string field as text SQLite and a terminal can hold ("" when absent)."""
    if value is None:
        return ""
    return _LONE_SURROGATE.sub("\ufffd", str(value))


def item_id(value: object) -> str:
    """An X id, or ValueError: a bad id must not become a since_id."""
    found = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not _ID.fullmatch(found):
        raise ValueError(f"not an X id: {found[:40]!r}")
    return found


def count(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _MAX_COUNT:
        return None
    return value


def _snowflake_time(post_id: str) -> datetime | None:
    ms = (int(post_id) >> 22) + 1288834974657
    try:
        return datetime.fromtimestamp(ms / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def safely(what: str, read: Callable[[Raw], T], item: Raw) -> T | None:
    """``read(item)``, or None (and a line in the log) when the item is bad."""
    try:
        return read(item)
    except _BAD_ITEM as exc:
        log.warning("skipped %s engage could not read from X: %r", what, exc)
        return None


def profile_url(handle: str) -> str:
    return f"https://x.com/{handle}"


def post_url(post_id: str, handle: str | None) -> str:
    if handle:
        return f"https://x.com/{handle}/status/{post_id}"
    return f"https://x.com/i/web/status/{post_id}"


def person_from(user: Raw) -> Person:
    metrics = user.get("public_metrics")
    followers = metrics.get("followers_count") if isinstance(metrics, Mapping) else None
    return Person(
        id=item_id(user["id"]),
        handle=text(user.get("username", "")),
        name=text(user.get("name", "")),
        network=NETWORK,
        bio=text(user.get("description") or ""),
        followers_count=count(followers),
        protected=user.get("protected") is True,
        facts=profile_facts(user),
    )


def profile_facts(user: Raw) -> tuple[ProfileFact, ...] | None:
    """Where the profile lives, its website and the links in its bio, with
    X's t.co links read through the entities' ``expanded_url``. None when the
    answer did not ask for the bio (the facts read before then stay)."""
    if "description" not in user:
        return None
    username = text(user.get("username", ""))
    facts = [ProfileFact("home", f"https://x.com/{username}", label=f"X profile @{username}")]
    website = _expanded(user, "url") or [text(user.get("url") or "")]
    facts += [ProfileFact("website", url) for url in website if url and not _is_tco(url)]
    bio = _expanded(user, "description")
    bio += [url for url in links_in(text(user.get("description") or "")) if not _is_tco(url)]
    facts += [ProfileFact("bio", url) for url in dict.fromkeys(bio)]
    return tuple(facts)


def _expanded(user: Raw, part: str) -> list[str]:
    """The full addresses behind the t.co links of ``entities[part]``."""
    entities = user.get("entities")
    block = entities.get(part) if isinstance(entities, Mapping) else None
    urls = block.get("urls") if isinstance(block, Mapping) else None
    found = []
    for item in urls if isinstance(urls, list) else ():
        if isinstance(item, Mapping):
            url = item.get("expanded_url") or item.get("url")
            if isinstance(url, str) and url and not _is_tco(url):
                found.append(text(url))
    return found


def _is_tco(url: str) -> bool:
    # A t.co link says nothing until X expands it.
    return url.lower().split("://", 1)[-1].startswith("t.co/")


def referenced(tweet: Raw, kind: str) -> str | None:
    refs = tweet.get("referenced_tweets")
    for ref in refs if isinstance(refs, list) else ():
        if isinstance(ref, Mapping) and ref.get("type") == kind:
            return item_id(ref.get("id"))
    return None


def mentioned_handles(tweet: Raw) -> tuple[str, ...]:
    entities = tweet.get("entities")
    mentions = entities.get("mentions") if isinstance(entities, Mapping) else None
    if isinstance(mentions, list):
        handles = [text(m.get("username", "")) for m in mentions if isinstance(m, Mapping)]
    else:
        # Without entities (X's default fields) the text is all there is.
        handles = _HANDLE.findall(text(tweet.get("text", "")))
    seen: dict[str, None] = {}
    for handle in handles:
        if handle:
            seen.setdefault(handle.lower(), None)
    return tuple(seen)


def linked_status_authors(tweet: Raw) -> set[str]:
    """Handles (lower-case) whose posts this post links to (a quote shows as one)."""
    entities = tweet.get("entities")
    urls = entities.get("urls") if isinstance(entities, Mapping) else None
    found = set()
    for url in urls if isinstance(urls, list) else ():
        if not isinstance(url, Mapping):
            continue
        match = _STATUS_URL.search(text(url.get("expanded_url", "")))
        if match:
            found.add(match.group(1).lower())
    return found


def post_from(tweet: Raw, handles: Mapping[str, str] | None = None) -> Post:
    """``handles`` maps author ids to handles, for the post's url."""
    post_id = item_id(tweet["id"])
    author_id = text(tweet.get("author_id", ""))
    metrics = tweet.get("public_metrics")
    if not isinstance(metrics, Mapping):
        metrics = None
    # An unreadable date: the id says when X made the post.
    created = parse_time(tweet.get("created_at")) or _snowflake_time(post_id) or EPOCH
    conversation = tweet.get("conversation_id")
    return Post(
        id=post_id,
        author_id=author_id,
        # X writes &, < and > as entities in a post's text: the words are kept as written.
        text=x_unescaped(text(tweet.get("text", ""))),
        created_at=created,
        network=NETWORK,
        in_reply_to_id=referenced(tweet, "replied_to"),
        quoted_id=referenced(tweet, "quoted"),
        conversation_id=text(conversation) if conversation is not None else None,
        mentions=mentioned_handles(tweet),
        metrics=PostMetrics(
            likes=count(metrics.get("like_count", 0)) or 0,
            reposts=count(metrics.get("retweet_count", 0)) or 0,
            replies=count(metrics.get("reply_count", 0)) or 0,
            quotes=count(metrics.get("quote_count", 0)) or 0,
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
    found = includes.get(key)
    return [raw(item) for item in found] if isinstance(found, list) else []


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
    page.included_people = _each("a user", person_from, users)[1]
    items = [raw(item) for item in _as_list(data)]
    if kind == "users":
        page.raw_items, page.people = _each("a user", person_from, items)
    handles = {p.id: p.handle for p in page.all_people}
    if kind == "posts":
        page.raw_items, page.posts = _each("a post", lambda t: post_from(t, handles), items)
    elif kind == "lists":
        page.raw_items = [i for i in items if _ID.fullmatch(str(i.get("id", "")))]
    elif kind != "users":
        page.raw_items = items
    tweets = _includes(includes, "tweets")
    page.included_posts = _each("a post", lambda t: post_from(t, handles), tweets)[1]
    found = [raw(e) for e in errors] if isinstance(errors, list) else []
    page.missing = _each("an error", missing_from, found)[1]
    meta = meta if isinstance(meta, Mapping) else {}
    token = meta.get("next_token")
    page.next_token = token if isinstance(token, str) and token else None
    page.result_count = count(meta.get("result_count")) or len(page.raw_items)
    return page


def _each(
    what: str, read: Callable[[Raw], T], items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[T]]:
    """The items ``read`` can read, and what it made of them, in order; an
    item listed twice in one answer is kept once."""
    kept: list[dict[str, Any]] = []
    made: list[T] = []
    ids: set[object] = set()
    for item in items:
        found = safely(what, read, item)
        key = getattr(found, "id", None)
        if found is not None and (key is None or key not in ids):
            ids.add(key)
            kept.append(item)
            made.append(found)
    return kept, made


def page_from_response(response: Any, kind: str = "posts") -> Page:
    """From what tweepy returned: the answer's JSON (a dict) or a ``Response``."""
    if isinstance(response, Mapping):
        return page_from(
            response.get("data"),
            response.get("includes"),
            response.get("errors"),
            response.get("meta"),
            kind,
        )
    return page_from(response.data, response.includes, response.errors, response.meta, kind)
