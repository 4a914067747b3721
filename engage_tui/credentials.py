"""Where tokens live: the OS keyring (service ``engage``), or the environment.

Environment variables win, for headless use and for pointing engage at the
sandbox. Nothing here ever writes a secret to a file: when no keyring backend
works, saying so plainly is the only fallback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

SERVICE = "engage"
ENV_KEYS = {
    "consumer_key": "ENGAGE_X_CONSUMER_KEY",
    "consumer_secret": "ENGAGE_X_CONSUMER_SECRET",
    "access_token": "ENGAGE_X_ACCESS_TOKEN",
    "access_token_secret": "ENGAGE_X_ACCESS_TOKEN_SECRET",
}
ENV_API_BASE = "ENGAGE_X_API_BASE"
ENV_BEARER = "ENGAGE_X_BEARER_TOKEN"

NO_KEYRING_HELP = (
    "No working keyring backend was found on this machine, so engage cannot store "
    "your X tokens or Bluesky session safely. Choose one of: install a keyring service "
    "(gnome-keyring or KWallet on a Linux desktop; macOS and Windows have one built in); "
    "or set "
    + ", ".join(ENV_KEYS.values())
    + " (X), or ENGAGE_BSKY_HANDLE and ENGAGE_BSKY_APP_PASSWORD (Bluesky), in the "
    "environment, for headless use; or, if you accept tokens in a plain file, "
    "install keyrings.alt beside engage (`.venv/bin/pip install keyrings.alt`; engage "
    "does not ship it) and choose it yourself with "
    "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring. "
    "engage never falls back to a plain file on its own."
)


class Secret(str):
    """A string that never shows itself in repr, logs or tracebacks."""

    def __repr__(self) -> str:
        return "'***'"


class CredentialsError(Exception):
    """Tokens missing or unreadable; the message says what to do."""


class NoKeyring(CredentialsError):
    def __init__(self) -> None:
        super().__init__(NO_KEYRING_HELP)


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


def _keyring():  # type: ignore[no-untyped-def]
    # Imported here: keyring's backend discovery is slow and only needed here.
    import keyring
    from keyring.backends import fail

    try:
        backend = keyring.get_keyring()
    except Exception as err:  # a backend the user named that cannot load
        chosen = os.environ.get("PYTHON_KEYRING_BACKEND", "the keyring configuration")
        raise CredentialsError(
            f"The keyring backend {chosen} cannot be loaded here ({err}). Install the "
            "package it comes from beside engage (for keyrings.alt: "
            "`.venv/bin/pip install keyrings.alt`), or unset PYTHON_KEYRING_BACKEND."
        ) from None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise NoKeyring()
    # keyrings.alt's file backends keep tokens in plain or weakly protected
    # files; keyring picks them on its own when nothing better exists. Use one
    # only when the user chose it, never as a silent fallback.
    if type(backend).__module__.startswith("keyrings.alt") and not _backend_chosen():
        raise NoKeyring()
    return keyring


def require_keyring() -> None:
    """Raise NoKeyring unless a keyring engage may use is there (before asking
    for anything that would have to be kept in it)."""
    _keyring()


def _backend_chosen() -> bool:
    import keyring.core

    return bool(os.environ.get("PYTHON_KEYRING_BACKEND")) or keyring.core.load_config() is not None


def save(account: str, creds: StoredCredentials) -> None:
    """Store ``creds`` under ``account`` in the keyring (one entry an account)."""
    keyring = _keyring()
    payload = {
        "consumer_key": str(creds.consumer_key),
        "consumer_secret": str(creds.consumer_secret),
        "access_token": str(creds.access_token),
        "access_token_secret": str(creds.access_token_secret),
    }
    if creds.api_base:
        payload["api_base"] = creds.api_base
    try:
        keyring.set_password(SERVICE, account, json.dumps(payload))
    except Exception as err:  # backends raise their own types
        raise CredentialsError(f"The keyring refused to store the tokens: {err}") from err


def load(account: str) -> StoredCredentials | None:
    """The tokens stored for ``account``, or None when there are none."""
    keyring = _keyring()
    try:
        raw = keyring.get_password(SERVICE, account)
    except Exception as err:
        raise CredentialsError(f"The keyring could not be read: {err}") from err
    if raw is None:
        return None
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


def delete(account: str) -> bool:
    """Forget ``account``'s tokens; False when there were none."""
    keyring = _keyring()
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account)
    except PasswordDeleteError:
        return False
    return True
