"""A Bluesky account through engage's own commands, against the real servers:
`engage auth login bluesky` as a person types it, the session kept in a
(test-configured) keyring and reused by `engage sync`, every kind of
notification arriving once, and what the user reads when the session ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_run import run_engage
from tests.http_proxy import Proxy

from .bsky_support import ON_NETWORK, Account, Accounts, Network, now, wait_for
from .test_notifications import _mention
from .test_session import _expired

pytestmark = ON_NETWORK
REPO = Path(__file__).resolve().parents[2]


def engage(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENGAGE_BSKY_")}
    return run_engage(*args, env=env, stdin=stdin)


def login(account: Account, service: str) -> subprocess.CompletedProcess[str]:
    """Answer the prompts as a person would: the handle, then the app password."""
    return engage(
        "auth",
        "login",
        "bluesky",
        "--service",
        service,
        stdin=f"@{account.handle}\n{account.app_password}\n",
    )


@pytest.fixture
def proxy(bluesky_network: Network) -> Iterator[Proxy]:
    """Counts engage's requests to the PDS (it loses nothing unless told)."""
    made = Proxy(bluesky_network.pds)
    yield made
    made.close()


def sync_json() -> dict[str, Any]:
    done = engage("sync", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_login_keeps_only_the_session_in_the_keyring_and_sync_reuses_it(
    accounts: Accounts, proxy: Proxy, test_keyring, engage_home: Path
):
    me = accounts.create("me")

    signed_in = login(me, proxy.url)

    assert signed_in.returncode == 0, signed_in.stderr
    assert f"Signed in to Bluesky as @{me.handle}" in signed_in.stdout
    assert "app password" in signed_in.stdout
    session = test_keyring.get_password("engage", f"bluesky:{me.handle}")
    assert session is not None and me.did in session
    assert me.app_password not in session
    # engage's own files name the account, never the password or the tokens.
    written = "".join(
        p.read_text("utf-8", "replace") for p in engage_home.rglob("*") if p.is_file()
    )
    assert me.handle in written
    assert me.app_password not in written
    assert session.split(":::")[2] not in written

    report = sync_json()

    assert report["ok"], report["problems"]
    assert proxy.count("com.atproto.server.createSession") == 1


def test_sync_json_brings_every_kind_of_notification_once(
    accounts: Accounts, proxy: Proxy, test_keyring
):
    me, them = accounts.create("me"), accounts.create("them")
    mine = me.post("something worth answering")
    wait_for(lambda: them.sdk.app.bsky.feed.get_posts({"uris": [mine["uri"]]}).posts, "the post")
    them.create("app.bsky.feed.like", {"subject": mine, "createdAt": now()})
    them.create("app.bsky.feed.repost", {"subject": mine, "createdAt": now()})
    them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    them.create("app.bsky.feed.post", _mention(f"hello @{me.handle}", me))
    them.post("a reply", reply_to={"root": mine, "parent": mine})
    them.create(
        "app.bsky.feed.post",
        {
            "text": "look at this",
            "createdAt": now(),
            "embed": {"$type": "app.bsky.embed.record", "record": mine},
        },
    )
    wait_for(
        lambda: len(me.sdk.app.bsky.notification.list_notifications().notifications) >= 6,
        "six notifications",
    )
    assert login(me, proxy.url).returncode == 0

    first, second = sync_json(), sync_json()

    kinds = ("like", "repost", "follow", "mention", "reply", "quote")
    assert first["arrived"] == dict.fromkeys(kinds, 1)
    assert first["cost_usd"] == 0
    assert second["arrived"] == {}


def test_the_sync_report_says_bluesky_is_free(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")
    assert login(me, bluesky_network.pds).returncode == 0

    done = engage("sync")

    assert done.returncode == 0, done.stderr
    assert "month to date: free (Bluesky does not charge for its API)" in done.stdout
    assert "$" not in done.stdout


def test_status_lists_the_account_with_its_network_and_logout_forgets_it(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")
    assert login(me, bluesky_network.pds).returncode == 0

    status = engage("auth", "status")

    assert status.returncode == 0, status.stderr
    assert f"* @{me.handle}  Bluesky  {bluesky_network.pds}" in status.stdout
    assert f"Signed in to Bluesky as @{me.handle}" in status.stdout

    logout = engage("auth", "logout")

    assert logout.returncode == 0, logout.stderr
    assert "App passwords" in logout.stdout
    assert test_keyring.get_password("engage", f"bluesky:{me.handle}") is None
    assert engage("auth", "status").returncode == 1


def test_an_ended_session_tells_the_user_how_to_sign_in_again(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")
    assert login(me, bluesky_network.pds).returncode == 0
    entry = f"bluesky:{me.handle}"
    handle, did, access, refresh, pds = test_keyring.get_password("engage", entry).split(":::")
    # Signed out elsewhere, and the access token has run out meanwhile.
    me.sdk.com.atproto.server.delete_session(headers={"Authorization": f"Bearer {refresh}"})
    test_keyring.set_password(
        "engage", entry, ":::".join((handle, did, _expired(access), refresh, pds))
    )

    done = engage("sync")

    assert done.returncode == 1
    assert "sign in again with `engage auth login bluesky`" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_the_account_password_is_refused_with_how_to_make_an_app_password(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")

    done = engage(
        "auth",
        "login",
        "bluesky",
        "--service",
        bluesky_network.pds,
        stdin=f"{me.handle}\n{me.password}\n",
    )

    assert done.returncode == 1
    assert "app password" in done.stderr
    assert "Settings > Privacy and security > App passwords" in done.stderr
    assert test_keyring.get_password("engage", f"bluesky:{me.handle}") is None


def test_headless_variables_sign_in_without_prompts(
    accounts: Accounts, bluesky_network: Network, test_keyring
):
    me = accounts.create("me")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "ENGAGE_BSKY_HANDLE": me.handle,
        "ENGAGE_BSKY_APP_PASSWORD": me.app_password,
        "ENGAGE_BSKY_SERVICE": bluesky_network.pds,
    }

    done = subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", "sync", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"]
