"""X's text rule (280 weighted characters) as the neutral TextCheck."""

from __future__ import annotations

from engage_tui.domain.exchange import TextCheck


def measure_text(text: str) -> TextCheck:
    # Loaded on first use: twitter-text's expressions take most of a second.
    from engage_tui.text.length import validate_reply

    return validate_reply(text)
