"""Exactly once, over time: whatever answers are lost and in whatever order the
engine's steps come, one outbox reply makes one status, on a server that
honours the Idempotency-Key (Mastodon, from its recorded answers) and on one
that ignores it (as GoToSocial does) where the reply is found among the
owner's statuses instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.platforms.base import ReconcileOutcome
from engage_tui.platforms.errors import PlatformError, Transient
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform, parse
from engage_tui.platforms.mastodon.html import html_to_text

from .recorded_server import RecordedServer, recorded


class OneReply(RuleBasedStateMachine):
    """The engine's outbox steps for one reply: send; after an unknown outcome,
    reconcile before sending again; stop once sent."""

    @initialize(honour_keys=st.booleans())
    def start(self, honour_keys: bool) -> None:
        answers = recorded("status_reply")
        owner, parent, reply = (a["body"] for a in answers)
        self.server = RecordedServer(recorded("instance_v2"), answers)
        self.server.state.answers = [
            a for a in self.server.state.answers if a["body"].get("id") != parent["id"]
        ]
        self.server.state.answers.append(
            {
                "method": "GET",
                "uri": f"http://localhost:3000/api/v1/statuses/{parent['id']}",
                "status": 200,
                "headers": {},
                "body": parent,
            }
        )
        self.server.state.honour_keys = honour_keys
        self.server.state.owner_statuses = f"/api/v1/accounts/{owner['id']}/statuses"
        self.platform = MastodonPlatform(MastodonLogin(self.server.url, "a-token"))
        self.platform.whoami()
        at = datetime.now(UTC)
        item = OutboxItem(
            id=1,
            kind=ActionKind.REPLY,
            state=OutboxState.QUEUED,
            created_at=at,
            send_after=at,
            network="mastodon",
            target_post_id=parse.post_key(self.platform.client.host, str(parent["id"])),
            # The recorded reply's words as typed in engage: the prefilled
            # @user@host, which Mastodon shows as @user.
            text=html_to_text(reply["content"]).replace(
                "@mastodonpy_test_2", "@mastodonpy_test_2@localhost:3000"
            ),
        )
        self.item = replace(item, prepare_token=self.platform.prepare(item))
        self.sent = False
        self.unknown = False

    @rule()
    def lose_the_next_answer(self) -> None:
        self.server.state.lose_next_post = True

    @precondition(lambda self: not self.sent and not self.unknown)
    @rule()
    def send(self) -> None:
        try:
            self.platform.send(self.item, None)
        except Transient as exc:
            self.unknown = exc.outcome_unknown
            return
        self.sent = True

    @precondition(lambda self: not self.sent and self.unknown)
    @rule()
    def reconcile(self) -> None:
        try:
            outcome = self.platform.reconcile(self.item, None).outcome
        except PlatformError:
            return
        if outcome is ReconcileOutcome.SENT:
            self.sent = True
        elif outcome is ReconcileOutcome.NOT_SENT:
            self.unknown = False

    @invariant()
    def never_two_statuses(self) -> None:
        assert self.server.state.statuses_made <= 1
        if self.sent:
            assert self.server.state.statuses_made == 1

    @invariant()
    def every_attempt_carries_the_first_key(self) -> None:
        keys = {s.headers.get("Idempotency-Key") for s in self.server.asked("/api/v1/statuses")}
        assert keys <= {self.item.prepare_token}

    def teardown(self) -> None:
        self.server.close()


TestOneReply = OneReply.TestCase
TestOneReply.settings = settings(max_examples=30, stateful_step_count=8, deadline=None)
