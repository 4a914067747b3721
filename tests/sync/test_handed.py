"""Matching replies finished in the browser against the owner's own posts.

Whether two texts are the same words is the platform's call (X's is tested in
tests/platforms/test_words.py); here it is plain equality."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engage_tui.domain import ActionKind, OutboxItem, OutboxState, Post
from engage_tui.sync.handed import match_handed

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
OWNER = "100"


def _same(typed: str, posted: str) -> bool:
    return typed == posted


def _handed(item_id: int, text: str, target: str = "7") -> OutboxItem:
    return OutboxItem(
        id=item_id,
        kind=ActionKind.REPLY,
        state=OutboxState.HANDED,
        created_at=T0,
        send_after=T0,
        target_post_id=target,
        text=text,
        network="x",
    )


def _post(post_id: str, text: str, reply_to: str | None = "7", author: str = OWNER) -> Post:
    return Post(
        id=post_id,
        author_id=author,
        text=text,
        created_at=T0 + timedelta(minutes=int(post_id)),
        in_reply_to_id=reply_to,
        network="x",
    )


def test_owner_reply_with_same_target_and_words_matches() -> None:
    matches = match_handed(
        [_handed(1, "Thanks a lot!")], [_post("1", "Thanks a lot!")], OWNER, _same
    )
    assert [(i.id, p.id) for i, p in matches] == [(1, "1")]


def test_other_target_other_author_or_other_words_do_not_match() -> None:
    posts = [
        _post("1", "Thanks a lot!", reply_to="8"),
        _post("2", "Thanks a lot!", author="555"),
        _post("3", "Thanks a lot"),
    ]
    assert match_handed([_handed(1, "Thanks a lot!")], posts, OWNER, _same) == []


def test_two_identical_handed_items_need_two_posts() -> None:
    items = [_handed(1, "Nice!"), _handed(2, "Nice!")]
    matches = match_handed(items, [_post("1", "Nice!")], OWNER, _same)
    assert [(i.id, p.id) for i, p in matches] == [(1, "1")]
