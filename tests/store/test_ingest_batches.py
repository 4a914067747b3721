"""The fast ingest path: lazy search indexing, planned group heads, no-op upserts."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.domain import Notification, NotificationKind, Person, TriageState
from engage_tui.store import Store, search_index
from tests.store.conftest import at, event, like, person, post, pull
from tests.store.test_schema import _version_1_file

K = NotificationKind


def _post_ids(store: Store, query: str) -> list[str]:
    return [h.post.id for h in store.inbox.search(query) if h.post]


def _person_ids(store: Store, query: str) -> list[str]:
    return [h.person.id for h in store.inbox.search(query) if h.person and h.kind == "person"]


def _integrity_check(store: Store) -> None:
    """FTS5 compares each index with its content table; raises if they differ."""
    conn = store._conn()
    for table in ("posts_fts", "people_fts"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def _pending(store: Store) -> int:
    conn = store._conn()
    return sum(search_index.pending(conn, index) for index in search_index.ALL)


def test_a_pull_leaves_its_posts_pending_until_a_search_indexes_them(store: Store) -> None:
    store.sync_state.apply_pull(
        "mentions",
        pull([event(K.MENTION, 1, 1, post_id="m1")], posts=[post("m1", "u1", "hello orchid")]),
        at(2),
    )
    assert _pending(store) == 2  # the post and its author
    assert _post_ids(store, "orchid") == ["m1"]
    assert _person_ids(store, "user_1") == ["u1"]
    assert _pending(store) == 0
    _integrity_check(store)


def test_pending_rows_are_indexed_in_one_batch_once_there_are_enough(store: Store) -> None:
    size = 25
    batches = search_index.FLUSH_AT // size
    for b in range(batches):
        posts = [post(f"p{b}-{i}", "u1", f"word{b}x{i}") for i in range(size)]
        store.sync_state.apply_pull("timeline", pull([], people=[], posts=posts), at(b))
        expected = 0 if b == batches - 1 else (b + 1) * size
        assert search_index.pending(store._conn(), search_index.POSTS) == expected
    _integrity_check(store)


def test_an_indexed_post_whose_text_changes_is_found_by_its_new_words_only(store: Store) -> None:
    store.people.upsert_posts([post("p1", "u1", "first draft about tulips")])
    assert _post_ids(store, "tulips") == ["p1"]
    store.people.upsert_posts([post("p1", "u1", "edited: about roses")])
    assert _post_ids(store, "tulips") == []
    assert _post_ids(store, "roses") == ["p1"]
    _integrity_check(store)


def test_a_pending_post_whose_text_changes_is_indexed_with_its_last_text(store: Store) -> None:
    store.people.upsert_posts([post("p1", "u1", "first draft about tulips")])
    store.people.upsert_posts([post("p1", "u1", "edited: about roses")])
    assert _post_ids(store, "tulips") == []
    assert _post_ids(store, "roses") == ["p1"]
    _integrity_check(store)


def test_renamed_people_are_found_by_their_new_name_before_and_after_indexing(
    store: Store,
) -> None:
    store.people.upsert([person(1), person(2)])
    assert _person_ids(store, "user_1") == ["u1"]  # indexes both
    store.people.upsert([Person(id="u1", handle="ada", name="Ada Lovelace", network="x")])
    store.people.upsert([person(3)])
    store.people.upsert([Person(id="u3", handle="grace", name="Grace Hopper", network="x")])
    assert _person_ids(store, "user_1") == []
    assert _person_ids(store, "lovelace") == ["u1"]
    assert _person_ids(store, "user_3") == []
    assert _person_ids(store, "hopper") == ["u3"]
    _integrity_check(store)


def test_an_upgraded_file_indexes_new_rows_once_and_old_rows_stay_found(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_1_file(path)
    with Store.open(path) as store:
        assert _pending(store) == 0
        store.sync_state.apply_pull(
            "timeline", pull([], people=[person(7)], posts=[post("p2", "u7", "engine")]), at(1)
        )
        assert sorted(_post_ids(store, "engine")) == ["own1", "p2"]
        _integrity_check(store)


def test_an_unchanged_post_or_person_is_not_rewritten(store: Store) -> None:
    store.people.upsert([person(1, followers_count=3)])
    store.people.upsert_posts([post("p1", "u1", "same words")])
    conn = store._conn()
    before = conn.total_changes
    store.people.upsert([person(1, followers_count=3)])
    store.people.upsert_posts([post("p1", "u1", "same words")])
    assert conn.total_changes == before


def test_a_late_like_older_than_its_group_head_joins_without_taking_the_head(
    store: Store,
) -> None:
    newer = like(1, "own1", 30)
    older = like(2, "own1", 10)
    store.sync_state.apply_pull("likes", pull([newer]), at(40))
    store.sync_state.apply_pull("likes", pull([older]), at(41))
    [row] = store.inbox.window()
    assert row.notification.id == newer.id
    assert row.group_ids == (newer.id, older.id)


def test_an_event_that_arrives_done_never_heads_the_new_group(store: Store) -> None:
    fresh = like(1, "own1", 10)
    done = like(2, "own1", 20)._replace(state=TriageState.DONE, done_at=at(21))
    store.sync_state.apply_pull("likes", pull([fresh, done]), at(30))
    [row] = store.inbox.window()
    assert row.notification.id == fresh.id and row.group_ids == (fresh.id,)
    [row] = store.inbox.window(include_done=True)
    assert row.notification.id == done.id and row.group_size == 2


# The flags as the v2 migration defines them, recomputed from scratch.
_EXPECTED_FLAGS = """
SELECT n, head_all, head_new,
    CASE WHEN group_key IS NULL THEN 1 ELSE n = (
        SELECT b.n FROM notifications AS b WHERE b.group_key = a.group_key
        ORDER BY b.created_us DESC, b.n DESC LIMIT 1) END,
    CASE WHEN state <> 'new' THEN 0 WHEN group_key IS NULL THEN 1 ELSE n = (
        SELECT b.n FROM notifications AS b WHERE b.group_key = a.group_key AND b.state = 'new'
        ORDER BY b.created_us DESC, b.n DESC LIMIT 1) END
FROM notifications AS a
"""


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), pulls=st.integers(1, 6))
def test_head_flags_equal_their_definition_after_every_pull(
    tmp_path_factory, seed: int, pulls: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path_factory.mktemp("heads") / "engage.db"
    with Store.open(path) as store:
        sent: list[Notification] = []
        for p in range(pulls):
            batch = []
            for i in range(rng.randint(1, 25)):
                if sent and rng.random() < 0.2:
                    batch.append(rng.choice(sent))  # a re-sync of a stored event
                    continue
                kind = rng.choice([K.LIKE, K.LIKE, K.REPOST, K.FOLLOW])
                subject = rng.choice(["own1", "own2"]) if kind is not K.FOLLOW else None
                e = event(kind, rng.randint(1, 5), rng.randint(0, 2 * 1440), subject=subject)
                e = e._replace(id=f"{e.id}:{p}:{i}")
                if rng.random() < 0.2:
                    e = e._replace(state=TriageState.DONE, done_at=at(3000))
                batch.append(e)
            store.sync_state.apply_pull("mix", pull(batch), at(4000))
            sent += batch
            if rng.random() < 0.5:
                flip = rng.sample(sent, k=len(sent) // 4)
                store.inbox.set_triage([e.id for e in flip], TriageState.DONE, at(5000))
            for n, head_all, head_new, want_all, want_new in store._conn().execute(_EXPECTED_FLAGS):
                assert (head_all, head_new) == (want_all, want_new), n
        stored = {e.id for e in sent}
        assert store.inbox.count(include_done=True) == len(stored)
