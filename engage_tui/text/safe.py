"""Untrusted remote text, made safe to show.

Tweets, notes, handles and imported files may carry terminal escape
sequences (which could clear the screen, retitle the window or write the
clipboard) and Rich markup (which must show as the characters it is).
``clean_text`` is the one function every stored or remote string passes
through on its way to a terminal, in the TUI and in the CLI alike;
``display_text`` returns a Rich ``Text`` object, which Textual renders
literally, never as markup. ``terminal_json`` is JSON that is safe to print.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

# The patterns are compiled the first time a text needs them (about 9M
# instructions, 3 ms, of start-up otherwise): most text is printable but for
# its line breaks and tabs, and such text holds nothing they remove (see
# ``clean_text``).


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The escape sequences, the controls, the bidi overrides and the emoji joiners."""
    # CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC strings,
    # two-byte ESC sequences, and their 8-bit C1 forms. A string sequence ends
    # within its line and before the next ESC that is not its terminator: one left
    # open (a handle ending in ESC ]) loses only its introducer, never the lines
    # after it (a report's other accounts, a problem), and a text of many open
    # introducers is read once, not once per introducer to the end of its line.
    escapes = re.compile(
        r"""
        (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                    # CSI
      | (?:\x1b\]|\x9d)[^\n\x1b\x07\x9c]*(?:\x07|\x1b\\|\x9c)   # OSC, to BEL or ST
      | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\n\x1b\x9c]*(?:\x1b\\|\x9c)  # DCS SOS PM APC
      | \x1b[ -/]*[0-~]?                                     # other ESC sequences
        """,
        re.VERBOSE,
    )
    # Other C0/C1 controls, except tab and newline which are ordinary text.
    # (Lone surrogates go by encoding: a class of them costs 3 ms to compile.)
    controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    # Embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
    bidi_overrides = re.compile("[\u202a-\u202e\u2066-\u2069]")
    # Inside one line (a list row's columns) the width of an emoji sequence is the
    # terminal's guess: tmux 3.3 draws 👩‍💻 in 2 cells and 👋🏾 in 4, other terminals
    # draw both in 2, Rich counts 4 and 2. Without the zero-width joiner, the
    # variation selectors and the skin-tone modifiers each emoji stands alone and
    # takes the cells Rich counts, in every terminal: 👩‍💻 shows as 👩💻, and the
    # columns after it stay where they are. A joiner after a letter (Indic and
    # Arabic scripts shape with it) is left alone.
    emoji_joiners = re.compile(
        "(?<=[\u2190-\u2bff\U0001f000-\U0001faff\ufe0e\ufe0f\U000e0020-\U000e007f])\u200d"
        "|[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]"
    )
    return escapes, controls, bidi_overrides, emoji_joiners


# What ``_patterns`` removes that ``str.isprintable`` lets through: the
# variation selectors (Mn) and the skin-tone modifiers (Sk). Escapes, C0/C1
# controls (the whitespace ones, which ``str.split`` would take for spaces,
# too), surrogates, bidi controls and the joiner are all non-printable.
_PRINTABLE_JOINERS = ("\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400)))

# What json.dumps(ensure_ascii=False) leaves raw that a terminal may act on
# (``re`` compiles it when the CLI first prints JSON).
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"


def clean_text(text: str, *, single_line: bool = False) -> str:
    """``text`` without terminal control or escape sequences.

    ``\\r\\n`` and lone ``\\r`` become newlines; with ``single_line`` every
    line break and tab becomes one space, and emoji sequences come apart into
    their emoji (for list rows, whose columns must not move).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _plain(text) and not (single_line and _has_printable_joiner(text)):
        # Nothing to remove (the usual case: an inbox row's names and words),
        # and the only spaces such text holds are " ", line breaks and tabs.
        return " ".join(text.split()) if single_line else text
    escapes, controls, bidi_overrides, emoji_joiners = _patterns()
    text = escapes.sub("", text)
    text = controls.sub("", text)
    # Lone surrogates (from JSON "\ud800"), which no terminal encoding can
    # write: the only characters UTF-8 cannot encode.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    # Bidi embeddings, overrides and isolates can reorder the rest of a row;
    # other format characters (ZWJ, emoji tags) are part of the text.
    text = bidi_overrides.sub("", text)
    if single_line:
        text = " ".join(emoji_joiners.sub("", text).split())
    return text


def _plain(text: str) -> bool:
    """Printable but for line breaks and tabs (which are ordinary text)."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def _has_printable_joiner(text: str) -> bool:
    return not text.isascii() and any(mark in text for mark in _PRINTABLE_JOINERS)


def display_text(text: str, *, single_line: bool = False, style: str = "") -> Text:
    """Remote text as a Rich ``Text``: shown literally, markup and all."""
    from rich.text import Text

    return Text(clean_text(text, single_line=single_line), style=style, end="")


def terminal_json(value: Any, *, indent: int | None = 2) -> str:
    """``json.dumps`` readable as UTF-8 yet safe to print: the characters JSON
    would leave raw and a terminal would act on (DEL, C1, bidi controls) are
    written as ``\\uXXXX`` escapes, so the data reads back unchanged."""
    import json  # only the CLI's --json prints JSON: the TUI never loads it

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # Those characters can only stand inside JSON strings, where an escape is valid.
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
