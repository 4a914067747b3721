"""The outbox: routes, exactly-once sends under faults, failures that keep the
words, handed-over items confirmed later. Real tweepy over HTTP against the
sandbox; the sandbox's own record is the truth about what was posted."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from engage_tui.domain import ActionKind, Direction, OutboxState
from engage_tui.platforms.base import SendStatus
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.sync.outbox import SENDING_LEASE
from tests.sync.conftest import TEST_CONFIG, EngineFactory, World
from tests.sync.helpers import (
    a_mention,
    a_prospect_post,
    item,
    mentions,
    queue_like,
    queue_reply,
    replies_to,
)


def _synced(engine: SyncEngine) -> None:
    report = engine.run_once()
    assert report.ok, report.problems


def test_summoned_reply_is_sent_through_the_api_after_the_undo_window(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Thanks for the mention, glad it helped!")
    early = engine.run_once()
    assert early.sent == [] and item(store, queued.id).state is OutboxState.QUEUED
    world.advance(6)
    report = engine.run_once()
    done = item(store, queued.id)
    assert done.state is OutboxState.SENT
    posted = replies_to(world, target.id, "Thanks for the mention, glad it helped!")
    assert [p["id"] for p in posted] == [done.remote_id]
    assert [line.id for line in report.sent] == [queued.id]
    assert store.drafts.get(f"reply:{target.id}") is None
    history = store.prospects.interactions(target.author_id)
    assert any(i.direction is Direction.OUTBOUND and i.kind == "reply" for i in history)


def test_cancel_within_the_undo_window_means_nothing_is_sent(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    target = a_mention(store)
    queued = queue_reply(store, world, target, "On second thoughts, no.")
    assert store.outbox.cancel(queued.id)
    world.advance(10)
    engine.run_once()
    assert item(store, queued.id).state is OutboxState.CANCELLED
    assert replies_to(world, target.id, "On second thoughts, no.") == []
    assert store.drafts.get(f"reply:{target.id}") is not None


def test_reply_to_a_prospect_and_a_like_are_handed_to_x_on_pay_per_use(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    post = a_prospect_post(world, store)
    reply = queue_reply(store, world, post, "Agreed: one plan first, then compare.")
    like = queue_like(store, world, post)
    world.advance(6)
    report = engine.run_once()
    assert report.ok, report.problems
    handed_reply, handed_like = item(store, reply.id), item(store, like.id)
    assert handed_reply.state is OutboxState.HANDED
    assert handed_like.state is OutboxState.HANDED
    url = urlparse(handed_reply.intent_url or "")
    assert (url.netloc, url.path) == ("x.com", "/intent/tweet")
    assert parse_qs(url.query) == {
        "in_reply_to": [post.id],
        "text": ["Agreed: one plan first, then compare."],
    }
    assert handed_like.intent_url == f"https://x.com/intent/like?tweet_id={post.id}"
    assert {line.id for line in report.handed} == {reply.id, like.id}
    requests = world.stats()["requests"]
    assert "POST /2/tweets" not in requests and "POST /2/users/:id/likes" not in requests
    # The words stay as a draft until the reply is seen on X.
    assert store.drafts.get(f"reply:{post.id}") is not None


def test_a_like_handed_to_x_counts_as_engaging_only_once_marked_done(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    post = a_prospect_post(world, store)
    like = queue_like(store, world, post)
    world.advance(6)
    engine.run_once()
    assert item(store, like.id).state is OutboxState.HANDED

    def outbound() -> list[tuple[str, str | None]]:
        found = store.prospects.interactions(post.author_id)
        return [(i.kind, i.post_id) for i in found if i.direction is Direction.OUTBOUND]

    # Pending: nothing says the user pressed Like in the browser yet.
    assert outbound() == []
    updated = item(store, like.id).updated_at
    assert updated is not None
    store.outbox.confirm_handed(like.id, updated + timedelta(minutes=1))
    assert outbound() == [("like", post.id)]


def test_on_plan_basic_the_same_actions_go_through_the_api(basic_world: World, tmp_path) -> None:
    world = basic_world
    with Store.open(tmp_path / "basic.db") as store:
        engine = SyncEngine(
            store, world.platform(plan="basic"), config=TEST_CONFIG, clock=world.clock
        )
        _synced(engine)
        post = a_prospect_post(world, store)
        reply = queue_reply(store, world, post, "Agreed: one plan first, then compare.")
        like = queue_like(store, world, post)
        world.advance(6)
        engine.run_once()
        assert item(store, reply.id).state is OutboxState.SENT
        assert item(store, like.id).state is OutboxState.SENT
        assert len(replies_to(world, post.id, "Agreed: one plan first, then compare.")) == 1
        owner = str(world.state()["owner"]["id"])
        likes = world.state()["likes"]
        assert {"user_id": owner, "post_id": post.id} in [
            {"user_id": str(x["user_id"]), "post_id": str(x["post_id"])} for x in likes
        ]


def test_handed_reply_is_marked_sent_when_it_shows_up_on_the_owner_timeline(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    post = a_prospect_post(world, store)
    reply = queue_reply(store, world, post, "Agreed:  one plan first,\nthen compare.")
    world.advance(6)
    engine.run_once()
    assert item(store, reply.id).state is OutboxState.HANDED
    # The user presses Post in the browser.
    owner = world.state()["owner"]["username"]
    posted = world.event(
        "reply", owner, target_id=post.id, text="Agreed: one plan first, then compare."
    )
    world.advance(301)
    engine.run_once()
    done = item(store, reply.id)
    assert done.state is OutboxState.SENT
    assert done.remote_id == posted["post_id"]
    assert store.drafts.get(f"reply:{post.id}") is None


@pytest.mark.parametrize("fault", ["drop_after_commit", "reset", "stall", "500"])
def test_a_reply_is_posted_exactly_once_whatever_happens_to_the_answer(
    world: World, store: Store, make_engine: EngineFactory, fault: str
) -> None:
    engine = make_engine()
    _synced(engine)
    target = a_mention(store)
    text = f"Exactly once, even after a {fault}."
    queued = queue_reply(store, world, target, text)
    world.fault("POST /2/tweets", fault, seconds=3.0)
    for _ in range(4):  # enough passes for any backoff to run out
        world.advance(60)
        engine.run_once()
    done = item(store, queued.id)
    posted = replies_to(world, target.id, text)
    assert len(posted) == 1
    assert done.state is OutboxState.SENT
    assert done.remote_id == posted[0]["id"]


def test_a_refusal_by_policy_goes_to_the_browser_and_is_remembered(
    world: World, db_path, store: Store, make_engine: EngineFactory
) -> None:
    # The user said "basic" but the app is really on pay-per-use: X refuses likes.
    engine = make_engine(platform=world.platform(plan="basic"))
    _synced(engine)
    first, second = mentions(store, 2)
    like = queue_like(store, world, first)
    world.advance(6)
    engine.run_once()
    assert item(store, like.id).state is OutboxState.HANDED
    assert world.stats()["requests"]["POST /2/users/:id/likes"] == 1
    # A restart, with a fresh platform that knows nothing: the denial is in the file.
    restarted = make_engine(platform=world.platform(plan="basic"))
    assert restarted.capability(ActionKind.LIKE, second).value == "intent"
    assert "refused" in restarted.route_reason(ActionKind.LIKE, second)
    assert restarted.capability(ActionKind.REPOST, second).value == "api"
    again = queue_like(store, world, second)
    world.advance(6)
    restarted.run_once()
    assert item(store, again.id).state is OutboxState.HANDED
    assert world.stats()["requests"]["POST /2/users/:id/likes"] == 1


def test_a_deleted_target_fails_in_plain_words_and_keeps_the_draft(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Replying to something that vanished.")
    store.drafts.delete(f"reply:{target.id}")  # even with the draft gone, the words survive
    world.delete_post(target.id)
    world.advance(6)
    report = engine.run_once()
    failed = item(store, queued.id)
    assert failed.state is OutboxState.FAILED
    assert failed.error and "draft" in failed.error
    assert [line.id for line in report.failed] == [queued.id]
    draft = store.drafts.get(f"reply:{target.id}")
    assert draft is not None and draft.text == "Replying to something that vanished."


def test_same_words_to_another_post_are_refused_as_duplicate_not_marked_sent(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    first, second = mentions(store, 2)
    one = queue_reply(store, world, first, "Thank you so much!")
    world.advance(6)
    engine.run_once()
    assert item(store, one.id).state is OutboxState.SENT
    two = queue_reply(store, world, second, "Thank you so much!")
    world.advance(6)
    engine.run_once()
    refused = item(store, two.id)
    assert refused.state is OutboxState.FAILED
    assert "duplicate" in (refused.error or "")
    assert store.drafts.get(f"reply:{second.id}") is not None
    assert replies_to(world, second.id, "Thank you so much!") == []


def test_a_rate_limited_send_waits_for_the_reset_then_goes_once(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    _synced(engine)
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Worth the wait.")
    world.fault("POST /2/tweets", "429")
    world.advance(6)
    engine.run_once()
    waiting = item(store, queued.id)
    assert waiting.state is OutboxState.QUEUED
    assert waiting.send_after > world.clock()
    world.advance((waiting.send_after - world.clock()).total_seconds() + 1)
    engine.run_once()
    assert item(store, queued.id).state is OutboxState.SENT
    assert len(replies_to(world, target.id, "Worth the wait.")) == 1


def _abandon_mid_send(store: Store, world: World, queued_id: int, *, request_lands: bool) -> None:
    """An engine that died after claiming the row (and maybe after X got the post)."""
    claimed = store.outbox.claim(queued_id, None, world.clock())
    assert claimed is not None
    if request_lands:
        platform = world.platform()
        target = store.people.post(claimed.target_post_id or "")
        assert platform.send(claimed, target).status is SendStatus.SENT


@pytest.mark.parametrize("request_lands", [True, False])
def test_a_row_left_sending_by_a_dead_engine_is_reconciled_not_resent(
    world: World, store: Store, make_engine: EngineFactory, request_lands: bool
) -> None:
    _synced(make_engine())
    target = a_mention(store)
    text = f"Left mid-send (landed: {request_lands})."
    queued = queue_reply(store, world, target, text, delay=0)
    _abandon_mid_send(store, world, queued.id, request_lands=request_lands)
    fresh = make_engine(platform=world.platform())
    fresh.run_once()
    # Within the lease the row may still belong to a live sender: untouched.
    assert item(store, queued.id).state is OutboxState.SENDING
    world.advance(SENDING_LEASE.total_seconds() + 1)
    fresh.run_once()
    done = item(store, queued.id)
    posted = replies_to(world, target.id, text)
    assert len(posted) == 1
    assert done.state is OutboxState.SENT and done.remote_id == posted[0]["id"]


def test_offline_keeps_the_outbox_and_a_later_sync_sends_it(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    _synced(make_engine())
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Written on the train.", delay=0)
    closed = world.platform(api_base="http://127.0.0.1:9")  # nothing listens on port 9
    offline = make_engine(platform=closed)
    report = offline.run_once()
    assert not report.ok and not report.online
    assert "Offline" in (report.reason or "")
    status = offline.status()
    assert status.online is False and status.queued == 1
    assert item(store, queued.id).state is OutboxState.QUEUED
    assert store.drafts.get(f"reply:{target.id}") is not None
    world.advance(120)
    back = make_engine(platform=world.platform())
    assert back.run_once().ok
    assert item(store, queued.id).state is OutboxState.SENT
    assert len(replies_to(world, target.id, "Written on the train.")) == 1
    assert back.status().online and back.status().queued == 0


def test_offline_retries_back_off_then_the_link_comes_back(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    offline = make_engine(platform=world.platform(api_base="http://127.0.0.1:9"))
    offline.run_once()
    blocked = offline.status()
    assert not blocked.online and blocked.message and "Offline" in blocked.message
    # Inside the pause nothing is tried; the same engine notices nothing new.
    again = offline.run_once()
    assert again.requests == 0
    world.advance(timedelta(minutes=2).total_seconds())
    assert not offline.run_once().online
