"""What is queued or sent is what was typed, once, from the right account, and
nothing typed is lost: a generated interleaving of typing, bursts, held
backspaces, sends, escapes, undos, reopened drafts and syncs by a second
process (another Store and SyncEngine on the same SQLite file, sending the
outbox to the X sandbox), checked after every step.

The app runs under Pilot on an event loop of the machine's own; each rule
runs the loop until its keys are handled and its writes have landed.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from engage_tui.config import Config
from engage_tui.domain import ActionKind, NotificationKind, OutboxState
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.inbox import InboxScreen
from tests.sync.conftest import World, start_world
from tests.sync.helpers import replies_to
from tests.tui.app_machine import AppOnAnInboxCopy
from tests.tui.burst import burst, typed_as_keys
from tests.tui.helpers import go_to, inbox, settle, until
from tests.tui.test_composer import composer, typed

T = TypeVar("T")

# Bounded so both stateful composer tests stay within a minute on a shared
# 2-core box; ENGAGE_STATEFUL_EXAMPLES=200 runs a longer search by hand.
STATEFUL = settings(
    max_examples=int(os.environ.get("ENGAGE_STATEFUL_EXAMPLES", "3")),
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # Each step drives a whole app: shrinking a failure would take minutes.
    # The steps of a failing run are printed as they are.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    print_blob=True,
)

# What a person types: letters, digits, spaces and the punctuation of a reply.
WORDS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789,.!?'-", min_size=1, max_size=18
)
LIVE_OR_SENT = frozenset(
    {OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HANDED, OutboxState.SENT}
)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = start_world()
    try:
        yield w
    finally:
        w.stop()


@pytest.fixture(scope="module")
def template(world: World, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the sandbox's inbox, pulled once: each example copies it."""
    path = tmp_path_factory.mktemp("stateful") / "template.db"
    with Store.open(path) as store:
        report = SyncEngine(store, world.platform(), config=Config(), clock=world.clock).run_once(
            every_source=True
        )
        assert report.ok, report.problems
    return path


class ComposerAndOutbox(AppOnAnInboxCopy):
    # The machine opens each composer itself: the flow to the next one is off.
    flow = False

    def __init__(self) -> None:
        super().__init__()
        self.tag_counter = itertools.count()
        # The model: the open composer's key and words, and per draft key the
        # words last left in it (closed with escape, or queued with ctrl+s).
        self.target: str | None = None
        self.words = ""
        self.tag = ""
        self.left: dict[str, str] = {}
        self.sent_words: set[tuple[str, str]] = set()  # (target, words) queued by ctrl+s

    # --- opening ------------------------------------------------------------
    def _opened(self) -> None:
        app = self.app
        self.run(until(self.pilot, lambda: composer(app).is_open, "the composer"))
        request = composer(app).request
        assert request is not None and request.target is not None
        self.key, self.target = request.key, request.target.id
        self.words = typed(app)
        # Each reply starts with a tag of its own: X refuses a post whose
        # words it has already seen, so two equal replies could not be told apart.
        if not self.words:
            self.tag = f"k{self.example}n{next(self.tag_counter)} "
            self._type(self.tag)
        else:
            self.tag = self.words.split(" ", 1)[0] + " " if " " in self.words else ""

    def _on_inbox(self) -> None:
        if not isinstance(self.app.screen, InboxScreen):
            self.run(self.pilot.press("1"))
            self.run(until(self.pilot, lambda: isinstance(self.app.screen, InboxScreen), "inbox"))

    @precondition(lambda self: self.key is None)
    @rule(pick=st.integers(min_value=0, max_value=20))
    def reply_to_an_inbox_item(self, pick: int) -> None:
        self._on_inbox()
        self.run(settle(self.pilot))
        rows = [
            r
            for r in inbox(self.app).rows
            if r.post is not None
            and r.notification.kind in (NotificationKind.MENTION, NotificationKind.REPLY)
        ]
        if not rows:
            return
        row = rows[pick % len(rows)]
        self.run(go_to(self.pilot, row.notification.id))
        self.run(self.pilot.press("r"))
        self._opened()

    @precondition(lambda self: self.key is None)
    @rule(pick=st.integers(min_value=0, max_value=20))
    def reopen_a_draft(self, pick: int) -> None:
        self.run(self.pilot.press("3"))
        self.run(until(self.pilot, lambda: isinstance(self.app.screen, DraftsScreen), "drafts"))
        self.run(settle(self.pilot))
        screen = self.app.screen
        assert isinstance(screen, DraftsScreen)
        if not screen.drafts:
            return
        for _ in range(pick % len(screen.drafts)):
            self.run(self.pilot.press("down"))
        self.run(self.pilot.press("enter"))
        self._opened()

    # --- typing -------------------------------------------------------------
    def _type(self, words: str, *then: str) -> None:
        burst(self.app, *typed_as_keys(words), *then)
        self.words += words

    def _settled_words(self) -> None:
        app = self.app
        self.run(until(self.pilot, lambda: typed(app) == self.words, "every key typed"))

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS)
    def type_a_burst(self, words: str) -> None:
        self._type(words)
        self._settled_words()

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS, held=st.integers(min_value=1, max_value=8))
    def type_then_hold_backspace(self, words: str, held: int) -> None:
        self._type(words)
        # Never into the tag: it tells this reply from every other.
        held = min(held, len(self.words) - len(self.tag))
        burst(self.app, *["backspace"] * held)
        self.words = self.words[: len(self.words) - held]
        self._settled_words()

    # --- leaving the composer -----------------------------------------------
    def _closed(self) -> None:
        self.run(until(self.pilot, lambda: not composer(self.app).is_open, "the composer closed"))
        self.run(settle(self.pilot))
        self.key = self.target = None
        self.words = self.tag = ""

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS)
    def type_and_send_in_one_burst(self, words: str) -> None:
        assert self.key is not None and self.target is not None
        before = {i.id for i in self.store.outbox.items()}
        self._type(words, "ctrl+s")
        sent = self.words.strip()
        key, target = self.key, self.target
        self._closed()
        new = [i for i in self.store.outbox.items() if i.id not in before]
        assert [(i.kind, i.text, i.target_post_id, i.account) for i in new] == [
            (ActionKind.REPLY, sent, target, self.account)
        ]
        self.left[key] = sent
        self.sent_words.add((target, sent))

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS)
    def type_and_escape_in_one_burst(self, words: str) -> None:
        assert self.key is not None
        key = self.key
        self._type(words, "escape")
        left = self.words
        self._closed()
        self.left[key] = left
        draft = self.store.drafts.get(key, self.account)
        assert draft is not None and draft.text == left

    # --- after ----------------------------------------------------------------
    @precondition(lambda self: self.key is None)
    @rule()
    def undo(self) -> None:
        self._on_inbox()
        self.run(self.pilot.press("u"))
        self.run(settle(self.pilot))

    @rule(minutes=st.integers(min_value=0, max_value=10))
    def sync_from_another_process(self, minutes: int) -> None:
        """`engage sync` beside the app: its own Store and SyncEngine on the file."""
        later = self.now + timedelta(minutes=minutes)
        with Store.open(self.path) as other:
            engine = SyncEngine(other, self.world.platform(), config=Config(), clock=lambda: later)
            engine.run_once()
        self.run(settle(self.pilot))

    # --- what must hold after every step --------------------------------------
    @invariant()
    def queued_or_sent_is_what_was_typed_from_the_right_account(self) -> None:
        for item in self.store.outbox.items():
            if item.kind is not ActionKind.REPLY:
                continue
            assert (item.target_post_id, item.text) in self.sent_words, item
            assert item.account == self.account, item

    @invariant()
    def one_live_item_for_one_target_and_words(self) -> None:
        seen: set[tuple[str | None, str]] = set()
        for item in self.store.outbox.items(LIVE_OR_SENT):
            assert (item.target_post_id, item.text) not in seen, item
            seen.add((item.target_post_id, item.text))

    @invariant()
    def each_sent_reply_is_on_the_network_once(self) -> None:
        for item in self.store.outbox.items(frozenset({OutboxState.SENT})):
            assert item.target_post_id is not None
            assert len(replies_to(self.world, item.target_post_id, item.text)) == 1, item

    @invariant()
    def nothing_typed_is_lost(self) -> None:
        # Writes land through the app's queue: settled by every rule.
        for key, words in self.left.items():
            draft = self.store.drafts.get(key, self.account)
            if draft is not None and draft.text == words:
                continue
            carried = [
                i
                for i in self.store.outbox.items()
                if i.draft_key == key and i.text == words and i.state is not OutboxState.CANCELLED
            ]
            assert carried, (key, words, draft)


def test_what_is_queued_or_sent_is_what_was_typed(world: World, template: Path) -> None:
    class Machine(ComposerAndOutbox):
        pass

    Machine.world = world
    Machine.template = template
    run_state_machine_as_test(Machine, settings=STATEFUL)
