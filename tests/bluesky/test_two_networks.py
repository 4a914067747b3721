"""An X account and a Bluesky account side by side in one inbox, as `engage`
runs them: the X sandbox on 127.0.0.1 through the real tweepy, the reference
Bluesky servers, one SQLite file, and engage's own commands (run in the test's process:
tests/cli_run.py)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engage_tui.paths import default_paths
from engage_tui.sandbox import Sandbox, start_sandbox
from engage_tui.state import AppState, SignedInAccount, load_state, save_state
from engage_tui.store import Store
from tests.cli_run import run_engage
from tests.sandbox.sandbox_support import CLOCK, SEED, SMALL

from .bsky_support import ON_NETWORK, Account, Accounts, Network, now, wait_for

pytestmark = ON_NETWORK
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def x_sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL) as sb:
        yield sb


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """engage with only the ENGAGE_* variables given, as a headless user sets
    them (none: the keyring's accounts)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ENGAGE_BSKY_", "ENGAGE_X_"))}
    return run_engage(*args, env={**clean, **(env or {})}, stdin=stdin)


def both(x: Sandbox, me: Account, network: Network) -> dict[str, str]:
    """The variables for the sandbox's X account and ``me`` on Bluesky."""
    return {
        **x.env,
        "ENGAGE_BSKY_SERVICE": network.pds,
        "ENGAGE_BSKY_HANDLE": me.handle,
        "ENGAGE_BSKY_APP_PASSWORD": me.app_password,
    }


def engage(
    x: Sandbox, me: Account, network: Network, *args: str
) -> subprocess.CompletedProcess[str]:
    return run(*args, env=both(x, me, network))


def _followed(me: Account, by: Account) -> dict[str, str]:
    made = by.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    wait_for(
        lambda: len(me.sdk.app.bsky.notification.list_notifications().notifications) >= 1,
        "the follow notification",
    )
    return made


def _synced(
    x: Sandbox, me: Account, network: Network, *args: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    done = engage(x, me, network, "sync", "--now", "--json", *args)
    assert done.returncode == 0, done.stderr
    return done, json.loads(done.stdout)


def test_sync_json_reports_each_account_and_the_totals(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me, them = accounts.create("me"), accounts.create("them")
    _followed(me, them)

    _, report = _synced(x_sandbox, me, bluesky_network)

    by_network = {a["network"]: a for a in report["accounts"]}
    assert set(by_network) == {"x", "bluesky"}
    assert by_network["bluesky"]["account"] == f"Bluesky @{me.handle}"
    assert by_network["bluesky"]["id"] == me.did
    assert by_network["bluesky"]["arrived"] == {"follow": 1}
    assert by_network["x"]["new_total"] > 0
    assert report["new_total"] == by_network["x"]["new_total"] + 1
    assert report["requests"] == sum(a["requests"] for a in report["accounts"])
    # X bills its reads; Bluesky's are free: the totals carry X's dollars.
    assert by_network["bluesky"]["cost_usd"] == 0
    assert report["cost_usd"] == by_network["x"]["cost_usd"] > 0


def test_both_accounts_rows_are_in_one_inbox_each_named_by_its_account(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me, them = accounts.create("me"), accounts.create("them")
    follow = _followed(me, them)
    _, report = _synced(x_sandbox, me, bluesky_network)
    x_owner = next(a["id"] for a in report["accounts"] if a["network"] == "x")

    store = Store.open(Path(engage_home) / "data" / "engage.db")
    try:
        everyone = store.inbox.window(limit=500, include_done=True, group=False)
        only_bluesky = store.inbox.window(
            limit=500, include_done=True, group=False, accounts=frozenset({me.did})
        )
        x_count = store.inbox.count(include_done=True, accounts=frozenset({x_owner}))
    finally:
        store.close()
    assert {row.notification.account for row in everyone} == {me.did, x_owner}
    assert [row.notification.id for row in only_bluesky] == [f"{me.did}|bluesky:{follow['uri']}"]
    assert x_count == len(everyone) - 1


def test_a_second_sync_brings_nothing_twice_on_either_network(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me, them = accounts.create("me"), accounts.create("them")
    _followed(me, them)
    _synced(x_sandbox, me, bluesky_network)

    _, again = _synced(x_sandbox, me, bluesky_network)

    assert again["new_total"] == 0
    assert [a["new_total"] for a in again["accounts"]] == [0, 0]


def test_the_text_report_names_each_account_then_the_totals(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me, them = accounts.create("me"), accounts.create("them")
    _followed(me, them)

    done = engage(x_sandbox, me, bluesky_network, "sync", "--now")

    assert done.returncode == 0, done.stderr
    assert f"Bluesky @{me.handle}\nengage sync at" in done.stdout
    assert "X @" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("both accounts: ")


def test_auth_status_checks_both_accounts(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me = accounts.create("me")

    done = engage(x_sandbox, me, bluesky_network, "auth", "status")

    assert done.returncode == 0, done.stderr
    assert "Signed in to X as @" in done.stdout
    assert f"Signed in to Bluesky as @{me.handle}" in done.stdout
    assert "engage opens these 2 accounts together, in one inbox." in done.stdout


def test_the_environments_x_account_opens_beside_a_signed_in_bluesky_account(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me = accounts.create("me")
    signed_in = run(
        "auth",
        "login",
        "bluesky",
        "--service",
        bluesky_network.pds,
        stdin=f"{me.handle}\n{me.app_password}\n",
        env=x_sandbox.env,
    )
    assert signed_in.returncode == 0, signed_in.stderr

    status = run("auth", "status", env=x_sandbox.env)

    assert status.returncode == 0, status.stderr
    assert "X: from environment variables (--account env)." in status.stdout
    assert f"* @{me.handle}  Bluesky" in status.stdout
    assert f"Signed in to Bluesky as @{me.handle}" in status.stdout


def _signed_in_without_x_tokens(me: Account, network: Network) -> None:
    """Bluesky signed in as a person does it; an X account whose keyring
    entry has gone (another machine's keyring, a wiped keychain)."""
    signed_in = run(
        "auth",
        "login",
        "bluesky",
        "--service",
        network.pds,
        stdin=f"{me.handle}\n{me.app_password}\n",
    )
    assert signed_in.returncode == 0, signed_in.stderr
    state_file = default_paths().state_file
    state = load_state(state_file)
    gone = SignedInAccount(name="shop", user_id="777", handle="shop_owner", network="x")
    save_state(state_file, AppState(accounts=(*state.accounts, gone), default="shop"))


def test_an_account_that_cannot_open_leaves_the_others_syncing_and_says_so(
    accounts: Accounts, bluesky_network: Network, test_keyring, engage_home
):
    me, them = accounts.create("me"), accounts.create("them")
    _followed(me, them)
    _signed_in_without_x_tokens(me, bluesky_network)

    done = run("sync", "--json")

    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["arrived"] == {"follow": 1}
    assert report["problems"] == [
        "Not synced: the keyring has no tokens for 'shop' (@shop_owner): "
        "sign in again with `engage auth login`."
    ]
    assert done.stderr.startswith("engage: Not synced: the keyring has no tokens for 'shop'")


def test_auth_status_names_the_account_it_could_not_open(
    accounts: Accounts, bluesky_network: Network, test_keyring, engage_home
):
    me = accounts.create("me")
    _signed_in_without_x_tokens(me, bluesky_network)

    status = run("auth", "status")

    assert status.returncode == 1
    assert f"Signed in to Bluesky as @{me.handle}" in status.stdout
    assert "Not opened: the keyring has no tokens for 'shop' (@shop_owner)" in status.stdout


def test_one_network_down_leaves_the_other_syncing_and_says_which(
    accounts: Accounts, bluesky_network: Network, x_sandbox: Sandbox, test_keyring, engage_home
):
    me = accounts.create("me")
    down = Network(pds="http://127.0.0.1:9", appview=bluesky_network.appview)

    done = engage(x_sandbox, me, down, "sync", "--now", "--json")

    assert done.returncode == 1
    report = json.loads(done.stdout)
    by_network = {a["network"]: a for a in report["accounts"]}
    assert by_network["x"]["ok"] and by_network["x"]["new_total"] > 0
    assert not by_network["bluesky"]["ok"] and not by_network["bluesky"]["online"]
    assert report["new_total"] == by_network["x"]["new_total"]
    assert done.stderr.startswith("engage: ") and done.stderr.count("\n") == 1
