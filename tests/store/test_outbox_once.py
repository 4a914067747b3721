"""One target and one text have one live outbox item."""

from __future__ import annotations

import pytest

from engage_tui.domain import ActionKind, ActionRequest
from engage_tui.store import Store
from engage_tui.store.errors import AlreadyQueued
from tests.store.conftest import at


def _reply(store: Store, text: str = "same words", target: str = "p1") -> int:
    return store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY,
            send_after=at(1),
            target_post_id=target,
            text=text,
            at=at(0),
            network="x",
        )
    ).id


def test_the_same_words_to_the_same_post_are_refused_while_the_first_waits(store: Store) -> None:
    first = _reply(store)
    with pytest.raises(AlreadyQueued) as caught:
        _reply(store)
    assert caught.value.item_id == first
    assert "go out once" in str(caught.value)
    assert len(store.outbox.items()) == 1


def test_other_words_or_another_post_are_separate_items(store: Store) -> None:
    _reply(store)
    _reply(store, text="other words")
    _reply(store, target="p2")
    assert len(store.outbox.items()) == 3


def test_once_the_first_is_cancelled_the_words_may_be_queued_again(store: Store) -> None:
    first = _reply(store)
    assert store.outbox.cancel(first)
    _reply(store)
    assert len(store.outbox.items()) == 2


def test_a_claimed_item_still_counts_as_waiting(store: Store) -> None:
    first = _reply(store)
    assert store.outbox.claim(first, None, at(2)) is not None
    with pytest.raises(AlreadyQueued):
        _reply(store)


def test_likes_carry_no_text_and_are_not_held_to_it(store: Store) -> None:
    for _ in range(2):
        store.outbox.enqueue(
            ActionRequest(
                ActionKind.LIKE, send_after=at(1), target_post_id="p1", at=at(0), network="x"
            )
        )
    assert len(store.outbox.items()) == 2


def test_new_posts_are_told_apart_by_the_draft_they_were_written_in(store: Store) -> None:
    def post(key: str) -> None:
        store.outbox.enqueue(
            ActionRequest(
                ActionKind.POST,
                send_after=at(1),
                text="thanks!",
                draft_key=key,
                at=at(0),
                network="x",
            )
        )

    post("thank:u1")
    post("thank:u2")
    with pytest.raises(AlreadyQueued):
        post("thank:u1")
