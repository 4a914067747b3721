"""Turns tweepy and requests exceptions into engage's platform errors.

Network failures reach us as ``requests`` exceptions, HTTP failures as
tweepy's. The split that matters for the outbox: did a write's request
leave the machine without an answer coming back? Then its outcome is
unknown and the engine must reconcile before sending again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import tweepy
from urllib3.exceptions import MaxRetryError, NewConnectionError

from engage_tui.platforms.errors import (
    DuplicateContent,
    NoAnswer,
    NotAllowed,
    NotFound,
    Offline,
    Permanent,
    PlatformError,
    RateLimited,
    SignedOut,
    Transient,
)

SIGNED_OUT_MESSAGE = "X refused the credentials: sign in again with `engage auth login`."

# Phrases in X's 403 bodies that mean "your plan may not do this through the
# API", as opposed to a protected account or a missing permission.
_POLICY_PHRASES = (
    "not allowed through the api",
    "not available through the api",
    "not been mentioned",
    "not mentioned",
    "summoned",
    "client-not-enrolled",
    "reply to this conversation is not allowed",
    "not permitted to like",
    "likes are not available",
    "your current plan",
    "self-serve",
    "pay-per-use plan",
    "through the api is not available",
)
_GONE_PHRASES = ("deleted or not visible", "could not find")
_DUPLICATE_PHRASES = ("duplicate content", "already retweeted", "already reposted")


def api_messages(exc: tweepy.HTTPException) -> str:
    parts = [m for m in exc.api_messages if m] or [str(exc.response.reason or "")]
    return "; ".join(parts)


def _reset_at(response: Any) -> datetime:
    raw = response.headers.get("x-rate-limit-reset") if response is not None else None
    try:
        return datetime.fromtimestamp(int(str(raw).split(",")[0]), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC) + timedelta(minutes=15)


def _connect_phase(exc: requests.ConnectionError) -> bool:
    """True when the request never reached X (DNS failure, refused connection)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)


def map_http_error(exc: tweepy.HTTPException, endpoint: str, write: bool) -> PlatformError:
    status = exc.response.status_code
    detail = api_messages(exc)
    lowered = detail.lower()
    if isinstance(exc, tweepy.Unauthorized):
        return SignedOut(SIGNED_OUT_MESSAGE)
    if isinstance(exc, tweepy.TooManyRequests):
        reset_at = _reset_at(exc.response)
        return RateLimited(
            f"X's rate limit for {endpoint} is used up until {reset_at:%H:%M} UTC: "
            "engage will try again after that.",
            endpoint=endpoint,
            reset_at=reset_at,
        )
    if isinstance(exc, tweepy.NotFound):
        return NotFound("That post or account no longer exists on X.", reason="deleted")
    if isinstance(exc, tweepy.Forbidden):
        if any(p in lowered for p in _DUPLICATE_PHRASES):
            return DuplicateContent(
                "X says this was already posted, so it was sent earlier: nothing more to do."
            )
        if any(p in lowered for p in _GONE_PHRASES):
            return NotFound(
                "That post or list is deleted or hidden from you on X, so engage cannot act on it.",
                reason="deleted",
            )
        if any(p in lowered for p in _POLICY_PHRASES):
            return NotAllowed(
                "X's API does not allow this for your account; "
                "engage will open it in the browser for you to finish."
            )
        return Permanent(f"X refused this ({detail}). Check the post or account and try again.")
    if isinstance(exc, tweepy.TwitterServerError):
        # A 503 is X turning requests away before doing anything; another 5xx
        # on a write may come after the post was stored.
        unknown = write and status != 503
        return Transient(
            f"X had a problem on its side (HTTP {status}); engage will try again shortly.",
            outcome_unknown=unknown,
        )
    return Permanent(f"X refused the request (HTTP {status}: {detail}).")


def map_network_error(exc: requests.RequestException, write: bool) -> PlatformError:
    if isinstance(exc, requests.ConnectionError) and _connect_phase(exc):
        return Offline(
            "Could not reach X (no network or the server is down): "
            "engage keeps working offline and sends what is queued later."
        )
    if isinstance(exc, requests.Timeout):
        return NoAnswer(
            "X did not answer in time (it may be down or overloaded): "
            "engage keeps working offline and tries again shortly.",
            outcome_unknown=write,
        )
    if isinstance(exc, requests.JSONDecodeError):
        return Transient("X sent an answer engage could not read.", outcome_unknown=write)
    return Transient(
        "The connection to X dropped before it answered; engage will try again shortly.",
        outcome_unknown=write,
    )


def map_exception(exc: BaseException, endpoint: str, write: bool) -> PlatformError:
    """Any failure from one API call, as one of engage's errors."""
    if isinstance(exc, PlatformError):
        return exc
    if isinstance(exc, tweepy.HTTPException):
        return map_http_error(exc, endpoint, write)
    if isinstance(exc, requests.RequestException):
        return map_network_error(exc, write)
    if isinstance(exc, ValueError):  # an unreadable body (json) after a 2xx
        return Transient("X sent an answer engage could not read.", outcome_unknown=write)
    return Permanent(f"Talking to X failed unexpectedly ({type(exc).__name__}).")
