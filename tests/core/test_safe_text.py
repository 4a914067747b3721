from __future__ import annotations

import pytest
from rich.text import Text

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
