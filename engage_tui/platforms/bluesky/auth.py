"""Signing in from the command line: one ``createSession`` with an app password,
the session kept in the keyring.

For ``engage auth login bluesky``: ask for the handle and app password (or
take ``login_from_env()``), then call ``sign_in``. It refuses the account's
main password (a session made with it can change the password and delete the
account; an app password cannot), ends that session at once, and says how to
make an app password.
"""

from __future__ import annotations

from atproto_client.exceptions import ModelError
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
from engage_tui.platforms.errors import (
    NoAnswer,
    Offline,
    Permanent,
    PlatformError,
    RateLimited,
    SignedOut,
    Transient,
)

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
    try:
        return _sign_in(platform, held, login, store)
    except (SignedOut, RateLimited):
        raise
    except PlatformError as err:
        raise for_sign_in(err, login.service) from err


def _sign_in(
    platform: BlueskyPlatform, held: HeldSession, login: BlueskyLogin, store: SessionStore | None
) -> Person:
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


def for_sign_in(err: PlatformError, service: str) -> PlatformError:
    """``err`` in words for someone signing in at ``service`` right now: the
    sync engine's words ("engage will try again", "sends what is queued
    later") are not true of a sign-in, which nobody retries."""
    causes = _causes(err)
    if isinstance(err, Offline) and not isinstance(err, NoAnswer):
        ssl = next((c for c in causes if "ssl" in f"{type(c).__name__} {c}".lower()), None)
        if ssl is not None and service.startswith("https://"):
            plain = "http://" + service.removeprefix("https://")
            return Offline(
                f"The server at {service} does not speak https on that port ({ssl}). "
                f"If it is a server without https (a local one), use {plain}."
            )
        return Offline(
            f"Could not reach {service}: check the address and your network, "
            "then run the command again. Nothing was kept."
        )
    if isinstance(err, NoAnswer):
        return NoAnswer(
            f"The server at {service} did not answer in time. Nothing was kept: run the "
            "command again later."
        )
    if isinstance(err, Transient):
        status = next((code for c in causes if (code := _status(c)) is not None), None)
        said = f" (HTTP {status})" if status else ""
        return Transient(
            f"The server at {service} answered with an error{said}. Nothing was kept: "
            "run the command again later, or check the address."
        )
    if any(isinstance(c, ModelError | ValueError) for c in causes):
        return Permanent(
            f"The server at {service} did not answer as a Bluesky server (it sent something "
            "else, perhaps a web page): check the address. Accounts on bsky.social sign in "
            "at https://bsky.social."
        )
    return err


def _status(exc: BaseException) -> int | None:
    code = getattr(getattr(exc, "response", None), "status_code", None)
    return code if isinstance(code, int) else None


def _causes(err: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    cause = err.__cause__ or err.__context__
    while cause is not None and cause not in found:
        found.append(cause)
        cause = cause.__cause__ or cause.__context__
    return found


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
