"""`engage auth login mastodon`'s side in the Mastodon folder (the connector the
registry loads), against GoToSocial: the person signs in on the server's page
and pastes the code; the token lands in the keyring; status says who and that
it is free; signing out revokes the token on the server."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest

from engage_tui.platforms.errors import SignedOut
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform
from engage_tui.platforms.mastodon.account import CONNECTOR, env_login
from engage_tui.platforms.network import SignInFailed

from .gts_support import ON_SERVER, Account, Accounts

pytestmark = ON_SERVER


@dataclass
class Person:
    """The person at the terminal, with a browser: signs in where the page says."""

    account: Account
    accounts: Accounts
    said: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        self.said.append(line)

    def offer_browser(self, url: str) -> None:
        self.opened.append(url)

    def ask(self, prompt: str, secret: bool = False) -> str:
        assert "code" in prompt, prompt
        query = parse_qs(urlsplit(self.opened[-1]).query)
        return str(
            self.accounts.pool.server.authorize(
                self.account.email, self.account.password, query["client_id"][0], "read write"
            )
        )


@dataclass(frozen=True)
class Kept:
    name: str
    user_id: str
    handle: str
    api_base: str | None
    network: str = "mastodon"


def test_signing_in_keeps_the_token_and_signing_out_revokes_it(accounts: Accounts, test_keyring):
    me = accounts.create()
    person = Person(me, accounts)
    args = argparse.Namespace(server=accounts.url, account=None, no_browser=False)

    signed = CONNECTOR.login(args, person)
    kept = Kept(signed.name, signed.person.id, signed.person.handle, signed.api_base)
    opened = CONNECTOR.from_keyring(kept, "free")
    status = Person(me, accounts)
    works = CONNECTOR.check(opened, status)
    platform = CONNECTOR.platform(opened)
    said = CONNECTOR.logout(kept)

    assert signed.person.handle == me.handle
    assert signed.name == f"mastodon:{me.handle}"
    assert works and any("free" in line for line in status.said)
    assert "Signed out" in said[0]
    assert isinstance(platform, MastodonPlatform)
    revoked = MastodonPlatform(MastodonLogin(accounts.url, platform.client.token))
    with pytest.raises(SignedOut, match="engage auth login mastodon"):
        revoked.whoami()


def test_a_bad_environment_names_its_variable():
    with pytest.raises(SignInFailed, match="ENGAGE_MASTODON_SERVER"):
        env_login({"ENGAGE_MASTODON_SERVER": "ftp://x", "ENGAGE_MASTODON_TOKEN": "t"})
    with pytest.raises(SignInFailed, match="ENGAGE_MASTODON_TOKEN"):
        env_login(
            {"ENGAGE_MASTODON_SERVER": "https://mastodon.social", "ENGAGE_MASTODON_TOKEN": ""}
        )
