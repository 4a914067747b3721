"""Where secrets live: the OS keyring (service ``engage``), one entry an account.

Each network decides what its entry holds (X: its four OAuth 1.0a values;
Bluesky: a session) in its own folder; this module only keeps and forgets
text in the keyring, and refuses to when no safe keyring is there. Nothing
here ever writes a secret to a file: when no keyring backend works, saying
so plainly is the only fallback.
"""

from __future__ import annotations

import os

SERVICE = "engage"

# {headless}: the variables of the network at hand, or these words.
ANY_NETWORK = "the variables of your network (see `engage auth login --help`)"
NO_KEYRING_HELP = (
    "No working keyring backend was found on this machine, so engage cannot store "
    "your tokens or session safely. Choose one of: install a keyring service "
    "(gnome-keyring or KWallet on a Linux desktop; macOS and Windows have one built in); "
    "or set {headless} in the environment, for headless use; or, if you accept tokens "
    "in a plain file, install keyrings.alt beside engage (`.venv/bin/pip install "
    "keyrings.alt`; engage does not ship it) and choose it yourself with "
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
    def __init__(self, headless: str | None = None) -> None:
        super().__init__(NO_KEYRING_HELP.format(headless=headless or ANY_NETWORK))


def _keyring(headless: str | None = None):
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
        raise NoKeyring(headless)
    # keyrings.alt's file backends keep tokens in plain or weakly protected
    # files; keyring picks them on its own when nothing better exists. Use one
    # only when the user chose it, never as a silent fallback.
    if type(backend).__module__.startswith("keyrings.alt") and not _backend_chosen():
        raise NoKeyring(headless)
    return keyring


def require_keyring(headless: str | None = None) -> None:
    """Raise NoKeyring unless a keyring engage may use is there (before asking
    for anything that would have to be kept in it). ``headless`` names the
    network's variables that would do instead."""
    _keyring(headless)


def _backend_chosen() -> bool:
    import keyring.core

    return bool(os.environ.get("PYTHON_KEYRING_BACKEND")) or keyring.core.load_config() is not None


def save_secret(account: str, value: str, headless: str | None = None) -> None:
    """Keep ``value`` under ``account`` in the keyring (one entry an account)."""
    keyring = _keyring(headless)
    try:
        keyring.set_password(SERVICE, account, value)
    except Exception as err:  # backends raise their own types
        raise CredentialsError(f"The keyring refused to store the tokens: {err}") from err


def load_secret(account: str, headless: str | None = None) -> str | None:
    """What the keyring keeps for ``account``, or None when it keeps nothing."""
    keyring = _keyring(headless)
    try:
        raw = keyring.get_password(SERVICE, account)
    except Exception as err:
        raise CredentialsError(f"The keyring could not be read: {err}") from err
    return raw if raw is None else str(raw)


def delete(account: str) -> bool:
    """Forget ``account``'s tokens; False when there were none."""
    keyring = _keyring()
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, account)
    except PasswordDeleteError:
        return False
    return True
