"""An inbox row's columns never run into each other: the account label and
the "name @handle" column each keep their width, and what does not fit is
cut with an ellipsis, never silently, at every terminal width. Names,
handles and account handles are generated (emoji sequences, CJK, combining
marks, very long words), and each row is drawn by the real renderer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.style import Style

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.store import InboxRow
from engage_tui.sync.account_info import AccountInfo
from engage_tui.text.safe import clean_text
from engage_tui.tui.accounts import AccountBook
from engage_tui.tui.widgets.inbox_row import render_row

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PARTS = ("new", "kind", "time", "account", "who")

_WORD_CHARS = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyz_0123456789",
        "ş",
        "é",
        "ü",
        "ø",
        "漢",
        "字",
        "あ",
        "한",
        "ب",
        "ع",
        "🌱",
        "✨",
        "👩🏽‍💻",
        "🇳🇬",
        "🐈‍⬛",
    ]
)
words = st.lists(_WORD_CHARS, min_size=1, max_size=40).map("".join)
handles = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz_0123456789")), min_size=1)


def _style(name: str) -> Style:
    return Style(meta={"part": name.removeprefix("inbox-list--")})


def _parts(row: InboxRow, width: int, tag: str, tag_width: int) -> dict[str, str]:
    strip = render_row(row, width, NOW, _style, tag, tag_width)
    assert strip.cell_length == width
    return {
        seg.style.meta["part"]: seg.text
        for seg in strip
        if seg.style is not None and seg.style.meta.get("part") in PARTS
    }


def _mention(person: Person) -> InboxRow:
    post = Post("p1", person.id, "hello there", NOW, network="x")
    note = Notification(
        "n1", NotificationKind.MENTION, person.id, NOW - timedelta(minutes=5), "x", post_id="p1"
    )
    return InboxRow(note, person, post, None, group_ids=("n1",))


def _shows_or_cuts(shown: str, whole: str, width: int) -> None:
    """``shown`` is ``whole`` padded to ``width`` cells, or cut with an ellipsis
    (in "name @handle", the name, the handle or both may be the one cut)."""
    assert cell_len(shown) == width
    if cell_len(whole) <= width:
        assert shown.rstrip() == whole
    else:
        assert "…" in shown


@settings(max_examples=150, deadline=None)
@given(name=words, handle=handles, width=st.integers(40, 240))
def test_the_name_column_keeps_its_width_and_cuts_with_an_ellipsis(
    name: str, handle: str, width: int
) -> None:
    person = Person("7", handle, name, network="x")
    who = _parts(_mention(person), width, "", 0)["who"]
    # Emoji sequences come apart in a row (test_emoji_columns.py): what is shown
    # is the name as one line shows it.
    shown_name = clean_text(name, single_line=True)
    _shows_or_cuts(who, f"{shown_name} @{handle}", max(12, min(32, width // 4)))


@settings(max_examples=150, deadline=None)
@given(name=words, handle=handles, width=st.integers(80, 240))
def test_a_long_name_never_shrinks_the_handle_to_an_ellipsis_alone(
    name: str, handle: str, width: int
) -> None:
    person = Person("7", handle, name, network="x")
    who = _parts(_mention(person), width, "", 0)["who"]
    shown_handle = who.rstrip().rsplit(" ", 1)[-1]
    assert shown_handle.startswith("@")
    # At 80 columns and more, the handle keeps at least half of its column.
    assert cell_len(shown_handle) >= min(len(handle) + 1, max(12, min(32, width // 4)) // 2)


@settings(max_examples=150, deadline=None)
@given(
    mine=st.lists(handles, min_size=2, max_size=3, unique=True),
    name=words,
    width=st.integers(40, 240),
)
def test_the_account_label_keeps_its_width_and_says_when_it_is_cut(
    mine: list[str], name: str, width: int
) -> None:
    book = AccountBook([AccountInfo(f"me{n}", "x", "X", h) for n, h in enumerate(mine)])
    tag = book.tag("me0", "x")
    person = Person("7", "someone", name, network="x")
    parts = _parts(_mention(person), width, tag, book.tag_width())
    _shows_or_cuts(parts["account"], f"X·{mine[0]}", book.tag_width())


def test_the_mixed_inbox_label_of_noor_grows_is_cut_with_a_mark() -> None:
    book = AccountBook(
        [AccountInfo("1", "x", "X", "noor_grows"), AccountInfo("2", "bluesky", "Bluesky", "sam")]
    )
    person = Person("7", "ayserahman4069", "Ayşe Rahman ✨", network="x")
    parts = _parts(_mention(person), 120, book.tag("1", "x"), book.tag_width())
    assert parts["account"] == "X·noor_gr…"
    assert parts["who"].rstrip() == "Ayşe Rahman ✨ @ayserahman4069"
