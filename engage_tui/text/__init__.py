"""Text rules: X's weighted length, reply validation, safe display of remote text."""

from engage_tui.text.length import MAX_WEIGHTED_LENGTH, ReplyCheck, validate_reply, weighted_length
from engage_tui.text.safe import clean_text

__all__ = [
    "MAX_WEIGHTED_LENGTH",
    "ReplyCheck",
    "clean_text",
    "validate_reply",
    "weighted_length",
]
