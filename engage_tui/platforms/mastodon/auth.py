"""Signing in to a Mastodon server: the OAuth code flow, never a password.

1. ``register_app``: engage registers itself as an app on the server once
   (``POST /api/v1/apps``) and keeps the client id and secret per server
   (``AppStore``; the keyring, never a file).
2. ``authorization_url``: the page where the person signs in, in their own
   browser, and allows engage the scopes it uses (``read write``: reading
   notifications, statuses, accounts and the read marker; posting replies,
   favourites and the marker). No ``follow``: engage follows nobody.
3. ``exchange_code``: the code the page shows, pasted back, becomes the
   access token (kept by the caller in the keyring). Tokens do not expire
   until revoked.

For headless use and tests, ``ENGAGE_MASTODON_SERVER`` and
``ENGAGE_MASTODON_TOKEN`` name a server and a token made elsewhere.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from mastodon import Mastodon
from mastodon.errors import MastodonError

from engage_tui.platforms.errors import Permanent, PlatformError, SignedOut
from engage_tui.platforms.mastodon.client import DEFAULT_TIMEOUT, USER_AGENT
from engage_tui.platforms.mastodon.failures import map_exception, not_mastodon_message
from engage_tui.platforms.mastodon.handles import split_handle

SCOPES = ["read", "write"]
OOB = "urn:ietf:wg:oauth:2.0:oob"
# What auth_request_url adds though engage sets none of it (see authorization_url).
_UNSET_OPTIONS = {"force_login", "state", "lang"}
APP_NAME = "engage"
APP_WEBSITE = "https://github.com/engage-tui/engage"
KEYRING_SERVICE = "engage"
ENV_SERVER = "ENGAGE_MASTODON_SERVER"
ENV_TOKEN = "ENGAGE_MASTODON_TOKEN"
# http is for a server on this machine (tests, a local instance); anywhere
# else a token must not cross the network in the clear.
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?", re.ASCII)


@dataclass(frozen=True, slots=True)
class AppCredentials:
    """engage's registration on one server. The repr names no secret."""

    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class MastodonLogin:
    """Who is signed in, and where. The repr names no secret."""

    server: str
    token: str | None = field(default=None, repr=False)
    handle: str = ""  # user@host once known

    @property
    def account(self) -> str:
        """The keyring entry's name: one token per handle."""
        return f"mastodon:{self.handle.lower()}"


def login_from_env(environ: dict[str, str] | None = None) -> MastodonLogin | None:
    """ENGAGE_MASTODON_SERVER and ENGAGE_MASTODON_TOKEN; None without a server."""
    env = os.environ if environ is None else environ
    raw = (env.get(ENV_SERVER) or "").strip()
    if not raw:
        return None
    return MastodonLogin(server=parse_server(raw), token=(env.get(ENV_TOKEN) or "").strip() or None)


def parse_server(raw: str) -> str:
    """The server as typed after ``--server`` (``https://host``, or a bare
    host, or a handle ``user@host``), as ``https://host[:port]``; ValueError in
    plain words otherwise."""
    text = raw.strip().rstrip("/")
    problem = "give it as https://host, like https://mastodon.social, or a handle user@host"
    if text and "://" not in text and "@" in text.lstrip("@"):
        parts = split_handle(text)
        if parts is None:
            raise ValueError(f"that is not a Mastodon handle: {problem}.")
        text = parts[1]
    if not text or not text.isprintable() or any(c.isspace() for c in text):
        raise ValueError(f"the server is not a URL: {problem}.")
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts_url = urlsplit(text)
        port = parts_url.port
    except ValueError:
        raise ValueError(f"the server is not a URL: {problem}.") from None
    host = (parts_url.hostname or "").lower()
    if parts_url.scheme not in ("http", "https") or not host:
        raise ValueError(f"the server must start with https:// and name a host: {problem}.")
    if parts_url.username is not None or parts_url.password is not None:
        raise ValueError("the server URL must not hold a name or password.")
    if parts_url.query or parts_url.fragment or parts_url.path not in ("", "/"):
        raise ValueError(f"the server is the host alone, without a path: {problem}.")
    if parts_url.scheme == "http" and host not in _LOCAL_HOSTS:
        raise ValueError("the server must use https:// (http only for one on this machine).")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"the server's host name is not valid: {problem}.") from None
    if not _HOST.fullmatch(ascii_host) and host != "::1":
        raise ValueError(f"the server's host name is not valid: {problem}.")
    shown = "[::1]" if host == "::1" else ascii_host
    return f"{parts_url.scheme}://{shown}" + (f":{port}" if port is not None else "")


class AppStore(Protocol):
    """Where engage keeps its registration on each server."""

    def load(self, server: str) -> AppCredentials | None: ...

    def save(self, server: str, app: AppCredentials) -> None: ...


class MemoryAppStore:
    def __init__(self) -> None:
        self.apps: dict[str, AppCredentials] = {}

    def load(self, server: str) -> AppCredentials | None:
        return self.apps.get(server)

    def save(self, server: str, app: AppCredentials) -> None:
        self.apps[server] = app


class KeyringAppStore:
    """Client id and secret in the OS keyring, one entry a server."""

    def load(self, server: str) -> AppCredentials | None:
        import keyring

        try:
            raw = keyring.get_password(KEYRING_SERVICE, f"mastodon-app:{server}")
        except Exception as err:  # backends raise their own types
            raise SignedOut(f"The keyring could not be read: {err}") from err
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            return None
        if not isinstance(data, dict) or not data.get("client_id") or not data.get("client_secret"):
            return None
        return AppCredentials(str(data["client_id"]), str(data["client_secret"]))

    def save(self, server: str, app: AppCredentials) -> None:
        import keyring

        value = json.dumps({"client_id": app.client_id, "client_secret": app.client_secret})
        try:
            keyring.set_password(KEYRING_SERVICE, f"mastodon-app:{server}", value)
        except Exception as err:
            raise SignedOut(
                f"The keyring refused to keep engage's app registration: {err}"
            ) from err


def _allow_http(server: str) -> bool:
    return server.startswith("http://")


def _fail(exc: BaseException, endpoint: str, server: str) -> PlatformError:
    mapped = map_exception(exc, endpoint, False, server)
    if isinstance(mapped, Permanent | SignedOut) and "HTTP 404" in str(mapped):
        return Permanent(not_mastodon_message(server))
    return mapped


def register_app(server: str, apps: AppStore, timeout: float = DEFAULT_TIMEOUT) -> AppCredentials:
    """engage's registration on ``server``: the kept one, or a new one (kept)."""
    kept = apps.load(server)
    if kept is not None:
        return kept
    try:
        client_id, client_secret = Mastodon.create_app(
            APP_NAME,
            scopes=SCOPES,
            redirect_uris=OOB,
            website=APP_WEBSITE,
            api_base_url=server,
            request_timeout=timeout,
            user_agent=USER_AGENT,
        )
    except MastodonError as exc:
        raise _fail(exc, "POST /api/v1/apps", server) from exc
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        # Mastodon.py reads the registration's fields without checking the
        # status: an error answer with no client_id is no Mastodon server's.
        raise Permanent(not_mastodon_message(server)) from exc
    if not client_id or not client_secret:
        raise Permanent(not_mastodon_message(server))
    app = AppCredentials(str(client_id), str(client_secret))
    apps.save(server, app)
    return app


def _sdk(server: str, app: AppCredentials, timeout: float) -> Mastodon:
    return Mastodon(
        client_id=app.client_id,
        client_secret=app.client_secret,
        api_base_url=server,
        ratelimit_method="throw",
        request_timeout=timeout,
        version_check_mode="none",
        user_agent=USER_AGENT,
    )


def authorization_url(server: str, app: AppCredentials, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The page where the person signs in and allows engage (``read write``)."""
    sdk = _sdk(server, app, timeout)
    try:
        url = str(
            sdk.auth_request_url(
                client_id=app.client_id,
                redirect_uris=OOB,
                scopes=SCOPES,
                skip_server_info=True,
                allow_http=_allow_http(server),
            )
        )
    except MastodonError as exc:
        raise _fail(exc, "GET /oauth/authorize", server) from exc
    # Mastodon.py 2.3.3 writes its unset options as "force_login=False&
    # state=None&lang=None": a server would read a state and a language.
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in _UNSET_OPTIONS]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def exchange_code(
    server: str, app: AppCredentials, code: str, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """The access token for the code the person pasted (``POST /oauth/token``)."""
    code = code.strip()
    if not code or not code.isprintable() or any(c.isspace() for c in code):
        raise SignedOut(
            "That is not the code the server showed: copy the whole code from the page "
            "and paste it again."
        )
    sdk = _sdk(server, app, timeout)
    try:
        token = sdk.log_in(
            code=code, redirect_uri=OOB, scopes=SCOPES, allow_http=_allow_http(server)
        )
    except MastodonError as exc:
        mapped = _fail(exc, "POST /oauth/token", server)
        if isinstance(mapped, Permanent):
            raise SignedOut(
                f"{server} did not accept that code (it may be used up or mistyped): "
                "open the sign-in page again and paste the new code."
            ) from exc
        raise mapped from exc
    return str(token)


class KeyringTokenStore:
    """The access token in the OS keyring (service ``engage``), one entry an account."""

    def __init__(self, account: str) -> None:
        self.account = account

    def load(self) -> str | None:
        import keyring

        try:
            return keyring.get_password(KEYRING_SERVICE, self.account)
        except Exception as err:  # backends raise their own types
            raise SignedOut(f"The keyring could not be read: {err}") from err

    def save(self, token: str) -> None:
        import keyring

        try:
            keyring.set_password(KEYRING_SERVICE, self.account, token)
        except Exception as err:
            raise SignedOut(f"The keyring refused to keep the token: {err}") from err


def revoke(server: str, app: AppCredentials, token: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """End the token on the server (``POST /oauth/revoke``); best effort."""
    sdk = _sdk(server, app, timeout)
    sdk.access_token = token
    # Offline or refused: the token stays until revoked in the server's settings.
    with contextlib.suppress(MastodonError, requests.RequestException, ValueError):
        sdk.revoke_access_token(allow_http=_allow_http(server))
