"""Mastodon.py behind one signed-in account: calls, errors, usage, the server's rules.

Every call goes through ``call``, which turns every Mastodon.py or requests
failure into an engage error and records what the call cost for
``take_usage``: reads and writes are free; the ``X-RateLimit-*`` headers are
kept, read from the answer itself (a requests response hook), so the engine
sees the real limit and decides when to wait. Mastodon.py is built with
``ratelimit_method="throw"``: it never sleeps on a limit itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from mastodon import Mastodon
from mastodon.errors import MastodonError

from engage_tui.platforms.errors import NotFound, PlatformError, SignedOut
from engage_tui.platforms.mastodon import parse
from engage_tui.platforms.mastodon.failures import map_exception, signed_out_message
from engage_tui.platforms.usage_meter import UsageMeter, epoch_time, header_int

DEFAULT_TIMEOUT = 15.0
USER_AGENT = "engage (a keyboard-first terminal inbox)"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TextRules:
    """How the server counts a status (``/api/v2/instance``): Mastodon's own
    defaults until the server has said."""

    max_characters: int = 500
    url_weight: int = 23


class Meter(UsageMeter):
    """The requests made, with the limits a Mastodon server's answers carry."""

    def answered(self, endpoint: str, resources: int, headers: Any) -> None:
        headers = headers or {}
        reset = headers.get("X-RateLimit-Reset")
        self.record(
            endpoint,
            resources,
            rate_limit=header_int(headers.get("X-RateLimit-Limit")),
            rate_remaining=header_int(headers.get("X-RateLimit-Remaining")),
            rate_reset=parse.parse_time(reset) or epoch_time(reset),
        )


def normalise_server(server: str) -> str:
    return server.strip().rstrip("/")


class MastodonClient:
    """One account on one server, by its access token (never a password)."""

    def __init__(self, server: str, token: str | None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.server = normalise_server(server)
        self.host = parse.host_of(self.server)
        # The domain in people's handles: the instance's own, once known.
        self.domain = self.host
        self.token = token
        self.meter = Meter()
        self.rules = TextRules()
        self.grouped: bool | None = None  # has /api/v2/notifications; None: not asked yet
        self._local = threading.local()
        self._instance_read = False
        self.me: Any = None  # the owner's own account, as verify_credentials answers
        session = requests.Session()
        session.hooks["response"].append(self._keep_answer)
        self.sdk = Mastodon(
            access_token=token,
            api_base_url=self.server,
            ratelimit_method="throw",
            request_timeout=timeout,
            version_check_mode="none",
            session=session,
            user_agent=USER_AGENT,
        )

    def _keep_answer(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._local.answer = response

    def last_answer(self) -> requests.Response | None:
        answer: requests.Response | None = getattr(self._local, "answer", None)
        return answer

    def call(
        self,
        endpoint: str,
        fn: Callable[[], T],
        write: bool = False,
        resources: Callable[[T], int] | None = None,
    ) -> T:
        """Run one Mastodon.py call; record it; map its failure."""
        if not self.token:
            raise SignedOut(signed_out_message(self.server))
        self._local.answer = None
        try:
            result = fn()
        except (MastodonError, requests.RequestException, ValueError) as exc:
            answer = self.last_answer()
            self.meter.answered(endpoint, 0, answer.headers if answer is not None else None)
            raise map_exception(
                exc, endpoint, write, self.server, getattr(self.sdk, "ratelimit_reset", None)
            ) from exc
        answer = self.last_answer()
        self.meter.answered(
            endpoint,
            resources(result) if resources else 0,
            answer.headers if answer is not None else None,
        )
        return result

    def next_max_id(self) -> str | None:
        """The ``max_id`` of the next (older) page, from the last answer's
        ``Link`` header, as the string the server wrote (never a number)."""
        answer = self.last_answer()
        if answer is None:
            return None
        link = answer.links.get("next", {}).get("url", "")
        from urllib.parse import parse_qs, urlsplit

        found = parse_qs(urlsplit(link).query).get("max_id")
        return found[0] if found else None

    def read_instance(self) -> None:
        """The server's text rules and domain, once per client (v2, else v1)."""
        if self._instance_read:
            return
        try:
            info: Any = self.call("GET /api/v2/instance", self.sdk.instance_v2)
        except NotFound:
            info = self.call("GET /api/v1/instance", self.sdk.instance_v1)
        except PlatformError:
            raise
        statuses = parse.get(info, "configuration", "statuses")
        limit = parse.get(statuses, "max_characters")
        per_url = parse.get(statuses, "characters_reserved_per_url")
        self.rules = TextRules(
            max_characters=limit if isinstance(limit, int) and limit > 0 else 500,
            url_weight=per_url if isinstance(per_url, int) and per_url >= 0 else 23,
        )
        domain = parse.text_of(info, "domain") or parse.text_of(info, "uri")
        if domain:
            self.domain = parse.host_of(domain) if "://" in domain else domain.lower()
        self._instance_read = True

    def verify(self) -> Any:
        """The owner's account (``verify_credentials``), asked once per client."""
        if self.me is None:
            self.me = self.call(
                "GET /api/v1/accounts/verify_credentials", self.sdk.account_verify_credentials
            )
        return self.me

    def owner_local_id(self) -> str:
        local = parse.id_of(self.verify(), "id")
        if local is None:
            raise SignedOut(signed_out_message(self.server))
        return local

    def default_visibility(self) -> str:
        """The owner's own default (``source.privacy``): a reply is never wider."""
        privacy = parse.text_of(self.verify(), "source", "privacy")
        return privacy if privacy in parse.VISIBILITIES else "public"
