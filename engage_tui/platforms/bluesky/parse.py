"""Bluesky's JSON (lexicon shapes) as engage's people and posts.

A post's id is its AT URI (``at://did/app.bsky.feed.post/rkey``): stable and
unique for the record's life. The content hash (CID) a reply or like needs is
fetched when sending, so ids never depend on it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from engage_tui.domain import Person, Post, ProfileFact
from engage_tui.domain.models import PostMetrics
from engage_tui.text.links import links_in

NETWORK = "bluesky"
POST_COLLECTION = "app.bsky.feed.post"
LIKE_COLLECTION = "app.bsky.feed.like"
REPOST_COLLECTION = "app.bsky.feed.repost"
WEB = "https://bsky.app"
# What the AppView shows for a handle whose domain no longer proves the DID.
INVALID_HANDLE = "handle.invalid"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# JSON may carry half a surrogate pair ("\ud800"): no file or terminal can
# hold it, and SQLite refuses the whole write.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A content label as engage keeps it: a lower-case word (porn, nudity,
# graphic-media, or any label an author or labeler chose). Values starting
# with "!" are Bluesky's system labels (!no-unauthenticated, !hide), not about
# the content; anything else is not a label engage can show.
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# Counts beyond this are damage (and SQLite cannot hold them).
_MAX_COUNT = 2**53


def get(data: Any, *path: str) -> Any:
    """``data[path[0]][path[1]]...``, or None where any step is missing."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def text_of(data: Any, *path: str) -> str | None:
    value = get(data, *path)
    if not isinstance(value, str) or not value:
        return None
    return _LONE_SURROGATE.sub("\ufffd", value)


def count_of(data: Any, *path: str) -> int | None:
    """A count (followers, likes): a whole number SQLite can hold, else None."""
    value = get(data, *path)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _MAX_COUNT:
        return None
    return value


def parse_time(raw: object) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        at = datetime.fromisoformat(raw)
        # Year 9999 with an offset overflows on the way to UTC.
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def split_uri(uri: str) -> tuple[str, str, str] | None:
    """``(repo, collection, rkey)`` of an AT URI, or None when it is not one."""
    if not uri.startswith("at://"):
        return None
    parts = uri[len("at://") :].split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def is_post_uri(uri: object) -> bool:
    return isinstance(uri, str) and (split_uri(uri) or ("", "", ""))[1] == POST_COLLECTION


def person(profile: Any) -> Person | None:
    did = text_of(profile, "did")
    handle = text_of(profile, "handle")
    if did is None or handle is None:
        return None
    return Person(
        id=did,
        handle=handle,
        name=text_of(profile, "displayName") or handle,
        network=NETWORK,
        bio=text_of(profile, "description") or "",
        followers_count=count_of(profile, "followersCount"),
        facts=profile_facts(profile, did, handle),
    )


def profile_facts(profile: Any, did: str, handle: str) -> tuple[ProfileFact, ...] | None:
    """What a full profile (``getProfile``'s detailed view) says of its owner:
    where it lives, the handle's domain (proved by DNS or the domain's own
    well-known file), the website and the links in the description. The
    shorter views in notifications carry no website, so they give None and
    the facts read before stay."""
    if get(profile, "followersCount") is None and get(profile, "postsCount") is None:
        return None
    facts = [
        ProfileFact("home", f"{WEB}/profile/{handle}", label=f"Bluesky profile {handle}"),
        ProfileFact("home", f"{WEB}/profile/{did}"),
    ]
    if handle != INVALID_HANDLE:
        facts.append(ProfileFact("domain", handle, label=f"Bluesky handle {handle}"))
    website = text_of(profile, "website")
    if website is not None:
        facts.append(ProfileFact("website", website))
    facts += [ProfileFact("bio", link) for link in links_in(text_of(profile, "description") or "")]
    return tuple(facts)


def post_url(uri: str, handle: str | None = None) -> str:
    parts = split_uri(uri)
    if parts is None:
        return WEB
    repo, _, rkey = parts
    return f"{WEB}/profile/{handle or repo}/post/{rkey}"


def quoted_uri(record: Any) -> str | None:
    embed = get(record, "embed")
    kind = text_of(embed, "$type") or ""
    if kind.startswith("app.bsky.embed.recordWithMedia"):
        return text_of(embed, "record", "record", "uri")
    if kind.startswith("app.bsky.embed.record"):
        return text_of(embed, "record", "uri")
    return None


def mentioned_handles(record: Any) -> tuple[str, ...]:
    """The @handles a post's mention facets cover, lower-case, without the @."""
    text = text_of(record, "text") or ""
    raw = text.encode("utf-8")
    found: list[str] = []
    facets = get(record, "facets")
    for facet in facets if isinstance(facets, list) else []:
        features = get(facet, "features")
        if not isinstance(features, list) or not any(
            text_of(f, "$type") == "app.bsky.richtext.facet#mention" for f in features
        ):
            continue
        start, end = get(facet, "index", "byteStart"), get(facet, "index", "byteEnd")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            continue
        words = raw[start:end].decode("utf-8", errors="ignore").lstrip("@").lower()
        if words and words not in found:
            found.append(words)
    return tuple(found)


def labels_of(record: Any, applied: Any = None) -> tuple[str, ...]:
    """The content labels on a post: the author's self-labels in its record
    (``labels.values[].val``) and the labels a view lists (``labels[].val``)."""
    found: list[str] = []
    own = get(record, "labels", "values")
    given = applied if isinstance(applied, list) else []
    for label in [*(own if isinstance(own, list) else []), *given]:
        value = text_of(label, "val")
        word = value.strip().lower() if value else ""
        if _LABEL.fullmatch(word) and word not in found:
            found.append(word)
    return tuple(found)


def post_from_record(
    uri: str,
    author_id: str,
    record: Any,
    indexed_at: object,
    handle: str | None = None,
    labels: Any = None,
) -> Post:
    created = parse_time(get(record, "createdAt")) or parse_time(indexed_at) or EPOCH
    parent = text_of(record, "reply", "parent", "uri")
    root = text_of(record, "reply", "root", "uri")
    return Post(
        id=uri,
        author_id=author_id,
        text=text_of(record, "text") or "",
        created_at=created,
        network=NETWORK,
        in_reply_to_id=parent,
        quoted_id=quoted_uri(record),
        conversation_id=root or uri,
        mentions=mentioned_handles(record),
        url=post_url(uri, handle),
        labels=labels_of(record, labels),
    )


def post_from_view(view: Any) -> Post | None:
    uri = text_of(view, "uri")
    author = person(get(view, "author"))
    if uri is None or author is None:
        return None
    post = post_from_record(
        uri, author.id, get(view, "record"), get(view, "indexedAt"), labels=get(view, "labels")
    )
    metrics = PostMetrics(
        likes=_count(view, "likeCount"),
        reposts=_count(view, "repostCount"),
        replies=_count(view, "replyCount"),
        quotes=_count(view, "quoteCount"),
    )
    return Post(
        id=post.id,
        author_id=post.author_id,
        text=post.text,
        created_at=post.created_at,
        network=NETWORK,
        in_reply_to_id=post.in_reply_to_id,
        quoted_id=post.quoted_id,
        conversation_id=post.conversation_id,
        mentions=post.mentions,
        metrics=metrics,
        url=post_url(uri, author.handle),
        labels=post.labels,
    )


def _count(view: Any, key: str) -> int:
    return count_of(view, key) or 0
