"""The few failures every platform maps its own errors onto.

The sync engine and the TUI only ever see these; no tweepy or requests
exception crosses the platform boundary. Messages are plain words a user can
act on.
"""

from __future__ import annotations

from datetime import datetime


class PlatformError(Exception):
    """Base of every platform failure. ``str(err)`` is a plain message."""

    retryable: bool = False


class SignedOut(PlatformError):
    """Credentials missing, wrong or revoked (HTTP 401)."""


class RateLimited(PlatformError):
    """This endpoint's quota is spent until ``reset_at``."""

    retryable = True

    def __init__(self, message: str, endpoint: str, reset_at: datetime) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.reset_at = reset_at


class NotFound(PlatformError):
    """The post or person is gone, or hidden from the owner.

    ``reason`` is one of ``deleted``, ``protected``, ``suspended``, ``missing``.
    """

    def __init__(self, message: str, reason: str = "missing", resource_id: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.resource_id = resource_id


class DuplicateContent(PlatformError):
    """The network refused the text as already posted: it was sent before."""


class NotAllowed(PlatformError):
    """The API may not do this for this account (X's self-serve rules).

    The action is still possible by hand, through the network's web intent.
    """


class Transient(PlatformError):
    """Timeouts, 5xx, dropped connections: safe to retry after a pause.

    ``outcome_unknown`` is True when a write may have reached the network
    (the request was sent but no answer came back).
    """

    retryable = True

    def __init__(self, message: str, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


class Offline(Transient):
    """No route to the network at all (DNS failure, connection refused)."""


class NoAnswer(Transient):
    """The request left, and no answer came back in time (a read timeout).

    A server that lets one request wait that long will let the next one wait
    too, so the engine stops asking it for a while, as when offline. Unlike
    ``Offline``, a write may have landed: ``outcome_unknown`` says so.
    """


class Permanent(PlatformError):
    """Anything else the network refused that retrying will not fix."""
