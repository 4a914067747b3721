"""The daily pass from the store's side: follows grouped per pull, every member
of a group, and a streak made of days with engagement."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    Direction,
    Interaction,
    Notification,
    NotificationKind,
    OutboxState,
    TriageState,
)
from engage_tui.store import Store
from engage_tui.store.migrations import migrate
from engage_tui.store.timeutil import to_us
from engage_tui.tui.widgets.inbox_row import body, who
from tests.store.conftest import at, event, like, person, post, pull
from tests.store.test_ingest_batches import _EXPECTED_FLAGS

K = NotificationKind


def follows(actors: range, minutes: float = 0) -> list[Notification]:
    """What one pull of the followers source brings: X stamps them all with the
    moment of the pull, newest follower first."""
    return [event(K.FOLLOW, a, minutes) for a in actors]


def mention(actor: int, minutes: float, post_id: str) -> Notification:
    return event(K.MENTION, actor, minutes, post_id=post_id)


def _flags_are_exact(store: Store) -> None:
    for n, head_all, head_new, want_all, want_new in store._conn().execute(_EXPECTED_FLAGS):
        assert (head_all, head_new) == (want_all, want_new), n


# --- follows: one row per pull ------------------------------------------------------


def test_the_follows_one_pull_brings_are_one_row_carrying_all_of_them(store: Store) -> None:
    batch = follows(range(1, 21), minutes=5)
    store.sync_state.apply_pull("followers", pull(batch), at(5))
    [row] = store.inbox.window()
    assert row.group_size == 20
    assert set(row.group_ids) == {e.id for e in batch}
    assert store.inbox.count() == 20  # the count stays one per follower


def test_a_follow_group_reads_as_two_names_and_the_others(store: Store) -> None:
    batch = follows(range(1, 21), minutes=5)
    store.sync_state.apply_pull("followers", pull(batch), at(5))
    [row] = store.inbox.window()
    first, second = row.group_actors[:2]
    assert f"{who(row)} {body(row)}" == f"{first.name}, {second.name} and 18 others followed you"


def test_follows_of_two_pulls_are_two_rows(store: Store) -> None:
    store.sync_state.apply_pull("followers", pull(follows(range(1, 4), minutes=5)), at(5))
    store.sync_state.apply_pull("followers", pull(follows(range(4, 6), minutes=65)), at(65))
    assert [r.group_size for r in store.inbox.window()] == [2, 3]


def test_follows_of_two_pulls_at_the_same_moment_are_still_two_rows(store: Store) -> None:
    store.sync_state.apply_pull("followers", pull(follows(range(1, 4), minutes=5)), at(5))
    store.sync_state.apply_pull("followers", pull(follows(range(4, 6), minutes=5)), at(5))
    assert [r.group_size for r in store.inbox.window()] == [2, 3]


def test_follows_that_carry_times_of_their_own_are_one_row_per_pull_too(store: Store) -> None:
    # A network that dates each follow (Bluesky, Mastodon) groups like X:
    # one row for the pull, standing at its newest follower's time.
    dated = [event(K.FOLLOW, a, minutes=a) for a in range(1, 6)]
    store.sync_state.apply_pull("notifications", pull(dated), at(6))
    [row] = store.inbox.window()
    assert row.group_size == 5
    assert row.notification.created_at == at(5)


@given(minutes=st.lists(st.integers(0, 60 * 24 * 30), min_size=2, max_size=30))
@settings(max_examples=30, deadline=None)
def test_any_dated_follows_of_one_pull_are_one_row(tmp_path_factory, minutes: list[int]) -> None:
    store = Store.open(tmp_path_factory.mktemp("dated") / "engage.db")
    try:
        dated = [event(K.FOLLOW, a, minutes=m) for a, m in enumerate(minutes, start=1)]
        store.sync_state.apply_pull("notifications", pull(dated), at(max(minutes) + 1))
        [row] = store.inbox.window()
        assert row.group_size == len(minutes)
        assert store.inbox.count() == len(minutes)
        _flags_are_exact(store)
    finally:
        store.close()


def test_follows_of_two_accounts_in_one_pull_are_two_rows(store: Store) -> None:
    batch = follows(range(1, 6), minutes=5)
    mixed = [e._replace(account="me-a" if e.actor_id < "u3" else "me-b") for e in batch]
    store.sync_state.apply_pull("followers", pull(mixed), at(5))
    assert sorted(r.group_size for r in store.inbox.window()) == [2, 3]


def test_follows_of_two_networks_in_one_pull_are_two_rows(store: Store) -> None:
    on_x = follows(range(1, 3), minutes=5)
    elsewhere = [e._replace(id=f"sky:{e.id}", network="bsky") for e in follows(range(3, 6), 5)]
    store.sync_state.apply_pull("followers", pull(on_x + elsewhere), at(5))
    assert sorted(r.group_size for r in store.inbox.window()) == [2, 3]


def test_mentions_are_not_buried_under_the_followers_of_a_sync(store: Store) -> None:
    store.sync_state.apply_pull(
        "mentions", pull([mention(90, 1, "m1")], posts=[post("m1", "u90", "hi")]), at(2)
    )
    store.sync_state.apply_pull("followers", pull(follows(range(1, 21), minutes=3)), at(3))
    first_screen = store.inbox.window(limit=20)
    assert [(r.notification.kind, r.group_size) for r in first_screen] == [
        (K.FOLLOW, 20),
        (K.MENTION, 1),
    ]


def test_a_follower_seen_again_later_stays_in_the_first_group(store: Store) -> None:
    store.sync_state.apply_pull("followers", pull(follows(range(1, 4), minutes=5)), at(5))
    store.sync_state.apply_pull("followers", pull(follows(range(3, 5), minutes=9)), at(9))
    rows = store.inbox.window()
    assert [r.group_ids for r in rows] == [
        ("follow:u4::0",),
        ("follow:u3::0", "follow:u2::0", "follow:u1::0"),
    ]


def test_marking_the_group_done_clears_every_follower_and_undo_brings_them_back(
    store: Store,
) -> None:
    store.sync_state.apply_pull("followers", pull(follows(range(1, 6), minutes=5)), at(5))
    [row] = store.inbox.window()
    store.inbox.set_triage(list(row.group_ids), TriageState.DONE, at(6))
    assert store.inbox.window() == []
    assert store.inbox.count() == 0
    [done] = store.inbox.window(include_done=True)
    assert done.group_size == 5
    store.inbox.set_triage(list(row.group_ids), TriageState.NEW, at(7))
    assert [r.group_ids for r in store.inbox.window()] == [row.group_ids]
    _flags_are_exact(store)


def test_one_follower_done_leaves_the_rest_of_the_group_new(store: Store) -> None:
    store.sync_state.apply_pull("followers", pull(follows(range(1, 4), minutes=5)), at(5))
    [row] = store.inbox.window()
    store.inbox.set_triage([row.notification.id], TriageState.DONE, at(6))
    [rest] = store.inbox.window()
    assert rest.group_size == 2 and row.notification.id not in rest.group_ids
    _flags_are_exact(store)


# --- actors_of: everyone in a group -------------------------------------------------


def test_actors_of_a_group_of_ten_likes_lists_all_ten_newest_first(store: Store) -> None:
    likes = [like(i, "own1", minutes=i) for i in range(1, 11)]
    store.sync_state.apply_pull("likes", pull(likes), at(20))
    [row] = store.inbox.window()
    assert len(row.group_actors) < 10  # the row names only a few
    assert [p.id for p in store.inbox.actors_of(list(row.group_ids))] == [
        f"u{i}" for i in range(10, 0, -1)
    ]


def test_actors_of_a_big_follow_batch_lists_everyone_in_inbox_order(store: Store) -> None:
    # More than one query's worth of ids (the store reads them in chunks of 500).
    batch = follows(range(1, 1201), minutes=5)
    store.sync_state.apply_pull("followers", pull(batch), at(5))
    [row] = store.inbox.window()
    actors = [p.id for p in store.inbox.actors_of(list(row.group_ids))]
    assert actors == [e.actor_id for e in reversed(batch)]
    assert actors[:2] == [p.id for p in row.group_actors[:2]]


def test_actors_of_skips_people_not_cached_yet(store: Store) -> None:
    batch = follows(range(1, 4), minutes=5)
    store.sync_state.apply_pull("followers", pull(batch, people=[person(1), person(3)]), at(5))
    [row] = store.inbox.window()
    assert [p.id for p in store.inbox.actors_of(list(row.group_ids))] == ["u3", "u1"]


# --- the migration to version 5 -----------------------------------------------------


def _version_4_file(path: Path) -> None:
    """Follows as version 4 stored them: each its own row (no group key)."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=4)
    first, second = to_us(at(5)), to_us(at(65))
    rows = [
        ("follow:u1", "u1", first, "new", None),
        ("follow:u2", "u2", first, "done", to_us(at(6))),
        ("follow:u3", "u3", first, "new", None),
        ("follow:u4", "u4", second, "done", to_us(at(66))),
        ("follow:u5", "u5", second, "done", to_us(at(66))),
        ("like:u6:own1", "u6", first, "new", None),
        ("follow:u9", "u9", to_us(at(30)), "new", None),  # alone at its time
    ]
    conn.executemany(
        "INSERT INTO notifications(id, kind, actor_id, subject_id, created_us, state, done_us,"
        " group_key, head_new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                i,
                i.split(":")[0],
                actor,
                "own1" if i.startswith("like") else None,
                created,
                state,
                done,
                f"like|own1|{created // 86_400_000_000}" if i.startswith("like") else None,
                int(state == "new"),
            )
            for i, actor, created, state, done in rows
        ],
    )
    conn.execute(
        "INSERT INTO notification_counts(kind, state, count)"
        " SELECT kind, state, count(*) FROM notifications GROUP BY kind, state"
    )
    conn.close()


def test_a_version_4_file_groups_its_follows_by_the_pull_that_brought_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v4.db"
    _version_4_file(path)
    with Store.open(path) as store:
        _flags_are_exact(store)
        new = store.inbox.window(kinds=frozenset({K.FOLLOW}))
        assert [r.group_ids for r in new] == [("follow:u9",), ("follow:u3", "follow:u1")]
        everything = store.inbox.window(kinds=frozenset({K.FOLLOW}), include_done=True)
        assert [r.group_ids for r in everything] == [
            ("follow:u5", "follow:u4"),
            ("follow:u9",),
            ("follow:u3", "follow:u2", "follow:u1"),
        ]
        assert store.inbox.count(include_done=True) == 7
        # New follows after the upgrade start a group of their own.
        store.sync_state.apply_pull("followers", pull(follows(range(7, 9), minutes=90)), at(90))
        assert [r.group_size for r in store.inbox.window(kinds=frozenset({K.FOLLOW}))] == [
            2,
            1,
            2,
        ]
        _flags_are_exact(store)


# --- the streak: days with engagement -----------------------------------------------

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TODAY = NOW.date()


def _queue(
    store: Store,
    kind: ActionKind,
    when: datetime,
    *,
    thank: bool = False,
    text: str = "typed by hand",
) -> int:
    item = store.outbox.enqueue(
        ActionRequest(
            kind,
            send_after=when,
            target_post_id=None if thank else "p1",
            person_id="u1",
            text="" if kind is ActionKind.LIKE else text,
            draft_key="thank:u1" if thank else None,
            at=when,
            network="x",
        )
    )
    return item.id


def test_a_day_with_a_reply_counts_without_a_session(store: Store) -> None:
    _queue(store, ActionKind.REPLY, NOW - timedelta(hours=1))
    assert store.today.streak(TODAY, UTC) == 1


def test_replies_thanks_and_likes_on_days_in_a_row_make_a_streak(store: Store) -> None:
    _queue(store, ActionKind.REPLY, NOW - timedelta(days=2))
    _queue(store, ActionKind.POST, NOW - timedelta(days=1), thank=True)
    _queue(store, ActionKind.LIKE, NOW)
    assert store.today.streak(TODAY, UTC) == 3


def test_sessions_and_engagement_days_join_into_one_streak(store: Store) -> None:
    store.today.start_session(NOW - timedelta(days=1))
    _queue(store, ActionKind.LIKE, NOW - timedelta(days=2))
    assert store.today.streak(TODAY, UTC) == 2  # today is not over yet


def test_a_cancelled_or_failed_action_or_a_plain_post_does_not_count(store: Store) -> None:
    store.outbox.cancel(_queue(store, ActionKind.REPLY, NOW))
    failed = _queue(store, ActionKind.LIKE, NOW - timedelta(days=1))
    claimed = store.outbox.claim(failed, None, NOW)
    assert claimed is not None
    store.outbox.finish(claimed, OutboxState.FAILED, at=NOW, error="gone")
    _queue(store, ActionKind.POST, NOW)  # a post of one's own answers nobody
    assert store.today.streak(TODAY, UTC) == 0


def test_only_what_the_owner_did_counts_not_what_others_did(store: Store) -> None:
    store.sync_state.apply_pull("mentions", pull([mention(2, 0, "m1")]), NOW)
    store.prospects.add_interaction(Interaction("u2", Direction.INBOUND, "like", NOW))
    assert store.today.streak(TODAY, UTC) == 0


def test_an_engagement_from_another_machine_counts(store: Store) -> None:
    # Imported history: outbound interactions with no outbox row here.
    store.prospects.add_interaction(
        Interaction("u2", Direction.OUTBOUND, "thank", NOW - timedelta(days=1))
    )
    store.prospects.add_interaction(Interaction("u2", Direction.OUTBOUND, "reply", NOW))
    assert store.today.streak(TODAY, UTC) == 2


def test_days_are_the_users_local_days(store: Store) -> None:
    new_york = timezone(timedelta(hours=-5))
    # 02:00 UTC on the 20th is 21:00 on the 19th in New York.
    _queue(store, ActionKind.REPLY, datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    # Other words: the same words to the same post while the first waits are refused.
    _queue(store, ActionKind.REPLY, datetime(2026, 11, 20, 20, 0, tzinfo=UTC), text="later")
    assert store.today.streak(date(2026, 11, 20), new_york) == 2
    assert store.today.streak(date(2026, 11, 20), UTC) == 1


def test_a_streak_longer_than_the_first_look_is_counted_in_full(store: Store) -> None:
    for days in range(200):
        _queue(store, ActionKind.LIKE, NOW - timedelta(days=days))
    _queue(store, ActionKind.LIKE, NOW - timedelta(days=201))  # after a day off
    assert store.today.streak(TODAY, UTC) == 200


def test_the_streak_lives_until_today_ends(store: Store) -> None:
    _queue(store, ActionKind.REPLY, datetime.combine(TODAY, time(), UTC) - timedelta(hours=1))
    assert store.today.streak(TODAY, UTC) == 1
    assert store.today.streak(TODAY + timedelta(days=1), UTC) == 0


# --- any interleaving of pulls and triage -------------------------------------------

_EVENT = st.tuples(
    st.sampled_from([K.FOLLOW, K.LIKE, K.MENTION]),
    st.integers(1, 8),  # actor
    st.integers(0, 3 * 1440),  # minutes
    st.sampled_from(["own1", "own2"]),
)
_PULL = st.tuples(st.just("pull"), st.lists(_EVENT, min_size=1, max_size=12), st.booleans())
_TRIAGE = st.tuples(st.sampled_from(["done", "undo"]), st.integers(0, 40), st.booleans())


def _events(spec: list[tuple], pull_no: int, same_time: bool) -> list[Notification]:
    out = []
    for i, (kind, actor, minutes, subject) in enumerate(spec):
        if kind is K.FOLLOW:
            # One id per follower for ever, as X's source builds it; X stamps
            # a pull's follows with one time, other networks with their own.
            e = event(K.FOLLOW, actor, 0 if same_time else minutes)
            out.append(e._replace(created_at=at(10 * pull_no)) if same_time else e)
        elif kind is K.LIKE:
            out.append(like(actor, subject, minutes))
        else:
            out.append(mention(actor, minutes, f"m{pull_no}-{i}"))
    return out


def _no_group_shows_twice(store: Store) -> None:
    for include_done in (False, True):
        shown: list[str] = []
        after = None
        while rows := store.inbox.window(limit=3, after=after, include_done=include_done):
            shown += [i for r in rows for i in r.group_ids]
            after = rows[-1].sort_key
        assert len(shown) == len(set(shown))
        assert len(shown) == store.inbox.count(include_done=include_done)


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.one_of(_PULL, _TRIAGE), min_size=1, max_size=12))
def test_head_flags_stay_exact_and_no_group_shows_twice_for_any_interleaving(
    tmp_path_factory, steps: list[tuple]
) -> None:
    path = tmp_path_factory.mktemp("daily") / "engage.db"
    with Store.open(path) as store:
        for number, (op, arg, flag) in enumerate(steps):
            if op == "pull":
                store.sync_state.apply_pull(
                    "mix", pull(_events(arg, number, flag)), at(10 * number)
                )
            else:
                rows = store.inbox.window(limit=50, include_done=flag)
                if rows:
                    row = rows[arg % len(rows)]
                    state = TriageState.DONE if op == "done" else TriageState.NEW
                    store.inbox.set_triage(list(row.group_ids), state, at(10 * number))
            _flags_are_exact(store)
            _no_group_shows_twice(store)
