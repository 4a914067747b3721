"""Whether a post X returned carries the words the user typed.

Reconcile (did a send whose answer was lost land?) and the confirmation of a
reply finished in the browser both ask this, so it is one function. X returns
``text`` with ``&``, ``<`` and ``>`` written as ``&amp;``, ``&lt;`` and
``&gt;`` and nothing else escaped, so only those three are decoded, once, as
a post is parsed (``x_unescaped``): what the user typed is taken literally
(``&lt;3`` and ``&para;`` are words, not entities). The rest is forgiving in
the ways X and browsers change text on the way: line endings and runs of
spaces, Unicode normal form, links rewritten to t.co, case, and the @handles
X puts in front of a reply.
"""

from __future__ import annotations

import re
import unicodedata

_X_ENTITY = re.compile(r"&(amp|lt|gt);")
_DECODED = {"amp": "&", "lt": "<", "gt": ">"}
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)
_LEADING_HANDLES = re.compile(r"^(?:@\w{1,15}\s+)+")
_SPACE = re.compile(r"\s+")


def x_unescaped(text: str) -> str:
    """X's ``text`` with its three entities decoded, in one pass (``&amp;lt;`` -> ``&lt;``)."""
    return _X_ENTITY.sub(lambda m: _DECODED[m[1]], text)


def _comparable(text: str) -> str:
    flat = unicodedata.normalize("NFC", text).strip()
    flat = _LEADING_HANDLES.sub("", flat)
    flat = _LINK.sub("<link>", flat)
    return _SPACE.sub(" ", flat).strip().casefold()


def same_words(typed: str, posted: str) -> bool:
    """True when ``posted`` (a post's text as parse.py keeps it: decoded) holds
    the words ``typed``."""
    return _comparable(typed) == _comparable(posted)
