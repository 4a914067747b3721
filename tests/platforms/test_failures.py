"""Every failure X (or the network) can produce leaves as one of engage's errors."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from engage_tui.domain import ActionKind, Person
from engage_tui.platforms.errors import NotFound, Offline, RateLimited, SignedOut, Transient
from engage_tui.platforms.x import XCredentials, XPlatform
from tests.platforms.conftest import CLOCK_START, TEST_TIMEOUT, MemoryState, Sandbox, context
from tests.platforms.test_outbox import a_mention, item


def test_bad_credentials_mean_signed_out_with_a_plain_message(sandbox: Sandbox) -> None:
    x = sandbox.platform(access_token_secret="wrong")
    with pytest.raises(SignedOut) as refused:
        x.whoami()
    assert str(refused.value) == (
        "X refused the credentials: sign in again with `engage auth login`."
    )


def test_rate_limit_carries_the_endpoint_and_reset_time(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    sandbox.fault("GET /2/users/:id/mentions", "429")
    with pytest.raises(RateLimited) as limited:
        x.pull("mentions", context(owner, MemoryState(), sandbox.now()))
    assert limited.value.endpoint == "GET /2/users/:id/mentions"
    assert limited.value.reset_at > datetime(2020, 1, 1, tzinfo=UTC)
    assert "GET /2/users/:id/mentions" in str(limited.value)


@pytest.mark.parametrize("fault", ["500", "503"])
def test_server_errors_on_reads_are_transient(
    fault: str, x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    sandbox.fault("GET /2/users/:id/followers", fault)
    with pytest.raises(Transient) as failed:
        x.pull("followers", context(owner, MemoryState(), sandbox.now()))
    assert not failed.value.outcome_unknown and not isinstance(failed.value, Offline)


def test_a_stalled_read_times_out_as_transient(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    sandbox.fault("GET /2/users/:id/tweets", "stall")
    with pytest.raises(Transient) as stalled:
        x.pull("own_posts", context(owner, MemoryState(), sandbox.now()))
    assert not stalled.value.outcome_unknown


def test_unknown_handle_is_not_found(x: XPlatform) -> None:
    with pytest.raises(NotFound):
        x.lookup_person("nobody_here_123")


def test_lookup_person_finds_a_handle(x: XPlatform, sandbox: Sandbox) -> None:
    someone = next(u for u in sandbox.state()["users"] if u["role"] == "prospect")
    person = x.lookup_person("@" + someone["username"])
    assert (person.id, person.handle) == (someone["id"], someone["username"])


def test_connection_refused_means_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    creds = XCredentials("ck", "cs", "1-tok", "ts")
    x = XPlatform(creds, api_base=f"http://127.0.0.1:{port}", timeout=TEST_TIMEOUT)
    with pytest.raises(Offline) as offline:
        x.whoami()
    assert "offline" in str(offline.value)


def test_a_mention_replying_to_a_deleted_post_still_syncs(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    # The seeded world holds a reply to an owner post that was then deleted.
    world = sandbox.state()
    gone = {p["id"] for p in world["posts"] if p["deleted"] and p["author_id"] == owner.id}
    result = x.pull("mentions", context(owner, MemoryState(), sandbox.now(), first_sync_days=7))
    orphans = [e for e in result.events if e.subject_id in gone]
    assert orphans, "the reply to the deleted post is still an event"
    assert all(e.kind.value == "reply" for e in orphans)
    assert not any(p.id in gone for p in result.posts)


def test_a_deleted_post_is_not_found_as_deleted(x: XPlatform, sandbox: Sandbox) -> None:
    post = next(p for p in sandbox.state()["posts"] if not p["deleted"])
    sandbox.delete_post(post["id"])
    with pytest.raises(NotFound) as gone:
        x.lookup_post(post["id"])
    assert (gone.value.reason, gone.value.resource_id) == ("deleted", post["id"])


def test_a_protected_post_is_not_found_as_protected(x: XPlatform, sandbox: Sandbox) -> None:
    world = sandbox.state()
    owner_id = world["owner"]["id"]
    followed = {f["user_id"] for f in world["follows"] if f["follower_id"] == owner_id}
    authors = {p["author_id"] for p in world["posts"] if not p["deleted"]}
    user = next(
        u
        for u in world["users"]
        if u["id"] in authors and u["id"] not in followed and u["id"] != owner_id
    )
    post = next(p for p in world["posts"] if p["author_id"] == user["id"] and not p["deleted"])
    sandbox.protect(user["username"])
    with pytest.raises(NotFound) as hidden:
        x.lookup_post(post["id"])
    assert hidden.value.reason == "protected"


def test_replying_to_a_deleted_post_is_not_found(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    from engage_tui.domain import ActionKind, OutboxItem, OutboxState

    actor = next(u["username"] for u in sandbox.state()["users"] if u["role"] == "prospect")
    made = sandbox.event("mention", actor, text=f"@{owner.handle} soon gone")
    result = x.pull("mentions", context(owner, MemoryState(), sandbox.now()))
    target = next(p for p in result.posts if p.id == made["post_id"])
    sandbox.delete_post(target.id)
    now = sandbox.now()
    draft = OutboxItem(
        1,
        ActionKind.REPLY,
        OutboxState.SENDING,
        now,
        now,
        target_post_id=target.id,
        text="too late",
        network="x",
    )
    with pytest.raises(NotFound):
        x.send(draft, target)


def test_a_send_with_the_server_gone_is_offline_not_unknown(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)  # the session now holds a kept-alive connection
    sandbox.server.stop()
    with pytest.raises(Offline) as offline:
        x.send(item(ActionKind.REPLY, "never left the machine", target.id, CLOCK_START), target)
    assert not offline.value.outcome_unknown


def test_a_reconcile_with_the_server_gone_is_offline_not_unknown(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)
    sandbox.server.stop()
    with pytest.raises(Offline):
        x.reconcile(item(ActionKind.REPLY, "did it land?", target.id, CLOCK_START), target)


def test_a_send_whose_answer_was_dropped_after_it_was_stored_is_unknown_not_offline(
    x: XPlatform, owner: Person, sandbox: Sandbox
) -> None:
    target = a_mention(x, owner, sandbox)
    sandbox.fault("POST /2/tweets", "drop_after_commit")
    with pytest.raises(Transient) as lost:
        x.send(item(ActionKind.REPLY, "stored, answer lost", target.id, CLOCK_START), target)
    assert lost.value.outcome_unknown and not isinstance(lost.value, Offline)


def test_a_name_that_does_not_resolve_means_offline() -> None:
    creds = XCredentials("ck", "cs", "1-tok", "ts")
    x = XPlatform(creds, api_base="http://api.example.invalid", timeout=TEST_TIMEOUT)
    with pytest.raises(Offline):
        x.whoami()


def test_a_post_that_cannot_connect_in_time_is_offline_not_unknown() -> None:
    # A listener whose queue is full: the kernel drops new handshakes, so
    # connecting times out and the request never leaves this machine.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        waiting = []
        for _ in range(3):
            queued = socket.socket()
            queued.setblocking(False)
            queued.connect_ex(("127.0.0.1", port))
            waiting.append(queued)
        creds = XCredentials("ck", "cs", "1-tok", "ts")
        x = XPlatform(creds, api_base=f"http://127.0.0.1:{port}", timeout=(0.5, 0.5))
        try:
            with pytest.raises(Offline) as offline:
                x.send(item(ActionKind.POST, "stuck at the door", None, CLOCK_START), None)
        finally:
            for queued in waiting:
                queued.close()
    assert not offline.value.outcome_unknown
