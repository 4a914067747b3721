"""Signing in once, keeping the session in the keyring, and what the user sees
when Bluesky ends it; and the read state engage hands back (updateSeen)."""

from __future__ import annotations

import base64
import json
import time

import pytest

from engage_tui.domain import Notification, Person
from engage_tui.platforms.bluesky import (
    BlueskyLogin,
    BlueskyPlatform,
    KeyringSessionStore,
    login_from_env,
    sign_in,
)
from engage_tui.platforms.errors import SignedOut
from tests.http_proxy import Proxy

from .bsky_support import (
    ON_NETWORK,
    Accounts,
    MemoryState,
    MemoryStore,
    Network,
    context,
    now,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK


def test_a_restart_reuses_the_kept_session_without_logging_in_again(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")
    proxy = Proxy(bluesky_network.pds)
    try:
        first = BlueskyPlatform(me.login(proxy.url), KeyringSessionStore(f"bluesky:{me.handle}"))
        assert first.whoami().id == me.did
        # A new process: a new platform, the same keyring entry, no password.
        login = BlueskyLogin(handle=me.handle, service=proxy.url)
        second = BlueskyPlatform(login, KeyringSessionStore(login.account))
        owner = second.whoami()
    finally:
        proxy.close()

    assert owner.id == me.did
    assert proxy.count("com.atproto.server.createSession") == 1
    assert me.app_password not in (test_keyring.get_password("engage", login.account) or "")


def test_no_kept_session_and_no_app_password_asks_to_sign_in(bluesky_network: Network):
    platform = BlueskyPlatform(
        BlueskyLogin(handle="nobody.test", service=bluesky_network.pds), MemoryStore()
    )

    with pytest.raises(SignedOut, match="engage auth login bluesky"):
        platform.whoami()


def test_a_wrong_app_password_says_how_to_make_one(accounts: Accounts, bluesky_network: Network):
    me = accounts.create("me")
    login = BlueskyLogin(
        handle=me.handle, app_password="aaaa-bbbb-cccc-dddd", service=bluesky_network.pds
    )

    with pytest.raises(SignedOut, match="App passwords"):
        BlueskyPlatform(login, MemoryStore()).whoami()


def _expired(jwt: str) -> str:
    """The same token with its expiry in the past (the SDK reads it unverified)."""
    head, payload, sig = jwt.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["exp"] = int(time.time()) - 60
    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{head}.{raw}.{sig}"


def test_an_expired_session_that_cannot_be_refreshed_signs_out_plainly(
    accounts: Accounts, bluesky_network: Network
):
    me = accounts.create("me")
    store = MemoryStore()
    platform_for(me, bluesky_network.pds, store).whoami()
    assert store.value is not None
    handle, did, access, refresh, pds = store.value.split(":::")
    # Signed out elsewhere: the refresh token is revoked on the server.
    me.sdk.com.atproto.server.delete_session(headers={"Authorization": f"Bearer {refresh}"})
    store.value = ":::".join((handle, did, _expired(access), refresh, pds))
    restarted = BlueskyPlatform(BlueskyLogin(handle=me.handle, service=pds), store)

    with pytest.raises(SignedOut) as out:
        restarted.whoami()

    assert "sign in again with `engage auth login bluesky`" in str(out.value)
    assert "Traceback" not in str(out.value)


def test_update_seen_moves_the_unread_count(accounts: Accounts, bluesky_network: Network):
    me, them, later = accounts.create("me"), accounts.create("them"), accounts.create("later")
    mine = me.post("something to like")
    wait_for(lambda: them.sdk.app.bsky.feed.get_posts({"uris": [mine["uri"]]}).posts, "the post")
    them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    them.create("app.bsky.feed.like", {"subject": mine, "createdAt": now()})
    platform = platform_for(me, bluesky_network.pds)
    owner = platform.whoami()
    events = wait_for(lambda: _pull_all(platform, owner, 2), "two notifications")
    assert platform.unread_count() >= 1

    platform.mark_seen(max(e.created_at for e in events))
    after_seen = platform.unread_count()
    later.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    one_new = wait_for(lambda: platform.unread_count(), "the new follow as unread")

    assert after_seen == 0
    assert one_new == 1


def _pull_all(platform: BlueskyPlatform, owner: Person, count: int) -> list[Notification] | None:
    """Everything since the start, once ``count`` notifications are there."""
    events = platform.pull("notifications", context(owner, MemoryState())).events
    return events if len(events) >= count else None


def test_sign_in_keeps_the_session_in_the_keyring(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")
    login = me.login(bluesky_network.pds)

    owner = sign_in(login)
    kept = test_keyring.get_password("engage", login.account)

    assert owner.id == me.did
    assert kept is not None and me.did in kept
    assert me.app_password not in kept


def test_sign_in_refuses_the_account_password_and_ends_that_session(
    accounts: Accounts, bluesky_network: Network
):
    me = accounts.create("me")
    store = MemoryStore()
    login = BlueskyLogin(handle=me.handle, app_password=me.password, service=bluesky_network.pds)

    with pytest.raises(SignedOut, match="account password"):
        sign_in(login, store)

    assert store.value is None


def test_sign_in_from_the_environment(accounts: Accounts, bluesky_network: Network, test_keyring):
    me = accounts.create("me")
    login = login_from_env(
        {
            "ENGAGE_BSKY_SERVICE": bluesky_network.pds,
            "ENGAGE_BSKY_HANDLE": me.handle,
            "ENGAGE_BSKY_APP_PASSWORD": me.app_password,
        }
    )
    assert login is not None

    assert sign_in(login).handle == me.handle


def test_a_refreshed_session_is_kept_at_once(accounts: Accounts, bluesky_network: Network):
    me = accounts.create("me")
    store = MemoryStore()
    platform_for(me, bluesky_network.pds, store).whoami()
    assert store.value is not None
    handle, did, access, refresh, pds = store.value.split(":::")
    store.value = ":::".join((handle, did, _expired(access), refresh, pds))
    saves = store.saves
    restarted = BlueskyPlatform(BlueskyLogin(handle=me.handle, service=pds), store)

    assert restarted.whoami().id == me.did
    assert store.saves == saves + 1
    assert store.value.split(":::")[3] != refresh  # the used refresh token is replaced
