"""Weighted tweet length, from the twitter-text port (config v3, the current one).

X counts most Latin text as 1 per code point, CJK and emoji as 2, any URL
as 23, and a whole emoji sequence (modifiers, ZWJ) as 2. A home-made counter
gets these wrong; twitter-text-parser passes twitter-text's conformance suite.
"""

from __future__ import annotations

import unicodedata

from twitter_text import parse_tweet
from twitter_text.extract_urls import extract_urls_with_indices

from engage_tui.domain.exchange import TextCheck

MAX_WEIGHTED_LENGTH = 280


def weighted_length(text: str) -> int:
    """X's weighted length of ``text`` (NFC-normalised first, as X does)."""
    return int(parse_tweet(unicodedata.normalize("NFC", text)).weightedLength)


def validate_reply(text: str, limit: int = MAX_WEIGHTED_LENGTH) -> TextCheck:
    """Can ``text`` be posted? The reason, when not, is plain words for the user."""
    normalised = unicodedata.normalize("NFC", text)
    parsed = parse_tweet(normalised)
    length = int(parsed.weightedLength)
    has_url = _has_url(normalised)
    if not normalised.strip():
        return TextCheck(length, limit, False, "The reply is empty: write something first.")
    if length > limit:
        over = length - limit
        return TextCheck(
            length,
            limit,
            False,
            f"The reply is {over} character{'s' if over != 1 else ''} over X's limit of "
            f"{limit}: shorten it before sending.",
            has_url,
        )
    if not parsed.valid:
        return TextCheck(
            length,
            limit,
            False,
            "The reply contains characters X does not accept (such as U+FFFE): remove them.",
            has_url,
        )
    return TextCheck(length, limit, True, None, has_url)


def _has_url(text: str) -> bool:
    # A URL also makes a post cost $0.20 on X, so the composer must know; the
    # port's extractor finds the same URLs X weighs as 23.
    return bool(extract_urls_with_indices(text))
