"""Which account to open, and the platform for it.

Environment variables (``ENGAGE_X_*``) win over the keyring, for headless
use and for pointing engage at a sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from engage_tui import credentials
from engage_tui.cli.common import fail
from engage_tui.config import Config
from engage_tui.paths import Paths
from engage_tui.state import load_state

if TYPE_CHECKING:
    from engage_tui.platforms.x.platform import XPlatform


@dataclass(frozen=True, slots=True)
class ResolvedAccount:
    name: str
    creds: credentials.StoredCredentials
    plan: str
    source: str  # "environment" or "keyring"


def resolve_account(paths: Paths, config: Config, name: str | None) -> ResolvedAccount | None:
    """The account to use, or None when nobody is signed in."""
    env = credentials.from_environment()
    if env is not None:
        return ResolvedAccount("env", env, _plan_for(config, "env"), "environment")
    state = load_state(paths.state_file)
    account = state.account(name or config.account)
    if account is None:
        if name:
            fail(f"no signed-in account named {name!r}: see `engage auth status`.")
        return None
    try:
        creds = credentials.load(account.name)
    except credentials.CredentialsError as err:
        fail(str(err))
    if creds is None:
        fail(
            f"the keyring has no tokens for {account.name!r} (@{account.handle}): "
            "sign in again with `engage auth login`."
        )
    return ResolvedAccount(account.name, creds, _plan_for(config, account.name), "keyring")


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


def make_platform(account: ResolvedAccount) -> XPlatform:
    import logging

    from engage_tui.platforms.x.platform import XPlatform
    from engage_tui.platforms.x.redact import RedactingFilter

    # Besides the filters on tweepy's own loggers: whatever reaches engage's
    # log file passes through the redaction too.
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())

    return XPlatform(
        x_credentials(account.creds), plan=account.plan, api_base=account.creds.api_base
    )
