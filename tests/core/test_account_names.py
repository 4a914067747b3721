"""`--account` names one signed-in account, spelt as `auth status` shows it or
by its handle, and a name that is nobody's is refused with the accounts there
are: never another account quietly, never "Nobody is signed in"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engage_tui.cli.main import main
from engage_tui.paths import default_paths
from engage_tui.state import AppState, SignedInAccount, load_state, save_state
from tests.conftest import REPO

ALICE = SignedInAccount("alice", "11", "alice")
BOB = SignedInAccount(
    "bluesky:bob.bsky.social", "did:plc:bob", "bob.bsky.social", "https://pds.test", "bluesky"
)


@pytest.fixture
def two_accounts(engage_home: Path) -> Path:
    state_file = default_paths().state_file
    save_state(state_file, AppState(accounts=(ALICE, BOB), default="alice"))
    return state_file


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def test_logout_of_an_account_nobody_has_names_the_accounts_there_are(
    two_accounts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "auth", "logout", "--account", "nosuch")
    assert status == 2
    assert "Nobody is signed in" not in out + err
    assert "'nosuch'" in err and "alice" in err and "bluesky:bob.bsky.social" in err
    assert load_state(two_accounts).accounts == (ALICE, BOB)


def test_sync_of_an_account_nobody_has_is_refused_even_with_xs_environment(
    two_accounts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The environment's X account must not be synced in place of "nobody".
    for var in ("CONSUMER_KEY", "CONSUMER_SECRET", "ACCESS_TOKEN", "ACCESS_TOKEN_SECRET"):
        monkeypatch.setenv(f"ENGAGE_X_{var}", "x")
    monkeypatch.setenv("ENGAGE_X_API_BASE", "http://127.0.0.1:9")
    status, out, err = run(capsys, "--account", "nobody", "sync")
    assert status == 2
    assert "'nobody'" in err and "alice" in err and "env" in err
    assert "engage sync at" not in out


def test_sync_of_an_account_nobody_has_names_the_accounts(
    two_accounts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = run(capsys, "--account", "nobody", "sync")
    assert status == 2
    assert "alice" in err and "bluesky:bob.bsky.social" in err


@pytest.mark.parametrize(
    "spelt", ["bluesky:bob.bsky.social", "bob.bsky.social", "@bob.bsky.social"]
)
def test_an_account_is_found_by_its_name_or_its_handle(
    two_accounts: Path, spelt: str, test_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    # Logging out asks the server to end the session (best effort): none here.
    status, out, err = run(capsys, "auth", "logout", "--account", spelt)
    assert status == 0, err
    assert "Signed out @bob.bsky.social" in out
    assert load_state(two_accounts).accounts == (ALICE,)


def test_auth_status_shows_the_name_account_takes(
    two_accounts: Path, test_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    # Neither account has secrets in this keyring: both are listed, not opened.
    _status, out, _err = run(capsys, "auth", "status")
    assert "(--account bluesky:bob.bsky.social)" in out
    assert "(--account alice)" in out


def test_a_closed_pipe_ends_the_command_quietly(engage_home: Path) -> None:
    # `engage ... | head`: the reader is gone before engage writes.
    process = subprocess.Popen(
        [sys.executable, "-m", "engage_tui.cli.main", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Broken pipe" not in err and "Traceback" not in err
    assert err == ""
