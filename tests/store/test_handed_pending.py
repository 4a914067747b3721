"""A handed-over item (finished in the browser) counts only once confirmed:
by the next sync seeing it, or by the user marking it done in the tray."""

from __future__ import annotations

from datetime import timedelta

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    NotificationKind,
    OutboxItem,
    OutboxState,
    Route,
)
from engage_tui.store import Store
from tests.store.conftest import at, event, person, post, pull


def _handed(store: Store, kind: ActionKind, target: str, **fields: object) -> OutboxItem:
    item = store.outbox.enqueue(
        ActionRequest(
            kind,
            network="x",
            send_after=at(),
            target_post_id=target,
            at=at(),
            **fields,  # type: ignore[arg-type]
        )
    )
    assert store.outbox.finish(
        item, OutboxState.HANDED, at=at(1), intent_url="https://x.test/i", route=Route.INTENT
    )
    handed = store.outbox.get(item.id)
    assert handed is not None
    return handed


def _day(store: Store):
    return store.today.day_counts(at(-60), at(24 * 60))


def _watch_author(store: Store) -> None:
    store.sync_state.apply_pull(
        "mentions", pull(people=[person(1)], posts=[post("p1", author="u1")]), at()
    )
    store.prospects.add("u1", at())


def test_a_handed_like_is_pending_not_counted(store: Store) -> None:
    _watch_author(store)
    _handed(store, ActionKind.LIKE, "p1", person_id="u1")
    day = _day(store)
    assert (day.likes, day.pending) == (0, 1)
    assert store.prospects.listing()[0].last_engaged_at is None


def test_a_like_marked_done_by_hand_counts_and_clears_never(store: Store) -> None:
    _watch_author(store)
    item = _handed(store, ActionKind.LIKE, "p1", person_id="u1")
    confirmed = store.outbox.confirm_handed(item.id, at(5))
    assert confirmed is not None and confirmed.state is OutboxState.SENT
    day = _day(store)
    assert (day.likes, day.pending) == (1, 0)
    assert store.prospects.listing()[0].last_engaged_at == at(5)
    assert [i.kind for i in store.prospects.interactions("u1")] == ["like"]


def test_marking_done_finds_the_person_through_the_post(store: Store) -> None:
    _watch_author(store)
    item = _handed(store, ActionKind.REPLY, "p1", text="nice one")
    store.outbox.confirm_handed(item.id, at(5))
    assert store.prospects.listing()[0].last_engaged_at == at(5)


def test_an_item_the_sync_confirmed_first_is_not_confirmed_twice(store: Store) -> None:
    _watch_author(store)
    item = _handed(store, ActionKind.REPLY, "p1", text="nice one")
    assert store.outbox.finish(item, OutboxState.SENT, at=at(3), remote_id="r1")
    assert store.outbox.confirm_handed(item.id, at(5)) is None
    assert store.outbox.get(item.id).state is OutboxState.SENT  # type: ignore[union-attr]


def test_a_handed_item_does_not_make_a_streak_day_until_confirmed(store: Store) -> None:
    from datetime import UTC

    item = _handed(store, ActionKind.LIKE, "p1", person_id="u1")
    assert store.today.streak(at().date(), UTC) == 0
    store.outbox.confirm_handed(item.id, at(5))
    assert store.today.streak(at().date(), UTC) == 1


def test_a_thank_handed_over_still_keeps_the_person_off_the_thank_queue(store: Store) -> None:
    # Pending, not forgotten: thanking them again would thank them twice.
    store.sync_state.apply_pull("follows", pull([event(NotificationKind.FOLLOW, 1, -5)]), at(-5))
    assert [c.person.id for c in store.today.thank_queue(at() - timedelta(days=1))] == ["u1"]
    _handed(store, ActionKind.REPLY, "p1", text="thanks!", draft_key="thank:u1", person_id="u1")
    assert store.today.thank_queue(at() - timedelta(days=1)) == []


def test_taking_back_a_done_mark_leaves_the_item_pending_and_the_history_as_before(
    store: Store,
) -> None:
    _watch_author(store)
    earlier = _handed(store, ActionKind.LIKE, "p1", person_id="u1")
    store.outbox.confirm_handed(earlier.id, at(2))
    item = _handed(store, ActionKind.REPLY, "p1", text="nice one")
    confirmed = store.outbox.confirm_handed(item.id, at(5))
    assert confirmed is not None

    assert store.outbox.unconfirm_handed(confirmed)

    assert store.outbox.get(item.id).state is OutboxState.HANDED  # type: ignore[union-attr]
    assert (_day(store).replies, _day(store).pending) == (0, 1)
    assert [i.kind for i in store.prospects.interactions("u1")] == ["like"]
    assert store.prospects.listing()[0].last_engaged_at == at(2)


def test_a_done_mark_is_taken_back_only_from_the_row_as_it_was_left(store: Store) -> None:
    _watch_author(store)
    item = _handed(store, ActionKind.LIKE, "p1", person_id="u1")
    first = store.outbox.confirm_handed(item.id, at(5))
    assert first is not None and store.outbox.unconfirm_handed(first)
    again = store.outbox.confirm_handed(item.id, at(7))  # marked done once more since
    assert again is not None

    assert not store.outbox.unconfirm_handed(first)
    assert store.outbox.get(item.id).state is OutboxState.SENT  # type: ignore[union-attr]
    assert store.prospects.listing()[0].last_engaged_at == at(7)
