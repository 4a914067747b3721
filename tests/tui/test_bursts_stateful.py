"""Keys in bursts that cross the composer's edges land where they were typed.

A generated interleaving, with the flow on (after a send the next item's
composer opens): `r` and the words in one burst, `enter` on a saved draft
and more words in one burst (the draft is read in a worker while the keys
wait), words then `ctrl+s` then the next item's first words in one burst,
words then `escape` in one burst, and syncs by a second process whose clock
is ahead or behind. After every step the composer holds exactly what a
person would see: the draft or the @handle it opened with, then every key in
the order typed; what went out is what was typed, once.

Each burst puts every key in the app's queue before the first is handled, as
a fast typist, a paste typed as keystrokes or a script does. The words typed
after `ctrl+s` use only keys no pane binds, so when no composer follows
(the next item is a group, or the list ran out) they change nothing.
"""

from __future__ import annotations

import contextlib
import itertools
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.stateful import (
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from engage_tui.config import Config
from engage_tui.domain import NotificationKind, OutboxState
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.inbox import InboxScreen
from tests.sync.conftest import World
from tests.sync.helpers import replies_to
from tests.tui.app_machine import AppOnAnInboxCopy
from tests.tui.burst import burst, typed_as_keys
from tests.tui.helpers import go_to, inbox, settle, until
from tests.tui.test_composer import composer, typed

# The sandbox world, its pulled inbox and the settings of the other composer machine.
from tests.tui.test_composer_stateful import STATEFUL, WORDS, template, world  # noqa: F401

T = TypeVar("T")

# Keys that no pane binds (docs/keybindings.md): typed after `ctrl+s` where no
# composer follows, they reach the list and do nothing.
UNBOUND = "bcmvwABCDEHIJKMNOQRVWYZ056789,.!'-"
UNBOUND_WORDS = st.text(alphabet=UNBOUND, min_size=1, max_size=12)
# A backdated second process (a phone with a slow clock) as well as a later one.
CLOCK_SKEW_MINUTES = st.integers(min_value=-180, max_value=15)


def _unbound_tag(n: int) -> str:
    """A tag of unbound keys: X refuses words it has seen, so each send is its own."""
    digits = "056789"
    out = ""
    while True:
        n, d = divmod(n, len(digits))
        out = digits[d] + out
        if n == 0:
            return f"W{out}-"


class BurstsAcrossComposers(AppOnAnInboxCopy):
    flow = True

    def __init__(self) -> None:
        super().__init__()
        self.tags = itertools.count()
        # The model: the open composer's draft key (self.key) and words; the
        # words each draft key keeps (left with escape); every (key, words) sent.
        self.words = ""
        self.drafts: dict[str, str] = {}  # left with escape, and not sent since
        self.sent: set[tuple[str, str]] = set()

    def _tag(self) -> str:
        return f"k{self.example}n{next(self.tags)} "

    def _saved(self) -> dict[str, str]:
        """The words the store holds per draft key, read before a burst: what
        a composer opened by the burst starts with (a draft left with escape,
        or the words of a reply already queued from it)."""
        return {d.key: d.text for d in self.store.drafts.all() if d.account in ("", self.account)}

    def _settled_open(self, saved: dict[str, str], typed_after: str) -> None:
        """The composer opened by a key in the burst holds what it opened with
        (the store's words for its key, else the request's prefill: a thank's
        @handle), then ``typed_after``: every key after the opening one, in order."""
        app = self.app
        self.run(until(self.pilot, lambda: composer(app).request is not None, "a composer"))
        request = composer(app).request
        assert request is not None
        expected = saved.get(request.key, request.prefill) + typed_after
        # What the composer holds instead, if it never gets there, is in the assertion below.
        with contextlib.suppress(AssertionError):
            self.run(until(self.pilot, lambda: typed(app) == expected, "the words"))
        self.run(settle(self.pilot))
        assert typed(app) == expected, (request.key, saved)
        self.key, self.words = request.key, expected

    def _closed(self) -> None:
        self.run(until(self.pilot, lambda: not composer(self.app).is_open, "the composer closed"))
        self.run(settle(self.pilot))
        self.key, self.words = None, ""

    # --- opening, in the same burst as the first words --------------------------
    @precondition(lambda self: self.key is None)
    @rule(pick=st.integers(min_value=0, max_value=20), words=WORDS)
    def r_and_words_in_one_burst(self, pick: int, words: str) -> None:
        if not isinstance(self.app.screen, InboxScreen):
            self.run(self.pilot.press("1"))
            self.run(until(self.pilot, lambda: isinstance(self.app.screen, InboxScreen), "inbox"))
        self.run(settle(self.pilot))
        rows = [
            r
            for r in inbox(self.app).rows
            if r.post is not None
            and len(r.group_ids) <= 1
            and r.notification.kind in (NotificationKind.MENTION, NotificationKind.REPLY)
        ]
        if not rows:
            return
        self.run(go_to(self.pilot, rows[pick % len(rows)].notification.id))
        first = self._tag() + words
        saved = self._saved()
        burst(self.app, "r", *typed_as_keys(first))
        self._settled_open(saved, first)

    @precondition(lambda self: self.key is None and bool(self.drafts))
    @rule(pick=st.integers(min_value=0, max_value=20), words=WORDS)
    def enter_on_a_draft_and_words_in_one_burst(self, pick: int, words: str) -> None:
        self.run(self.pilot.press("3"))
        self.run(until(self.pilot, lambda: isinstance(self.app.screen, DraftsScreen), "drafts"))
        self.run(settle(self.pilot))
        screen = self.app.screen
        assert isinstance(screen, DraftsScreen)
        assert {d.key for d in screen.drafts} == set(self.drafts)
        for _ in range(pick % len(screen.drafts)):
            self.run(self.pilot.press("down"))
        saved = self._saved()
        burst(self.app, "enter", *typed_as_keys(words))
        self._settled_open(saved, words)

    # --- typing ----------------------------------------------------------------
    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS)
    def words_in_a_burst(self, words: str) -> None:
        burst(self.app, *typed_as_keys(words))
        self.words += words
        app = self.app
        self.run(until(self.pilot, lambda: typed(app) == self.words, "every key typed"))

    # --- leaving, with more keys in the same burst ------------------------------
    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS, after=UNBOUND_WORDS)
    def words_send_and_the_next_words_in_one_burst(self, words: str, after: str) -> None:
        assert self.key is not None
        key, sent = self.key, (self.words + words).strip()
        before = {i.id for i in self.store.outbox.items()}
        after = _unbound_tag(next(self.tags)) + after
        saved = self._saved()
        burst(self.app, *typed_as_keys(words), "ctrl+s", *typed_as_keys(after))
        app = self.app

        def sent_and_closed() -> bool:
            request = composer(app).request
            return request is None or request.key != key

        self.run(until(self.pilot, sent_and_closed, "the composer sent"))
        self.run(settle(self.pilot))
        new = [i for i in self.store.outbox.items() if i.id not in before]
        assert [(i.draft_key, i.text) for i in new] == [(key, sent)]
        self.sent.add((key, sent))
        self.drafts.pop(key, None)
        if composer(app).is_open:
            self._settled_open(saved, after)  # the flow's next item took the keys typed after
        else:
            self.key, self.words = None, ""

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS)
    def words_and_escape_in_one_burst(self, words: str) -> None:
        assert self.key is not None
        request = composer(self.app).request
        assert request is not None
        key, left = self.key, self.words + words
        burst(self.app, *typed_as_keys(words), "escape")
        self._closed()
        draft = self.store.drafts.get(key, self.account)
        if left.strip() and left != request.prefill:
            assert draft is not None and draft.text == left
            self.drafts[key] = left
        else:
            assert draft is None
            self.drafts.pop(key, None)

    # --- a second process ----------------------------------------------------------
    @rule(minutes=CLOCK_SKEW_MINUTES)
    def sync_from_another_process_with_its_own_clock(self, minutes: int) -> None:
        """`engage sync` beside the app, on a clock ahead or behind the app's."""
        skewed = self.now + timedelta(minutes=minutes)
        with Store.open(self.path) as other:
            engine = SyncEngine(other, self.world.platform(), config=Config(), clock=lambda: skewed)
            engine.run_once()
        self.run(settle(self.pilot))
        if self.key is not None:
            assert typed(self.app) == self.words

    # --- what must hold after every step ---------------------------------------------
    @invariant()
    def what_went_out_is_what_was_typed(self) -> None:
        for item in self.store.outbox.items():
            assert (item.draft_key, item.text) in self.sent, item
            assert item.account == self.account, item

    @invariant()
    def each_words_went_out_once(self) -> None:
        live = frozenset(
            {OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HANDED, OutboxState.SENT}
        )
        seen: set[tuple[str | None, str]] = set()
        for item in self.store.outbox.items(live):
            assert (item.draft_key, item.text) not in seen, item
            seen.add((item.draft_key, item.text))
        for item in self.store.outbox.items(frozenset({OutboxState.SENT})):
            if item.target_post_id is not None:
                assert len(replies_to(self.world, item.target_post_id, item.text)) == 1, item

    @invariant()
    def every_draft_left_is_kept(self) -> None:
        for key, words in self.drafts.items():
            if key == self.key:
                continue  # open: its draft follows the words as they are typed
            draft = self.store.drafts.get(key, self.account)
            assert draft is not None and draft.text == words, (key, words, draft)


def test_keys_in_bursts_across_composers_land_where_they_were_typed(
    world: World,  # noqa: F811 (the fixtures imported above)
    template: Path,  # noqa: F811
) -> None:
    class Machine(BurstsAcrossComposers):
        pass

    Machine.world = world
    Machine.template = template
    run_state_machine_as_test(Machine, settings=STATEFUL)
