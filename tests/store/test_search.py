"""Full-text search over posts, people and prospect notes."""

from __future__ import annotations

import pytest

from engage_tui.store import Store
from engage_tui.store.search import match_expression
from tests.store.conftest import at, person, post


@pytest.fixture
def filled(store: Store) -> Store:
    store.people.upsert(
        [
            person(1).__class__(
                network="x", id="u1", handle="ada_l", name="Ada Lovelace", followers_count=9
            ),
            person(2).__class__(
                network="x", id="u2", handle="grace", name="Grace Hopper", followers_count=50
            ),
        ]
    )
    store.people.upsert_posts(
        [
            post(
                "p1", author="u1", text="The Analytical Engine weaves algebraic patterns", minutes=1
            ),
            post("p2", author="u2", text="Debugging: there was a moth in the relay", minutes=2),
            post("p3", author="u2", text="Café crème and compilers", minutes=3),
        ]
    )
    store.prospects.add("u1", at(0))
    store.prospects.set_notes("u1", "Wants an intro to Babbage; follow up in spring")
    return store


def test_finds_posts_by_words_with_their_author(filled: Store) -> None:
    [hit] = filled.inbox.search("analytical engine")
    assert hit.kind == "post" and hit.post is not None and hit.post.id == "p1"
    assert hit.person is not None and hit.person.handle == "ada_l"
    assert "Analytical" in hit.snippet


def test_the_last_word_matches_as_a_prefix(filled: Store) -> None:
    assert [h.post.id for h in filled.inbox.search("debug") if h.post] == ["p2"]


def test_accents_do_not_matter(filled: Store) -> None:
    assert [h.post.id for h in filled.inbox.search("cafe creme") if h.post] == ["p3"]


def test_finds_people_by_handle_and_name(filled: Store) -> None:
    assert [
        h.person.id for h in filled.inbox.search("@ada_l") if h.person and h.kind == "person"
    ] == ["u1"]
    assert [
        h.person.id for h in filled.inbox.search("hopper") if h.person and h.kind == "person"
    ] == ["u2"]


def test_finds_prospect_notes(filled: Store) -> None:
    hits = [h for h in filled.inbox.search("babbage") if h.kind == "note"]
    assert [h.person.id for h in hits if h.person] == ["u1"]
    assert "Babbage" in hits[0].snippet
    filled.prospects.set_notes("u1", "nothing here now")
    assert [h for h in filled.inbox.search("babbage") if h.kind == "note"] == []


def test_people_come_before_posts_and_posts_newest_first(filled: Store) -> None:
    filled.people.upsert_posts([post("p4", author="u1", text="grace under pressure", minutes=9)])
    hits = filled.inbox.search("grace")
    assert [h.kind for h in hits] == ["person", "post"]
    filled.people.upsert_posts([post("p5", author="u1", text="more grace", minutes=10)])
    assert [h.post.id for h in filled.inbox.search("grace") if h.post] == ["p5", "p4"]


def test_limit_caps_all_hits(filled: Store) -> None:
    filled.people.upsert_posts([post(f"x{i}", text=f"moth number {i}") for i in range(10)])
    assert len(filled.inbox.search("moth", limit=3)) == 3


@pytest.mark.parametrize(
    "query", ['"', "AND", "a OR", "NEAR(x", "*", "col:word", "-", "^start", "'; DROP", "()"]
)
def test_fts_syntax_in_the_query_is_just_text(filled: Store, query: str) -> None:
    assert isinstance(filled.inbox.search(query), list)  # never raises


def test_empty_query_finds_nothing(filled: Store) -> None:
    assert filled.inbox.search("   ") == []
    assert match_expression("!!") is None


def test_whole_words_and_prefix_matches_merge_newest_first(filled: Store) -> None:
    filled.people.upsert_posts(
        [
            post("old", text="a mothball", minutes=10),
            post("new", text="a moth again", minutes=11),
            post("newest", text="mothballs everywhere", minutes=12),
        ]
    )
    hits = [h.post.id for h in filled.inbox.search("moth") if h.post]
    assert hits == ["newest", "new", "old", "p2"]
