"""Mastodon's JSON (accounts, statuses) as engage's people and posts.

Ids are only meaningful on the server that gave them (a remote person has a
different local id on every server), and they are opaque strings: numeric on
Mastodon, 26-character ULIDs on GoToSocial. engage keeps them as strings,
never as numbers, and names the server in every key it stores:

- a person: ``mastodon:<host>/accounts/<id>``
- a post:   ``mastodon:<host>/statuses/<id>``

so two accounts on two servers never mix their rows, and the platform can
tell which of its server's ids a key holds. Answers may come as Mastodon.py's
typed dicts (dates parsed, ids a ``str`` subclass) or as plain JSON: both read
the same here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from engage_tui.domain import Person, Post, ProfileFact
from engage_tui.domain.models import PostMetrics
from engage_tui.platforms.mastodon.handles import NETWORK
from engage_tui.platforms.mastodon.html import html_to_text, links_in_html

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
VISIBILITIES = ("public", "unlisted", "private", "direct")


def get(data: Any, *path: str) -> Any:
    """``data[path[0]][path[1]]...``, or None where any step is missing."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def text_of(data: Any, *path: str) -> str | None:
    """A non-empty string at ``path`` (an id of any str subclass as a plain str)."""
    value = get(data, *path)
    return str.__str__(value) if isinstance(value, str) and value else None


def id_of(data: Any, *path: str) -> str | None:
    """An id at ``path`` as a string. Servers write ids as strings, but some
    fields come as JSON numbers (Mastodon's grouped notifications'
    ``most_recent_notification_id``): a number is written back in decimal,
    never used as one."""
    value = get(data, *path)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    return text_of(data, *path)


def count_of(data: Any, key: str) -> int:
    value = get(data, key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def parse_time(raw: object) -> datetime | None:
    if isinstance(raw, datetime):
        return raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw.astimezone(UTC)
    if not isinstance(raw, str):
        return None
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def host_of(server: str) -> str:
    """The host (with a port, if any) of a server URL, lower-case."""
    return urlsplit(server).netloc.lower() or server.lower()


def person_key(host: str, account_id: str) -> str:
    return f"{NETWORK}:{host}/accounts/{account_id}"


def post_key(host: str, status_id: str) -> str:
    return f"{NETWORK}:{host}/statuses/{status_id}"


def local_id(key: str | None, host: str, kind: str = "statuses") -> str | None:
    """The server's own id inside ``key``, when ``key`` is one of ``host``'s."""
    prefix = f"{NETWORK}:{host}/{kind}/"
    if not key or not key.startswith(prefix):
        return None
    found = key[len(prefix) :]
    return found if found and "/" not in found else None


def handle_of(account: Any, domain: str) -> str | None:
    """``user@host`` for an account: a local one's ``acct`` is ``user`` alone."""
    acct = text_of(account, "acct") or text_of(account, "username")
    if acct is None:
        return None
    acct = acct.lstrip("@").lower()
    return acct if "@" in acct else f"{acct}@{domain.lower()}"


def person(account: Any, host: str, domain: str) -> Person | None:
    account_id = id_of(account, "id")
    handle = handle_of(account, domain)
    if account_id is None or handle is None:
        return None
    followers = get(account, "followers_count")
    return Person(
        id=person_key(host, account_id),
        handle=handle,
        name=text_of(account, "display_name") or handle.partition("@")[0],
        network=NETWORK,
        bio=html_to_text(text_of(account, "note") or ""),
        followers_count=followers if isinstance(followers, int) and followers >= 0 else None,
        protected=get(account, "locked") is True,
        facts=profile_facts(account, handle),
    )


def profile_facts(account: Any, handle: str) -> tuple[ProfileFact, ...]:
    """Where the profile lives, its fields (a field the server checked links
    back carries ``verified_at``) and the links in its note. Every Mastodon
    account answer carries all of them, so an empty list means none."""
    facts = [
        ProfileFact("home", url, label=f"Mastodon profile @{handle}") for url in _homes(account)
    ]
    fields = get(account, "fields")
    for field in fields if isinstance(fields, list) else ():
        name = html_to_text(text_of(field, "name") or "")
        verified = get(field, "verified_at") is not None
        for link in links_in_html(text_of(field, "value") or ""):
            facts.append(ProfileFact("field", link, verified=verified, label=name))
    facts += [ProfileFact("bio", link) for link in links_in_html(text_of(account, "note") or "")]
    return tuple(facts)


def _homes(account: Any) -> list[str]:
    # url is the page people visit; uri the ActivityPub id some profiles link.
    found = [text_of(account, "url"), text_of(account, "uri")]
    return [url for url in found if url is not None and url.startswith(("https://", "http://"))]


def status_text(status: Any) -> str:
    """The words of a status; a content warning stays in front of them, as
    every Mastodon app shows it before the text."""
    words = html_to_text(text_of(status, "content") or "")
    warning = (text_of(status, "spoiler_text") or "").strip()
    return f"[CW: {warning}]\n{words}" if warning else words


def quoted_status(status: Any) -> Any:
    """The status a status quotes (Mastodon 4.5's ``quote``), if any."""
    quote = get(status, "quote")
    inner = get(quote, "quoted_status")
    return inner if isinstance(inner, dict) else None


def post(status: Any, host: str, domain: str) -> Post | None:
    status_id = id_of(status, "id")
    author_id = id_of(status, "account", "id")
    if status_id is None or author_id is None:
        return None
    created = parse_time(get(status, "created_at")) or EPOCH
    reply_to = id_of(status, "in_reply_to_id")
    quoted = id_of(quoted_status(status), "id") or id_of(status, "quote", "quoted_status_id")
    mentions: list[str] = []
    for mention in get(status, "mentions") or []:
        handle = handle_of(mention, domain)
        if handle and handle not in mentions:
            mentions.append(handle)
    return Post(
        id=post_key(host, status_id),
        author_id=person_key(host, author_id),
        text=status_text(status),
        created_at=created,
        network=NETWORK,
        in_reply_to_id=post_key(host, reply_to) if reply_to else None,
        quoted_id=post_key(host, quoted) if quoted else None,
        conversation_id=post_key(host, reply_to) if reply_to else post_key(host, status_id),
        mentions=tuple(mentions),
        metrics=PostMetrics(
            likes=count_of(status, "favourites_count"),
            reposts=count_of(status, "reblogs_count"),
            replies=count_of(status, "replies_count"),
            quotes=count_of(status, "quotes_count"),
        ),
        url=text_of(status, "url") or text_of(status, "uri"),
    )


def visibility(status: Any) -> str:
    value = text_of(status, "visibility")
    return value if value in VISIBILITIES else "public"
