"""Mastodon's accounts for the CLI: the environment's (``ENGAGE_MASTODON_SERVER``
and ``ENGAGE_MASTODON_TOKEN``), the keyring's tokens, signing in through the
server's own page (OAuth code flow, never a password), the status check and
signing out (the token revoked on the server too).

Loaded by the registry on first use (``NETWORK.connector``): it imports
Mastodon.py.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from engage_tui import credentials
from engage_tui.platforms.errors import NoAnswer, Offline, PlatformError
from engage_tui.platforms.mastodon.network import ENV_SERVER, ENV_TOKEN, NETWORK
from engage_tui.platforms.network import (
    AccountUnavailable,
    Console,
    KeptAccount,
    ResolvedAccount,
    SignInFailed,
    kept_in,
)

if TYPE_CHECKING:
    from engage_tui.platforms.base import Platform
    from engage_tui.platforms.mastodon.auth import MastodonLogin
    from engage_tui.platforms.signed_in import SignedIn

# auth imports Mastodon.py and requests: each function below that needs it
# loads it, so naming a signed-in account (before the app's first frame)
# loads neither.

FREE_LINE = "  Mastodon's API is free: engage shows no spend for this account."


def env_login(environ: Mapping[str, str] | None = None) -> MastodonLogin:
    """The ``ENGAGE_MASTODON_*`` account, checked: a bad value names its variable."""
    from engage_tui.platforms.mastodon.auth import MastodonLogin, parse_server

    env = os.environ if environ is None else environ
    try:
        server = parse_server(env.get(ENV_SERVER, ""))
    except ValueError as err:
        raise SignInFailed(f"{ENV_SERVER}: {err}", 2) from None
    token = env.get(ENV_TOKEN, "").strip()
    if not token or not token.isprintable() or any(c.isspace() for c in token):
        raise SignInFailed(f"{ENV_TOKEN}: set it to an access token for {server}.", 2)
    return MastodonLogin(server, token)


class MastodonConnector:
    def from_environment(
        self, plan: str, environ: Mapping[str, str] | None = None
    ) -> ResolvedAccount:
        login = env_login(environ)
        return ResolvedAccount("env", None, "free", "environment", NETWORK.name, "", login.server)

    def from_keyring(self, kept: KeptAccount, plan: str) -> ResolvedAccount:
        try:
            credentials.require_keyring()
        except credentials.CredentialsError as err:
            raise AccountUnavailable(str(err)) from None
        return ResolvedAccount(
            kept.name,
            None,
            "free",
            "keyring",
            NETWORK.name,
            kept.handle,
            kept.api_base,
            user_id=kept.user_id,
        )

    def platform(self, account: ResolvedAccount) -> Platform:
        from engage_tui.platforms.mastodon.auth import KeyringTokenStore, MastodonLogin
        from engage_tui.platforms.mastodon.platform import MastodonPlatform

        if account.source == "environment":
            return MastodonPlatform(env_login())
        if not account.service:
            raise AccountUnavailable(
                f"engage does not know the server of {account.handle}: sign in again with "
                "`engage auth login mastodon --server https://your.server`."
            )
        try:
            token = KeyringTokenStore(account.name).load()
        except PlatformError as err:
            raise AccountUnavailable(str(err)) from None
        # No token: every call says to sign in again (SignedOut), plainly.
        return MastodonPlatform(MastodonLogin(account.service, token, account.handle))

    def login(self, args: argparse.Namespace, console: Console) -> SignedIn:
        from engage_tui.platforms.mastodon.auth import (
            KeyringAppStore,
            KeyringTokenStore,
            MastodonLogin,
            authorization_url,
            exchange_code,
            parse_server,
            register_app,
        )
        from engage_tui.platforms.mastodon.platform import MastodonPlatform
        from engage_tui.platforms.signed_in import SignedIn

        # Fail before asking for anything if there is nowhere safe to keep the token.
        try:
            credentials.require_keyring()
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        raw = getattr(args, "server", None) or os.environ.get(ENV_SERVER, "")
        raw = raw or console.ask("Your server or handle (https://mastodon.social or you@host): ")
        try:
            server = parse_server(raw)
        except ValueError as err:
            raise SignInFailed(f"--server: {err}", 2) from None
        try:
            app = register_app(server, KeyringAppStore())
            url = authorization_url(server, app)
        except PlatformError as err:
            raise SignInFailed(_sign_in_failed(server, err)) from None
        console.say(f"Sign in to {server} in your browser and allow engage (read and write):")
        console.say(f"  {url}")
        console.offer_browser(url)
        code = console.ask("Paste the code the page shows: ")
        try:
            token = exchange_code(server, app, code)
            person = MastodonPlatform(MastodonLogin(server, token)).whoami()
        except PlatformError as err:
            raise SignInFailed(_sign_in_failed(server, err)) from None
        name = getattr(args, "account", None) or f"mastodon:{person.handle}"
        try:
            KeyringTokenStore(name).save(token)
        except PlatformError as err:
            raise SignInFailed(str(err)) from None
        return SignedIn(
            name,
            person,
            server,
            (
                f"Signed in to Mastodon as @{person.handle} ({person.name}).",
                "The token is kept in the OS keyring (never in a file); engage never saw "
                "your password. Run `engage` to open your inbox.",
            ),
        )

    def check(self, account: ResolvedAccount, console: Console) -> bool:
        where = kept_in(account)
        try:
            person = self.platform(account).whoami()
        except (PlatformError, AccountUnavailable) as err:
            who = f"@{account.handle}" if account.handle else account.service
            console.say(f"{who} (Mastodon, {where}): {err}")
            return False
        console.say(
            f"Signed in to Mastodon as @{person.handle} ({person.name}), token from {where}."
        )
        console.say(FREE_LINE)
        return True

    def logout(self, kept: KeptAccount) -> tuple[str, ...]:
        from engage_tui.platforms.mastodon.auth import KeyringAppStore, KeyringTokenStore, revoke

        server = kept.api_base or ""
        try:
            token = KeyringTokenStore(kept.name).load()
            app = KeyringAppStore().load(server) if server else None
        except PlatformError:
            token, app = None, None
        if token and app and server:
            revoke(server, app, token)
        try:
            credentials.delete(kept.name)
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        return (
            f"Signed out @{kept.handle}: its token is revoked and gone from the keyring.",
            f"To check, see {server or 'your server'} -> Preferences -> Account -> "
            "Authorized apps.",
        )


def _sign_in_failed(server: str, err: PlatformError) -> str:
    # The platform's offline line speaks of a queue; a sign-in queues nothing.
    if isinstance(err, Offline | NoAnswer):
        return (
            f"sign-in failed: could not reach {server} (no network, or the server is down): "
            "check the address and your connection, then run this again."
        )
    return f"sign-in failed: {err}"


CONNECTOR = MastodonConnector()
