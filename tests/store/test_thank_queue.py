"""The thank queue: a person stays on it until the owner has answered them
after their newest engagement, within the last seven days, whatever sessions
came between. Real SQLite files; the owner's answers are queued thanks (the
outbox) or outbound interactions (the history a sync or an import writes)."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from engage_tui.domain import ActionKind, ActionRequest, Direction, Interaction, NotificationKind
from engage_tui.store import Store, engagement
from tests.store.conftest import at, event, pull

NOW = at()
WINDOW = NOW - timedelta(days=7)
K = NotificationKind


@pytest.fixture
def store(store: Store) -> Store:
    store.sync_state.meta_set("owner_id:x", "me")
    return store


def engaged(store: Store, kind: NotificationKind, actor: int, when: datetime) -> None:
    days, rest = divmod(when - NOW, timedelta(days=1))
    minutes = rest / timedelta(minutes=1)
    store.sync_state.apply_pull("test", pull([event(kind, actor, minutes, days=days)]), when)


def thank(store: Store, actor: int, when: datetime) -> None:
    """A thank queued from Today (not sent yet)."""
    store.outbox.enqueue(
        ActionRequest(
            ActionKind.POST,
            network="x",
            send_after=when,
            person_id=f"u{actor}",
            text=f"@user_{actor} thank you!",
            draft_key=f"thank:u{actor}",
            at=when,
        )
    )


def answered_in_history(store: Store, actor: int, kind: str, when: datetime) -> None:
    """What a sync found the owner did (a reply seen on their timeline, a like)."""
    store.prospects.add_interaction(Interaction(f"u{actor}", Direction.OUTBOUND, kind, when))


def queue_ids(store: Store) -> list[str]:
    return [card.person.id for card in store.today.thank_queue(WINDOW)]


def test_a_person_leaves_once_answered_after_their_newest_engagement(store: Store) -> None:
    engaged(store, K.LIKE, 1, NOW - timedelta(days=3))
    thank(store, 1, NOW - timedelta(days=2))
    assert queue_ids(store) == []
    engaged(store, K.MENTION, 1, NOW - timedelta(days=1))
    # The thank came before the mention: the mention is still owed an answer.
    assert queue_ids(store) == ["u1"]
    answered_in_history(store, 1, "reply", NOW - timedelta(hours=12))
    assert queue_ids(store) == []


def test_a_person_thanked_yesterday_who_engages_again_comes_back_for_the_new_part(
    store: Store,
) -> None:
    engaged(store, K.LIKE, 1, NOW - timedelta(days=2))
    thank(store, 1, NOW - timedelta(days=1))
    assert queue_ids(store) == []
    engaged(store, K.REPOST, 1, NOW - timedelta(hours=1))
    [card] = store.today.thank_queue(WINDOW)
    assert card.person.id == "u1" and card.newest_at == NOW - timedelta(hours=1)
    # The like was thanked already: the card is for the repost, from someone returning.
    assert card.summary() == "reposted 1" and not card.first_time


def test_an_unanswered_person_stays_whatever_sessions_came_since(store: Store) -> None:
    engaged(store, K.FOLLOW, 1, NOW - timedelta(days=3))
    for started in (NOW - timedelta(days=2), NOW - timedelta(minutes=10)):
        session = store.today.start_session(started)
        store.today.save_session(session, timedelta(seconds=2), started + timedelta(seconds=2))
    [card] = store.today.thank_queue(WINDOW)
    assert card.person.id == "u1" and card.summary() == "followed you" and card.first_time


def test_a_person_whose_newest_engagement_is_older_than_the_window_is_gone(
    store: Store,
) -> None:
    engaged(store, K.FOLLOW, 1, NOW - timedelta(days=8))
    engaged(store, K.FOLLOW, 2, NOW - timedelta(days=8))
    engaged(store, K.LIKE, 2, NOW - timedelta(days=6))
    [card] = store.today.thank_queue(WINDOW)
    # Only what happened inside the window is counted; the older follow makes
    # them a returning engager.
    assert card.person.id == "u2" and card.summary() == "liked a post" and not card.first_time


def test_the_queue_reads_the_history_through_its_indexes(store: Store, db_path: Path) -> None:
    # Enough history that a scan would be a different plan from a search.
    for actor in range(1, 30):
        engaged(store, K.FOLLOW, actor, NOW - timedelta(days=actor))
        answered_in_history(store, actor, "like", NOW - timedelta(days=actor, minutes=-5))
    statements: list[str] = []
    conn = sqlite3.connect(db_path)
    try:
        conn.set_trace_callback(statements.append)
        engagement.thank_queue(conn, WINDOW, ["me"])
        conn.set_trace_callback(None)
        [queue_sql] = [s for s in statements if "interactions" in s]
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {queue_sql}")]
    finally:
        conn.close()
    assert "SEARCH interactions USING INDEX interactions_by_time (at_us>?)" in plan
    scans = [step for step in plan if re.match(r"SCAN (interactions|outbox)\b", step)]
    assert scans == []
    per_person = [step for step in plan if "interactions_by_person (person_id=?" in step]
    assert len(per_person) == 4  # last answer, first time, their post, the counts
