"""Bluesky's text rule: 300 graphemes (and 3,000 UTF-8 bytes), with mentions and
links carried as facets whose offsets count UTF-8 bytes, not characters.

Graphemes are Unicode extended grapheme clusters (``regex``'s ``\\X``), which
is how the Bluesky app counts: a family emoji or a flag is one. Facets come
from the SDK's detectors, so engage finds the same links and handles the
Bluesky app would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex
from atproto_client import models
from atproto_client.utils import facet_detection

from engage_tui.platforms.base import TextCheck

GRAPHEME_LIMIT = 300
BYTE_LIMIT = 3000
_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> int:
    return sum(1 for _ in _GRAPHEME.finditer(text))


def measure_text(text: str) -> TextCheck:
    length = graphemes(text)
    has_url = any(_is_link(f) for f in facet_detection.detect_facets(text))
    reason: str | None = None
    if not text.strip():
        reason = "The reply is empty: write something first."
    elif length > GRAPHEME_LIMIT:
        over = length - GRAPHEME_LIMIT
        reason = (
            f"The reply is {over} character{'s' if over != 1 else ''} over Bluesky's limit "
            f"of {GRAPHEME_LIMIT}: shorten it before sending."
        )
    elif len(text.encode("utf-8")) > BYTE_LIMIT:
        # Combining marks can pile into few characters but many bytes.
        reason = (
            f"The reply is over Bluesky's limit of {BYTE_LIMIT:,} bytes "
            "(many accents or symbols in few characters): shorten it before sending."
        )
    return TextCheck(
        length=length, limit=GRAPHEME_LIMIT, ok=reason is None, reason=reason, has_url=has_url
    )


def _is_link(facet: models.AppBskyRichtextFacet.Main) -> bool:
    return any(isinstance(f, models.AppBskyRichtextFacet.Link) for f in facet.features)


def build_facets(text: str, resolve: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """Links, tags and mentions in ``text`` as lexicon facets (JSON-ready dicts).

    ``resolve`` turns a handle into a DID, or None when no such account
    exists; a mention nobody answers to stays plain text.
    """
    facets = list(facet_detection.detect_facets(text))
    dids: dict[str, str | None] = {}
    for mention in facet_detection.detect_mentions(text):
        handle = mention.handle.lower()
        if handle not in dids:
            dids[handle] = resolve(handle)
        did = dids[handle]
        if did is None:
            continue
        facets.append(
            models.AppBskyRichtextFacet.Main(
                features=[models.AppBskyRichtextFacet.Mention(did=did)],
                index=models.AppBskyRichtextFacet.ByteSlice(
                    byte_start=mention.byte_start, byte_end=mention.byte_end
                ),
            )
        )
    facets.sort(key=lambda f: f.index.byte_start)
    return [f.model_dump(by_alias=True, exclude_none=True) for f in facets]
