"""How far a per-person read has gone, one mark per person, kept in one
JSON cursor (the prospects pulls of Bluesky and Mastodon: a time or an id
per watched account)."""

from __future__ import annotations

import json
from collections.abc import Collection


def load_marks(raw: str | None) -> dict[str, str]:
    """The marks a cursor holds; a damaged or foreign one reads as none
    (the next pull starts from the first-sync window again)."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def dump_marks(marks: dict[str, str], people: Collection[str]) -> str | None:
    """The cursor for ``people``'s marks: someone no longer watched is
    dropped, and no marks at all is no cursor."""
    kept = {person: mark for person, mark in marks.items() if person in people}
    return json.dumps(kept, sort_keys=True) if kept else None
