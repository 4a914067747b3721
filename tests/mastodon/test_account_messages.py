"""What `engage auth login mastodon` and `engage auth status` say when the
server cannot be reached: one plain line that names the server and what to
do, not the sync engine's "sends what is queued later" (nothing is queued by
a sign-in), and no "@" before a server's address."""

from __future__ import annotations

import argparse
import socket
from dataclasses import dataclass, field

import pytest

from engage_tui.platforms.mastodon.account import CONNECTOR
from engage_tui.platforms.network import SignInFailed


@dataclass
class Terminal:
    said: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        self.said.append(line)

    def offer_browser(self, url: str) -> None:
        raise AssertionError("no page to open: the server was never reached")

    def ask(self, prompt: str, secret: bool = False) -> str:
        raise AssertionError("nothing to ask: the server was never reached")


@pytest.fixture
def down() -> str:
    """A server on this machine that is not running (a port nothing listens on)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_signing_in_to_a_server_that_is_down_says_to_check_the_address(down: str, test_keyring):
    args = argparse.Namespace(server=down, account=None, no_browser=True)

    with pytest.raises(SignInFailed) as failed:
        CONNECTOR.login(args, Terminal())

    message = str(failed.value)
    assert message.startswith(f"sign-in failed: could not reach {down}")
    assert "check the address" in message
    assert "queued" not in message


def test_status_of_an_environment_account_on_a_server_that_is_down_names_the_server(
    down: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ENGAGE_MASTODON_SERVER", down)
    monkeypatch.setenv("ENGAGE_MASTODON_TOKEN", "token")
    terminal = Terminal()

    works = CONNECTOR.check(CONNECTOR.from_environment("free"), terminal)

    assert not works
    assert terminal.said[0].startswith(f"{down} (Mastodon, the environment): Could not reach")
