"""Signing in to X: the PIN flow (OAuth 1.0a, out of band) and a credentials check.

Uses tweepy's ``OAuth1UserHandler`` with its URLs pointed at the configured
API base and a default timeout on every request it makes.
"""

from __future__ import annotations

from typing import Any

import requests
import tweepy
from requests.adapters import HTTPAdapter
from requests_oauthlib.oauth1_session import TokenRequestDenied

from engage_tui.domain import Person
from engage_tui.platforms.errors import Permanent, PlatformError, SignedOut, Transient
from engage_tui.platforms.x.client import XClient
from engage_tui.platforms.x.credentials import XCredentials
from engage_tui.platforms.x.failures import map_network_error
from engage_tui.platforms.x.redact import install_log_redaction, register_secret
from engage_tui.platforms.x.session import DEFAULT_API_BASE, DEFAULT_TIMEOUT

_APP_REFUSED = (
    "X refused the app's keys: check the consumer key and secret of your developer app "
    "(X developer portal, Keys and tokens) and try again."
)
_PIN_REFUSED = (
    "X did not accept that PIN: it may be mistyped or expired. "
    "Run `engage auth login` again for a fresh one."
)


class _TimeoutAdapter(HTTPAdapter):
    def __init__(self, timeout: tuple[float, float]) -> None:
        super().__init__()
        self.timeout = timeout

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class _Handler(tweepy.OAuth1UserHandler):
    """tweepy's handler, on our base URL and with timeouts."""

    def __init__(self, consumer_key: str, consumer_secret: str, base: str, timeout: Any) -> None:
        self._base = base
        self._timeout = timeout
        super().__init__(consumer_key, consumer_secret, callback="oob")

    # tweepy replaces its session for the access-token step; each new one
    # gets the timeout adapter as it is assigned.
    @property
    def oauth(self) -> Any:
        return self._oauth

    @oauth.setter
    def oauth(self, session: requests.Session) -> None:
        adapter = _TimeoutAdapter(self._timeout)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        self._oauth = session

    def _get_oauth_url(self, endpoint: str) -> str:
        return f"{self._base}/oauth/{endpoint}"


def _map_auth_failure(exc: Exception, refused_message: str) -> PlatformError:
    cause: Any = exc
    # tweepy wraps the real failure, sometimes twice.
    while isinstance(cause, tweepy.TweepyException) and cause.args:
        cause = cause.args[0]
    if isinstance(cause, TokenRequestDenied):
        if cause.status_code in (400, 401, 403):
            return SignedOut(refused_message)
        if cause.status_code >= 500:
            return Transient(
                f"X had a problem on its side (HTTP {cause.status_code}); try again shortly."
            )
        return Permanent(f"X refused the sign-in (HTTP {cause.status_code}).")
    if isinstance(cause, requests.RequestException):
        return map_network_error(cause, write=False)
    return Permanent("X answered the sign-in with something engage could not read.")


class PinFlow:
    """One sign-in in progress: show ``authorize_url``, then ``finish(pin)``."""

    def __init__(self, handler: _Handler, authorize_url: str, api_base: str, timeout: Any):
        self._handler = handler
        self.authorize_url = authorize_url
        self._api_base = api_base
        self._timeout = timeout
        self.person: Person | None = None

    @property
    def user_id(self) -> str | None:
        return self.person.id if self.person else None

    @property
    def handle(self) -> str | None:
        return self.person.handle if self.person else None

    def finish(self, pin: str) -> XCredentials:
        """Trade the PIN for the user's access token; ``person`` says who signed in."""
        pin = pin.strip()
        register_secret(pin)
        try:
            token, secret = self._handler.get_access_token(pin)
        except tweepy.TweepyException as exc:
            raise _map_auth_failure(exc, _PIN_REFUSED) from exc
        register_secret(token, secret)
        credentials = XCredentials(
            consumer_key=self._handler.consumer_key,
            consumer_secret=self._handler.consumer_secret,
            access_token=token,
            access_token_secret=secret,
        )
        self.person = verify(credentials, self._api_base, self._timeout)
        return credentials


def start_pin_flow(
    consumer_key: str,
    consumer_secret: str,
    api_base: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> PinFlow:
    """Ask X for a request token; the user opens ``authorize_url`` and reads a PIN."""
    install_log_redaction()
    register_secret(consumer_key, consumer_secret)
    base = (api_base or DEFAULT_API_BASE).rstrip("/")
    handler = _Handler(consumer_key, consumer_secret, base, timeout)
    try:
        url = handler.get_authorization_url()
    except tweepy.TweepyException as exc:
        raise _map_auth_failure(exc, _APP_REFUSED) from exc
    register_secret(*handler.request_token.values())
    return PinFlow(handler, url, base, timeout)


def verify(
    credentials: XCredentials,
    api_base: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> Person:
    """Who these credentials sign in as (raises SignedOut when X refuses them)."""
    page = XClient(credentials, api_base=api_base, timeout=timeout).me()
    if not page.people:
        raise SignedOut("X did not say who these credentials belong to.")
    return page.people[0]
