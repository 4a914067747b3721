"""The rules every caller of relations/prospects.py shares: which network a
handle waits for, who is stale, and that adding someone twice watches them once."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.domain import Prospect
from engage_tui.platforms.registry import ORIGINAL
from engage_tui.relations import prospects
from engage_tui.store import Store
from tests.relations.conftest import ANA, NOW


def test_a_handle_waits_for_the_network_its_shape_says() -> None:
    assert prospects.handle_network("ana_b") == "x"
    assert prospects.handle_network("ana.bsky.social") == "bluesky"
    assert prospects.handle_network("ana@example.social") == "mastodon"


def test_a_handle_no_rule_takes_is_the_original_networks() -> None:
    assert prospects.handle_network("") == ORIGINAL


def test_someone_never_engaged_is_stale() -> None:
    assert prospects.is_stale(Prospect(person_id="11", added_at=NOW), NOW, stale_days=14)


@given(days=st.integers(1, 365), extra_us=st.integers(0, 10**9))
def test_stale_is_strictly_longer_than_the_days_since_engaging(days: int, extra_us: int) -> None:
    engaged = NOW - timedelta(days=days) - timedelta(microseconds=extra_us)
    watched = Prospect(person_id="11", added_at=NOW, last_engaged_at=engaged)
    assert prospects.is_stale(watched, NOW, stale_days=days) is (extra_us > 0)


def test_adding_someone_twice_watches_them_once(store: Store) -> None:
    store.people.upsert([ANA])
    assert prospects.add_person(store, ANA.id, NOW) is True
    assert prospects.add_person(store, ANA.id, NOW) is False
    assert [p.person_id for p in store.prospects.listing()] == [ANA.id]


def test_a_note_given_again_for_someone_watched_is_kept_once(store: Store) -> None:
    first = prospects.add_handle(store, "newbie", "x", "met at the meetup", NOW)
    again = prospects.add_handle(store, "newbie", "x", "met at the meetup", NOW)
    more = prospects.add_handle(store, "newbie", "x", "likes candles", NOW)
    assert (first, again, more) == (
        prospects.Added.NEW,
        prospects.Added.ALREADY,
        prospects.Added.NOTED,
    )
    [watched] = store.prospects.listing()
    assert watched.pending_handle == "newbie"
    assert watched.notes == "met at the meetup\nlikes candles"
