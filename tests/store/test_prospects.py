"""The watchlist: adding (also offline), sorting, notes, tags, interactions."""

from __future__ import annotations

import pytest

from engage_tui.domain import Direction, Interaction
from engage_tui.store import Store
from tests.store.conftest import at, person


def _people(store: Store) -> None:
    store.people.upsert(
        [
            person(1).__class__(network="x", id="u1", handle="zed", name="Zed"),
            person(2).__class__(network="x", id="u2", handle="amy", name="Amy"),
            person(3).__class__(network="x", id="u3", handle="bob", name="Bob"),
        ]
    )


def test_prospects_join_their_person(store: Store) -> None:
    _people(store)
    store.prospects.add("u1", at(1))
    [p] = store.prospects.listing()
    assert p.person_id == "u1" and p.person is not None and p.person.handle == "zed"
    assert p.added_at == at(1) and p.last_engaged_at is None


def test_adding_twice_keeps_the_first_add(store: Store) -> None:
    store.prospects.add("u1", at(1))
    store.prospects.add("u1", at(5))
    assert [p.added_at for p in store.prospects.listing()] == [at(1)]


def test_sorts(store: Store) -> None:
    _people(store)
    store.prospects.add("u1", at(1))
    store.prospects.add("u2", at(2))
    store.prospects.add("u3", at(3))
    store.prospects.add_interaction(Interaction("u1", Direction.OUTBOUND, "reply", at(10)))
    store.prospects.add_interaction(Interaction("u3", Direction.OUTBOUND, "like", at(20)))
    assert [p.person_id for p in store.prospects.listing("stale")] == ["u2", "u1", "u3"]
    assert [p.person_id for p in store.prospects.listing("name")] == ["u2", "u3", "u1"]
    assert [p.person_id for p in store.prospects.listing("added")] == ["u3", "u2", "u1"]
    with pytest.raises(ValueError, match="unknown prospect sort"):
        store.prospects.listing("random")


def test_outbound_interactions_move_last_engaged_forward_only(store: Store) -> None:
    store.prospects.add("u1", at(0))
    store.prospects.add_interaction(
        Interaction("u1", Direction.OUTBOUND, "reply", at(10), "p1", "hi")
    )
    store.prospects.add_interaction(Interaction("u1", Direction.OUTBOUND, "like", at(5)))  # older
    store.prospects.add_interaction(Interaction("u1", Direction.INBOUND, "like", at(30)))  # theirs
    assert store.prospects.listing()[0].last_engaged_at == at(10)
    history = store.prospects.interactions("u1")
    assert [(i.kind, i.at) for i in history] == [
        ("like", at(30)),
        ("reply", at(10)),
        ("like", at(5)),
    ]
    assert history[1].text == "hi" and history[1].post_id == "p1"
    assert store.prospects.interactions("u1", limit=1)[0].at == at(30)


def test_a_handle_added_offline_waits_then_resolves(store: Store) -> None:
    store.prospects.add(None, at(1), pending_handle="@NewFriend")
    store.prospects.add(None, at(2), pending_handle="newfriend")  # same handle again
    [pending] = store.prospects.listing()
    assert pending.person is None and pending.pending_handle == "NewFriend"
    assert store.prospects.pending() == ["NewFriend"]
    store.people.upsert([person(7).__class__(network="x", id="u7", handle="NewFriend", name="New")])
    assert store.prospects.resolve_pending("newfriend", "u7") is True
    [resolved] = store.prospects.listing()
    assert resolved.person_id == "u7" and resolved.person is not None
    assert resolved.pending_handle is None and resolved.added_at == at(1)
    assert store.prospects.pending() == []


def test_a_known_handle_resolves_at_once(store: Store) -> None:
    _people(store)
    store.prospects.add(None, at(1), pending_handle="@AMY")
    assert [p.person_id for p in store.prospects.listing()] == ["u2"]


def test_remove(store: Store) -> None:
    store.prospects.add("u1", at(1))
    store.prospects.set_notes("u1", "likes chess")
    store.prospects.set_tags("u1", ["vc"])
    store.prospects.add(None, at(1), pending_handle="later")
    store.prospects.remove("u1")
    store.prospects.remove_pending("@later")
    assert store.prospects.listing() == []
    assert store._conn().execute("SELECT count(*) FROM prospect_tags").fetchone()[0] == 0
    # Notes and tags are about the person (schema v3): leaving the watchlist forgets nothing.
    assert store.prospects.notes("u1") == "likes chess" and store.prospects.tags("u1") == ("vc",)


def test_notes_and_tags(store: Store) -> None:
    store.prospects.add("u1", at(1))
    store.prospects.set_notes("u1", "met at PyCon")
    store.prospects.set_tags("u1", ["python", " investor ", "python", ""])
    [p] = store.prospects.listing()
    assert p.notes == "met at PyCon" and p.tags == ("investor", "python")
    store.prospects.set_notes("u9", "not a prospect, still remembered")
    assert store.prospects.notes("u9") == "not a prospect, still remembered"


def test_search_indexes_stay_consistent(store: Store) -> None:
    store.prospects.add("u1", at(1))
    store.prospects.set_notes("u1", "first")
    store.prospects.set_notes("u1", "second")
    store.prospects.add(None, at(1), pending_handle="x")
    store.prospects.resolve_pending("x", "u1")  # a duplicate of u1: removed
    conn = store._conn()
    for table in ("notes_fts", "posts_fts", "people_fts"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    assert [hit.kind for hit in store.inbox.search("second")] == ["note"]
    assert store.inbox.search("first") == []
