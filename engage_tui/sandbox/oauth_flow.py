"""OAuth 1.0a three-legged "PIN" flow: request token, authorize page, access token."""

from __future__ import annotations

import html
import json
from urllib.parse import parse_qs, urlencode, urlsplit

from engage_tui.sandbox.app import SandboxApp
from engage_tui.sandbox.auth import form_params
from engage_tui.sandbox.problems import ApiError
from engage_tui.sandbox.response import Response

_FORM = "application/x-www-form-urlencoded"
_HTML = "text/html; charset=utf-8"


def _auth_failed() -> ApiError:
    # The OAuth endpoints kept the v1.1 error shape.
    return ApiError(401, {"errors": [{"code": 32, "message": "Could not authenticate you."}]})


def handle(
    app: SandboxApp, method: str, path: str, url: str, headers: dict[str, str], body: bytes
) -> Response:
    query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
    if path == "/oauth/request_token" and method == "POST":
        try:
            oauth = app.credentials.verify_oauth1(method, url, headers, body, needs_token=False)
        except ApiError:
            raise _auth_failed() from None
        callback = oauth.get("oauth_callback") or query.get("oauth_callback")
        if not callback:
            raise _auth_failed()
        token, secret = app.credentials.new_request_token(callback)
        payload = urlencode(
            {"oauth_token": token, "oauth_token_secret": secret, "oauth_callback_confirmed": "true"}
        )
        return Response(200, payload.encode(), _FORM)
    if path in ("/oauth/authorize", "/oauth/authenticate"):
        fields = {**query, **form_params(body)}
        token = fields.get("oauth_token", "")
        if not app.credentials.is_pending(token):
            page = "<h1>This page is no longer valid.</h1><p>Start signing in again.</p>"
            return Response(400, _page(page).encode(), _HTML)
        owner = app.world.owner
        if method == "POST":
            pin = app.credentials.approve(token, owner.id)
            page = (
                f"<h1>Authorized</h1><p>You've granted access to engage as "
                f"@{html.escape(owner.username)}.</p>"
                f"<p>Enter this PIN to complete the authorization process:</p>"
                f"<p><code id='oauth_pin' style='font-size:2em'>{pin}</code></p>"
            )
            return Response(200, _page(page).encode(), _HTML)
        page = (
            f"<h1>Authorize engage to access your account?</h1>"
            f"<p>Signed in as @{html.escape(owner.username)} (sandbox).</p>"
            f"<form method='post' action='/oauth/authorize'>"
            f"<input type='hidden' name='oauth_token' value='{html.escape(token)}'>"
            f"<button type='submit'>Authorize app</button></form>"
        )
        return Response(200, _page(page).encode(), _HTML)
    if path == "/oauth/access_token" and method == "POST":
        try:
            oauth = app.credentials.verify_oauth1(
                method, url, headers, body, needs_token=True, request_token=True
            )
        except ApiError:
            raise _auth_failed() from None
        verifier = (
            oauth.get("oauth_verifier")
            or query.get("oauth_verifier")
            or form_params(body).get("oauth_verifier", "")
        )
        try:
            user_id = app.credentials.exchange(oauth.get("oauth_token", ""), verifier)
        except ApiError:
            raise _auth_failed() from None
        token, secret = app.credentials.issue_access_token(user_id)
        user = app.world.users[user_id]
        payload = urlencode(
            {
                "oauth_token": token,
                "oauth_token_secret": secret,
                "user_id": str(user_id),
                "screen_name": user.username,
            }
        )
        return Response(200, payload.encode(), _FORM)
    body_json = json.dumps(
        {"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}
    )
    return Response(404, body_json.encode())


def _page(inner: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>engage sandbox: sign in"
        f"</title></head><body style='font-family:sans-serif;max-width:32em;margin:4em auto'>"
        f"{inner}</body></html>"
    )
