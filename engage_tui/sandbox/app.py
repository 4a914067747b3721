"""The simulated X API as a plain function of requests: routing, auth, limits, faults, billing.

The HTTP layer (server.py) only moves bytes, and dispatch.py sends each request here,
to the control routes or to the OAuth pages; everything X-like happens here.
"""

from __future__ import annotations

import time
from datetime import datetime
from urllib.parse import parse_qs

from engage_tui.sandbox.activity import ActivityStream
from engage_tui.sandbox.auth import Credentials
from engage_tui.sandbox.billing import Meter
from engage_tui.sandbox.bodies import parse_json
from engage_tui.sandbox.clock import WorldClock
from engage_tui.sandbox.context import PLANS, Ctx
from engage_tui.sandbox.faults import FaultPlan
from engage_tui.sandbox.params import Query
from engage_tui.sandbox.problems import (
    ApiError,
    app_only_forbidden,
    method_not_allowed,
    route_not_found,
    server_error,
    too_many_requests,
)
from engage_tui.sandbox.ratelimit import WINDOW, Quota, RateLimiter
from engage_tui.sandbox.response import Response, json_response, problem_response
from engage_tui.sandbox.routes import Route, canonical, find_route, methods_at
from engage_tui.sandbox.worldgen import WorldSpec, build_world


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

    # -- the API --------------------------------------------------------

    def api(
        self,
        method: str,
        path: str,
        query_string: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
    ) -> Response:
        """Answer one /2/ request. ``headers`` keys are lower-case; ``url`` is what it reached."""
        try:
            return self._api(method, path, query_string, url, headers, body)
        except ApiError as exc:
            return problem_response(exc.status, exc.body)

    def _api(
        self,
        method: str,
        path: str,
        query_string: str,
        url: str,
        headers: dict[str, str],
        body: bytes,
    ) -> Response:
        found = find_route(method, path)
        if found is None:
            allowed = methods_at(path)
            if not allowed:
                raise route_not_found()
            response = problem_response(405, method_not_allowed().body)
            response.headers["Allow"] = ", ".join(allowed)
            return response
        now = self.now()
        route, path_params = found
        self.meter.count_request(route.name)
        fault = self.faults.take(canonical(route.name))
        if fault is not None:
            kind, stall = fault
            if kind in ("stall", "reset"):
                return Response(0, action=kind, stall_seconds=stall, route=route.name)
            if kind == "429":
                spent = Quota(route.limit, 0, now + WINDOW, allowed=False)
                return problem_response(429, too_many_requests().body, self._limit_headers(spent))
            if kind in ("500", "503"):
                err = server_error(int(kind))
                return problem_response(err.status, err.body)
        response = self._authorized(route, path_params, query_string, url, headers, body, now)
        response.route = route.name
        if fault is not None and fault[0] == "drop_after_commit":
            response.action = "drop"
        return response

    def _limit_headers(self, quota: Quota) -> dict[str, str]:
        speed = self.clock.speed if self.clock.follows_real_time else 1.0
        return quota.headers(self.clock.now(), time.time(), speed)

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
        limit_headers = self._limit_headers(quota)
        if not quota.allowed:
            return problem_response(429, too_many_requests().body, limit_headers)
        try:
            payload = None
            if route.method in ("POST", "PUT"):
                payload = parse_json(body) if body else None
                if route.body is not None:
                    route.body(payload)
            query = Query(parse_qs(query_string, keep_blank_values=True))
            query.validate(route.params, route.kind)
            ctx = Ctx(self.world, query, caller, path_params, payload, now, self.plan)
            with self.world.lock:
                reply = route.handler(ctx)
        except ApiError as exc:
            return problem_response(exc.status, exc.body, limit_headers)
        if reply.billed:
            self.meter.read(route.name, reply.billed, now)
        if reply.write_price is not None:
            self.meter.write(route.name, reply.write_price)
        return json_response(reply.status, reply.json, limit_headers)

    def env(self, base_url: str) -> dict[str, str]:
        return {
            "ENGAGE_X_API_BASE": base_url,
            "ENGAGE_X_CONSUMER_KEY": self.credentials.consumer_key,
            "ENGAGE_X_CONSUMER_SECRET": self.credentials.consumer_secret,
            "ENGAGE_X_ACCESS_TOKEN": self.owner_token,
            "ENGAGE_X_ACCESS_TOKEN_SECRET": self.owner_token_secret,
            "ENGAGE_X_BEARER_TOKEN": self.credentials.bearer_token,
        }
