"""What Bluesky's refusals look like to engage: rate limits, outages and a
revoked token on a call, injected by a proxy in front of the real PDS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from engage_tui.config import Config
from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.platforms.base import ReconcileOutcome
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.platforms.errors import NoAnswer, RateLimited, SignedOut, Transient
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .bsky_support import (
    ON_NETWORK,
    Account,
    Accounts,
    LosingProxy,
    MemoryState,
    MemoryStore,
    Network,
    context,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK
RESET = 1_900_000_000  # 2030-03-17 17:46:40 UTC


def _error(name: str, message: str) -> bytes:
    return json.dumps({"error": name, "message": message}).encode()


@pytest.fixture
def setup(
    accounts: Accounts, bluesky_network: Network
) -> Iterator[tuple[Account, Account, LosingProxy, BlueskyPlatform]]:
    me, them = accounts.create("me"), accounts.create("them")
    proxy = LosingProxy(bluesky_network.pds)
    store = MemoryStore()
    platform_for(me, bluesky_network.pds, store).whoami()
    assert store.value is not None
    store.value = ":::".join([*store.value.split(":::")[:4], proxy.url])
    yield me, them, proxy, platform_for(me, proxy.url, store)
    proxy.close()


def _reply(target: str, token: str) -> OutboxItem:
    at = datetime.now(UTC)
    return OutboxItem(
        id=1,
        kind=ActionKind.REPLY,
        state=OutboxState.QUEUED,
        created_at=at,
        send_after=at,
        network="bluesky",
        target_post_id=target,
        text="hello",
        prepare_token=token,
    )


def _own_posts(account: Account) -> int:
    listed = account.sdk.com.atproto.repo.list_records(
        {"repo": account.did, "collection": "app.bsky.feed.post"}
    )
    return len(listed.records)


def test_a_spent_rate_limit_says_until_when(setup):
    _, _, proxy, platform = setup
    proxy.fault = (
        "listNotifications",
        429,
        {"ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": str(RESET)},
        _error("RateLimitExceeded", "Rate Limit Exceeded"),
    )

    with pytest.raises(RateLimited) as limited:
        platform.pull("notifications", context(platform.whoami(), MemoryState()))

    assert limited.value.reset_at == datetime.fromtimestamp(RESET, UTC)
    assert "until 17:46 UTC" in str(limited.value)
    usage = [u for u in platform.take_usage() if "listNotifications" in u.endpoint]
    assert (usage[0].rate_limit, usage[0].rate_remaining) == (3000, 0)


def test_an_outage_before_the_write_is_retryable_and_posts_nothing(setup):
    me, them, proxy, platform = setup
    theirs = them.post("answer me")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    proxy.fault = ("createRecord", 503, {}, _error("ServiceUnavailable", "down for a moment"))
    item = _reply(theirs["uri"], platform.prepare(_reply(theirs["uri"], "")) or "")

    with pytest.raises(Transient) as failed:
        platform.send(item, None)
    proxy.fault = None
    outcome = platform.reconcile(item, None)

    assert not failed.value.outcome_unknown
    assert outcome.outcome is ReconcileOutcome.NOT_SENT
    assert _own_posts(me) == 0


def test_a_500_on_a_create_that_did_not_land_stays_unknown_until_reconciled(setup):
    me, them, proxy, platform = setup
    theirs = them.post("answer me")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    proxy.fault = ("createRecord", 500, {}, _error("InternalServerError", "Internal Server Error"))
    item = _reply(theirs["uri"], platform.prepare(_reply(theirs["uri"], "")) or "")

    with pytest.raises(Transient) as failed:
        platform.send(item, None)
    proxy.fault = None

    assert failed.value.outcome_unknown
    assert platform.reconcile(item, None).outcome is ReconcileOutcome.NOT_SENT


def test_a_token_refused_mid_session_signs_out_plainly(setup):
    _, _, proxy, platform = setup
    proxy.fault = ("getUnreadCount", 401, {}, _error("ExpiredToken", "Token has expired"))

    with pytest.raises(SignedOut, match="engage auth login bluesky"):
        platform.unread_count()


def test_a_pds_that_stops_answering_is_asked_once_in_a_pass_not_once_per_source(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
) -> None:
    me, them = accounts.create("me"), accounts.create("them")
    them.post("something to read")
    proxy = LosingProxy(bluesky_network.pds)
    platform = _impatient(me, bluesky_network, proxy)
    store = Store.open(tmp_path / "engage.db")
    try:
        store.prospects.add(None, datetime.now(UTC), pending_handle=them.handle)
        engine = SyncEngine(store, platform, config=Config())
        assert engine.run_once().ok, "the first pass, with the PDS answering"
        proxy.stall = "/xrpc/"
        asked_before = len(proxy.paths)
        report = engine.run_once(every_source=True)
        # One request waited out its timeout; the pass asked nothing more.
        assert len(proxy.paths) - asked_before == 1
        assert "Bluesky did not answer in time" in (report.reason or "")
        assert engine.status().online is False
    finally:
        store.close()
        proxy.close()


def _impatient(me: Account, network: Network, proxy: LosingProxy) -> BlueskyPlatform:
    """``me``'s platform through ``proxy``, waiting one second for an answer."""
    kept = MemoryStore()
    platform_for(me, network.pds, kept).whoami()
    assert kept.value is not None
    kept.value = ":::".join([*kept.value.split(":::")[:4], proxy.url])
    return BlueskyPlatform(me.login(proxy.url), kept, timeout=httpx.Timeout(1.0, connect=5.0))


def test_a_like_left_unanswered_is_not_asked_after_at_once_and_lands_once_later(
    accounts: Accounts, bluesky_network: Network
) -> None:
    me, them = accounts.create("me"), accounts.create("them")
    theirs = them.post("like me")
    wait_for(lambda: me.sdk.app.bsky.feed.get_posts({"uris": [theirs["uri"]]}).posts, "the post")
    proxy = LosingProxy(bluesky_network.pds)
    try:
        platform = _impatient(me, bluesky_network, proxy)
        item = replace(_reply(theirs["uri"], ""), kind=ActionKind.LIKE, text="")
        item = replace(item, prepare_token=platform.prepare(item))
        proxy.stall = "createRecord"

        with pytest.raises(NoAnswer):
            platform.send(item, None)
        # Asking whether it landed would have waited as long again.
        assert proxy.count("com.atproto.repo.getRecord") == 0

        proxy.stall = None
        platform.send(item, None)  # the next attempt, with the same record key
        likes = me.sdk.com.atproto.repo.list_records(
            {"repo": me.did, "collection": "app.bsky.feed.like"}
        ).records
        assert len(likes) == 1
    finally:
        proxy.close()
