"""Which accounts to open, and the platform and sync engine for each.

engage opens every signed-in account in one inbox (``--account NAME``: that
one alone). Environment variables win over the keyring, for headless use and
for pointing engage at a sandbox: the account ``ENGAGE_X_*`` describes stands
in for the keyring's X accounts, and ``ENGAGE_BSKY_*``'s for the Bluesky ones.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engage_tui import credentials
from engage_tui.cli.common import fail
from engage_tui.config import Config
from engage_tui.paths import Paths
from engage_tui.state import AppState, SignedInAccount, load_state

if TYPE_CHECKING:
    from engage_tui.platforms.base import Platform
    from engage_tui.platforms.bluesky import BlueskyLogin, SessionStore
    from engage_tui.store import Store
    from engage_tui.sync.accounts import AccountsSync
    from engage_tui.sync.engine import SyncEngine

# Read here without importing atproto: an X user's start-up never loads it.
ENV_BSKY_HANDLE = "ENGAGE_BSKY_HANDLE"
BLUESKY_LOGIN_AGAIN = "sign in again with `engage auth login bluesky`."


@dataclass(frozen=True, slots=True)
class ResolvedAccount:
    name: str
    creds: credentials.StoredCredentials | None  # X's keys; None for Bluesky
    plan: str
    source: str  # "environment" or "keyring"
    network: str = "x"
    handle: str = ""
    service: str | None = None  # the Bluesky server (PDS)
    user_id: str | None = None  # its person id, when sign-in recorded it

    @property
    def network_name(self) -> str:
        return "Bluesky" if self.network == "bluesky" else "X"


def resolve_account(paths: Paths, config: Config, name: str | None) -> ResolvedAccount | None:
    """The account to use, or None when nobody is signed in."""
    state = load_state(paths.state_file)
    env = credentials.from_environment()
    env_bsky = bool(os.environ.get(ENV_BSKY_HANDLE, "").strip())
    if name and name != "env" and named_account(state, name) is None:
        # Never another account than the one asked for (the environment's).
        fail(no_such_account(state, name, environment=env is not None or env_bsky), EXIT_USAGE)
    if env is not None:
        return ResolvedAccount("env", env, _plan_for(config, "env"), "environment")
    if env_bsky:
        login = bluesky_env_login()
        return ResolvedAccount(
            "env", None, "free", "environment", "bluesky", login.handle, login.service
        )
    account = named_account(state, name) if name else state.account(config.account)
    if account is None:
        return None
    try:
        return keyring_account(config, account)
    except AccountUnavailable as err:
        fail(str(err))


EXIT_USAGE = 2


def named_account(state: AppState, name: str) -> SignedInAccount | None:
    """The signed-in account ``name`` names: its name as `engage auth status`
    shows it (``bluesky:alice.bsky.social``, or an X account's handle), or its
    handle alone, with or without ``@`` (``alice.bsky.social``), when only one
    account has that handle."""
    asked = name.strip()
    for account in state.accounts:
        if account.name.lower() == asked.lower():
            return account
    handle = asked.removeprefix("@").lower()
    same = [a for a in state.accounts if a.handle.lower() == handle]
    return same[0] if len(same) == 1 else None


def no_such_account(state: AppState, name: str, *, environment: bool = False) -> str:
    """The message for an ``--account`` that names nobody: the accounts there are."""
    names = [a.name for a in state.accounts] + (["env"] if environment else [])
    if not names:
        return f"no signed-in account named {name!r}: nobody is signed in."
    return (
        f"no signed-in account named {name!r}. Signed in: {', '.join(names)} "
        "(see `engage auth status`)."
    )


class AccountUnavailable(Exception):
    """A signed-in account that cannot be opened; the message says why and what to do."""


def keyring_account(config: Config, account: SignedInAccount) -> ResolvedAccount:
    """A signed-in account from state.toml, its secrets from the keyring."""
    if account.network == "bluesky":
        return bluesky_account(account)
    try:
        creds = credentials.load(account.name)
    except credentials.CredentialsError as err:
        raise AccountUnavailable(str(err)) from None
    if creds is None:
        raise AccountUnavailable(
            f"the keyring has no tokens for {account.name!r} (@{account.handle}): "
            "sign in again with `engage auth login`."
        )
    return ResolvedAccount(
        account.name,
        creds,
        _plan_for(config, account.name),
        "keyring",
        handle=account.handle,
        user_id=account.user_id,
    )


def resolve_accounts(
    paths: Paths, config: Config, name: str | None, unavailable: list[str] | None = None
) -> list[ResolvedAccount]:
    """Every account to open: the one named; else every signed-in account,
    the default one first, where the environment's account for a network
    (``ENGAGE_X_*``, ``ENGAGE_BSKY_*``) stands in for that network's.

    An account that cannot be opened (its tokens gone from the keyring) stops
    engage, unless ``unavailable`` is given: its message then goes there and
    the other accounts open."""
    if name:
        one = resolve_account(paths, config, name)
        return [one] if one is not None else []
    found: list[ResolvedAccount] = []
    env = credentials.from_environment()
    if env is not None:
        found.append(ResolvedAccount("env", env, _plan_for(config, "env"), "environment"))
    if os.environ.get(ENV_BSKY_HANDLE, "").strip():
        login = bluesky_env_login()
        found.append(
            ResolvedAccount(
                "env", None, "free", "environment", "bluesky", login.handle, login.service
            )
        )
    from_env = {account.network for account in found}
    state = load_state(paths.state_file)
    first = state.account(config.account)
    ordered = sorted(state.accounts, key=lambda a: first is None or a.name != first.name)
    for account in ordered:
        if account.network in from_env:
            continue
        try:
            found.append(keyring_account(config, account))
        except AccountUnavailable as err:
            if unavailable is None:
                fail(str(err))
            unavailable.append(str(err))
    if not found and unavailable:
        fail(unavailable[0])
    return found


def make_controller(
    store: Store, accounts: list[ResolvedAccount], config: Config
) -> SyncEngine | AccountsSync:
    """One sync engine per account; several share the store behind one controller."""
    from engage_tui.sync.accounts import AccountsSync
    from engage_tui.sync.engine import SyncEngine

    engines = []
    networks: set[str] = set()
    for account in accounts:
        engines.append(
            SyncEngine(
                store,
                make_platform(account),
                config=config,
                account_name="" if account.source == "environment" else account.name,
                owner_id=account.user_id,
                # What was queued before engage knew who sends it, and the
                # watchlist's posts, go with the network's first account.
                first_on_network=account.network not in networks,
            )
        )
        networks.add(account.network)
    return engines[0] if len(engines) == 1 else AccountsSync(engines)


def bluesky_account(account: SignedInAccount) -> ResolvedAccount:
    try:
        credentials.require_keyring()
    except credentials.CredentialsError as err:
        raise AccountUnavailable(str(err)) from None
    return ResolvedAccount(
        account.name,
        None,
        "free",
        "keyring",
        "bluesky",
        account.handle,
        account.api_base,
        user_id=account.user_id,
    )


def bluesky_env_login() -> BlueskyLogin:
    """The ``ENGAGE_BSKY_*`` account, checked: a bad value stops with the variable's name."""
    from engage_tui.platforms.bluesky import BlueskyLogin
    from engage_tui.platforms.bluesky.session import (
        DEFAULT_SERVICE,
        ENV_APP_PASSWORD,
        ENV_SERVICE,
        parse_handle,
        parse_service,
    )

    try:
        handle = parse_handle(os.environ.get(ENV_BSKY_HANDLE, ""))
    except ValueError as err:
        fail(f"{ENV_BSKY_HANDLE}: {err}", 2)
    try:
        service = parse_service(os.environ.get(ENV_SERVICE) or DEFAULT_SERVICE)
    except ValueError as err:
        fail(f"{ENV_SERVICE}: {err}", 2)
    return BlueskyLogin(handle, os.environ.get(ENV_APP_PASSWORD) or None, service)


def _plan_for(config: Config, name: str) -> str:
    for acc in config.accounts:
        if acc.name == name:
            return acc.plan
    return config.plan


def x_credentials(creds: credentials.StoredCredentials):  # type: ignore[no-untyped-def]
    from engage_tui.platforms.x.credentials import XCredentials

    return XCredentials(
        consumer_key=str(creds.consumer_key),
        consumer_secret=str(creds.consumer_secret),
        access_token=str(creds.access_token),
        access_token_secret=str(creds.access_token_secret),
        bearer_token=str(creds.bearer_token) if creds.bearer_token else None,
    )


def session_store(account: ResolvedAccount, login: BlueskyLogin) -> SessionStore:
    from engage_tui.platforms.bluesky import KeyringSessionStore

    if account.source == "keyring":
        return KeyringSessionStore(account.name)
    try:
        credentials.require_keyring()
    except credentials.CredentialsError:
        from engage_tui.platforms.bluesky.session import HeldSession

        return HeldSession()
    return KeyringSessionStore(login.account)


def make_platform(account: ResolvedAccount) -> Platform:
    if account.network == "bluesky":
        return _bluesky_platform(account)
    import logging

    from engage_tui.platforms.x.platform import XPlatform
    from engage_tui.platforms.x.redact import RedactingFilter

    # Besides the filters on tweepy's own loggers: whatever reaches engage's
    # log file passes through the redaction too.
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())

    assert account.creds is not None
    return XPlatform(
        x_credentials(account.creds), plan=account.plan, api_base=account.creds.api_base
    )


def _bluesky_platform(account: ResolvedAccount) -> Platform:
    from engage_tui.platforms.bluesky import BlueskyLogin, BlueskyPlatform
    from engage_tui.platforms.bluesky.session import DEFAULT_SERVICE

    if account.source == "environment":
        login = bluesky_env_login()
    else:
        # No password: the kept session is the sign-in; when it has ended,
        # the platform says to sign in again.
        login = BlueskyLogin(account.handle, None, account.service or DEFAULT_SERVICE)
    return BlueskyPlatform(login, session_store(account, login))
