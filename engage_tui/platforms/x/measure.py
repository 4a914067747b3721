"""X's text rule (280 weighted characters) as the neutral TextCheck."""

from __future__ import annotations

from engage_tui.platforms.base import TextCheck


def measure_text(text: str) -> TextCheck:
    from engage_tui.text.length import validate_reply

    check = validate_reply(text)
    return TextCheck(
        length=check.length,
        limit=check.limit,
        ok=check.ok,
        reason=check.reason,
        has_url=check.has_url,
    )
