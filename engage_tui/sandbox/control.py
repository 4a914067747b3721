"""Test-only control routes under /_sandbox/: clock, events, faults, stats, state.

No auth; JSON in and out. Mistakes answer 400 with {"error": "..."}.
"""

from __future__ import annotations

import random
from typing import Any
from urllib.parse import parse_qs

from engage_tui.sandbox.activity import ActionError, perform
from engage_tui.sandbox.app import SandboxApp
from engage_tui.sandbox.bodies import parse_json
from engage_tui.sandbox.context import PLANS
from engage_tui.sandbox.ids import iso_ms
from engage_tui.sandbox.params import is_id
from engage_tui.sandbox.problems import ApiError
from engage_tui.sandbox.response import Response, json_response
from engage_tui.sandbox.routes import ROUTES, canonical


class _BadControl(Exception):
    pass


# Bounds that keep one control call cheap: a month of world activity is generated in
# seconds, and a stall never outlives a test run.
MAX_ADVANCE = 31 * 86400
MAX_STALL = 3600.0
MAX_FAULT_COUNT = 100_000


def _json(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    try:
        payload = parse_json(body)
    except ApiError:
        raise _BadControl("body is not valid JSON (or holds a lone surrogate)") from None
    if not isinstance(payload, dict):
        raise _BadControl("body must be a JSON object")
    return payload


def handle(app: SandboxApp, method: str, path: str, query: str, body: bytes) -> Response:
    try:
        result = _dispatch(app, method, path, {k: v[-1] for k, v in parse_qs(query).items()}, body)
    except _BadControl as exc:
        return json_response(400, {"error": str(exc)})
    if result is None:
        return json_response(404, {"error": f"no control route {method} {path}"})
    return json_response(200, result)


def _dispatch(
    app: SandboxApp, method: str, path: str, query: dict[str, str], body: bytes
) -> dict[str, Any] | None:
    route = (method, path.rstrip("/"))
    if route == ("POST", "/_sandbox/clock"):
        return _advance(app, _json(body))
    if route == ("GET", "/_sandbox/clock"):
        return {"now": iso_ms(app.now())}
    if route == ("POST", "/_sandbox/events"):
        return _event(app, _json(body))
    if route == ("POST", "/_sandbox/faults"):
        return _arm(app, _json(body))
    if route == ("GET", "/_sandbox/faults"):
        return {"armed": app.faults.armed()}
    if route == ("DELETE", "/_sandbox/faults"):
        app.faults.clear()
        return {"armed": {}}
    if route == ("GET", "/_sandbox/stats"):
        return app.meter.snapshot()
    if route == ("POST", "/_sandbox/stats/reset"):
        app.meter.reset()
        return app.meter.snapshot()
    if route == ("GET", "/_sandbox/state"):
        app.now()
        with app.world.lock:
            return {**app.world.state(), "plan": app.plan}
    if route == ("POST", "/_sandbox/protect"):
        return _protect(app, _json(body))
    if route == ("POST", "/_sandbox/profile"):
        return _profile(app, _json(body))
    if route == ("POST", "/_sandbox/delete"):
        return _delete(app, _json(body))
    if route == ("POST", "/_sandbox/plan"):
        plan = _json(body).get("plan")
        if plan not in PLANS:
            raise _BadControl(f"plan must be one of {', '.join(PLANS)}")
        app.plan = plan
        return {"plan": plan}
    if path.rstrip("/") == "/_sandbox/authorize" and method in ("GET", "POST"):
        fields = {**query, **{k: str(v) for k, v in _json(body).items()}}
        token = fields.get("oauth_token", "")
        if not app.credentials.is_pending(token):
            raise _BadControl("unknown or used oauth_token")
        owner = app.world.owner
        verifier = app.credentials.approve(token, owner.id)
        return {"oauth_token": token, "oauth_verifier": verifier, "user_id": str(owner.id)}
    return None


def _advance(app: SandboxApp, payload: dict[str, Any]) -> dict[str, Any]:
    seconds: Any = payload.get("advance_seconds")
    if not _number_between(seconds, 0, MAX_ADVANCE):
        raise _BadControl(f"advance_seconds must be a number from 0 to {MAX_ADVANCE}")
    with app.world.lock:
        before = len(app.world.all_post_ids)
        app.clock.advance(float(seconds))
        now = app.clock.now()
        events = app.activity.catch_up(now)
        return {
            "now": iso_ms(now),
            "events": events,
            "new_posts": len(app.world.all_post_ids) - before,
        }


def _event(app: SandboxApp, payload: dict[str, Any]) -> dict[str, Any]:
    kind = payload.get("kind")
    actor_name = payload.get("actor")
    if not isinstance(kind, str) or not isinstance(actor_name, str):
        raise _BadControl("kind and actor (a username) are required")
    text = payload.get("text")
    target = payload.get("target_id")
    if text is not None and not isinstance(text, str):
        raise _BadControl("text must be a string")
    # Test code may send a number here; the X routes are strict, the controls need not be.
    if target is not None and (isinstance(target, bool) or not is_id(str(target))):
        raise _BadControl("target_id must be a string of digits")
    now = app.now()
    with app.world.lock:
        actor = app.world.user_named(actor_name.lstrip("@"))
        if actor is None:
            raise _BadControl(f"no user @{actor_name}")
        # Each event draws from its own generator, so it does not disturb the background stream.
        rng = random.Random(f"engage-sandbox-event:{app.seed}:{app.world.next_seq()}")
        try:
            created = perform(
                app.world,
                kind,
                actor,
                now,
                rng=rng,
                text=text,
                target_id=None if target is None else int(target),
            )
        except ActionError as exc:
            raise _BadControl(str(exc)) from None
    return {"kind": kind, "actor_id": str(actor.id), "at": iso_ms(now), **created}


def _arm(app: SandboxApp, payload: dict[str, Any]) -> dict[str, Any]:
    route = payload.get("route")
    fault = payload.get("fault")
    count = payload.get("count", 1)
    seconds = payload.get("seconds", 30.0)
    if not isinstance(route, str) or not isinstance(fault, str):
        raise _BadControl('route (e.g. "POST /2/tweets") and fault are required')
    known = {canonical(r.name) for r in ROUTES}
    if canonical(route) not in known:
        raise _BadControl(f'unknown route {route!r}; name it like "POST /2/tweets"')
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_FAULT_COUNT:
        raise _BadControl(f"count must be a whole number from 1 to {MAX_FAULT_COUNT}")
    if not _number_between(seconds, 0, MAX_STALL):
        raise _BadControl(f"seconds must be a number from 0 to {MAX_STALL:g}")
    try:
        app.faults.add(canonical(route), str(fault), count, float(seconds))
    except ValueError as exc:
        raise _BadControl(str(exc)) from None
    return {"armed": app.faults.armed()}


def _number_between(value: Any, low: float, high: float) -> bool:
    """A JSON number (not a boolean, not NaN) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return low <= value <= high  # NaN compares false


def _protect(app: SandboxApp, payload: dict[str, Any]) -> dict[str, Any]:
    username = str(payload.get("username", "")).lstrip("@")
    with app.world.lock:
        user = app.world.user_named(username)
        if user is None:
            raise _BadControl(f"no user @{username}")
        user.protected = bool(payload.get("protected", True))
        return {"id": str(user.id), "username": user.username, "protected": user.protected}


def _profile(app: SandboxApp, payload: dict[str, Any]) -> dict[str, Any]:
    """The user edits their own profile on x.com: a new bio and website."""
    username = str(payload.get("username", "")).lstrip("@")
    description, url = payload.get("description"), payload.get("url")
    if not all(v is None or isinstance(v, str) for v in (description, url)):
        raise _BadControl("description and url are strings")
    if description is not None and len(description) > 160:
        raise _BadControl("description: X allows at most 160 characters")
    with app.world.lock:
        user = app.world.user_named(username)
        if user is None:
            raise _BadControl(f"no user @{username}")
        if description is not None:
            user.description = description
        if url is not None:
            user.url = url
        return {"id": str(user.id), "description": user.description, "url": user.url}


def _delete(app: SandboxApp, payload: dict[str, Any]) -> dict[str, Any]:
    post_id = str(payload.get("id", ""))
    if not is_id(post_id):
        raise _BadControl("id (a post id) is required")
    with app.world.lock:
        post = app.world.posts.get(int(post_id))
        if post is None:
            raise _BadControl(f"no post {post_id}")
        app.world.delete_post(post.id)
    return {"id": post_id, "deleted": True}
