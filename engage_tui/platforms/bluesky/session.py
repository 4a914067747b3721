"""Signing in to Bluesky once and keeping the session.

``createSession`` is limited per account (30 per 5 minutes, 300 a day), so
engage logs in with the app password once, keeps the SDK's session string in
a ``SessionStore`` (the OS keyring; never a file) and imports it on every
start. The SDK refreshes the access token itself and calls back with the new
session, which is saved at once: a refresh token is single-use.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from engage_tui.platforms.bluesky.handles import check_handle
from engage_tui.platforms.bluesky.network import ENV_APP_PASSWORD, ENV_HANDLE, ENV_SERVICE

DEFAULT_SERVICE = "https://bsky.social"
KEYRING_SERVICE = "engage"
APP_PASSWORD_HELP = (
    "Use an app password, never your account password: make one in the Bluesky app "
    "under Settings > Privacy and security > App passwords."
)


@dataclass(frozen=True, slots=True)
class BlueskyLogin:
    """Who to sign in as, and where. The repr names no secret."""

    handle: str
    app_password: str | None = field(default=None, repr=False)
    service: str = DEFAULT_SERVICE

    @property
    def account(self) -> str:
        """The keyring entry's name: one session per handle."""
        return f"bluesky:{self.handle.lower().lstrip('@')}"


def login_from_env(environ: dict[str, str] | None = None) -> BlueskyLogin | None:
    """ENGAGE_BSKY_HANDLE, ENGAGE_BSKY_APP_PASSWORD and ENGAGE_BSKY_SERVICE, for
    headless use and tests; None when no handle is set."""
    env = os.environ if environ is None else environ
    handle = (env.get(ENV_HANDLE) or "").strip().lstrip("@")
    if not handle:
        return None
    return BlueskyLogin(
        handle=handle,
        app_password=env.get(ENV_APP_PASSWORD) or None,
        service=(env.get(ENV_SERVICE) or "").strip() or DEFAULT_SERVICE,
    )


def parse_handle(raw: str) -> str:
    """A handle as typed (``@alice.bsky.social``, any case), checked and in the
    form Bluesky keeps it; ValueError in plain words otherwise."""
    handle = raw.strip().removeprefix("@").lower()
    if not handle:
        raise ValueError("no handle entered (it looks like alice.bsky.social).")
    # The SDK's own rule (atproto_client's is_valid_handle), without loading
    # the SDK: `engage` names its accounts before the first frame.
    if check_handle(handle) != handle:
        raise ValueError(
            "that is not a Bluesky handle: it looks like alice.bsky.social or your own "
            "domain (letters, digits and hyphens, in parts joined by dots)."
        )
    return handle


_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")


def parse_service(raw: str) -> str:
    """The server to sign in at, as typed after ``--service``: an http(s) URL
    with a host and nothing else; ValueError in plain words otherwise."""
    text = raw.strip().rstrip("/")
    problem = "give it as https://host (or https://host:port), like " + DEFAULT_SERVICE
    if not text or not text.isprintable() or any(c.isspace() for c in text):
        raise ValueError(f"the service is not a URL: {problem}.")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises for a port that is not a number in range
    except ValueError:
        raise ValueError(f"the service is not a URL: {problem}.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"the service must start with https:// and name a host: {problem}.")
    if parts.username is not None or parts.password is not None:
        raise ValueError("the service URL must not hold a name or password: engage asks for them.")
    if parts.query or parts.fragment or parts.path:
        raise ValueError(f"the service is the server alone, without a path: {problem}.")
    host = parts.hostname
    shown = f"[{host}]" if ":" in host else host
    service = f"{parts.scheme}://{shown}" + (f":{port}" if port is not None else "")
    import httpx  # loaded here: only checking a typed service needs it

    try:
        # httpx is what will connect: what it cannot reach is no service.
        url = httpx.URL(service)
    except (httpx.InvalidURL, UnicodeError):
        raise ValueError(f"the service's host name is not valid: {problem}.") from None
    # A host is letters, digits, dots and hyphens once httpx has made an
    # international name ASCII (or an IP address); anything else it would
    # percent-encode, which no server answers to.
    host_ascii = url.raw_host.decode("ascii", "replace")
    if not _HOST.fullmatch(host_ascii) and ":" not in host_ascii:
        raise ValueError(f"the service's host name is not valid: {problem}.")
    return str(url).rstrip("/")


class SessionStore(Protocol):
    """Where the exported session string lives between runs."""

    def load(self) -> str | None: ...

    def save(self, session: str) -> None: ...

    def clear(self) -> None: ...


class HeldSession:
    """A session held in memory only: while a new sign-in is checked, and for
    headless use with no keyring engage may use (each run then signs in once)."""

    def __init__(self) -> None:
        self.value: str | None = None

    def load(self) -> str | None:
        return self.value

    def save(self, session: str) -> None:
        self.value = session

    def clear(self) -> None:
        self.value = None


class SessionStoreError(Exception):
    """The keyring could not be read or written; the message says so plainly."""


class KeyringSessionStore:
    """The session string in the OS keyring (service ``engage``), one entry a handle."""

    def __init__(self, account: str) -> None:
        self.account = account

    def load(self) -> str | None:
        import keyring

        try:
            return keyring.get_password(KEYRING_SERVICE, self.account)
        except Exception as err:  # backends raise their own types
            raise SessionStoreError(f"The keyring could not be read: {err}") from err

    def save(self, session: str) -> None:
        import keyring

        try:
            keyring.set_password(KEYRING_SERVICE, self.account, session)
        except Exception as err:
            raise SessionStoreError(f"The keyring refused to store the session: {err}") from err

    def clear(self) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(KEYRING_SERVICE, self.account)
        except PasswordDeleteError:
            pass
        except Exception as err:
            raise SessionStoreError(f"The keyring could not forget the session: {err}") from err
