"""A reply needs words a reader can see: spaces, zero-width characters and
blank fillers alone are nothing to send."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.text.visible import has_visible_words

INVISIBLE = st.sampled_from(
    [" ", "\t", "\n", "\u00a0", "\u3000", "\u2009", "\u200b", "\u200c", "\u200d", "\u2060",
     "\ufeff", "\u00ad", "\u200e", "\u202e", "\u2066", "\ufe0f", "\u0301", "\u3164", "\u115f",
     "\u1160", "\uffa0", "\u2800", "\x00", "\x1b"]
)  # fmt: skip
SEEN = st.characters(categories=["Lu", "Ll", "Lo", "Nd", "Po", "So", "Sm"]).filter(
    lambda ch: ch not in "\u3164\u115f\u1160\uffa0\u2800"
)


@given(st.text(INVISIBLE, max_size=200))
def test_spaces_and_invisible_characters_alone_are_no_words(text: str) -> None:
    assert not has_visible_words(text)


@given(st.text(INVISIBLE, max_size=50), SEEN, st.text(INVISIBLE, max_size=50))
def test_one_character_a_reader_can_see_is_words(before: str, seen: str, after: str) -> None:
    assert has_visible_words(before + seen + after)


def test_an_emoji_with_its_joiners_and_skin_tone_is_words() -> None:
    assert has_visible_words("\u200b👍🏽\u200d")
    assert unicodedata.category("🏽") == "Sk"


def test_an_accented_letter_written_with_a_combining_mark_is_words() -> None:
    assert has_visible_words("e\u0301")
