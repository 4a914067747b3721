"""One person, several accounts: linking gathers notes, tags and history
across networks and never loses any; unlinking gives each account back."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from engage_tui.domain import Direction, Interaction, Person
from engage_tui.store import Store
from tests.store.conftest import at

X, BSKY, MASTO = "x:1", "bluesky:did:plc:alice", "mastodon:example.social/accounts/7"


def _said(store: Store, account: str, kind: str, minutes: float) -> None:
    store.prospects.add_interaction(Interaction(account, Direction.INBOUND, kind, at(minutes)))


def test_an_account_alone_is_a_person_of_its_own(store: Store) -> None:
    assert store.people.accounts_of(X) == [X]


def test_linked_accounts_are_one_person_in_the_order_linked(store: Store) -> None:
    store.people.link_accounts(X, BSKY)
    store.people.link_accounts(MASTO, BSKY)
    assert (
        store.people.accounts_of(X)
        == store.people.accounts_of(BSKY)
        == store.people.accounts_of(MASTO)
    )
    assert set(store.people.accounts_of(X)) == {X, BSKY, MASTO}
    assert store.people.accounts_of(MASTO)[-1] == MASTO


def test_linking_twice_or_to_itself_changes_nothing(store: Store) -> None:
    store.people.link_accounts(X, BSKY)
    before = store.people.accounts_of(X)
    store.people.link_accounts(BSKY, X)
    store.people.link_accounts(X, X)
    assert store.people.accounts_of(X) == before
    assert store.people.linked_people() == [before]


def test_linking_two_linked_people_makes_one(store: Store) -> None:
    store.people.link_accounts(X, BSKY)
    store.people.link_accounts(MASTO, "x:2")
    store.people.link_accounts(BSKY, "x:2")
    assert set(store.people.accounts_of(MASTO)) == {X, BSKY, MASTO, "x:2"}


def test_unlinking_leaves_the_others_linked(store: Store) -> None:
    store.people.link_accounts(X, BSKY)
    store.people.link_accounts(X, MASTO)
    store.people.unlink_account(BSKY)
    assert store.people.accounts_of(BSKY) == [BSKY]
    assert store.people.accounts_of(X) == [X, MASTO]


def test_unlinking_one_of_two_ends_the_link(store: Store) -> None:
    store.people.link_accounts(X, BSKY)
    store.people.unlink_account(X)
    assert store.people.accounts_of(BSKY) == [BSKY]
    assert store.people.linked_people() == []


def test_linked_notes_keep_both_texts_in_the_order_written(store: Store) -> None:
    store.prospects.set_notes(BSKY, "met at the meetup", at(1))
    store.prospects.set_notes(X, "asked about pricing", at(2))
    store.people.link_accounts(X, BSKY)
    assert (
        store.prospects.notes(X)
        == store.prospects.notes(BSKY)
        == "met at the meetup\n\nasked about pricing"
    )


def test_linked_tags_are_the_union(store: Store) -> None:
    store.prospects.set_tags(X, ["customer"])
    store.prospects.set_tags(BSKY, ["partner", "customer"])
    store.people.link_accounts(X, BSKY)
    assert store.prospects.tags(BSKY) == ("customer", "partner")


def test_the_person_view_has_one_timeline_across_networks(store: Store) -> None:
    _said(store, X, "like", 1)
    _said(store, BSKY, "reply", 2)
    store.prospects.add_interaction(Interaction(MASTO, Direction.OUTBOUND, "thank", at(3)))
    store.people.link_accounts(X, BSKY)
    store.people.link_accounts(X, MASTO)
    summary = store.prospects.person_summary(BSKY, at(10))
    assert [e.interaction.person_id for e in summary.timeline] == [MASTO, BSKY, X]
    assert summary.last_engaged_at == at(3)
    assert summary.inbound_30d == 2 and summary.outbound_30d == 1
    assert summary.accounts == (X, BSKY, MASTO)


def test_unlinking_gives_each_account_its_own_plus_what_was_written_while_linked(
    store: Store,
) -> None:
    store.prospects.set_notes(X, "x note", at(1))
    store.prospects.set_tags(X, ["customer"])
    store.prospects.set_tags(BSKY, ["partner"])
    _said(store, BSKY, "like", 1)
    store.people.link_accounts(X, BSKY)
    store.prospects.set_tags(X, ["customer", "partner", "vip"])
    _said(store, X, "reply", 2)
    store.people.unlink_account(BSKY)
    assert store.prospects.tags(X) == ("customer", "vip")
    assert store.prospects.tags(BSKY) == ("partner", "vip")
    assert [i.kind for i in store.prospects.interactions(X)] == ["reply"]
    assert [i.kind for i in store.prospects.interactions(BSKY)] == ["like"]
    assert store.prospects.notes(X) == "x note" and store.prospects.notes(BSKY) == ""


def test_notes_written_while_linked_stay_with_every_account(store: Store) -> None:
    store.people.link_accounts(X, BSKY)
    store.prospects.set_notes(BSKY, "prefers email", at(1))
    store.people.unlink_account(X)
    assert store.prospects.notes(X) == store.prospects.notes(BSKY) == "prefers email"


def test_a_link_survives_reopening_the_file(store: Store, db_path: Path) -> None:
    store.people.link_accounts(X, BSKY)
    store.close()
    with Store.open(db_path) as again:
        assert again.people.accounts_of(BSKY) == [X, BSKY]


ACCOUNTS = [X, BSKY, MASTO, "x:2"]
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)
TAGS = st.sampled_from(["customer", "partner", "prospect", "vip"])


class LinkingNeverLoses(RuleBasedStateMachine):
    """Generated link, unlink, note, tag and interaction steps on four
    accounts, checked after every step against what was written."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="engage-links-"))
        self.store = Store.open(self.folder / "engage.db")
        self.minutes = 0.0
        self.person: dict[str, set[str]] = {a: {a} for a in ACCOUNTS}
        # the last notes written through each account (or its person)
        self.note: dict[str, str] = {a: "" for a in ACCOUNTS}
        self.tags: dict[str, set[str]] = {a: set() for a in ACCOUNTS}
        self.said: dict[str, list[str]] = {a: [] for a in ACCOUNTS}

    def _tick(self) -> float:
        self.minutes += 1
        return self.minutes

    @rule(first=st.sampled_from(ACCOUNTS), second=st.sampled_from(ACCOUNTS))
    def link(self, first: str, second: str) -> None:
        self.store.people.link_accounts(first, second)
        joined = self.person[first] | self.person[second]
        for account in joined:
            self.person[account] = joined

    @rule(account=st.sampled_from(ACCOUNTS))
    def unlink(self, account: str) -> None:
        self.store.people.unlink_account(account)
        rest = self.person[account] - {account}
        for other in rest:
            self.person[other] = rest
        self.person[account] = {account}

    @rule(account=st.sampled_from(ACCOUNTS), words=WORDS)
    def write_a_note(self, account: str, words: str) -> None:
        base = self.store.prospects.notes(account)
        mine = f"{base}\n{words}" if base else words
        self.store.prospects.set_notes_since(account, base, mine, at(self._tick()))
        for other in self.person[account]:
            self.note[other] = mine

    @rule(account=st.sampled_from(ACCOUNTS), tag=TAGS)
    def add_a_tag(self, account: str, tag: str) -> None:
        self.store.prospects.set_tags(account, [*self.store.prospects.tags(account), tag])
        # A tag the person already has (on any account) is no change at all.
        if tag not in set().union(*(self.tags[o] for o in self.person[account])):
            for other in self.person[account]:
                self.tags[other].add(tag)

    @precondition(lambda self: any(self.tags.values()))
    @rule(data=st.data())
    def remove_a_tag(self, data: st.DataObject) -> None:
        account = data.draw(st.sampled_from([a for a in ACCOUNTS if self.tags[a]]))
        tag = data.draw(st.sampled_from(sorted(self.tags[account])))
        self.store.prospects.set_tags(
            account, [t for t in self.store.prospects.tags(account) if t != tag]
        )
        for other in self.person[account]:
            self.tags[other].discard(tag)

    @rule(account=st.sampled_from(ACCOUNTS), kind=st.sampled_from(["like", "reply", "follow"]))
    def they_engage(self, account: str, kind: str) -> None:
        _said(self.store, account, kind, self._tick())
        self.said[account].append(kind)

    @invariant()
    def every_account_belongs_to_the_person_linked(self) -> None:
        for account in ACCOUNTS:
            assert set(self.store.people.accounts_of(account)) == self.person[account]

    @invariant()
    def no_note_is_lost(self) -> None:
        for account in ACCOUNTS:
            shown = self.store.prospects.notes(account)
            for other in self.person[account]:
                assert self.note[other] in shown

    @invariant()
    def no_tag_is_lost_and_none_comes_back(self) -> None:
        for account in ACCOUNTS:
            union = set().union(*(self.tags[o] for o in self.person[account]))
            assert set(self.store.prospects.tags(account)) == union

    @invariant()
    def no_interaction_is_lost(self) -> None:
        now = at(self.minutes + 1)
        for account in ACCOUNTS:
            own = [i.kind for i in reversed(self.store.prospects.interactions(account))]
            assert own == self.said[account]
            timeline = self.store.prospects.person_summary(account, now).timeline
            assert len(timeline) == sum(len(self.said[o]) for o in self.person[account])

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def test_generated_linking_never_loses_a_note_a_tag_or_an_interaction() -> None:
    run_state_machine_as_test(
        LinkingNeverLoses,
        settings=settings(max_examples=60, stateful_step_count=25, deadline=None),
    )


def test_the_thank_queue_has_one_card_per_linked_person_led_by_the_newest(
    store: Store,
) -> None:
    store.people.upsert(
        [
            Person(X, "alice", "Alice", network="x"),
            Person(BSKY, "alice.bsky.social", "Alice", network="bluesky"),
            Person("x:2", "bob", "Bob", network="x"),
        ]
    )
    _said(store, X, "like", 1)
    _said(store, BSKY, "follow", 2)
    _said(store, "x:2", "like", 3)
    store.people.link_accounts(X, BSKY)
    cards = store.today.thank_queue(at(0))
    assert [[p.person.id for p in c.parts] for c in cards] == [["x:2"], [BSKY, X]]
    assert cards[1].counts == {"follow": 1} and cards[1].elsewhere[0].counts == {"like": 1}


def test_search_finds_a_person_by_any_handle_with_posts_from_every_network(
    store: Store,
) -> None:
    from engage_tui.domain import Post

    store.people.upsert(
        [
            Person(X, "alice", "Alice Ames", network="x"),
            Person(BSKY, "ally.bsky.social", "Ally", network="bluesky"),
        ]
    )
    store.people.upsert_posts(
        [
            Post("x-post", X, "shipping on friday", at(1), network="x"),
            Post("b-post", BSKY, "hello from the other side", at(2), network="bluesky"),
        ]
    )
    before = store.inbox.search("ally")
    assert [h.person.id for h in before if h.kind == "person" and h.person] == [BSKY]
    store.people.link_accounts(X, BSKY)
    hits = store.inbox.search("ally")
    assert [h.person.id for h in hits if h.kind == "person" and h.person] == [BSKY, X]
    assert [h.post.id for h in hits if h.kind == "post" and h.post] == ["b-post", "x-post"]


def test_a_prospect_is_stale_only_when_stale_on_every_network(store: Store) -> None:
    store.prospects.add(X, at(0))
    store.prospects.add("x:2", at(0))
    store.prospects.add_interaction(Interaction(BSKY, Direction.OUTBOUND, "reply", at(5)))
    assert {p.person_id: p.last_engaged_at for p in store.prospects.listing()} == {
        X: None,
        "x:2": None,
    }
    store.people.link_accounts(X, BSKY)
    listing = store.prospects.listing()
    assert [(p.person_id, p.last_engaged_at) for p in listing] == [("x:2", None), (X, at(5))]


def test_a_person_watched_on_two_networks_is_one_prospect(store: Store) -> None:
    store.prospects.add(X, at(0))
    store.prospects.add(BSKY, at(1))
    store.prospects.set_tags(BSKY, ["customer"])
    store.people.link_accounts(X, BSKY)
    listing = store.prospects.listing()
    assert [p.person_id for p in listing] == [X]
    assert listing[0].tags == ("customer",)


def test_a_prospects_posts_come_from_every_linked_account(store: Store) -> None:
    from engage_tui.domain import Post

    store.people.upsert_posts(
        [
            Post("x-post", X, "on x", at(1), network="x"),
            Post("b-post", BSKY, "on bluesky", at(2), network="bluesky"),
        ]
    )
    assert [p.id for p in store.people.posts_by_person(X)] == ["x-post"]
    store.people.link_accounts(X, BSKY)
    assert [p.id for p in store.people.posts_by_person(X)] == ["b-post", "x-post"]


def test_who_engages_counts_a_linked_person_once_led_by_their_busiest_account(
    store: Store,
) -> None:
    store.people.upsert(
        [
            Person(X, "alice", "Alice", network="x"),
            Person(BSKY, "alice.bsky.social", "Alice", network="bluesky"),
            Person("x:2", "bob", "Bob", network="x"),
        ]
    )
    for n in range(2):
        _said(store, X, "like", n)
    _said(store, BSKY, "reply", 3)
    for n in range(2):
        _said(store, "x:2", "like", 4 + n)
    store.people.link_accounts(X, BSKY)

    found = store.today.top_engagers(at(-1))

    assert [(e.person_id, e.total, e.likes, e.replies) for e in found] == [
        (X, 3, 2, 1),
        ("x:2", 2, 2, 0),
    ]
