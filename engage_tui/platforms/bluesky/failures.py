"""Turns atproto SDK and httpx exceptions into engage's platform errors.

The SDK raises its own types for HTTP answers and wraps some transport
failures, but lets others through as raw httpx exceptions (a server that
closes the connection without answering is ``httpx.RemoteProtocolError``).
What matters for the outbox: did a write leave the machine without an answer
coming back? Then its outcome is unknown and ``getRecord`` decides.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from atproto_client import exceptions as sdk

from engage_tui.platforms.errors import (
    NoAnswer,
    NotFound,
    Offline,
    Permanent,
    PlatformError,
    RateLimited,
    SignedOut,
    Transient,
)

SIGNED_OUT_MESSAGE = (
    "Bluesky ended engage's session (expired or the app password was revoked): "
    "sign in again with `engage auth login bluesky`."
)
# The owner's account itself is refused (a 401 with these names): signing in
# again does not help, and the words say what does.
ACCOUNT_REFUSED = {
    "AccountDeactivated": (
        "Your Bluesky account is deactivated, so Bluesky refuses everything engage asks of "
        "it; signing in again does not change that. Reactivate it by signing in to the "
        "Bluesky app (bsky.app) with your account password; engage carries on by itself "
        "after that."
    ),
    "AccountTakedown": (
        "Your Bluesky account was taken down by its server's moderators, so Bluesky refuses "
        "everything engage asks of it; signing in again does not change that. Bluesky's "
        "support (or your server's admin) can say why and whether it can be restored."
    ),
}
# XRPC error names that mean the session itself is no good.
_SESSION_ERRORS = {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AccountTakedown"}
_GONE_ERRORS = {"RecordNotFound", "NotFound", "ProfileNotFound", "AccountDeactivated"}


def _error_name(exc: sdk.RequestErrorBase) -> tuple[str, str]:
    content = exc.response.content if exc.response is not None else None
    name = getattr(content, "error", None) or ""
    message = getattr(content, "message", None) or ""
    return str(name), str(message)


def _transport(exc: BaseException) -> BaseException | None:
    """The httpx error behind an SDK transport error, or ``exc`` itself."""
    if isinstance(exc, httpx.TransportError):
        return exc
    cause = exc.__cause__
    return cause if isinstance(cause, httpx.TransportError) else None


def map_exception(exc: BaseException, endpoint: str, write: bool) -> PlatformError:
    """Any failure from one XRPC call, as one of engage's errors."""
    if isinstance(exc, PlatformError):
        return exc
    if isinstance(exc, sdk.LoginRequiredError):
        return SignedOut(SIGNED_OUT_MESSAGE)
    transport = _transport(exc)
    if transport is not None:
        return _map_transport(transport, write)
    if isinstance(exc, sdk.RateLimitExceededError):
        reset_at = _reset_at(exc) or datetime.now(UTC) + timedelta(minutes=5)
        return RateLimited(
            f"Bluesky's rate limit for {endpoint} is used up until {reset_at:%H:%M} UTC: "
            "engage will try again after that.",
            endpoint=endpoint,
            reset_at=reset_at,
        )
    if isinstance(exc, sdk.RequestErrorBase) and exc.response is not None:
        return _map_answer(exc, endpoint, write)
    return Permanent(f"Talking to Bluesky failed unexpectedly ({type(exc).__name__}).")


def _reset_at(exc: sdk.RateLimitExceededError) -> datetime | None:
    """The header's reset time; None for one that is no time (999999999999
    seconds), which the SDK's own property raises on."""
    try:
        return exc.reset_at
    except (ValueError, OverflowError, OSError):
        return None


def _map_answer(exc: sdk.RequestErrorBase, endpoint: str, write: bool) -> PlatformError:
    assert exc.response is not None
    status = exc.response.status_code
    name, message = _error_name(exc)
    if name in ACCOUNT_REFUSED and (status == 401 or name == "AccountTakedown"):
        return SignedOut(ACCOUNT_REFUSED[name])
    if status == 401 or name in _SESSION_ERRORS:
        return SignedOut(SIGNED_OUT_MESSAGE)
    # The AppView says "InvalidRequest: Profile not found" for an unknown actor.
    if name in _GONE_ERRORS or status == 404 or "not found" in message.lower():
        return NotFound("That post or account no longer exists on Bluesky.", reason="deleted")
    if status >= 500 or status in (409, 413, 502):
        # The reference PDS answers a second create with the same record key
        # with a 500 after the first was stored: treat every 5xx on a write as
        # "may have landed" and let getRecord decide.
        return Transient(
            f"Bluesky had a problem on its side (HTTP {status}); engage will try again shortly.",
            outcome_unknown=write and status != 503,
        )
    detail = f"{name}: {message}" if message else name or str(status)
    return Permanent(f"Bluesky refused this ({detail}).")


def _map_transport(exc: BaseException, write: bool) -> PlatformError:
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return Offline(
            "Could not reach Bluesky (no network or the server is down): "
            "engage keeps working offline and sends what is queued later."
        )
    if isinstance(exc, httpx.TimeoutException):
        return NoAnswer(
            "Bluesky did not answer in time (it may be down or overloaded): "
            "engage keeps working offline and tries again shortly.",
            outcome_unknown=write,
        )
    return Transient(
        "The connection to Bluesky dropped before it answered; engage will try again shortly.",
        outcome_unknown=write,
    )
