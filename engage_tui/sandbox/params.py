"""Query parameters as X checks them: known names, field lists, bounds, ids, tokens."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from engage_tui.sandbox.ids import parse_iso
from engage_tui.sandbox.problems import ApiError, bad_param, invalid_request

T = TypeVar("T")

# ASCII only: str.isdigit() also takes "²" and "٥", which int() refuses or reads as 5.
_ID = re.compile(r"[0-9]{1,19}")
_NUMBER = re.compile(r"[0-9]{1,9}")
USERNAME = re.compile(r"[A-Za-z0-9_]{1,15}")
_EXCLUDE = frozenset(["replies", "retweets"])


# Both spellings are accepted: tweepy 4.17 sends tweet.fields (OpenAPI 2.166),
# X's 2.167 description renamed it post.fields.
TWEET_FIELDS = frozenset(
    [
        "article",
        "attachments",
        "author_id",
        "card_uri",
        "community_id",
        "context_annotations",
        "conversation_id",
        "created_at",
        "display_text_range",
        "edit_controls",
        "edit_history_tweet_ids",
        "entities",
        "geo",
        "id",
        "in_reply_to_user_id",
        "lang",
        "matched_media_notes",
        "media_metadata",
        "non_public_metrics",
        "note_request_suggestions",
        "note_tweet",
        "note_post",
        "organic_metrics",
        "paid_partnership",
        "possibly_sensitive",
        "promoted_metrics",
        "public_metrics",
        "referenced_tweets",
        "reply_settings",
        "scopes",
        "source",
        "suggested_source_links",
        "suggested_source_links_with_counts",
        "text",
        "withheld",
        "article_title",
    ]
)
USER_FIELDS = frozenset(
    [
        "affiliation",
        "confirmed_email",
        "connection_status",
        "created_at",
        "description",
        "entities",
        "id",
        "is_identity_verified",
        "location",
        "most_recent_tweet_id",
        "name",
        "parody",
        "pinned_tweet_id",
        "profile_banner_url",
        "profile_image_url",
        "protected",
        "public_metrics",
        "receives_your_dm",
        "subscription",
        "subscription_type",
        "subscribes_to_you",
        "url",
        "username",
        "verified",
        "verified_followers_count",
        "verified_type",
        "withheld",
    ]
)
LIST_FIELDS = frozenset(
    [
        "created_at",
        "description",
        "follower_count",
        "id",
        "member_count",
        "name",
        "owner_id",
        "private",
    ]
)
MEDIA_FIELDS = frozenset(
    [
        "alt_text",
        "duration_ms",
        "height",
        "media_key",
        "non_public_metrics",
        "organic_metrics",
        "preview_image_url",
        "promoted_metrics",
        "public_metrics",
        "type",
        "url",
        "variants",
        "width",
    ]
)
POLL_FIELDS = frozenset(["duration_minutes", "end_datetime", "id", "options", "voting_status"])
PLACE_FIELDS = frozenset(
    ["contained_within", "country", "country_code", "full_name", "geo", "id", "name", "place_type"]
)
TWEET_EXPANSIONS = frozenset(
    [
        "article.cover_media",
        "article.media_entities",
        "attachments.media_keys",
        "attachments.media_source_tweet",
        "attachments.poll_ids",
        "author_id",
        "edit_history_tweet_ids",
        "edit_history_post_ids",
        "entities.mentions.username",
        "entities.note.mentions.username",
        "geo.place_id",
        "in_reply_to_user_id",
        "referenced_tweets.id",
        "referenced_posts",
        "referenced_tweets.id.attachments.media_keys",
        "referenced_tweets.id.author_id",
        "username",
    ]
)
USER_EXPANSIONS = frozenset(
    [
        "affiliation",
        "affiliation.user_id",
        "most_recent_tweet_id",
        "most_recent_post_id",
        "pinned_tweet_id",
        "pinned_post_id",
    ]
)
LIST_EXPANSIONS = frozenset(["owner_id"])

# Parameters every post-returning route takes, and every user-returning one.
POST_PARAMS = frozenset(
    [
        "tweet.fields",
        "post.fields",
        "expansions",
        "user.fields",
        "media.fields",
        "poll.fields",
        "place.fields",
    ]
)
USER_PARAMS = frozenset(["user.fields", "expansions", "tweet.fields", "post.fields"])
LIST_PARAMS = frozenset(["list.fields", "expansions", "user.fields"])

_FIELD_SETS = {
    "tweet.fields": TWEET_FIELDS,
    "post.fields": TWEET_FIELDS,
    "user.fields": USER_FIELDS,
    "list.fields": LIST_FIELDS,
    "media.fields": MEDIA_FIELDS,
    "poll.fields": POLL_FIELDS,
    "place.fields": PLACE_FIELDS,
}


class Query:
    """One request's query string, checked the way X checks it."""

    def __init__(self, raw: dict[str, list[str]]) -> None:
        self.raw = raw

    def get(self, name: str) -> str | None:
        values = self.raw.get(name)
        return values[-1] if values else None

    def check_known(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        unknown = sorted(name for name in self.raw if name not in allowed_set)
        if unknown:
            names = ",".join(sorted(allowed_set))
            raise invalid_request(
                [
                    (
                        name,
                        self.get(name) or "",
                        f"The query parameter [{name}] is not one of [{names}]",
                    )
                    for name in unknown
                ]
            )

    def fields(self, *names: str) -> set[str]:
        """The union of the named field parameters, each value checked against X's list."""
        chosen: set[str] = set()
        for name in names:
            chosen |= self._choices(name, _FIELD_SETS[name])
        return chosen

    def expansions(self, allowed: frozenset[str]) -> set[str]:
        return self._choices("expansions", allowed)

    def _choices(self, name: str, allowed: frozenset[str]) -> set[str]:
        """A comma-separated list from ``allowed``: no empty item, none twice (X's schema)."""
        value = self.get(name)
        if value is None:
            return set()
        chosen: set[str] = set()
        for item in value.split(","):
            if item not in allowed:
                listing = ",".join(sorted(allowed))
                raise bad_param(
                    name,
                    item,
                    f"The `{name}` query parameter value [{item}] is not one of [{listing}]",
                )
            if item in chosen:
                raise bad_param(
                    name, item, f"The `{name}` query parameter value [{item}] is repeated"
                )
            chosen.add(item)
        return chosen

    def exclusions(self) -> set[str]:
        """What a timeline leaves out (``exclude``): replies, retweets or both."""
        return self._choices("exclude", _EXCLUDE)

    def check_other_fields(self) -> None:
        """Validate the field lists a route accepts but the sandbox never fills."""
        for name in ("media.fields", "poll.fields", "place.fields"):
            if name in self.raw:
                self.fields(name)

    def max_results(self, low: int, high: int, default: int) -> int:
        value = self.get("max_results")
        if value is None:
            return default
        if _NUMBER.fullmatch(value) is None or not low <= int(value) <= high:
            raise bad_param(
                "max_results",
                value,
                f"The `max_results` query parameter value [{value}] "
                f"is not between {low} and {high}",
            )
        return int(value)

    def post_id(self, name: str) -> int | None:
        value = self.get(name)
        if value is None:
            return None
        return parse_id(name, value)

    def time(self, name: str) -> datetime | None:
        value = self.get(name)
        if value is None:
            return None
        try:
            if not value.isascii():
                raise ValueError(value)
            return parse_iso(value)
        except (ValueError, OverflowError):
            raise bad_param(
                name,
                value,
                f"Invalid '{name}':'{value}'. '{name}' must be a valid ISO 8601 timestamp "
                "of the form YYYY-MM-DDTHH:mm:ssZ.",
            ) from None

    def id_list(self, name: str, limit: int = 100) -> list[str]:
        raw = self.get(name) or ""
        # Every item is checked by the route (an id, a username): "1,,2" has an empty one.
        values = raw.split(",") if raw else []
        if not values:
            raise bad_param(name, raw, f"The `{name}` query parameter can not be empty")
        if len(values) > limit:
            raise bad_param(
                name,
                raw,
                f"The number of values in the `{name}` query parameter list [{len(values)}] "
                f"is not between 1 and {limit}",
            )
        return values

    def validate(self, allowed: frozenset[str], kind: str) -> None:
        """Check every parameter's form before the route looks anything up, as X does."""
        self.check_known(allowed)
        for name in ("tweet.fields", "post.fields", "user.fields", "list.fields"):
            if name in self.raw:
                self.fields(name)
        self.check_other_fields()
        if "expansions" in self.raw:
            expansions = {
                "post": TWEET_EXPANSIONS,
                "user": USER_EXPANSIONS,
                "list": LIST_EXPANSIONS,
            }
            self.expansions(expansions[kind])
        self.exclusions()
        for name in ("since_id", "until_id"):
            self.post_id(name)
        for name in ("start_time", "end_time"):
            self.time(name)
        self.page_after()

    def page_after(self) -> int | None:
        """The position a pagination token points at (exclusive), or None for the first page."""
        for name in ("pagination_token", "next_token"):
            value = self.get(name)
            if value is not None:
                return decode_token(name, value)
        return None


def is_id(value: str) -> bool:
    return _ID.fullmatch(value) is not None


def parse_id(name: str, value: str) -> int:
    if not is_id(value):
        raise bad_param(
            name,
            value,
            f"The `{name}` query parameter value [{value}] does not match ^[0-9]{{1,19}}$",
        )
    return int(value)


def encode_token(position: int) -> str:
    raw = f"sb:{position}".encode()
    return base64.b32encode(raw).decode().lower().rstrip("=")


def decode_token(name: str, token: str) -> int:
    padded = token.upper() + "=" * (-len(token) % 8)
    try:
        raw = base64.b32decode(padded).decode()
        prefix, position = raw.split(":", 1)
        if prefix != "sb" or _ID.fullmatch(position) is None:
            raise ValueError(prefix)
        return int(position)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad_param(
            name, token, f"The `{name}` query parameter value [{token}] is not valid"
        ) from None


def paginate(
    items: Sequence[T], position: Callable[[T], int], size: int, after: int | None
) -> tuple[list[T], str | None]:
    """A page of ``items`` (newest first, by ``position``) strictly older than ``after``."""
    start = 0
    if after is not None:
        start = len(items)
        for index, item in enumerate(items):
            if position(item) < after:
                start = index
                break
    page = list(items[start : start + size])
    more = start + size < len(items)
    token = encode_token(position(page[-1])) if page and more else None
    return page, token


__all__ = ["ApiError", "Query", "encode_token", "paginate", "parse_id"]
