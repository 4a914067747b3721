"""The requests session tweepy sends everything through.

tweepy builds every URL on ``https://api.twitter.com`` and passes no
timeout. This session points those URLs at the configured API base before
the request is prepared (OAuth 1.0a signs the final URL, so the rewrite
must come first), adds connect/read timeouts, and remembers the rate-limit
headers of the last response on each thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

DEFAULT_API_BASE = "https://api.x.com"
TWEEPY_HOSTS = ("https://api.twitter.com", "https://api.x.com")
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 15.0)


@dataclass(frozen=True, slots=True)
class RateInfo:
    limit: int | None = None
    remaining: int | None = None
    reset: datetime | None = None

    @classmethod
    def from_headers(cls, headers: Any) -> RateInfo:
        return cls(
            limit=_int_header(headers, "x-rate-limit-limit"),
            remaining=_int_header(headers, "x-rate-limit-remaining"),
            reset=_epoch_header(headers, "x-rate-limit-reset"),
        )


def _int_header(headers: Any, name: str) -> int | None:
    raw = headers.get(name) if headers is not None else None
    if raw is None:
        return None
    try:
        # A repeated header arrives joined with ", "; the first value is enough.
        return int(str(raw).split(",")[0].strip())
    except ValueError:
        return None


def _epoch_header(headers: Any, name: str) -> datetime | None:
    """A reset time, or None: one no calendar holds (999999999999 seconds) is
    ignored like any header that is not a number, never a failed request."""
    seconds = _int_header(headers, name)
    try:
        return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
    except (ValueError, OverflowError, OSError):
        return None


class ApiSession(requests.Session):
    def __init__(
        self,
        api_base: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__()
        self.api_base = (api_base or DEFAULT_API_BASE).rstrip("/")
        self.timeout = timeout
        self._local = threading.local()

    def rewrite(self, url: str) -> str:
        for host in TWEEPY_HOSTS:
            if url.startswith(host + "/") or url == host:
                return self.api_base + url[len(host) :]
        return url

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if isinstance(url, bytes):
            url = url.decode()
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        self._local.last_rate = None
        verb = method.decode() if isinstance(method, bytes) else method
        response = super().request(verb, self.rewrite(url), *args, **kwargs)
        self._local.last_rate = RateInfo.from_headers(response.headers)
        return response

    def last_rate(self) -> RateInfo | None:
        """Rate headers of this thread's last answered request (None if none came)."""
        return getattr(self._local, "last_rate", None)
