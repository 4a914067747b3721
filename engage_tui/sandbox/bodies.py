"""JSON request bodies checked against X's request schemas, before the world is touched.

Everything here runs outside the world lock: a long post's text is measured while
other clients are served.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from engage_tui.sandbox.problems import ApiError, forbidden, invalid_body

_ID = re.compile(r"[0-9]{1,19}")
_REPLY_KEYS = frozenset(
    ["in_reply_to_tweet_id", "exclude_reply_user_ids", "auto_populate_reply_metadata"]
)
# TweetCreateRequest's properties (OpenAPI 2.166); it allows no others.
_CREATE_KEYS = frozenset(
    [
        "card_uri",
        "community_id",
        "direct_message_deep_link",
        "edit_options",
        "for_super_followers_only",
        "geo",
        "made_with_ai",
        "media",
        "nullcast",
        "paid_partnership",
        "poll",
        "quote_tweet_id",
        "reply",
        "reply_settings",
        "share_with_followers",
        "text",
    ]
)
# Parts of a post the sandbox cannot make: refused plainly rather than ignored.
_NOT_MODELLED = frozenset(
    ["card_uri", "community_id", "direct_message_deep_link", "edit_options", "geo", "media", "poll"]
)

BodyCheck = Callable[[Any], None]


def parse_tweet(text: str) -> Any:
    """twitter-text's measure of a post. The library loads pkg_resources and
    compiles very large patterns (most of a second): loaded at the first post,
    so a sandbox (and `engage --demo`) does not wait on it to start."""
    from twitter_text import parse_tweet as measure

    return measure(text)


def parse_json(body: bytes) -> Any:
    """The body as JSON; 400 for bytes that are not JSON or strings that are not Unicode."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise invalid_body("Request body is not valid JSON") from None
    _check_strings(payload, "$")
    return payload


def _check_strings(value: Any, where: str) -> None:
    # JSON allows "\ud800" escapes; a lone surrogate is not a character, and X refuses it.
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise invalid_body(f"{where}: string is not valid Unicode") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, where)
            _check_strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{where}[{index}]")


def _object(payload: Any, where: str = "$") -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise invalid_body(f"{where}: object expected")
    return payload


def _only(payload: dict[str, Any], allowed: frozenset[str], where: str = "$") -> None:
    for key in payload:
        if key not in allowed:
            raise invalid_body(
                f"{where}.{key}: is not defined in the schema and the schema does not allow "
                "additional properties"
            )


def _id(payload: dict[str, Any], key: str, where: str = "$", *, required: bool = True) -> None:
    if key not in payload:
        if required:
            raise invalid_body(f"{where}.{key}: is missing but it is required")
        return
    value = payload[key]
    if not isinstance(value, str):
        raise invalid_body(f"{where}.{key}: {_json_type(value)} found, string expected")
    if _ID.fullmatch(value) is None:
        raise invalid_body(f"{where}.{key}: does not match the regex pattern ^[0-9]{{1,19}}$")


def _bool(payload: dict[str, Any], key: str) -> None:
    if key in payload and not isinstance(payload[key], bool):
        raise invalid_body(f"$.{key}: {_json_type(payload[key])} found, boolean expected")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number" if isinstance(value, float) else "integer"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def create_post(payload: Any) -> None:
    body = _object(payload)
    _only(body, _CREATE_KEYS)
    for key in ("for_super_followers_only", "made_with_ai", "nullcast", "paid_partnership"):
        _bool(body, key)
    _bool(body, "share_with_followers")
    unmodelled = sorted(_NOT_MODELLED & body.keys())
    if unmodelled:
        raise invalid_body(f"$.{unmodelled[0]}: the sandbox does not make posts with it")
    reply_settings = body.get("reply_settings")
    if "reply_settings" in body and reply_settings not in (
        "following",
        "mentionedUsers",
        "subscribers",
        "verified",
    ):
        raise invalid_body("$.reply_settings: does not have a value in the enumeration")
    _id(body, "quote_tweet_id", required=False)
    if "reply" in body:
        reply = _object(body["reply"], "$.reply")
        _only(reply, _REPLY_KEYS, "$.reply")
        _id(reply, "in_reply_to_tweet_id", "$.reply")
        excluded = reply.get("exclude_reply_user_ids", [])
        if not isinstance(excluded, list) or not all(
            isinstance(item, str) and _ID.fullmatch(item) for item in excluded
        ):
            raise invalid_body("$.reply.exclude_reply_user_ids: array of user ids expected")
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        # X allows a post without text when it has media or a poll; the sandbox makes neither.
        raise invalid_body("$.text: a post needs text")
    if not parse_tweet(text).valid:
        raise forbidden("Your Tweet text is too long.")


def _one_id(key: str, *, closed: bool) -> BodyCheck:
    def check(payload: Any) -> None:
        body = _object(payload)
        if closed:
            _only(body, frozenset([key]))
        _id(body, key)

    return check


like = _one_id("tweet_id", closed=False)  # UsersLikesCreateRequest allows other keys
repost = _one_id("tweet_id", closed=True)  # UsersRetweetsCreateRequest does not
follow_list = _one_id("list_id", closed=False)
add_member = _one_id("user_id", closed=False)


def create_list(payload: Any) -> None:
    body = _object(payload)
    name = body.get("name")
    if "name" not in body:
        raise invalid_body("$.name: is missing but it is required")
    if not isinstance(name, str):
        raise invalid_body(f"$.name: {_json_type(name)} found, string expected")
    if not 1 <= len(name) <= 25:
        raise invalid_body("$.name: must be between 1 and 25 characters")
    description = body.get("description", "")
    if not isinstance(description, str):
        raise invalid_body(f"$.description: {_json_type(description)} found, string expected")
    if len(description) > 100:
        raise invalid_body("$.description: must be at most 100 characters")
    _bool(body, "private")


__all__ = ["ApiError", "BodyCheck", "parse_json"]
