"""Profile facts and link suggestions in the store: drawn when a profile is
read, gone with their evidence, and the user's answer is remembered."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from engage_tui.domain import Person, ProfileFact
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from tests.conftest import fresh_store_file
from tests.store.conftest import at


def x_person(website: str | None = None, name: str = "Noor") -> Person:
    facts = [ProfileFact("home", "https://x.com/noor", label="X profile @noor")]
    if website is not None:
        facts.append(ProfileFact("website", website))
    return Person(id="1", handle="noor", name=name, network="x", facts=tuple(facts))


def bluesky_person(handle: str = "noor.example", name: str = "Noor") -> Person:
    facts = (
        ProfileFact(
            "home", f"https://bsky.app/profile/{handle}", label=f"Bluesky profile {handle}"
        ),
        ProfileFact("domain", handle, label=f"Bluesky handle {handle}"),
    )
    return Person(id="did:plc:n", handle=handle, name=name, network="bluesky", facts=facts)


def pairs(store: Store) -> list[tuple[str, str]]:
    return [(s.first.id, s.second.id) for s in store.suggestions.offered()]


def test_a_profile_read_with_evidence_makes_a_suggestion_with_its_line(store: Store) -> None:
    store.sync_state.apply_pull(
        "followers", PullResult(people=[x_person("https://noor.example")]), at(1)
    )
    store.people.upsert([bluesky_person()])
    [found] = store.suggestions.offered()
    assert (found.first.id, found.second.id) == ("1", "did:plc:n")
    assert found.evidence == "Bluesky handle noor.example is the website in X profile @noor"
    assert store.suggestions.offered("did:plc:n") == [found]
    assert found.other("1").id == "did:plc:n"


def test_the_same_name_on_two_networks_makes_no_suggestion(store: Store) -> None:
    store.people.upsert(
        [x_person(name="Noor Haddad"), bluesky_person("noor.bsky.social", "Noor Haddad")]
    )
    assert store.suggestions.offered() == []


def test_a_rejected_suggestion_is_never_offered_again(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    assert store.suggestions.reject("did:plc:n", "1", at(2))
    store.people.upsert([x_person("https://noor.example/"), bluesky_person()])
    store.people.upsert([x_person(), bluesky_person()])
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    assert store.suggestions.offered() == []
    assert not store.suggestions.reject("1", "did:plc:n", at(3))


def test_a_suggestion_goes_when_its_evidence_goes(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    store.people.upsert([x_person("https://elsewhere.example")])
    assert store.suggestions.offered() == []


def test_a_read_without_the_bio_keeps_the_facts_and_the_suggestion(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    store.people.upsert([Person(id="1", handle="noor", name="Noor", network="x")])
    assert store.suggestions.facts("1") == x_person("https://noor.example").facts
    assert pairs(store) == [("1", "did:plc:n")]


def test_an_accepted_suggestion_leaves_the_open_list(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    assert store.suggestions.accept("1", "did:plc:n", at(2))
    store.people.upsert([x_person("https://noor.example/"), bluesky_person()])
    assert store.suggestions.offered() == []


class Answers(RuleBasedStateMachine):
    """Profiles change, are read again and again, and the user answers: a
    pair is open exactly while its evidence stands and it is unanswered."""

    paths: Iterator[Path]

    def __init__(self) -> None:
        super().__init__()
        self.store = Store.open(next(self.paths))
        self.website: str | None = None
        self.answered = False

    @rule(website=st.sampled_from([None, "https://noor.example", "https://other.example"]))
    def x_profile_read(self, website: str | None) -> None:
        self.website = website
        self.store.people.upsert([x_person(website)])

    @rule()
    def bluesky_profile_read(self) -> None:
        self.store.people.upsert([bluesky_person()])

    @rule()
    def short_read(self) -> None:
        self.store.people.upsert([Person(id="1", handle="noor", name="Noor", network="x")])

    @rule(accept=st.booleans())
    def answer(self, accept: bool) -> None:
        decide = self.store.suggestions.accept if accept else self.store.suggestions.reject
        was_open = self.expected_open()
        assert decide("1", "did:plc:n", at(5)) == was_open
        self.answered = self.answered or was_open

    def expected_open(self) -> bool:
        bluesky_known = bool(self.store.suggestions.facts("did:plc:n"))
        return bluesky_known and self.website == "https://noor.example" and not self.answered

    @invariant()
    def open_exactly_while_evidence_stands_and_unanswered(self) -> None:
        assert (pairs(self.store) == [("1", "did:plc:n")]) == self.expected_open()

    def teardown(self) -> None:
        self.store.close()


@pytest.fixture
def machine_paths(tmp_path: Path, empty_store_file: Path) -> Iterator[Iterator[Path]]:
    numbers = itertools.count()
    yield (fresh_store_file(empty_store_file, tmp_path / f"m{n}.db") for n in numbers)


def test_answers_are_remembered_whatever_the_order_of_reads(machine_paths: Iterator[Path]) -> None:
    class Machine(Answers):
        paths = machine_paths

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_accepting_a_suggestion_links_the_two_accounts(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    assert store.suggestions.accept("did:plc:n", "1", at(2))
    assert sorted(store.people.accounts_of("did:plc:n")) == ["1", "did:plc:n"]


def test_rejecting_a_suggestion_links_nothing(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    assert store.suggestions.reject("did:plc:n", "1", at(2))
    assert store.people.accounts_of("1") == ["1"]


def test_accounts_linked_by_hand_are_not_suggested(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    store.people.link_accounts("1", "did:plc:n")
    assert store.suggestions.offered() == []


def test_unlinking_an_accepted_pair_remembers_it_as_a_no(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    assert store.suggestions.accept("1", "did:plc:n", at(2))
    store.people.unlink_account("did:plc:n", at(3))
    store.people.upsert([x_person("https://noor.example/"), bluesky_person()])

    assert store.suggestions.answer("1", "did:plc:n") == "rejected"
    assert store.suggestions.offered() == []
    assert store.people.accounts_of("1") == ["1"]


def test_unlinking_accounts_linked_by_hand_answers_their_open_suggestion_no(store: Store) -> None:
    store.people.upsert([x_person("https://noor.example"), bluesky_person()])
    store.people.link_accounts("1", "did:plc:n")
    store.people.unlink_account("1", at(3))

    assert store.suggestions.offered() == []
    assert store.suggestions.answer("did:plc:n", "1") == "rejected"
