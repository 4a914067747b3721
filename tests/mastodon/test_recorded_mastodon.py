"""What GoToSocial does not do as Mastodon does, against answers a real
Mastodon 4.x gave (recorded by Mastodon.py's test suite; see recorded/):
grouped notifications with group keys and numeric ids, paging by the Link
header, 500 characters with 23 per URL, Idempotency-Key answered with the
first status, and the error body of an invalid token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from engage_tui.domain import ActionKind, NotificationKind, OutboxItem, OutboxState
from engage_tui.platforms.base import PullContext, ReconcileOutcome, SendStatus
from engage_tui.platforms.errors import SignedOut, Transient
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform, notifications, parse

from .gts_support import MemoryState
from .recorded_server import RecordedServer, recorded


@pytest.fixture
def serve() -> Iterator[list[RecordedServer]]:
    made: list[RecordedServer] = []
    yield made
    for server in made:
        server.close()


def _platform(serve: list[RecordedServer], *names: str) -> tuple[RecordedServer, MastodonPlatform]:
    server = RecordedServer(*(recorded(n) for n in names))
    serve.append(server)
    return server, MastodonPlatform(MastodonLogin(server.url, "a-token"))


def test_grouped_notifications_page_by_link_and_keep_numeric_ids_as_strings(serve):
    server, platform = _platform(serve, "instance_v2", "grouped_pages")
    owner = platform.whoami()
    state = MemoryState()

    # An hour after the recording: its notifications are within the first sync's days.
    then = PullContext(owner=owner, state=state, now=datetime(2026, 8, 1, 15, tzinfo=UTC))
    first = platform.pull("notifications", then)
    state.apply(first)
    again = platform.pull("notifications", then)

    asked = server.asked("/api/v2/notifications")
    assert [s.query.get("max_id") for s in asked[:3]] == [None, ["38"], ["33"]]
    assert len(first.events) == 10
    assert {e.kind for e in first.events} == {NotificationKind.MENTION}
    # most_recent_notification_id is a JSON number (42) in Mastodon's answer.
    assert state.cursors[notifications.NEWEST] == "42"
    assert asked[3].query.get("since_id") == ["42"]
    assert again.events == []
    assert all(isinstance(p.id, str) and p.id.endswith(tuple("0123456789")) for p in first.posts)


def test_a_group_of_favourites_is_one_event_per_account_shown(serve):
    body = recorded("grouped_favourites")[0]["body"]
    group = body["notification_groups"][0]
    owner_id = str(body["statuses"][0]["account"]["id"])

    found = notifications.from_v2(body, "localhost:3000", "localhost:3000", owner_id)

    assert group["group_key"].startswith("favourite-")
    assert [f.event.kind for f in found] == [NotificationKind.LIKE, NotificationKind.LIKE]
    assert {f.event.actor_id for f in found} == {
        parse.person_key("localhost:3000", str(a)) for a in group["sample_account_ids"]
    }
    assert {f.event.subject_id for f in found} == {
        parse.post_key("localhost:3000", group["status_id"])
    }


def test_the_measure_is_mastodons_500_with_23_per_url_and_a_remote_mention_by_its_user(serve):
    _, platform = _platform(serve, "instance_v2", "status_reply")
    platform.whoami()
    url = "https://example.com/a/very/long/path/that/still/counts/as/twenty-three"
    mention = "@someone@a.very.long.server.example"

    words = 500 - len(" ") - 23 - len(" ") - len("@someone")
    fits = platform.measure("a" * words + " " + url + " " + mention)
    over = platform.measure("a" * (words + 1) + " " + url + " " + mention)

    assert (fits.length, fits.limit, fits.ok) == (500, 500, True)
    assert (over.length, over.ok) == (501, False)
    assert over.reason is not None and "1 character over" in over.reason


def _reply(target: str, token: str | None) -> OutboxItem:
    at = datetime.now(UTC)
    return OutboxItem(
        id=1,
        kind=ActionKind.REPLY,
        state=OutboxState.SENDING,
        created_at=at,
        send_after=at,
        network="mastodon",
        target_post_id=target,
        text="Reply!",
        prepare_token=token,
    )


def test_a_retry_sends_the_same_idempotency_key_and_mastodon_answers_with_the_first_status(
    serve,
):
    server, platform = _platform(serve, "instance_v2", "status_reply")
    platform.whoami()
    parent, reply = (a["body"] for a in recorded("status_reply")[1:3])
    server.state.answers = [
        a for a in server.state.answers if a["body"].get("id") != parent["id"]
    ]  # posting answers with the recorded reply
    owner = recorded("status_reply")[0]["body"]["id"]
    server.state.answers += [
        _answer(f"/api/v1/statuses/{parent['id']}", parent),
        # The owner's statuses, read before the post landed: a list without it.
        _answer(f"/api/v1/accounts/{owner}/statuses", []),
    ]
    target = parse.post_key(platform.client.host, str(parent["id"]))
    item = _reply(target, platform.prepare(_reply(target, None)))
    server.state.lose_next_post = True

    with pytest.raises(Transient) as lost:
        platform.send(item, None)
    checked = platform.reconcile(item, None)
    sent = platform.send(item, None)

    keys = [s.headers.get("Idempotency-Key") for s in server.asked("/api/v1/statuses")]
    assert lost.value.outcome_unknown
    assert checked.outcome is ReconcileOutcome.NOT_SENT  # the owner's list did not show it yet
    assert keys == [item.prepare_token, item.prepare_token]
    assert server.state.statuses_made == 1
    assert sent.status is SendStatus.SENT
    assert sent.remote_id == parse.post_key(platform.client.host, str(reply["id"]))


def _answer(path: str, body: object) -> dict:
    return {
        "method": "GET",
        "uri": f"http://localhost:3000{path}",
        "status": 200,
        "headers": {},
        "body": body,
    }


def test_an_invalid_token_answer_signs_out(serve):
    server, platform = _platform(serve, "instance_v2", "invalid_token")
    answer = recorded("invalid_token")[0]
    server.state.answers.append(replace_uri(answer, "/api/v1/accounts/verify_credentials"))

    with pytest.raises(SignedOut, match="sign in again"):
        platform.whoami()


def replace_uri(answer: dict, path: str) -> dict:
    return {**answer, "uri": f"http://localhost:3000{path}"}
