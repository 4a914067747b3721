"""Two accounts on one network, one post in both inboxes: a generated
interleaving of typing bursts, held backspaces, ctrl+o (answer as the other
account) inside a burst, sends, escapes and reopenings, checked after every
step: each queued reply holds the words typed, from the account the composer
showed, once, and the words left in each account's draft are never lost.

The engines are the real Bluesky ones, never started: nothing is sent here
(tests/tui/test_composer_stateful.py sends through a second process).
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from engage_tui.domain import ActionKind, NotificationKind, OutboxState
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from tests.tui.burst import burst, typed_as_keys
from tests.tui.conftest import SIZE
from tests.tui.helpers import go_to, inbox_ready, settle, until
from tests.tui.mixed_world import (
    BSKY_PEOPLE,
    KAI,
    KAI_TO_STUDIO,
    ME_BSKY,
    ME_BSKY_WORK,
    _bsky,
    accounts,
    populate_mixed,
    stored_id,
)
from tests.tui.test_accounts import mixed_app
from tests.tui.test_composer import composer, typed
from tests.tui.test_composer_stateful import STATEFUL, WORDS
from tests.tui.world import NOW

T = TypeVar("T")
ROWS = [
    stored_id(ME_BSKY, "b-mention-both"),  # Kai's post, in olive's inbox
    stored_id(ME_BSKY_WORK, "s-mention-kai"),  # the same post, in the studio's
    stored_id(ME_BSKY, "b-mention-jun"),
]
_examples = itertools.count()


def both_accounts_store(path: Path) -> Store:
    store = Store.open(path)
    populate_mixed(store, studio=True)
    event = _bsky(
        "b-mention-both",
        NotificationKind.MENTION,
        KAI,
        KAI_TO_STUDIO.created_at,
        post_id=KAI_TO_STUDIO.id,
    )
    store.sync_state.apply_pull(
        "fixture",
        PullResult(events=[event], people=BSKY_PEOPLE, posts=[KAI_TO_STUDIO]),
        NOW,
        account=ME_BSKY.id,
    )
    return store


class AccountsComposer(RuleBasedStateMachine):
    folder: Path

    def __init__(self) -> None:
        super().__init__()
        path = self.folder / f"accounts{next(_examples)}.db"
        self.store = both_accounts_store(path)
        self.app = mixed_app(self.store, accounts(self.store, None, [ME_BSKY, ME_BSKY_WORK]))
        self.loop = asyncio.new_event_loop()
        self.ctx = contextvars.copy_context()
        self.context = self.app.run_test(size=SIZE)
        self.pilot = self.run(self.context.__aenter__())
        self.run(inbox_ready(self.pilot))
        self.run(settle(self.pilot))
        # The model: the open composer's key, account and words; the words
        # left in each (key, account) draft; the replies queued.
        self.key: str | None = None
        self.account = ""
        self.words = ""
        self.left: dict[tuple[str, str], str] = {}
        self.queued: list[tuple[str, str, str]] = []  # (key, account, words)

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(self.loop.create_task(work, context=self.ctx))

    def teardown(self) -> None:
        try:
            self.run(self.context.__aexit__(None, None, None))
        finally:
            self.loop.close()
            self.store.close()

    def _other(self) -> str:
        return ME_BSKY_WORK.id if self.account == ME_BSKY.id else ME_BSKY.id

    @precondition(lambda self: self.key is None)
    @rule(row=st.sampled_from(ROWS))
    def reply_to_a_row(self, row: str) -> None:
        try:
            self.run(go_to(self.pilot, row))
        except AssertionError:
            return  # answered, so no longer in the inbox
        self.run(self.pilot.press("r"))
        self.run(until(self.pilot, lambda: composer(self.app).is_open, "the composer"))
        request = composer(self.app).request
        account = composer(self.app).account
        assert request is not None and account is not None
        # The row's own account answers, with its own draft.
        assert account.id == row.split("|", 1)[0]
        self.key, self.account = request.key, account.id
        self.words = typed(self.app)
        assert self.words == self.left.get((self.key, self.account), "")

    def _type(self, words: str) -> None:
        burst(self.app, *typed_as_keys(words))
        self.words += words

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS, held=st.integers(min_value=0, max_value=6))
    def type_a_burst(self, words: str, held: int) -> None:
        self._type(words)
        burst(self.app, *["backspace"] * held)
        self.words = self.words[: max(len(self.words) - held, 0)]
        self.run(until(self.pilot, lambda: typed(self.app) == self.words, "every key typed"))

    @precondition(lambda self: self.key is not None)
    @rule(words=st.one_of(st.just(""), WORDS))
    def type_then_ctrl_o_in_one_burst(self, words: str) -> None:
        assert self.key is not None
        self._type(words)
        burst(self.app, "ctrl+o")
        key, me, other = self.key, self.account, self._other()
        theirs = self.left.get((key, other))
        mine = self.words
        if theirs is not None and theirs != mine and not mine.strip():
            self.account, self.words = other, theirs  # the other's own draft
        elif theirs is not None and theirs != mine:
            pass  # refused: each account keeps its words
        else:
            self.left.pop((key, me), None)
            self.account = other
            if mine.strip():
                self.left[(key, other)] = mine
        self.run(
            until(
                self.pilot,
                lambda: (
                    (composer(self.app).account or ME_BSKY).id == self.account
                    and typed(self.app) == self.words
                ),
                "the account switched with the words",
            )
        )
        self.run(settle(self.pilot))

    def _closed(self) -> None:
        self.run(until(self.pilot, lambda: not composer(self.app).is_open, "closed"))
        self.run(settle(self.pilot))
        self.key = None
        self.words = ""

    @precondition(lambda self: self.key is not None)
    @rule(words=WORDS)
    def type_and_send_in_one_burst(self, words: str) -> None:
        assert self.key is not None
        self._type(words)
        burst(self.app, "ctrl+s")
        sent = self.words.strip()
        key, account = self.key, self.account
        if not sent or (key, account, sent) in self.queued:
            # Refused (nothing to send, or these words already queued): the
            # composer stays open with every word.
            self.run(settle(self.pilot))
            assert composer(self.app).is_open
            self.run(until(self.pilot, lambda: typed(self.app) == self.words, "every key"))
            return
        self._closed()
        self.queued.append((key, account, sent))
        self.left[(key, account)] = sent

    @precondition(lambda self: self.key is not None)
    @rule(words=st.one_of(st.just(""), WORDS))
    def type_and_escape_in_one_burst(self, words: str) -> None:
        assert self.key is not None
        self._type(words)
        burst(self.app, "escape")
        key, account, left = self.key, self.account, self.words
        self._closed()
        if left.strip():
            self.left[(key, account)] = left
        else:
            self.left.pop((key, account), None)

    @invariant()
    def each_queued_reply_is_the_words_typed_from_the_account_shown_once(self) -> None:
        items = [
            (i.draft_key or "", i.account, i.text)
            for i in self.store.outbox.items()
            if i.kind is ActionKind.REPLY and i.state is OutboxState.QUEUED
        ]
        assert sorted(items) == sorted(self.queued)

    @invariant()
    def the_words_left_in_each_accounts_draft_are_kept(self) -> None:
        for (key, account), words in self.left.items():
            draft = self.store.drafts.get(key, account)
            assert draft is not None and draft.text == words, (key, account, words, draft)


def test_two_accounts_answering_one_post_keep_their_own_words(tmp_path: Path) -> None:
    class Machine(AccountsComposer):
        folder = tmp_path

    run_state_machine_as_test(Machine, settings=STATEFUL)
