"""Turns Mastodon.py and requests failures into engage's platform errors.

Mastodon.py raises its own types for HTTP answers, and one
``MastodonNetworkError`` for every transport failure, raised while handling
the requests exception (kept as ``__context__``): that exception says whether
the server was never reached (offline: nothing was sent) or the answer was
lost after the request left (a write's outcome is then unknown, and the
outbox looks for the reply before sending again).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from mastodon import errors as sdk

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
from engage_tui.platforms.mastodon.handles import SIGN_IN


def signed_out_message(server: str) -> str:
    return (
        f"{server} no longer accepts engage's sign-in (the app was revoked or the token "
        f"expired): sign in again with `{SIGN_IN.replace('https://your.server', server)}`."
    )


def not_mastodon_message(server: str) -> str:
    return (
        f"{server} did not answer like a Mastodon server: check the address "
        "(it is the server your account is on, like https://mastodon.social)."
    )


def offline_message(server: str) -> str:
    return (
        f"Could not reach {server} (no network or the server is down): "
        "engage keeps working offline and sends what is queued later."
    )


def map_exception(
    exc: BaseException,
    endpoint: str,
    write: bool,
    server: str,
    reset_epoch: float | None = None,
) -> PlatformError:
    """Any failure of one call, as one of engage's errors."""
    if isinstance(exc, PlatformError):
        return exc
    if isinstance(exc, sdk.MastodonRatelimitError) and "Hit rate limit" not in str(exc):
        # Mastodon.py could not read the rate-limit headers of an answer that
        # came (a proxy's doubled Date header): no limit, but the answer is lost.
        return Transient(
            f"{server} answered in a way engage could not read; engage will try again shortly.",
            outcome_unknown=write,
        )
    if isinstance(exc, sdk.MastodonRatelimitError):
        reset_at = (
            datetime.fromtimestamp(reset_epoch, UTC)
            if reset_epoch
            else datetime.now(UTC) + timedelta(minutes=5)
        )
        return RateLimited(
            f"{server}'s rate limit for {endpoint} is used up until {reset_at:%H:%M} UTC: "
            "engage will try again after that.",
            endpoint=endpoint,
            reset_at=reset_at,
        )
    if isinstance(exc, sdk.MastodonNetworkError):
        return _map_transport(exc.__context__ or exc.__cause__, write, server)
    if isinstance(exc, sdk.MastodonUnauthorizedError):
        return SignedOut(signed_out_message(server))
    if isinstance(exc, sdk.MastodonNotFoundError):
        return NotFound(f"That post or account no longer exists on {server}.", reason="deleted")
    if isinstance(exc, sdk.MastodonServerError):
        status = _status(exc)
        return Transient(
            f"{server} had a problem on its side (HTTP {status}); engage will try again shortly.",
            # A 503 is refused before any work is done; other 5xx may follow a write.
            outcome_unknown=write and status != 503,
        )
    if isinstance(exc, sdk.MastodonAPIError):
        status = _status(exc)
        if status is None or "Could not parse response as JSON" in str(exc):
            return Permanent(not_mastodon_message(server))
        if status == 403 and _says(exc, "token", "revoked", "suspended", "disabled"):
            return SignedOut(signed_out_message(server))
        if status == 410:
            return NotFound(f"That post or account is gone from {server}.", reason="deleted")
        return Permanent(f"{server} refused this (HTTP {status}: {_detail(exc)}).")
    if isinstance(exc, sdk.MastodonError):
        return Permanent(f"Talking to {server} failed ({_plain(str(exc))}).")
    return Permanent(f"Talking to {server} failed unexpectedly ({type(exc).__name__}).")


def _status(exc: BaseException) -> int | None:
    # Mastodon.py raises ("Mastodon API returned error", status, reason, error).
    args: tuple[object, ...] = tuple(getattr(exc, "args", ()))
    status = args[1] if len(args) > 1 else None
    return status if isinstance(status, int) else None


def _detail(exc: BaseException) -> str:
    args: tuple[object, ...] = tuple(getattr(exc, "args", ()))
    raw = args[3] if len(args) > 3 and args[3] else (args[2] if len(args) > 2 else "")
    return _plain(str(raw)) or "no reason given"


def _says(exc: BaseException, *words: str) -> bool:
    detail = _detail(exc).lower()
    return any(w in detail for w in words)


def _plain(text: str) -> str:
    # One line, printable, short: it ends up in a status bar.
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat[:200]


def _map_transport(cause: BaseException | None, write: bool, server: str) -> PlatformError:
    if isinstance(cause, requests.exceptions.ConnectTimeout):
        return Offline(offline_message(server))
    if isinstance(cause, requests.exceptions.Timeout):
        return NoAnswer(
            f"{server} did not answer in time (it may be down or overloaded): "
            "engage keeps working offline and tries again shortly.",
            outcome_unknown=write,
        )
    if isinstance(cause, requests.exceptions.ConnectionError) and _never_connected(cause):
        return Offline(offline_message(server))
    if isinstance(cause, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return Permanent(not_mastodon_message(server))
    if isinstance(cause, ValueError):
        # An answer came, but not JSON: a web page, not a Mastodon API
        # (Mastodon.py's app registration reads the body as a network step).
        return Permanent(not_mastodon_message(server))
    return Transient(
        f"The connection to {server} dropped before it answered; engage will try again shortly.",
        outcome_unknown=write,
    )


def _never_connected(exc: requests.exceptions.ConnectionError) -> bool:
    """Refused, unresolvable or unroutable: the request never left."""
    import urllib3.exceptions as u3

    reason: object = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # MaxRetryError wraps the cause
    return isinstance(
        reason, u3.NewConnectionError | u3.NameResolutionError | u3.ConnectTimeoutError
    )
