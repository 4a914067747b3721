"""Whether a text has words a reader can see.

A reply of only spaces, zero-width characters or fillers looks empty to the
person who gets it, and would be sent in the owner's name for nothing. Which
characters count as invisible: every space and separator, every control and
format character (zero-width space and joiners, the word joiner, bidi marks,
the byte-order mark, the soft hyphen), combining marks standing alone
(variation selectors among them), and the filler letters that render blank
(the Hangul fillers, the blank Braille pattern).
"""

from __future__ import annotations

import unicodedata

_BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_words(text: str) -> bool:
    return any(
        ch not in _BLANK_LETTERS and unicodedata.category(ch) not in _BLANK_CATEGORIES
        for ch in text
    )
