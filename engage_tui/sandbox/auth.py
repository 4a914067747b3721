"""Who is calling: OAuth 1.0a signatures, app bearer tokens, and the PIN flow's tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from engage_tui.sandbox.problems import ApiError, unauthorized

_ALNUM = string.ascii_letters + string.digits
# Remembered nonces (replays are refused); forgotten in bulk past this many.
_NONCE_MEMORY = 200_000
# How far a signature's oauth_timestamp may be from the real clock. X refuses a request
# signed by a badly skewed clock with 401; Twitter's old OAuth guide names no number, and
# five minutes is the window its error 135 ("Timestamp out of bounds") was seen at.
MAX_CLOCK_SKEW = 300


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(length))


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated request: a user (OAuth 1.0a) or the app itself (bearer)."""

    user_id: int | None  # None means app-only

    @property
    def is_app(self) -> bool:
        return self.user_id is None

    @property
    def key(self) -> str:
        return "app" if self.user_id is None else f"user:{self.user_id}"


@dataclass(slots=True)
class _RequestToken:
    secret: str
    callback: str
    verifier: str | None = None
    user_id: int | None = None


@dataclass(slots=True)
class Credentials:
    """The one developer app the sandbox knows, and the user tokens it has issued."""

    owner_id: int
    consumer_key: str = field(default_factory=lambda: _random(25))
    consumer_secret: str = field(default_factory=lambda: _random(50))
    bearer_token: str = field(default_factory=lambda: "AAAAAAAAAAAAAAAAAAAAA" + _random(80))
    access: dict[str, tuple[str, int]] = field(default_factory=dict)  # token -> (secret, user)
    _requests: dict[str, _RequestToken] = field(default_factory=dict)
    _nonces: set[tuple[str, str]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue_access_token(self, user_id: int) -> tuple[str, str]:
        # X's tokens start with the user id; tweepy reads the signed-in user from it.
        token = f"{user_id}-{_random(40)}"
        secret = _random(45)
        with self._lock:
            self.access[token] = (secret, user_id)
        return token, secret

    # -- checking a request -----------------------------------------------

    def identify(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Caller:
        """The caller of an API request, or a 401 ``ApiError``."""
        header = headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            token = header[7:].strip()
            if hmac.compare_digest(token.encode(), self.bearer_token.encode()):
                return Caller(None)
            raise unauthorized()
        if header.lower().startswith("oauth "):
            params = self.verify_oauth1(method, url, headers, body, needs_token=True)
            _secret, user_id = self.access[params["oauth_token"]]
            return Caller(user_id)
        raise unauthorized()

    def verify_oauth1(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
        *,
        needs_token: bool,
        request_token: bool = False,
    ) -> dict[str, str]:
        """Check an HMAC-SHA1 signature over the URL the request reached; return oauth_*."""
        header = headers.get("authorization", "")
        try:
            oauth = {
                key: oauth_utils.unescape(value)
                for key, value in oauth_utils.parse_authorization_header(header)
            }
        except (ValueError, IndexError):
            raise unauthorized() from None
        if oauth.get("oauth_consumer_key") != self.consumer_key:
            raise unauthorized()
        if oauth.get("oauth_signature_method") != "HMAC-SHA1":
            raise unauthorized()
        stamp = oauth.get("oauth_timestamp", "")
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
            raise unauthorized()
        # Real time, not the world clock: clients sign with their own clock.
        if abs(int(stamp) - time.time()) > MAX_CLOCK_SKEW:
            raise unauthorized()
        token = oauth.get("oauth_token", "")
        token_secret = ""
        if needs_token:
            with self._lock:
                if request_token:
                    pending = self._requests.get(token)
                    token_secret = pending.secret if pending else ""
                    known = pending is not None
                else:
                    entry = self.access.get(token)
                    token_secret = entry[0] if entry else ""
                    known = entry is not None
            if not known:
                raise unauthorized()
        content_type = headers.get("content-type", "")
        form = body.decode("utf-8", "replace") if "x-www-form-urlencoded" in content_type else None
        query = url.split("?", 1)[1] if "?" in url else ""
        try:
            params = oauth_signature.collect_parameters(
                uri_query=query,
                body=form,
                headers={"Authorization": header},
                exclude_oauth_signature=True,
            )
            normalized = oauth_signature.normalize_parameters(params)
            base_uri = oauth_signature.base_string_uri(url.split("?", 1)[0])
        except (ValueError, TypeError):
            raise unauthorized() from None
        base = oauth_signature.signature_base_string(method.upper(), base_uri, normalized)
        expected = _hmac_sha1(base, self.consumer_secret, token_secret)
        given = oauth.get("oauth_signature", "")
        if not hmac.compare_digest(expected.encode(), given.encode()):
            raise unauthorized()
        nonce = (oauth.get("oauth_nonce", ""), oauth.get("oauth_timestamp", ""))
        with self._lock:
            if nonce in self._nonces:
                raise unauthorized()  # a replayed request
            if len(self._nonces) >= _NONCE_MEMORY:
                self._nonces.clear()
            self._nonces.add(nonce)
        return oauth

    # -- the PIN flow -----------------------------------------------------

    def new_request_token(self, callback: str) -> tuple[str, str]:
        token, secret = _random(27), _random(32)
        with self._lock:
            self._requests[token] = _RequestToken(secret=secret, callback=callback)
        return token, secret

    def approve(self, token: str, user_id: int) -> str:
        """The user pressed Authorize: the request token now has a 7-digit PIN."""
        with self._lock:
            pending = self._requests.get(token)
            if pending is None:
                raise ApiError(
                    404,
                    {
                        "title": "Not Found",
                        "detail": "Unknown oauth_token",
                        "type": "about:blank",
                        "status": 404,
                    },
                )
            if pending.verifier is None:
                pending.verifier = "".join(secrets.choice(string.digits) for _ in range(7))
                pending.user_id = user_id
            return pending.verifier

    def exchange(self, token: str, verifier: str) -> int:
        """Trade an approved request token and its PIN for the user's id (once only)."""
        with self._lock:
            pending = self._requests.get(token)
            if (
                pending is None
                or pending.verifier is None
                or pending.user_id is None
                or not hmac.compare_digest(pending.verifier.encode(), verifier.encode())
            ):
                raise unauthorized()
            del self._requests[token]
            return pending.user_id

    def is_pending(self, token: str) -> bool:
        with self._lock:
            return token in self._requests


def _hmac_sha1(base: str, consumer_secret: str, token_secret: str) -> str:
    key = f"{oauth_utils.escape(consumer_secret)}&{oauth_utils.escape(token_secret)}"
    digest = hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def form_params(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", "replace")))
