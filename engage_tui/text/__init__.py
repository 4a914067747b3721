"""Text rules: X's weighted length, reply validation, safe display of remote text.

The length rules pull in twitter-text's large regular expressions (most of a
second to import), so they load on first use, not when the app starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engage_tui.text.safe import clean_text

if TYPE_CHECKING:
    from engage_tui.text.length import (
        MAX_WEIGHTED_LENGTH,
        validate_reply,
        weighted_length,
    )

_LAZY = {"MAX_WEIGHTED_LENGTH", "validate_reply", "weighted_length"}

__all__ = ["MAX_WEIGHTED_LENGTH", "clean_text", "validate_reply", "weighted_length"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from engage_tui.text import length

        return getattr(length, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
