"""Inbox windows: keyset paging, filters, triage and grouping."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.domain import Handled, NotificationKind, TriageState
from engage_tui.store import Store
from tests.store.conftest import at, event, like, person, post, pull

K = NotificationKind


def ids(rows) -> list[str]:
    return [r.notification.id for r in rows]


def test_newest_first_and_pages_with_keyset_positions(store: Store) -> None:
    events = [event(K.LIST_ADD, i, minutes=i) for i in range(120)]
    store.sync_state.apply_pull("lists", pull(events), at(200))
    seen: list[str] = []
    after = None
    while True:
        window = store.inbox.window(limit=50, after=after)
        if not window:
            break
        seen += ids(window)
        after = window[-1].sort_key
    assert seen == [e.id for e in reversed(events)]


def test_rows_with_the_same_time_page_without_loss_or_repeat(store: Store) -> None:
    events = [event(K.LIST_ADD, i, minutes=5) for i in range(30)]
    store.sync_state.apply_pull("lists", pull(events), at(10))
    first = store.inbox.window(limit=7)
    rest = []
    after = first[-1].sort_key
    while page := store.inbox.window(limit=7, after=after):
        rest += page
        after = page[-1].sort_key
    all_ids = ids(first) + ids(rest)
    assert sorted(all_ids) == sorted(e.id for e in events)
    assert len(set(all_ids)) == 30


def test_filter_by_kinds(store: Store) -> None:
    store.sync_state.apply_pull(
        "mix",
        pull(
            [
                event(K.FOLLOW, 1, 1),
                event(K.MENTION, 2, 2, post_id="m1"),
                event(K.LIST_ADD, 3, 3),
                event(K.FOLLOW, 4, 4),
            ]
        ),
        at(5),
    )
    follows = store.inbox.window(kinds=frozenset({K.FOLLOW}))
    assert [(r.notification.kind, r.group_size) for r in follows] == [(K.FOLLOW, 2)]
    two = store.inbox.window(kinds=frozenset({K.MENTION, K.LIST_ADD}))
    assert [r.notification.kind for r in two] == [K.LIST_ADD, K.MENTION]
    assert store.inbox.window(kinds=frozenset()) == []


def test_done_items_are_hidden_unless_asked_for(store: Store) -> None:
    a, b = event(K.LIST_ADD, 1, 1), event(K.LIST_ADD, 2, 2)
    store.sync_state.apply_pull("lists", pull([a, b]), at(3))
    store.inbox.set_triage([b.id], TriageState.DONE, at(4))
    assert ids(store.inbox.window()) == [a.id]
    everything = store.inbox.window(include_done=True)
    assert ids(everything) == [b.id, a.id]
    assert everything[0].notification.state is TriageState.DONE
    assert everything[0].notification.done_at == at(4)


def test_marking_new_again_brings_the_row_back(store: Store) -> None:
    a = event(K.FOLLOW, 1, 1)
    store.sync_state.apply_pull("followers", pull([a]), at(3))
    store.inbox.set_triage([a.id], TriageState.DONE, at(4))
    store.inbox.set_triage([a.id], TriageState.NEW, at(5))
    row = store.inbox.window()[0]
    assert row.notification.state is TriageState.NEW
    assert row.notification.done_at is None


def test_an_answered_item_is_done_and_says_how_until_it_is_new_again(store: Store) -> None:
    a = event(K.MENTION, 1, 1)
    store.sync_state.apply_pull("mentions", pull([a]), at(3))
    store.inbox.set_triage([a.id], TriageState.DONE, at(4), Handled.REPLIED)
    assert store.inbox.window() == []
    done = store.inbox.window(include_done=True)[0].notification
    assert (done.state, done.handled) == (TriageState.DONE, Handled.REPLIED)
    store.inbox.set_triage([a.id], TriageState.NEW, at(5))
    back = store.inbox.window()[0].notification
    assert (back.state, back.handled) == (TriageState.NEW, None)


def test_a_plain_done_has_no_handled_mark(store: Store) -> None:
    a = event(K.FOLLOW, 1, 1)
    store.sync_state.apply_pull("followers", pull([a]), at(3))
    store.inbox.set_triage([a.id], TriageState.DONE, at(4))
    assert store.inbox.window(include_done=True)[0].notification.handled is None


def test_rows_carry_actor_post_and_subject(store: Store) -> None:
    reply = event(K.REPLY, 1, 2, post_id="r1", subject="own1")
    store.sync_state.apply_pull(
        "mentions",
        pull([reply], posts=[post("own1", text="mine"), post("r1", author="u1", text="hi")]),
        at(3),
    )
    row = store.inbox.window()[0]
    assert row.actor is not None and row.actor.handle == "user_1"
    assert row.post is not None and row.post.text == "hi"
    assert row.subject is not None and row.subject.text == "mine"
    assert row.group_ids == (reply.id,)


def test_likes_of_one_post_on_one_day_are_one_row(store: Store) -> None:
    likes = [like(i, "own1", minutes=i) for i in range(1, 4)]
    store.sync_state.apply_pull("likes", pull([*likes, like(9, "own2", 2)]), at(10))
    rows = store.inbox.window()
    assert len(rows) == 2
    group = rows[0]
    assert group.notification.id == likes[2].id  # the newest stands for the group
    assert group.group_ids == tuple(e.id for e in reversed(likes))
    assert [p.id for p in group.group_actors] == ["u3", "u2", "u1"]


def test_likes_on_different_days_or_kinds_are_separate_rows(store: Store) -> None:
    store.sync_state.apply_pull(
        "likes",
        pull(
            [
                like(1, "own1", 1),
                like(2, "own1", 1, days=1),
                event(K.REPOST, 3, 2, subject="own1"),
            ]
        ),
        at(10, days=1),
    )
    assert len(store.inbox.window()) == 3
    assert len(store.inbox.window(group=False)) == 3


def test_group_members_beyond_the_window_edge_fold_into_their_head(store: Store) -> None:
    # One like early on, many list adds in between, then a like of the same post.
    events = [like(1, "own1", 0)] + [event(K.LIST_ADD, 10 + i, 1 + i) for i in range(20)]
    events.append(like(2, "own1", 30))
    store.sync_state.apply_pull("mix", pull(events), at(40))
    first = store.inbox.window(limit=5)
    assert first[0].group_ids == (events[-1].id, events[0].id)
    later = []
    after = first[-1].sort_key
    while page := store.inbox.window(limit=5, after=after):
        later += page
        after = page[-1].sort_key
    assert events[0].id not in ids(later)  # never shown twice
    assert len(first) + len(later) == 21


def test_done_members_leave_the_group_and_new_ones_join(store: Store) -> None:
    first = [like(1, "own1", 1), like(2, "own1", 2)]
    store.sync_state.apply_pull("likes", pull(first), at(3))
    store.inbox.set_triage([e.id for e in first], TriageState.DONE, at(4))
    assert store.inbox.window() == []
    late = like(3, "own1", 5)
    store.sync_state.apply_pull("likes", pull([late]), at(6))
    assert [r.group_ids for r in store.inbox.window()] == [(late.id,)]
    everything = store.inbox.window(include_done=True)
    assert everything[0].group_ids == (late.id, first[1].id, first[0].id)


def test_ungrouped_window_lists_every_like(store: Store) -> None:
    likes = [like(i, "own1", minutes=i) for i in range(1, 4)]
    store.sync_state.apply_pull("likes", pull(likes), at(5))
    assert ids(store.inbox.window(group=False)) == [e.id for e in reversed(likes)]


def test_count_is_exact_per_kind_and_state(store: Store) -> None:
    events = [like(i, "own1", i) for i in range(5)] + [event(K.FOLLOW, 9, 9)]
    store.sync_state.apply_pull("mix", pull(events), at(10))
    store.sync_state.apply_pull("mix", pull(events), at(11))  # a re-sync adds nothing
    store.inbox.set_triage([events[0].id, events[1].id], TriageState.DONE, at(12))
    assert store.inbox.count() == 4
    assert store.inbox.count(include_done=True) == 6
    assert store.inbox.count(kinds=frozenset({K.FOLLOW})) == 1
    assert store.inbox.count(kinds=frozenset({K.LIKE}), include_done=True) == 5


def test_mark_seen_sets_the_flag(store: Store) -> None:
    a = event(K.FOLLOW, 1, 1)
    store.sync_state.apply_pull("followers", pull([a]), at(2))
    assert store.inbox.window()[0].notification.seen is False
    store.inbox.mark_seen([a.id])
    assert store.inbox.window()[0].notification.seen is True


def _model(
    events, batches: dict[str, int], done: set[str], include_done: bool, group: bool
) -> list[tuple[str, ...]]:
    """What the inbox should show, computed the slow, obvious way: likes and
    reposts group by post and day, follows by the pull they came with."""
    # The store breaks ties of time by insertion order (its rowid).
    order = {e.id: i for i, e in enumerate(events)}
    visible = [e for e in events if include_done or e.id not in done]
    visible.sort(key=lambda e: (e.created_at, order[e.id]), reverse=True)
    rows: dict[object, list[str]] = {}
    for e in visible:
        day = e.created_at.date()
        key: object = e.id
        if group and e.kind in (K.LIKE, K.REPOST) and e.subject_id:
            key = (e.kind, e.subject_id, day)
        elif group and e.kind is K.FOLLOW:
            key = (e.kind, batches[e.id])
        rows.setdefault(key, []).append(e.id)
    return [tuple(members) for members in rows.values()]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(1, 60),
    page=st.integers(1, 9),
    include_done=st.booleans(),
    group=st.booleans(),
)
def test_windows_match_a_simple_model(
    tmp_path_factory, seed: int, count: int, page: int, include_done: bool, group: bool
) -> None:
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("model") / "engage.db"
    with Store.open(path) as store:
        events = []
        batches: dict[str, int] = {}
        done: set[str] = set()
        for batch in range(3):
            fresh = []
            for i in range(count // 3 + 1):
                kind = rng.choice([K.LIKE, K.LIKE, K.REPOST, K.FOLLOW])
                subject = rng.choice(["own1", "own2"]) if kind is not K.FOLLOW else None
                e = event(kind, rng.randint(1, 8), rng.randint(0, 3000), subject=subject)
                e = type(e)(**{**_fields(e), "id": f"{e.id}:{batch}:{i}"})
                fresh.append(e)
            store.sync_state.apply_pull("mix", pull(fresh), at(4000))
            events += fresh
            batches.update((e.id, batch) for e in fresh)
            flip = rng.sample(events, k=len(events) // 3)
            for e in flip:
                if rng.random() < 0.7:
                    done.add(e.id)
                    store.inbox.set_triage([e.id], TriageState.DONE, at(5000))
                else:
                    done.discard(e.id)
                    store.inbox.set_triage([e.id], TriageState.NEW, at(5000))
        shown: list[tuple[str, ...]] = []
        after = None
        while rows := store.inbox.window(
            limit=page, after=after, include_done=include_done, group=group
        ):
            shown += [r.group_ids for r in rows]
            after = rows[-1].sort_key
        expected = _model(events, batches, done, include_done, group)
        assert shown == expected


def _fields(e) -> dict:
    return e._asdict()


def test_people_missing_from_the_cache_leave_actor_empty(store: Store) -> None:
    store.sync_state.apply_pull("followers", pull([event(K.FOLLOW, 1, 1)], people=[]), at(2))
    row = store.inbox.window()[0]
    assert row.actor is None and row.group_actors == ()
    store.people.upsert([person(1)])
    assert store.inbox.window()[0].actor == person(1)


def test_a_big_group_shows_its_newest_actors_and_counts_all(store: Store) -> None:
    from engage_tui.store.results import GROUP_ACTORS_SHOWN

    likes = [like(i, "own1", minutes=i) for i in range(1, 31)]
    store.sync_state.apply_pull("likes", pull(likes), at(40))
    [row] = store.inbox.window()
    assert row.group_size == 30 and len(row.group_ids) == 30
    assert [p.id for p in row.group_actors] == [
        f"u{i}" for i in range(30, 30 - GROUP_ACTORS_SHOWN, -1)
    ]
    everyone = store.inbox.actors_of(list(row.group_ids))
    assert [p.id for p in everyone] == [f"u{i}" for i in range(30, 0, -1)]


@given(st.text(max_size=40) | st.sampled_from([h.value for h in Handled]))
@settings(max_examples=40, deadline=None)
def test_a_handled_mark_engage_does_not_know_reads_as_plain_done(value: str) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "e.db")
        a = event(K.MENTION, 1, 1)
        store.sync_state.apply_pull("mentions", pull([a]), at(3))
        store.inbox.set_triage([a.id], TriageState.DONE, at(4))
        # A newer engage (or a hand-edited file) may hold any text here.
        with store._conn() as conn:
            conn.execute("UPDATE notifications SET handled = ? WHERE id = ?", (value, a.id))
        note = store.inbox.window(include_done=True)[0].notification
        store.close()
    assert note.state is TriageState.DONE
    assert note.handled is (Handled(value) if value in set(Handled) else None)
