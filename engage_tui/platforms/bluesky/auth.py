"""Signing in from the command line: one ``createSession`` with an app password,
the session kept in the keyring.

For ``engage auth login bluesky``: ask for the handle and app password (or
take ``login_from_env()``), then call ``sign_in``. It refuses the account's
main password (a session made with it can change the password and delete the
account; an app password cannot), ends that session at once, and says how to
make an app password.
"""

from __future__ import annotations

from atproto_server.auth.jwt import get_jwt_payload

from engage_tui.domain import Person
from engage_tui.platforms.bluesky.failures import ACCOUNT_REFUSED
from engage_tui.platforms.bluesky.platform import BlueskyPlatform
from engage_tui.platforms.bluesky.session import (
    APP_PASSWORD_HELP,
    BlueskyLogin,
    HeldSession,
    KeyringSessionStore,
    SessionStore,
)
from engage_tui.platforms.errors import SignedOut

# The access token's scope says which kind of password made the session.
_FULL_ACCESS_SCOPE = "com.atproto.access"


def sign_in(login: BlueskyLogin, store: SessionStore | None = None) -> Person:
    """Log in once with ``login``'s app password and keep the session in
    ``store`` (the keyring entry for the handle unless given). A failed
    sign-in leaves any session kept earlier as it was."""
    if not login.app_password:
        raise SignedOut("Bluesky needs an app password to sign in. " + APP_PASSWORD_HELP)
    held = HeldSession()  # until the sign-in has been checked
    platform = BlueskyPlatform(BlueskyLogin(login.handle, login.app_password, login.service), held)
    platform.client.connect()
    if held.value is None:
        raise SignedOut("Bluesky did not start a session: try again.")
    if _scope(held.value) == _FULL_ACCESS_SCOPE:
        platform.client.end_session()
        raise SignedOut(
            "That is your account password: engage only takes an app password. " + APP_PASSWORD_HELP
        )
    refused = _account_refused(platform)
    if refused is not None:
        platform.client.end_session()
        raise SignedOut(f"Bluesky accepted the app password, but {refused[0].lower()}{refused[1:]}")
    owner = platform.whoami()
    (store or KeyringSessionStore(login.account)).save(held.value)
    return owner


def _account_refused(platform: BlueskyPlatform) -> str | None:
    """Why Bluesky will refuse everything for this account (deactivated,
    taken down), from the session's own status, or None when it is active.
    A session starts for such an account; every write then fails."""
    body = platform.client.query("com.atproto.server.getSession", None)
    if body.get("active") is not False:
        return None
    status = str(body.get("status") or "")
    name = {"deactivated": "AccountDeactivated", "takendown": "AccountTakedown"}.get(status)
    if name is None:
        return (
            f"Your Bluesky account is not active ({status or 'no reason given'}), so Bluesky "
            "refuses what engage asks of it until it is."
        )
    return ACCOUNT_REFUSED[name]


def _scope(session: str) -> str | None:
    access = session.split(":::")[2] if session.count(":::") >= 3 else ""
    try:
        scope = get_jwt_payload(access).scope
    except Exception:  # not a JWT the SDK can read: let the server judge it
        return None
    return str(scope) if scope else None
