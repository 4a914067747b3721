"""Which part of the sandbox answers a request: X's API, its OAuth pages, or the controls."""

from __future__ import annotations

from urllib.parse import urlsplit

from engage_tui.sandbox import control, oauth_flow
from engage_tui.sandbox.app import SandboxApp
from engage_tui.sandbox.problems import ApiError
from engage_tui.sandbox.response import Response, json_response


def handle(
    app: SandboxApp, method: str, target: str, headers: dict[str, str], body: bytes, host: str
) -> Response:
    """Answer one request. ``headers`` keys are lower-case; ``host`` is what it reached."""
    split = urlsplit(target)
    path = split.path
    url = f"http://{host}{target}"
    try:
        if path.startswith("/_sandbox/"):
            return control.handle(app, method, path, split.query, body)
        if path.startswith("/oauth/"):
            return oauth_flow.handle(app, method, path, url, headers, body)
    except ApiError as exc:
        return json_response(exc.status, exc.body)  # the OAuth pages kept v1.1 error bodies
    return app.api(method, path, split.query, url, headers, body)
