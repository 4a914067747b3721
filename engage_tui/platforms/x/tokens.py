"""X's four OAuth 1.0a values as engage keeps them: one keyring entry an
account (a JSON object), or the ``ENGAGE_X_*`` variables for headless use
and the sandbox."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from engage_tui.credentials import (
    CredentialsError,
    Secret,
    load_secret,
    save_secret,
)
from engage_tui.platforms.x.network import ENV_API_BASE, ENV_BEARER, ENV_KEYS

# What would do instead of a keyring, for the message that there is none.
HEADLESS = ", ".join(ENV_KEYS.values()) + " (X)"


@dataclass(frozen=True, slots=True)
class StoredCredentials:
    """The four OAuth 1.0a values of one account, plus where to send them."""

    consumer_key: Secret
    consumer_secret: Secret
    access_token: Secret
    access_token_secret: Secret
    api_base: str | None = None
    bearer_token: Secret | None = None

    @property
    def user_id(self) -> str:
        """X's access tokens start with the user's id and a dash."""
        return self.access_token.split("-", 1)[0]


def from_environment(environ: Mapping[str, str] | None = None) -> StoredCredentials | None:
    """The account the ``ENGAGE_X_*`` variables describe, if all four are set."""
    env = os.environ if environ is None else environ
    values = {field: env.get(var, "") for field, var in ENV_KEYS.items()}
    if not all(values.values()):
        return None
    bearer = env.get(ENV_BEARER)
    return StoredCredentials(
        **{k: Secret(v) for k, v in values.items()},
        api_base=env.get(ENV_API_BASE) or None,
        bearer_token=Secret(bearer) if bearer else None,
    )


def save(account: str, creds: StoredCredentials) -> None:
    """Store ``creds`` under ``account`` in the keyring (one entry an account)."""
    payload = {
        "consumer_key": str(creds.consumer_key),
        "consumer_secret": str(creds.consumer_secret),
        "access_token": str(creds.access_token),
        "access_token_secret": str(creds.access_token_secret),
    }
    if creds.api_base:
        payload["api_base"] = creds.api_base
    import json  # the keyring entry; the environment's account needs none

    save_secret(account, json.dumps(payload), HEADLESS)


def load(account: str) -> StoredCredentials | None:
    """The tokens stored for ``account``, or None when there are none."""
    raw = load_secret(account, HEADLESS)
    if raw is None:
        return None
    import json

    try:
        data = json.loads(raw)
        return StoredCredentials(
            consumer_key=Secret(data["consumer_key"]),
            consumer_secret=Secret(data["consumer_secret"]),
            access_token=Secret(data["access_token"]),
            access_token_secret=Secret(data["access_token_secret"]),
            api_base=data.get("api_base"),
        )
    except (ValueError, KeyError, TypeError) as err:
        raise CredentialsError(
            f"The keyring entry for {account!r} is damaged: run `engage auth login` again."
        ) from err
