"""The user's wish for a prospect's new posts (schema v14): written at once,
carried out by the engine, never lost when the user changes their mind while
the network is being asked; and a new post that arrives is no engagement."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from tests.store.conftest import at

ANA = Person("mastodon:example.social/accounts/7", "ana@example.social", "Ana", network="mastodon")
BO = Person("did:plc:bo", "bo.bsky.social", "Bo", network="bluesky")
CY = Person("mastodon:example.social/accounts/8", "cy@example.social", "Cy", network="mastodon")


def test_a_wish_waits_for_its_own_network_only(store: Store) -> None:
    store.people.upsert([ANA, BO])
    store.subscriptions.want([ANA, BO], True, at(1))

    assert store.subscriptions.waiting("mastodon") == [(ANA, True)]
    assert store.subscriptions.waiting("bluesky") == [(BO, True)]
    assert store.subscriptions.waiting("x") == []


def test_a_new_post_is_in_the_inbox_but_owes_no_thank_and_is_no_engagement(
    store: Store,
) -> None:
    post = Post("mastodon:example.social/statuses/1", ANA.id, "new words", at(1), "mastodon")
    event = Notification(
        "mastodon:example.social/status/7/1",
        NotificationKind.NEW_POST,
        ANA.id,
        at(1),
        "mastodon",
        post_id=post.id,
    )
    store.sync_state.apply_pull("notifications", PullResult([event], [ANA], [post]), at(2))

    [row] = store.inbox.window()
    assert row.notification.kind is NotificationKind.NEW_POST
    assert row.post is not None and row.post.text == "new words"
    assert store.today.thank_queue(at(0)) == []
    assert store.today.top_engagers(at(0)) == []


PEOPLE = [ANA, BO, CY]


class TheLastWishWins(RuleBasedStateMachine):
    """Generated wishes (on, off), engine passes that succeed or fail, and
    wishes made while the engine is asking the network: what the store says
    is always what the user last asked and what the network last did."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="engage-subs-"))
        self.store = Store.open(self.folder / "engage.db")
        self.store.people.upsert(PEOPLE)
        self.minutes = 0.0
        self.expected: dict[str, str | None] = {p.id: None for p in PEOPLE}
        self.network: dict[str, bool] = {p.id: False for p in PEOPLE}

    def _tick(self) -> float:
        self.minutes += 1
        return self.minutes

    @rule(person=st.sampled_from(PEOPLE), on=st.booleans())
    def want(self, person: Person, on: bool) -> None:
        self.store.subscriptions.want([person], on, at(self._tick()))
        self.expected[person.id] = "turning_on" if on else "turning_off"

    def _carry_out(self, person: Person, on: bool, works: bool, changed: bool) -> None:
        subs = self.store.subscriptions
        if works:
            self.network[person.id] = on
            settled = subs.settled(person.id, on, at(self._tick()))
            assert settled is not changed
            if not changed:
                self.expected[person.id] = "on" if on else None
        else:
            subs.failed(person.id, on, at(self._tick()), "refused")
            if not changed:
                self.expected[person.id] = "failed"

    @rule(network=st.sampled_from(["mastodon", "bluesky"]), works=st.booleans())
    def engine_pass(self, network: str, works: bool) -> None:
        for person, on in self.store.subscriptions.waiting(network):
            self._carry_out(person, on, works, changed=False)

    @rule(network=st.sampled_from(["mastodon", "bluesky"]), works=st.booleans())
    def user_changes_their_mind_while_the_network_is_asked(self, network: str, works: bool) -> None:
        waiting = self.store.subscriptions.waiting(network)
        if not waiting:
            return
        person, on = waiting[0]
        self.want(person, not on)
        self._carry_out(person, on, works, changed=True)

    @invariant()
    def the_store_says_the_last_wish_and_what_the_network_did(self) -> None:
        for person in PEOPLE:
            found = self.store.subscriptions.of_person(person.id).subscriptions.get(person.id)
            state = found.state if found is not None else None
            assert state == self.expected[person.id]
            if state == "on":
                assert self.network[person.id]
            if state is None:
                assert not self.network[person.id]

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def test_generated_wishes_and_passes_never_lose_the_users_last_word() -> None:
    run_state_machine_as_test(
        TheLastWishWins,
        settings=settings(max_examples=60, stateful_step_count=25, deadline=None),
    )
