"""Sending through the API against the sandbox, and reconciling unknown outcomes."""

from __future__ import annotations

from datetime import datetime

import pytest

from engage_tui.domain import ActionKind, OutboxItem, OutboxState, Person, Post, Route
from engage_tui.platforms.base import ReconcileOutcome, SendStatus
from engage_tui.platforms.errors import DuplicateContent, NotAllowed, Transient
from engage_tui.platforms.x import XPlatform
from tests.platforms.conftest import MemoryState, Sandbox, context


def item(kind: ActionKind, text: str, target: str | None, at: datetime) -> OutboxItem:
    return OutboxItem(
        id=1,
        kind=kind,
        state=OutboxState.SENDING,
        created_at=at,
        send_after=at,
        target_post_id=target,
        text=text,
        network="x",
    )


def a_mention(x: XPlatform, owner: Person, sandbox: Sandbox) -> Post:
    """A fresh post that mentions the owner, as the sync engine would have cached it."""
    actor = next(
        u["username"]
        for u in sandbox.state()["users"]
        if u["role"] not in ("owner",) and not u["protected"]
    )
    made = sandbox.event("mention", actor, text=f"@{owner.handle} what do you think?")
    result = x.pull("mentions", context(owner, MemoryState(), sandbox.now()))
    return next(p for p in result.posts if p.id == made["post_id"])


def a_stranger_post(sandbox: Sandbox) -> Post:
    owner_id = sandbox.state()["owner"]["id"]
    post = next(
        p
        for p in reversed(sandbox.state()["posts"])
        if p["author_id"] != owner_id
        and not p["deleted"]
        and "@" not in p["text"]
        and not p["referenced_tweets"]
    )
    return Post(
        id=post["id"],
        author_id=post["author_id"],
        text=post["text"],
        created_at=datetime.fromisoformat(post["created_at"].replace("Z", "+00:00")),
        network="x",
    )


def posts_in_world(sandbox: Sandbox, text: str) -> list[dict]:
    return [p for p in sandbox.state()["posts"] if p["text"].endswith(text)]


def test_a_summoned_reply_is_sent_through_the_api(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)
    assert x.capability(ActionKind.REPLY, target) is Route.API
    result = x.send(item(ActionKind.REPLY, "thank you!", target.id, sandbox.now()), target)
    assert result.status is SendStatus.SENT and result.remote_id
    (stored,) = posts_in_world(sandbox, "thank you!")
    assert stored["id"] == result.remote_id
    assert {"type": "replied_to", "id": target.id} in stored["referenced_tweets"]
    usage = x.take_usage()
    assert usage[-1].endpoint == "POST /2/tweets" and usage[-1].cost_usd == pytest.approx(0.01)


def test_sending_the_same_words_twice_is_duplicate_content(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    draft = item(ActionKind.POST, "shipping engage today", None, sandbox.now())
    assert x.send(draft, None).status is SendStatus.SENT
    with pytest.raises(DuplicateContent):
        x.send(draft, None)
    assert len(posts_in_world(sandbox, "shipping engage today")) == 1


def test_an_unsummoned_reply_refused_by_x_says_so_and_posts_nothing(
    sandbox: Sandbox,
) -> None:
    # The app believes it is on Basic, but X applies the self-serve rules.
    # Remembering the refusal is the sync engine's (tests/sync/test_outbox.py).
    x = sandbox.platform(plan="basic")
    x.whoami()
    target = a_stranger_post(sandbox)
    draft = item(ActionKind.REPLY, "interesting take", target.id, sandbox.now())
    with pytest.raises(NotAllowed) as refused:
        x.send(draft, target)
    assert "browser" in str(refused.value)
    assert posts_in_world(sandbox, "interesting take") == []


def test_a_like_refused_by_x_raises_not_allowed(sandbox: Sandbox) -> None:
    x = sandbox.platform(plan="basic")
    target = a_stranger_post(sandbox)
    with pytest.raises(NotAllowed):
        x.send(item(ActionKind.LIKE, "", target.id, sandbox.now()), target)


def test_a_repost_goes_through_the_api(x: XPlatform, sandbox: Sandbox) -> None:
    target = a_stranger_post(sandbox)
    result = x.send(item(ActionKind.REPOST, "", target.id, sandbox.now()), target)
    assert result.status is SendStatus.SENT
    owner_id = sandbox.state()["owner"]["id"]
    assert {"user_id": owner_id, "post_id": target.id} in [
        {"user_id": r["user_id"], "post_id": r["post_id"]} for r in sandbox.state()["retweets"]
    ]


def test_a_dropped_answer_is_unknown_and_reconcile_finds_the_post(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)
    draft = item(ActionKind.REPLY, "glad it helped", target.id, sandbox.now())
    sandbox.fault("POST /2/tweets", "drop_after_commit")
    with pytest.raises(Transient) as lost:
        x.send(draft, target)
    assert lost.value.outcome_unknown
    (stored,) = posts_in_world(sandbox, "glad it helped")
    found = x.reconcile(draft, target)
    assert found.outcome is ReconcileOutcome.SENT and found.remote_id == stored["id"]


def test_reconcile_says_not_sent_when_the_post_is_not_there(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)
    draft = item(ActionKind.REPLY, "never went out", target.id, sandbox.now())
    assert x.reconcile(draft, target).outcome is ReconcileOutcome.NOT_SENT


def test_reconcile_says_unknown_when_it_cannot_check(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)
    draft = item(ActionKind.REPLY, "maybe", target.id, sandbox.now())
    sandbox.fault("GET /2/users/:id/tweets", "503")
    assert x.reconcile(draft, target).outcome is ReconcileOutcome.UNKNOWN


def test_a_stalled_write_is_transient_with_unknown_outcome(x: XPlatform, sandbox: Sandbox) -> None:
    sandbox.fault("POST /2/tweets", "stall")
    with pytest.raises(Transient) as stalled:
        x.send(item(ActionKind.POST, "slow network", None, sandbox.now()), None)
    assert stalled.value.outcome_unknown


def test_a_reset_connection_on_a_write_is_unknown(x: XPlatform, sandbox: Sandbox) -> None:
    sandbox.fault("POST /2/tweets", "reset")
    with pytest.raises(Transient) as reset:
        x.send(item(ActionKind.POST, "bumpy", None, sandbox.now()), None)
    assert reset.value.outcome_unknown
