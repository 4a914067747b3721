"""The sandbox as a plain function of requests: routing, auth, limits, faults, billing.

The HTTP layer (server.py) only moves bytes; everything X-like happens here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from engage_tui.sandbox import control, oauth_flow
from engage_tui.sandbox.activity import ActivityStream
from engage_tui.sandbox.auth import Credentials
from engage_tui.sandbox.billing import Meter
from engage_tui.sandbox.clock import WorldClock
from engage_tui.sandbox.context import PLANS, Ctx
from engage_tui.sandbox.faults import FaultPlan
from engage_tui.sandbox.params import Query
from engage_tui.sandbox.problems import (
    ApiError,
    app_only_forbidden,
    route_not_found,
    server_error,
    too_many_requests,
)
from engage_tui.sandbox.ratelimit import WINDOW, Quota, RateLimiter
from engage_tui.sandbox.routes import Route, canonical, find_route
from engage_tui.sandbox.worldgen import WorldSpec, build_world

JSON = "application/json; charset=utf-8"


@dataclass(slots=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    # How the connection should end instead of answering: "stall", "reset", "drop".
    action: str | None = None
    stall_seconds: float = 30.0
    route: str = ""


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(status, body, JSON, dict(headers or {}))


class SandboxApp:
    """One simulated X: a world, one developer app, and the meters around them."""

    def __init__(
        self,
        *,
        seed: int,
        plan: str,
        speed: float,
        clock_start: datetime | None,
        follow_real_time: bool | None = None,
        spec: WorldSpec,
    ) -> None:
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; use one of {', '.join(PLANS)}")
        self.seed = seed
        self.plan = plan
        self.clock = WorldClock(clock_start, speed, follow_real_time)
        self.world = build_world(seed, self.clock, spec)
        self.activity = ActivityStream(self.world, seed)
        self.credentials = Credentials(owner_id=self.world.owner_id)
        self.owner_token, self.owner_token_secret = self.credentials.issue_access_token(
            self.world.owner_id
        )
        self.limiter = RateLimiter()
        self.meter = Meter()
        self.faults = FaultPlan()

    def now(self) -> datetime:
        """The world clock, after letting due background engagement happen."""
        with self.world.lock:
            now = self.clock.now()
            self.activity.catch_up(now)
            return now

    # -- entry point ------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes, host: str
    ) -> Response:
        """Answer one request. ``headers`` keys are lower-case; ``host`` is what it reached."""
        split = urlsplit(target)
        path = split.path
        url = f"http://{host}{target}"
        try:
            if path.startswith("/_sandbox/"):
                return control.handle(self, method, path, split.query, body)
            if path.startswith("/oauth/"):
                return oauth_flow.handle(self, method, path, url, headers, body)
            return self._api(method, path, split.query, url, headers, body)
        except ApiError as exc:
            return json_response(exc.status, exc.body)

    def _api(
        self,
        method: str,
        path: str,
        query_string: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
    ) -> Response:
        now = self.now()
        found = find_route(method, path)
        if found is None:
            raise route_not_found()
        route, path_params = found
        self.meter.count_request(route.name)
        fault = self.faults.take(canonical(route.name))
        if fault is not None:
            kind, stall = fault
            if kind in ("stall", "reset"):
                return Response(0, action=kind, stall_seconds=stall, route=route.name)
            if kind == "429":
                spent = Quota(route.limit, 0, int((now + WINDOW).timestamp()), allowed=False)
                return json_response(429, too_many_requests().body, spent.headers())
            if kind in ("500", "503"):
                err = server_error(int(kind))
                return json_response(err.status, err.body)
        response = self._authorized(route, path_params, query_string, url, headers, body, now)
        response.route = route.name
        if fault is not None and fault[0] == "drop_after_commit":
            response.action = "drop"
        return response

    def _authorized(
        self,
        route: Route,
        path_params: dict[str, str],
        query_string: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
        now: datetime,
    ) -> Response:
        caller = self.credentials.identify(route.method, url, headers, body)
        if route.user_only and caller.is_app:
            raise app_only_forbidden()
        quota = self.limiter.take(route.name, caller.key, route.limit, now)
        limit_headers = quota.headers()
        if not quota.allowed:
            return json_response(429, too_many_requests().body, limit_headers)
        try:
            payload = self._body_json(body) if route.method in ("POST", "PUT") else None
            query = Query(parse_qs(query_string, keep_blank_values=True))
            query.check_known(route.params)
            ctx = Ctx(self.world, query, caller, path_params, payload, now, self.plan)
            with self.world.lock:
                reply = route.handler(ctx)
        except ApiError as exc:
            return json_response(exc.status, exc.body, limit_headers)
        if reply.billed:
            self.meter.read(route.name, reply.billed, now)
        if reply.write_price is not None:
            self.meter.write(route.name, reply.write_price)
        return json_response(reply.status, reply.json, limit_headers)

    @staticmethod
    def _body_json(body: bytes) -> Any:
        if not body:
            return None
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(
                400,
                {
                    "errors": [{"message": "Request body is not valid JSON"}],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": "https://api.twitter.com/2/problems/invalid-request",
                },
            ) from None

    def env(self, base_url: str) -> dict[str, str]:
        return {
            "ENGAGE_X_API_BASE": base_url,
            "ENGAGE_X_CONSUMER_KEY": self.credentials.consumer_key,
            "ENGAGE_X_CONSUMER_SECRET": self.credentials.consumer_secret,
            "ENGAGE_X_ACCESS_TOKEN": self.owner_token,
            "ENGAGE_X_ACCESS_TOKEN_SECRET": self.owner_token_secret,
            "ENGAGE_X_BEARER_TOKEN": self.credentials.bearer_token,
        }
