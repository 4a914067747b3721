"""apply_pull and the upserts: idempotent, one transaction, fields kept right."""

from __future__ import annotations

from datetime import datetime

import pytest

from engage_tui.domain import Direction, NotificationKind, Post, TriageState
from engage_tui.domain.models import PostMetrics
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from tests.store.conftest import at, event, like, person, post, pull

K = NotificationKind


def test_the_same_event_synced_twice_is_one_row(store: Store) -> None:
    events = [like(1, "own1", 1), event(K.FOLLOW, 2, 2)]
    assert store.sync_state.apply_pull("mix", pull(events), at(3)) == 2
    assert store.sync_state.apply_pull("mix", pull(events), at(4)) == 0
    assert store.inbox.count() == 2
    assert len(store.inbox.window(group=False)) == 2


def test_a_resync_never_resets_triage(store: Store) -> None:
    follow = event(K.FOLLOW, 2, 2)
    store.sync_state.apply_pull("followers", pull([follow]), at(3))
    store.inbox.set_triage([follow.id], TriageState.DONE, at(4))
    store.inbox.mark_seen([follow.id])
    store.sync_state.apply_pull("followers", pull([follow]), at(5))
    row = store.inbox.window(include_done=True)[0].notification
    assert row.state is TriageState.DONE
    assert row.done_at == at(4)
    assert row.seen is True
    assert store.inbox.window() == []


def test_duplicates_inside_one_pull_count_once(store: Store) -> None:
    follow = event(K.FOLLOW, 2, 2)
    assert store.sync_state.apply_pull("followers", pull([follow, follow]), at(3)) == 1


def test_new_events_are_recorded_as_inbound_interactions(store: Store) -> None:
    mention = event(K.MENTION, 1, 5, post_id="m1")
    store.sync_state.apply_pull(
        "mentions", pull([mention], posts=[post("m1", author="u1", text="hey @me")]), at(6)
    )
    store.sync_state.apply_pull("mentions", pull([mention]), at(7))  # not twice
    [seen] = store.prospects.interactions("u1")
    assert seen.direction is Direction.INBOUND
    assert seen.kind == "mention"
    assert seen.post_id == "m1"
    assert seen.text == "hey @me"
    assert seen.at == at(5)


def test_people_upsert_updates_fields(store: Store) -> None:
    store.people.upsert([person(1, followers_count=10, bio="old bio")])
    store.people.upsert(
        [
            person(1, followers_count=12, bio="new bio").__class__(
                id="u1",
                handle="renamed",
                name="New Name",
                network="x",
                followers_count=12,
                bio="new bio",
            )
        ]
    )
    found = store.people.get("u1")
    assert found is not None
    assert (found.handle, found.name, found.followers_count, found.bio) == (
        "renamed",
        "New Name",
        12,
        "new bio",
    )
    assert store.people.by_handle("@RENAMED") == found
    assert store.people.by_handle("user_1") is None


def test_a_partial_person_keeps_what_the_cache_knew(store: Store) -> None:
    store.people.upsert([person(1, followers_count=10, bio="bio")])
    store.people.upsert([person(1)])  # an expansion without those fields
    found = store.people.get("u1")
    assert found is not None and found.followers_count == 10 and found.bio == "bio"


def test_posts_upsert_updates_metrics_and_keeps_them_when_missing(store: Store) -> None:
    first = Post(
        id="p1", author_id="me", text="t", created_at=at(1), metrics=PostMetrics(3, 1), network="x"
    )
    store.people.upsert_posts([first])
    store.people.upsert_posts(
        [
            Post(
                id="p1",
                author_id="me",
                text="t",
                created_at=at(1),
                metrics=PostMetrics(likes=5, reposts=2, replies=1),
                network="x",
            )
        ]
    )
    found = store.people.post("p1")
    assert found is not None and found.metrics == PostMetrics(5, 2, 1, 0)
    store.people.upsert_posts(
        [Post(id="p1", author_id="me", text="t", created_at=at(1), network="x")]
    )
    found = store.people.post("p1")
    assert found is not None and found.metrics == PostMetrics(5, 2, 1, 0)


def test_a_post_round_trips_every_field(store: Store) -> None:
    full = Post(
        id="p1",
        author_id="u1",
        text="hello @me",
        created_at=at(1),
        in_reply_to_id="p0",
        quoted_id="q0",
        conversation_id="c0",
        mentions=("me", "other"),
        metrics=PostMetrics(1, 2, 3, 4),
        url="https://x.com/user_1/status/p1",
        network="x",
    )
    store.people.upsert_posts([full])
    assert store.people.post("p1") == full
    assert store.sync_state.known_posts(["p1", "nope"]) == {"p1"}
    assert store.people.posts_by("u1") == [full]


def test_search_follows_changed_text(store: Store) -> None:
    store.people.upsert_posts([post("p1", text="original words")])
    store.people.upsert_posts([post("p1", text="edited wording")])
    assert store.inbox.search("original") == []
    assert [h.post.id for h in store.inbox.search("edited") if h.post] == ["p1"]
    store.people.upsert([person(1)])
    store.people.upsert([person(1).__class__(network="x", id="u1", handle="zed", name="Zed Shaw")])
    assert [h.person.id for h in store.inbox.search("zed") if h.person] == ["u1"]
    assert [h for h in store.inbox.search("user_1") if h.kind == "person"] == []


def test_cursors_and_snapshots_are_saved_with_the_rows(store: Store) -> None:
    result = pull(
        [event(K.FOLLOW, 1, 1)],
        cursors={"mentions.since_id": "123"},
        snapshots={"followers": frozenset({"u1", "u2"})},
    )
    store.sync_state.apply_pull("followers", result, at(2))
    assert store.sync_state.cursor("mentions.since_id") == "123"
    assert store.sync_state.snapshot("followers") == {"u1", "u2"}
    assert store.sync_state.last_pull("followers") == at(2)
    store.sync_state.apply_pull(
        "followers",
        PullResult(
            cursors={"mentions.since_id": None}, snapshots={"followers": frozenset({"u2", "u3"})}
        ),
        at(3),
    )
    assert store.sync_state.cursor("mentions.since_id") is None
    assert store.sync_state.snapshot("followers") == {"u2", "u3"}
    assert store.sync_state.snapshot("list_memberships") == frozenset()


def test_a_failing_pull_stores_nothing(store: Store) -> None:
    naive = event(K.FOLLOW, 2, 2).__class__(
        id="bad", kind=K.FOLLOW, actor_id="u2", created_at=datetime(2026, 1, 1), network="x"
    )
    result = pull(
        [event(K.FOLLOW, 1, 1), naive],
        cursors={"followers.cursor": "abc"},
        snapshots={"followers": frozenset({"u1"})},
    )
    with pytest.raises(ValueError, match="naive datetime"):
        store.sync_state.apply_pull("followers", result, at(3))
    assert store.inbox.count(include_done=True) == 0
    assert store.people.get("u1") is None
    assert store.sync_state.cursor("followers.cursor") is None
    assert store.sync_state.snapshot("followers") == frozenset()
    # The connection is usable afterwards.
    assert store.sync_state.apply_pull("followers", pull([event(K.FOLLOW, 1, 1)]), at(4)) == 1


def test_meta_values(store: Store) -> None:
    assert store.sync_state.meta_get("owner") is None
    store.sync_state.meta_set("owner", "u1")
    assert store.sync_state.meta_get("owner") == "u1"
    store.sync_state.meta_set("owner", None)
    assert store.sync_state.meta_get("owner") is None


def test_complete_handles_by_prefix(store: Store) -> None:
    store.people.upsert([person(1), person(2), person(10)])
    store.people.upsert([person(3).__class__(network="x", id="u3", handle="Alice", name="A")])
    assert [p.id for p in store.people.complete_handles("@user_1")] == ["u1", "u10"]
    assert [p.id for p in store.people.complete_handles("al")] == ["u3"]
    assert store.people.complete_handles("") == []
    assert len(store.people.complete_handles("user", limit=2)) == 2
