"""`engage auth login|status|logout` end to end: the real PIN flow against the
sandbox, tokens into a real (test-configured) keyring backend."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from engage_tui.sandbox import Sandbox, start_sandbox
from tests.cli_run import run_engage

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed=5, port=0, clock_start=datetime(2026, 11, 20, tzinfo=UTC)) as sb:
        yield sb


def engage(*args: str, stdin: str | Callable[[str], str] = "") -> subprocess.CompletedProcess[str]:
    return run_engage(*args, stdin=stdin)


def _as_a_person(sandbox: Sandbox) -> Callable[[str], str]:
    """Standard input typed by a person: the keys, then the PIN the sandbox's
    authorize page gives for the link engage has shown by then."""
    keys = [sandbox.env["ENGAGE_X_CONSUMER_KEY"], sandbox.env["ENGAGE_X_CONSUMER_SECRET"]]

    def answer(shown: str) -> str:
        if keys:
            return keys.pop(0) + "\n"
        token = re.search(r"oauth_token=([\w-]+)", shown)
        assert token is not None, "the authorize link was never shown"
        approved = requests.post(
            f"{sandbox.base_url}/_sandbox/authorize",
            json={"oauth_token": token.group(1)},
            timeout=10,
        ).json()
        return f"{approved['oauth_verifier']}\n"

    return answer


def signed_in(sandbox: Sandbox) -> subprocess.CompletedProcess[str]:
    """The PIN flow of ``pin_login``, run in this process."""
    return engage(
        "auth", "login", "--no-browser", "--api-base", sandbox.base_url, stdin=_as_a_person(sandbox)
    )


def pin_login(sandbox: Sandbox) -> subprocess.CompletedProcess[str]:
    """Answer the prompts as a person would: keys, then the PIN the page shows
    (a real process: the sign-in's own test of the entry point)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engage_tui.cli.main",
            "auth",
            "login",
            "--no-browser",
            "--api-base",
            sandbox.base_url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{sandbox.env['ENGAGE_X_CONSUMER_KEY']}\n")
    process.stdin.write(f"{sandbox.env['ENGAGE_X_CONSUMER_SECRET']}\n")
    process.stdin.flush()
    shown = ""
    while "oauth_token=" not in shown:
        line = process.stdout.readline()
        assert line, "the authorize link was never shown"
        shown += line
    token = re.search(r"oauth_token=([\w-]+)", shown)
    assert token is not None
    approved = requests.post(
        f"{sandbox.base_url}/_sandbox/authorize", json={"oauth_token": token.group(1)}, timeout=10
    ).json()
    out, err = process.communicate(f"{approved['oauth_verifier']}\n", timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, shown + out, err)


def test_pin_flow_signs_in_and_keeps_tokens_only_in_the_keyring(
    sandbox: Sandbox, test_keyring, engage_home: Path
) -> None:
    done = pin_login(sandbox)
    assert done.returncode == 0, done.stderr
    assert "Signed in as @" in done.stdout
    import keyring

    stored = keyring.get_password("engage", "noor_grows")
    assert stored is not None and "access_token" in stored
    # engage's own files name the account but hold no secret.
    written = "".join(
        p.read_text("utf-8", "replace") for p in engage_home.rglob("*") if p.is_file()
    )
    assert "noor_grows" in written
    assert sandbox.env["ENGAGE_X_CONSUMER_SECRET"] not in written


def test_status_checks_the_tokens_with_x_and_logout_forgets_them(
    sandbox: Sandbox, test_keyring
) -> None:
    assert signed_in(sandbox).returncode == 0
    status = engage("auth", "status")
    assert status.returncode == 0, status.stderr
    assert "Signed in to X as @noor_grows" in status.stdout
    logout = engage("auth", "logout")
    assert logout.returncode == 0
    import keyring

    assert keyring.get_password("engage", "noor_grows") is None
    assert engage("auth", "status").returncode == 1


def test_a_wrong_pin_is_refused_in_plain_words(sandbox: Sandbox, test_keyring) -> None:
    keys = f"{sandbox.env['ENGAGE_X_CONSUMER_KEY']}\n{sandbox.env['ENGAGE_X_CONSUMER_SECRET']}\n"
    done = engage(
        "auth", "login", "--no-browser", "--api-base", sandbox.base_url, stdin=keys + "0000000\n"
    )
    assert done.returncode == 1
    assert "sign-in failed" in done.stderr
    assert "Traceback" not in done.stderr


def test_login_without_a_keyring_explains_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    done = engage("auth", "login", stdin="ck\ncs\n")
    assert done.returncode == 1
    assert "No working keyring backend" in done.stderr
    assert "ENGAGE_X_CONSUMER_KEY" in done.stderr
