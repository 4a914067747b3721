from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from engage_tui.text import safe
from engage_tui.text.safe import clean_text, display_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("clear\x1b[2Jscreen", "clearscreen"),  # CSI
        ("title\x1b]0;pwned\x07done", "titledone"),  # OSC to BEL
        ("link\x1b]8;;http://evil\x1b\\text", "linktext"),  # OSC to ST
        ("bell\x07 and nul\x00", "bell and nul"),
        ("c1\x9b31mred", "c1red"),  # 8-bit CSI
        ("rtl\u202eoverride", "rtloverride"),
    ],
)
def test_control_and_escape_sequences_are_removed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_ordinary_unicode_survives() -> None:
    text = "שלום 👨‍👩‍👧 日本 é 🏴󠁧󠁢󠁳󠁣󠁴󠁿"
    assert clean_text(text) == text


def test_single_line_folds_breaks_and_tabs() -> None:
    assert clean_text("one\r\ntwo\tthree\rfour", single_line=True) == "one two three four"


def test_markup_in_a_tweet_stays_literal() -> None:
    shown = display_text("[bold red]x[/] \x1b[31mred")
    assert isinstance(shown, Text)
    assert shown.plain == "[bold red]x[/] red"
    assert shown.spans == []


@pytest.mark.parametrize("opener", ["\x1b]", "\x9d", "\x1bP", "\x1b_", "\x90"])
def test_an_escape_string_left_open_hides_no_line_after_it(opener: str) -> None:
    # A handle ending in an unterminated OSC once swallowed the rest of a
    # report: the other accounts' lines and the problem line with them.
    shown = clean_text(f"Bluesky @evil{opener}0;title\n  problem: session ended\nall 2 accounts")

    assert shown.splitlines()[1:] == ["  problem: session ended", "all 2 accounts"]
    assert "\x1b" not in shown


# clean_text's patterns as they were written first, each applied to every text.
_SPEC_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]
  | (?:\x1b\]|\x9d)[^\n\x1b\x07\x9c]*(?:\x07|\x1b\\|\x9c)
  | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\n\x1b\x9c]*(?:\x1b\\|\x9c)
  | \x1b[ -/]*[0-~]?
    """,
    re.VERBOSE,
)
_SPEC_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPEC_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SPEC_JOINERS = re.compile(
    "(?<=[\u2190-\u2bff\U0001f000-\U0001faff\ufe0e\ufe0f\U000e0020-\U000e007f])\u200d"
    "|[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]"
)


def _cleaned_in_full(text: str, single_line: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPEC_BIDI.sub("", _SPEC_CONTROLS.sub("", _SPEC_ESCAPES.sub("", text)))
    return " ".join(_SPEC_JOINERS.sub("", text).split()) if single_line else text


# Printable runs of every kind (letters, emoji, skin tones, variation
# selectors) mixed with what the patterns remove.
_PIECES = st.one_of(
    st.text(),
    st.sampled_from(
        [
            "\x1b[31m",
            "\x1b]0;t\x07",
            "\x9b1m",
            "\r\n",
            "\t",
            "\u200d",
            "\ufe0f",
            "\U0001f3fd",
            "\u202e",
            "\ud800",
            "\udfff\x1b[1m",
            "  ",
            "👩",
            "é",
            "\u00a0",
            "\u2028",
            "\n",
            "\r",
            "\x1c",
            "\x0b",
            "\x85",
        ]
    ),
)


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=8).map("".join), st.booleans())
def test_any_text_is_cleaned_as_if_every_pattern_ran(text: str, single_line: bool) -> None:
    # Printable text skips the patterns, and surrogates go by encoding: neither
    # may change what is shown.
    assert clean_text(text, single_line=single_line) == _cleaned_in_full(text, single_line)


def test_printable_rows_are_cleaned_without_compiling_the_patterns() -> None:
    # The inbox's first frame cleans every row's names and words; compiling
    # the patterns for them cost about 4 ms of start-up (issue #22).
    safe._patterns.cache_clear()
    rows = ["Zoë Ça @zoe.bsky.social", "liked your post: 日本 🎉\r\n\tdone", " two  spaces "]

    shown = [clean_text(row, single_line=True) for row in rows]

    assert shown[1:] == ["liked your post: 日本 🎉 done", "two spaces"]
    assert safe._patterns.cache_info().currsize == 0
