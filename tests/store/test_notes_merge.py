"""Notes edited in the app while another program (an import) changed them:
the user's words are stored, and the other program's are kept after them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.store.relationships import merge_notes


def test_nobody_else_wrote_the_users_words_are_stored() -> None:
    assert merge_notes("a", "a", "a b") == "a b"


def test_a_line_added_elsewhere_is_kept_after_the_users_words() -> None:
    assert merge_notes("a", "a\nimported", "a b") == "a b\nimported"


def test_notes_rewritten_elsewhere_are_kept_below_a_blank_line() -> None:
    assert merge_notes("a", "rewritten", "a b") == "a b\n\nrewritten"


def test_words_the_user_already_has_are_not_added_twice() -> None:
    assert merge_notes("a", "a\nimported", "a b\nimported") == "a b\nimported"
    assert merge_notes("", "imported", "") == "imported"


@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_the_users_words_come_first_and_the_other_words_stay(
    base: str, current: str, mine: str
) -> None:
    merged = merge_notes(base, current, mine)
    assert merged.startswith(mine)
    if current != base:
        added = (current[len(base) :] if current.startswith(base) else current).lstrip("\n")
        assert added in merged
