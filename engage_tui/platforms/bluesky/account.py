"""Bluesky's accounts for the CLI: the environment's (``ENGAGE_BSKY_*``), the
keyring's sessions, signing in with an app password, the status check and
signing out (the session ended on the server too).

Loaded by the registry on first use (``NETWORK.connector``): it imports the
atproto SDK.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from engage_tui import credentials
from engage_tui.platforms.bluesky.network import NETWORK
from engage_tui.platforms.bluesky.session import (
    APP_PASSWORD_HELP,
    DEFAULT_SERVICE,
    ENV_APP_PASSWORD,
    ENV_HANDLE,
    ENV_SERVICE,
    BlueskyLogin,
    HeldSession,
    KeyringSessionStore,
    SessionStore,
    SessionStoreError,
    login_from_env,
    parse_handle,
    parse_service,
)
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
    from engage_tui.platforms.signed_in import SignedIn

# What would do instead of a keyring, for the message that there is none.
HEADLESS = f"{ENV_HANDLE} and {ENV_APP_PASSWORD} (Bluesky)"


def bluesky_env_login(environ: Mapping[str, str] | None = None) -> BlueskyLogin:
    """The ``ENGAGE_BSKY_*`` account, checked: a bad value stops with the variable's name."""
    env = os.environ if environ is None else environ
    try:
        handle = parse_handle(env.get(ENV_HANDLE, ""))
    except ValueError as err:
        raise SignInFailed(f"{ENV_HANDLE}: {err}", 2) from None
    try:
        service = parse_service(env.get(ENV_SERVICE) or DEFAULT_SERVICE)
    except ValueError as err:
        raise SignInFailed(f"{ENV_SERVICE}: {err}", 2) from None
    return BlueskyLogin(handle, env.get(ENV_APP_PASSWORD) or None, service)


def session_store(account: ResolvedAccount, login: BlueskyLogin) -> SessionStore:
    if account.source == "keyring":
        return KeyringSessionStore(account.name)
    try:
        credentials.require_keyring()
    except credentials.CredentialsError:
        return HeldSession()
    return KeyringSessionStore(login.account)


class BlueskyConnector:
    def from_environment(
        self, plan: str, environ: Mapping[str, str] | None = None
    ) -> ResolvedAccount:
        login = bluesky_env_login(environ)
        return ResolvedAccount(
            "env", None, "free", "environment", NETWORK.name, login.handle, login.service
        )

    def from_keyring(self, kept: KeptAccount, plan: str) -> ResolvedAccount:
        try:
            credentials.require_keyring(HEADLESS)
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
        from engage_tui.platforms.bluesky.platform import BlueskyPlatform

        if account.source == "environment":
            login = bluesky_env_login()
        else:
            # No password: the kept session is the sign-in; when it has ended,
            # the platform says to sign in again.
            login = BlueskyLogin(account.handle, None, account.service or DEFAULT_SERVICE)
        return BlueskyPlatform(login, session_store(account, login))

    def login(self, args: argparse.Namespace, console: Console) -> SignedIn:
        from engage_tui.platforms.bluesky.auth import sign_in
        from engage_tui.platforms.errors import PlatformError
        from engage_tui.platforms.signed_in import SignedIn

        # Fail before asking for anything if there is nowhere safe to keep the session.
        try:
            credentials.require_keyring(HEADLESS)
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        env = login_from_env()
        try:
            service = parse_service(args.service or (env.service if env else DEFAULT_SERVICE))
        except ValueError as err:
            raise SignInFailed(f"--service: {err}", 2) from None
        console.say(f"Sign in to Bluesky at {service}. {APP_PASSWORD_HELP}")
        try:
            handle = parse_handle(
                env.handle if env else console.ask("Handle (alice.bsky.social): ")
            )
        except ValueError as err:
            raise SignInFailed(str(err), 2) from None
        password = env.app_password if env and env.app_password else None
        password = password or console.ask("App password (xxxx-xxxx-xxxx-xxxx): ", secret=True)
        login = BlueskyLogin(handle, password, service)
        name = args.account or login.account
        try:
            person = sign_in(login, KeyringSessionStore(name))
        except PlatformError as err:
            raise SignInFailed(f"sign-in failed: {err}") from None
        except SessionStoreError as err:
            raise SignInFailed(str(err)) from None
        return SignedIn(
            name,
            person,
            service,
            (
                f"Signed in to Bluesky as @{person.handle} ({person.name}).",
                "The session is kept in the OS keyring (never in a file); the app password "
                "is not kept. Run `engage` to open your inbox.",
            ),
        )

    def check(self, account: ResolvedAccount, console: Console) -> bool:
        from engage_tui.platforms.errors import PlatformError

        where = kept_in(account)
        try:
            person = self.platform(account).whoami()
        except PlatformError as err:
            console.say(f"@{account.handle} (Bluesky, {where}): {err}")
            return False
        console.say(
            f"Signed in to Bluesky as @{person.handle} ({person.name}), session from {where}."
        )
        console.say("  Bluesky's API is free: engage shows no spend for this account.")
        return True

    def logout(self, kept: KeptAccount) -> tuple[str, ...]:
        self._end_session(kept)
        try:
            credentials.delete(kept.name)
        except credentials.CredentialsError as err:
            raise SignInFailed(str(err)) from None
        return (
            f"Signed out @{kept.handle}: its session is gone from the keyring.",
            "To revoke the app password too: the Bluesky app -> Settings -> "
            "Privacy and security -> App passwords.",
        )

    def _end_session(self, kept: KeptAccount) -> None:
        """End the session on the server too (best effort: offline, it expires)."""
        from engage_tui.platforms.bluesky.platform import BlueskyPlatform
        from engage_tui.platforms.errors import PlatformError

        try:
            platform = self.platform(self.from_keyring(kept, "free"))
        except AccountUnavailable as err:
            raise SignInFailed(str(err)) from None
        assert isinstance(platform, BlueskyPlatform)
        try:
            platform.client.connect()
            platform.client.end_session()
        except PlatformError:
            pass


CONNECTOR = BlueskyConnector()
