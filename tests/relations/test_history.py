"""A person's summary and timeline, the thank queue, top engagers, reply speed, the day."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from engage_tui.domain import ActionKind, ActionRequest, Direction, Interaction
from engage_tui.store import Store
from tests.relations.conftest import ANA, BO, CY, MENTION, MINE, NOW, K, ago, event, pull, queue


def test_summary_counts_both_directions_over_30_days_and_lists_newest_first(store: Store) -> None:
    pull(
        store,
        [
            event(K.FOLLOW, ANA, ago(days=40)),
            event(K.LIKE, ANA, ago(days=2), subject=MINE),
            event(K.MENTION, ANA, ago(hours=3), post=MENTION),
        ],
    )
    store.prospects.add_interaction(
        Interaction(ANA.id, Direction.OUTBOUND, "reply", ago(hours=1), "900", "thanks Ana!")
    )
    s = store.prospects.person_summary(ANA.id, NOW)
    assert (s.inbound_30d, s.outbound_30d) == (2, 1)
    assert s.first_seen == ago(days=40) and s.last_touched == ago(hours=1)
    assert [e.interaction.kind for e in s.timeline] == ["reply", "mention", "like", "follow"]
    assert s.timeline[0].interaction.text == "thanks Ana!"
    assert s.timeline[1].interaction.text == MENTION.text
    # A like carries no text: the post it was about comes along.
    assert s.timeline[2].subject is not None and s.timeline[2].subject.id == MINE.id
    assert s.person == ANA and s.last_engaged_at == ago(hours=1) and not s.is_prospect


def test_thank_queue_has_one_card_per_person_with_what_they_did(store: Store) -> None:
    pull(
        store,
        [
            event(K.FOLLOW, BO, ago(hours=5)),
            event(K.LIKE, BO, ago(hours=4), subject=MINE),
            event(K.LIKE, BO, ago(hours=4, minutes=1), subject=MENTION),
            event(K.REPOST, BO, ago(hours=2), subject=MINE),
            event(K.MENTION, ANA, ago(hours=3), post=MENTION),
        ],
    )
    cards = store.today.thank_queue(since=ago(days=1))
    assert [c.person.id for c in cards] == [BO.id, ANA.id]
    assert cards[0].summary() == "followed you, liked 2 posts, reposted 1"
    assert cards[1].their_post is not None and cards[1].their_post.id == MENTION.id


def test_thank_queue_marks_first_time_and_returning_engagers(store: Store) -> None:
    pull(
        store,
        [event(K.LIKE, ANA, ago(days=20), subject=MINE), event(K.FOLLOW, ANA, ago(hours=1))],
    )
    pull(store, [event(K.FOLLOW, CY, ago(hours=2))])
    cards = {c.person.id: c for c in store.today.thank_queue(ago(days=1))}
    assert not cards[ANA.id].first_time and cards[CY.id].first_time


def test_a_queued_thank_or_like_back_takes_a_person_off_the_queue(store: Store) -> None:
    pull(
        store,
        [
            event(K.FOLLOW, ANA, ago(hours=3)),
            event(K.FOLLOW, BO, ago(hours=3)),
            event(K.FOLLOW, CY, ago(hours=3)),
        ],
    )
    queue(store, ActionKind.POST, ago(minutes=5), person=ANA, thank=True, text="@ana thanks!")
    queue(store, ActionKind.LIKE, ago(minutes=4), person=BO, target=MENTION)
    assert [c.person.id for c in store.today.thank_queue(ago(days=1))] == [CY.id]


def test_a_cancelled_thank_leaves_the_person_in_the_queue(store: Store) -> None:
    pull(store, [event(K.FOLLOW, ANA, ago(hours=3))])
    store.outbox.enqueue(
        ActionRequest(
            ActionKind.POST,
            send_after=NOW,
            person_id=ANA.id,
            draft_key=f"thank:{ANA.id}",
            at=NOW,
            network="x",
        )
    )
    [item] = store.outbox.items()
    store.outbox.cancel(item.id)
    assert [c.person.id for c in store.today.thank_queue(ago(days=1))] == [ANA.id]


def test_top_engagers_rank_by_likes_reposts_and_replies_in_the_window(store: Store) -> None:
    old = [event(K.LIKE, CY, ago(days=20, minutes=m), subject=MINE) for m in range(5)]
    recent = [event(K.LIKE, BO, ago(days=1, minutes=m), subject=MINE) for m in range(3)]
    pull(store, [*old, *recent, event(K.MENTION, ANA, ago(hours=3), post=MENTION)])
    week = store.today.top_engagers(ago(days=7))
    assert [(e.person_id, e.total) for e in week] == [(BO.id, 3), (ANA.id, 1)]
    assert week[1].replies == 1 and week[0].likes == 3
    month = store.today.top_engagers(ago(days=30))
    assert [e.person_id for e in month] == [CY.id, BO.id, ANA.id]


def test_reply_speed_is_the_median_wait_before_answering_a_mention(store: Store) -> None:
    pull(store, [event(K.MENTION, ANA, MENTION.created_at, post=MENTION)])
    assert store.today.reply_speed(ago(days=30)).median is None
    queue(
        store,
        ActionKind.REPLY,
        MENTION.created_at + timedelta(minutes=42),
        person=ANA,
        target=MENTION,
        text="thank you",
    )
    speed = store.today.reply_speed(ago(days=30))
    assert speed.answered == 1 and speed.median == timedelta(minutes=42)


def test_day_counts_what_was_queued_and_done_today(store: Store) -> None:
    pull(store, [event(K.FOLLOW, ANA, ago(hours=3)), event(K.FOLLOW, BO, ago(hours=3))])
    queue(store, ActionKind.POST, ago(hours=1), person=ANA, thank=True, text="@ana thanks")
    queue(store, ActionKind.LIKE, ago(hours=1), person=BO, target=MENTION)
    queue(store, ActionKind.REPLY, ago(hours=1), person=ANA, target=MENTION, text="yes")
    queue(store, ActionKind.LIKE, ago(days=2), person=BO, target=MINE)  # not today
    [row, *_] = store.inbox.window()
    store.inbox.set_triage([row.notification.id], row.notification.state.DONE, ago(minutes=30))
    start = NOW.replace(hour=0)
    day = store.today.day_counts(start, start + timedelta(days=1))
    assert (day.replies, day.likes, day.thanks, day.done, day.left) == (1, 1, 1, 1, 1)


def test_streak_counts_days_in_a_row_and_survives_until_today_ends(store: Store) -> None:
    for days in (1, 2, 3, 5):
        session = store.today.start_session(ago(days=days))
        store.today.save_session(
            session, timedelta(minutes=10), ago(days=days) + timedelta(minutes=10)
        )
    today = NOW.date()
    assert store.today.streak(today, UTC) == 3
    store.today.start_session(NOW)
    assert store.today.streak(today, UTC) == 4
    assert store.today.streak(today + timedelta(days=2), UTC) == 0
    assert store.today.streak(date(2026, 11, 15), UTC) == 1


def test_a_session_keeps_its_active_time_and_end(store: Store) -> None:
    session = store.today.start_session(ago(minutes=20))
    store.today.save_session(session, timedelta(minutes=7))
    found = store.today.session(session)
    assert found is not None and found.active == timedelta(minutes=7) and found.ended_at is None
    store.today.save_session(session, timedelta(minutes=9), NOW)
    assert store.today.last_session(NOW) == store.today.session(session)
    last = store.today.last_session(NOW)
    assert last is not None and last.ended_at == NOW
