"""Untrusted remote text, made safe to show.

Tweets may carry terminal escape sequences (which could clear the screen or
retitle the window) and Rich markup (which must show as the characters it
is). ``clean_text`` strips the former; ``display_text`` returns a Rich
``Text`` object, which Textual renders literally, never as markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC strings,
# two-byte ESC sequences, and their 8-bit C1 forms.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]            # CSI
  | (?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c|$)     # OSC, to BEL or ST
  | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c|$)  # DCS SOS PM APC
  | \x1b[ -/]*[0-~]?                             # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
# Other C0/C1 controls, except tab and newline which are ordinary text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


def clean_text(text: str, *, single_line: bool = False) -> str:
    """``text`` without terminal control or escape sequences.

    ``\\r\\n`` and lone ``\\r`` become newlines; with ``single_line`` every
    line break and tab becomes one space (for list rows).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    # Bidi embeddings and overrides (U+202A-U+202E) can reorder the rest of a
    # row; other format characters (ZWJ, emoji tags) are part of the text.
    text = _BIDI_OVERRIDES.sub("", text)
    if single_line:
        text = " ".join(text.split())
    return text


def display_text(text: str, *, single_line: bool = False, style: str = "") -> Text:
    """Remote text as a Rich ``Text``: shown literally, markup and all."""
    from rich.text import Text

    return Text(clean_text(text, single_line=single_line), style=style, end="")
