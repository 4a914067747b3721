"""An emoji sequence in a name or a post never moves a row's columns.

Terminals disagree about the width of emoji joined into one picture: tmux 3.3
(measured here with its cursor) draws 👩‍💻 in 2 cells, 👋🏾 in 4, ❤️‍🔥 and 🏳️‍🌈 in 1,
while Rich counts 2 for each; a row drawn through tmux then ran past its end
or stopped short. Rows are drawn by the real renderer from generated names
and posts, and measured as tmux draws them (a model of its rules, below):
every row is exactly as wide as the list.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.store import InboxRow
from engage_tui.text.safe import clean_text
from engage_tui.tui.widgets.inbox_row import render_row

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ZWJ = "\u200d"


def tmux_width(text: str) -> int:
    """Cells tmux 3.3 gives ``text``: a character after a zero-width joiner
    joins the cell before it; variation selectors, combining marks and other
    format characters take none; East Asian wide and full-width take two."""
    width, joined = 0, False
    for ch in text:
        if joined:
            joined = False
            continue
        if ch == ZWJ:
            joined = True
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch in "\ufe0e\ufe0f":
            continue
        else:
            width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


# The pieces emoji sequences are made of, and text around them.
PIECES = [
    "👩",
    "💻",
    "👨",
    "👧",
    "🐈",
    "⬛",
    "❤",
    "🔥",
    "🏳",
    "🌈",
    "👋",
    "🏴",
    "☠",
    "1",
    "\u20e3",
    ZWJ,
    "\ufe0f",
    "\ufe0e",
    "\U0001f3fb",
    "\U0001f3fe",
    "🇳",
    "🇬",
    "a",
    "Z",
    " ",
    "é",
    "漢",
    "ب",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
# Whole sequences as people write them, so the joined forms come up often.
SEQUENCES = ["👩🏽‍💻", "🏳️‍🌈", "👨‍👩‍👧‍👦", "❤️‍🔥", "👋🏾", "1️⃣", "🐈‍⬛", "🏴‍☠️"]
names = st.lists(st.sampled_from([*SEQUENCES, "Ada", " ", "Zoë"]), min_size=1, max_size=8).map(
    "".join
)


def _mention(name: str, text: str) -> InboxRow:
    person = Person("7", "ada_chen", name, network="x")
    post = Post("p1", person.id, text, NOW, network="x")
    note = Notification(
        "n1", NotificationKind.MENTION, person.id, NOW - timedelta(minutes=5), "x", post_id="p1"
    )
    return InboxRow(note, person, post, None, group_ids=("n1",))


def _plain(_: str) -> Style:
    return Style()


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_a_line_of_text_is_as_wide_in_tmux_as_rich_counts_it(text: str) -> None:
    line = clean_text(text, single_line=True)
    assert tmux_width(line) == cell_len(line)


@settings(max_examples=200, deadline=None)
@given(name=names | texts, text=texts | names, width=st.integers(40, 160))
def test_a_row_with_emoji_sequences_fills_its_width_in_tmux(
    name: str, text: str, width: int
) -> None:
    strip = render_row(_mention(name, text), width, NOW, _plain)
    drawn = "".join(segment.text for segment in strip)
    assert tmux_width(drawn) == width


def test_a_joined_emoji_shows_as_the_emoji_it_joins() -> None:
    assert clean_text("Ada 👩🏽‍💻 🏳️‍🌈", single_line=True) == "Ada 👩💻 🏳🌈"


def test_a_joiner_inside_a_word_of_an_indic_script_is_kept() -> None:
    assert clean_text("क्\u200dष", single_line=True) == "क्\u200dष"
