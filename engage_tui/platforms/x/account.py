"""X's accounts for the CLI: the environment's, the keyring's, signing in by
X's PIN flow (or four pasted keys), the status check and signing out.

Loaded by the registry on first use (``NETWORK.connector``): it imports
tweepy through the platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from engage_tui import credentials
from engage_tui.platforms.network import (
    AccountUnavailable,
    Console,
    KeptAccount,
    ResolvedAccount,
    SignInFailed,
    kept_in,
)
from engage_tui.platforms.x import tokens
from engage_tui.platforms.x.network import NETWORK

if TYPE_CHECKING:
    import argparse

    from engage_tui.platforms.base import Platform
    from engage_tui.platforms.signed_in import SignedIn
    from engage_tui.platforms.x.credentials import XCredentials


def x_credentials(creds: tokens.StoredCredentials) -> XCredentials:
    # With the platform, after the first frame (naming the account needs none).
    from engage_tui.platforms.x.credentials import XCredentials

    return XCredentials(
        consumer_key=str(creds.consumer_key),
        consumer_secret=str(creds.consumer_secret),
        access_token=str(creds.access_token),
        access_token_secret=str(creds.access_token_secret),
        bearer_token=str(creds.bearer_token) if creds.bearer_token else None,
    )


def _creds(account: ResolvedAccount) -> tokens.StoredCredentials:
    assert isinstance(account.creds, tokens.StoredCredentials)
    return account.creds


class XConnector:
    def from_environment(
        self, plan: str, environ: Mapping[str, str] | None = None
    ) -> ResolvedAccount:
        env = tokens.from_environment(environ)
        if env is None:
            raise SignInFailed("the ENGAGE_X_* variables do not describe an account.", 2)
        return ResolvedAccount("env", env, plan, "environment", NETWORK.name)

    def from_keyring(self, kept: KeptAccount, plan: str) -> ResolvedAccount:
        try:
            creds = tokens.load(kept.name)
        except credentials.CredentialsError as err:
            raise AccountUnavailable(str(err)) from None
        if creds is None:
            raise AccountUnavailable(
                f"the keyring has no tokens for {kept.name!r} (@{kept.handle}): "
                "sign in again with `engage auth login`."
            )
        return ResolvedAccount(
            kept.name,
            creds,
            plan,
            "keyring",
            NETWORK.name,
            handle=kept.handle,
            user_id=kept.user_id,
        )

    def platform(self, account: ResolvedAccount) -> Platform:
        import logging

        from engage_tui.platforms.x.platform import XPlatform
        from engage_tui.platforms.x.redact import RedactingFilter

        # Besides the filters on tweepy's own loggers: whatever reaches engage's
        # log file passes through the redaction too.
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())

        creds = _creds(account)
        return XPlatform(x_credentials(creds), plan=account.plan, api_base=creds.api_base)

    def login(self, args: argparse.Namespace, console: Console) -> SignedIn:
        from engage_tui.platforms.errors import PlatformError
        from engage_tui.platforms.signed_in import SignedIn
        from engage_tui.platforms.x.auth import start_pin_flow, verify

        # Fail before asking for anything if there is nowhere safe to keep tokens.
        try:
            tokens.load("__probe__")
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        console.say(
            "Sign in with your own X developer app (see `engage --help` and "
            "docs/getting-started.md)."
        )
        consumer_key = console.ask("App consumer key (API key): ")
        consumer_secret = console.ask("App consumer secret: ", secret=True)
        try:
            if args.keys:
                access_token = console.ask("Access token: ")
                access_secret = console.ask("Access token secret: ", secret=True)
                creds = tokens.StoredCredentials(
                    consumer_key=credentials.Secret(consumer_key),
                    consumer_secret=credentials.Secret(consumer_secret),
                    access_token=credentials.Secret(access_token),
                    access_token_secret=credentials.Secret(access_secret),
                    api_base=args.api_base,
                )
            else:
                flow = start_pin_flow(consumer_key, consumer_secret, api_base=args.api_base)
                console.say("\nOpen this page, approve engage, and copy the PIN it shows:")
                console.say(f"  {flow.authorize_url}\n")
                console.offer_browser(flow.authorize_url)
                pin = console.ask("PIN: ")
                x_creds = flow.finish(pin)
                creds = tokens.StoredCredentials(
                    consumer_key=credentials.Secret(x_creds.consumer_key),
                    consumer_secret=credentials.Secret(x_creds.consumer_secret),
                    access_token=credentials.Secret(x_creds.access_token),
                    access_token_secret=credentials.Secret(x_creds.access_token_secret),
                    api_base=args.api_base,
                )
            person = verify(x_credentials(creds), api_base=args.api_base)
        except PlatformError as err:
            raise SignInFailed(f"sign-in failed: {err}") from None
        name = args.account or person.handle
        try:
            tokens.save(name, creds)
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        return SignedIn(
            name,
            person,
            args.api_base,
            (
                f"Signed in as @{person.handle} ({person.name}). Tokens are in the OS keyring.",
                "Run `engage` to open your inbox.",
            ),
        )

    def check(self, account: ResolvedAccount, console: Console) -> bool:
        from engage_tui.platforms.errors import PlatformError
        from engage_tui.platforms.x.auth import verify

        where = kept_in(account)
        creds = _creds(account)
        try:
            person = verify(x_credentials(creds), api_base=creds.api_base)
        except PlatformError as err:
            console.say(f"{account.name} (X, {where}): X did not accept the tokens: {err}")
            return False
        console.say(f"Signed in to X as @{person.handle} ({person.name}), tokens from {where}.")
        console.say(f"  Plan: {account.plan}.")
        return True

    def logout(self, kept: KeptAccount) -> tuple[str, ...]:
        try:
            credentials.delete(kept.name)
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        return (
            f"Signed out @{kept.handle}: its tokens are gone from the keyring.",
            "To revoke engage's access on X too: x.com -> Settings -> Connected apps.",
        )


CONNECTOR = XConnector()
