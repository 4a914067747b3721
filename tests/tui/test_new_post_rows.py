"""A prospect's new post reads in the inbox as "new post" with their words
(shown through the one safe path), never as "did status" or "other"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.store import InboxRow
from engage_tui.tui.widgets.inbox_row import body, kind_label
from tests.tui.world import NOW

ANA = Person("mastodon:example.social/accounts/7", "ana@example.social", "Ana", network="mastodon")


def _row(text: str) -> InboxRow:
    post = Post("mastodon:example.social/statuses/1", ANA.id, text, NOW, "mastodon")
    event = Notification(
        "n1", NotificationKind.NEW_POST, ANA.id, NOW, "mastodon", post_id=post.id, raw_kind=None
    )
    return InboxRow(event, ANA, post, None)


def test_a_new_post_row_says_new_post_and_shows_their_words() -> None:
    row = _row("Spring course: bookings open")
    assert kind_label(row) == "new post"
    assert body(row) == "Spring course: bookings open"


@given(st.text())
def test_any_new_post_text_is_one_line_without_escape_sequences(text: str) -> None:
    shown = body(_row(text))
    assert "\x1b" not in shown and "\n" not in shown
