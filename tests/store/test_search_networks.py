"""One search over X and Bluesky: posts, people and notes of both networks
come back together from one real SQLite file, each hit saying its network."""

from __future__ import annotations

import pytest

from engage_tui.domain import Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from tests.store.conftest import at

X_ANA = Person("11", "ana_lima", "Ana Lima", network="x", followers_count=400)
BLUE_ANA = Person("did:plc:ana4lima", "ana.bsky.social", "Ana Lima", network="bluesky")
BLUE_BO = Person("did:plc:bo5chen", "bo.example.com", "Bo Chen", network="bluesky")
X_POST = Post("900", X_ANA.id, "Terminal inboxes are underrated", at(1), network="x")
BLUE_POST = Post(
    "at://did:plc:bo5chen/app.bsky.feed.post/3k2a",
    BLUE_BO.id,
    "A terminal inbox for Bluesky too?",
    at(2),
    network="bluesky",
)


@pytest.fixture
def both(store: Store) -> Store:
    """Synced as the two platforms hand them over, one pull each."""
    store.sync_state.apply_pull("mentions", PullResult(people=[X_ANA], posts=[X_POST]), at(3))
    store.sync_state.apply_pull(
        "bluesky:notifications", PullResult(people=[BLUE_ANA, BLUE_BO], posts=[BLUE_POST]), at(3)
    )
    store.prospects.set_notes(X_ANA.id, "met at the terminal meetup", at(4))
    store.prospects.set_notes(BLUE_BO.id, "builds terminal tools", at(4))
    return store


def test_a_word_finds_posts_of_both_networks_newest_first(both: Store) -> None:
    posts = [(h.post.network, h.post.id) for h in both.inbox.search("terminal") if h.post]
    assert posts == [("bluesky", BLUE_POST.id), ("x", X_POST.id)]


def test_each_post_comes_with_its_author_on_the_same_network(both: Store) -> None:
    authors = {
        h.post.id: (h.person.network, h.person.handle)
        for h in both.inbox.search("inbox")
        if h.post and h.person
    }
    assert authors == {X_POST.id: ("x", "ana_lima"), BLUE_POST.id: ("bluesky", "bo.example.com")}


def test_one_name_on_two_networks_is_two_people(both: Store) -> None:
    people = [(h.person.network, h.person.id) for h in both.inbox.search("ana lima") if h.person]
    assert sorted(people) == [("bluesky", BLUE_ANA.id), ("x", X_ANA.id)]


def test_a_bluesky_handle_is_found_by_its_parts(both: Store) -> None:
    found = [
        h.person.id for h in both.inbox.search("bo.example") if h.kind == "person" and h.person
    ]
    assert found == [BLUE_BO.id]


def test_notes_about_people_on_both_networks_are_found(both: Store) -> None:
    noted = {h.person.id for h in both.inbox.search("terminal") if h.kind == "note" and h.person}
    assert noted == {X_ANA.id, BLUE_BO.id}
