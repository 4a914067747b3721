"""Signing in through the real OAuth code flow, and what the user sees when
the token is revoked, the server is down, or the address is no Mastodon
server: one plain line each, never a traceback."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from engage_tui.config import Config
from engage_tui.platforms.errors import Offline, Permanent, SignedOut
from engage_tui.platforms.mastodon import (
    MastodonLogin,
    MastodonPlatform,
    MemoryAppStore,
    authorization_url,
    exchange_code,
    register_app,
)
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .gts_support import (
    ON_SERVER,
    Accounts,
    MemoryState,
    context,
    gotosocial_script,
    platform_for,
)

pytestmark = ON_SERVER


def test_the_code_flow_gives_a_token_that_signs_in_with_read_write_only(accounts: Accounts):
    me = accounts.create()
    apps = MemoryAppStore()
    app = register_app(accounts.url, apps)
    url = authorization_url(accounts.url, app)
    query = parse_qs(urlsplit(url).query)
    # What the person does in the browser: sign in, allow, copy the code.
    code = accounts.pool.server.authorize(me.email, me.password, app.client_id, "read write")

    token = exchange_code(accounts.url, app, code)
    person = MastodonPlatform(MastodonLogin(accounts.url, token)).whoami()

    assert query["scope"] == ["read write"]
    assert query["redirect_uri"] == ["urn:ietf:wg:oauth:2.0:oob"]
    assert register_app(accounts.url, apps) == app  # kept per server, not registered again
    assert person.handle == me.handle


def test_a_mistyped_code_is_refused_plainly(accounts: Accounts):
    app = register_app(accounts.url, MemoryAppStore())

    with pytest.raises(SignedOut, match="did not accept that code"):
        exchange_code(accounts.url, app, "not-the-code")


def test_a_revoked_token_signs_out_with_the_way_back(accounts: Accounts, tmp_path):
    me = accounts.create()
    platform = platform_for(me, accounts.url)
    owner = platform.whoami()
    server = accounts.pool.server
    for token in server.request("GET", "/api/v1/tokens", token=me.token):
        server.request("POST", f"/api/v1/tokens/{token['id']}/invalidate", {}, token=me.token)
    store = Store.open(tmp_path / "engage.db")
    try:
        with pytest.raises(SignedOut, match="engage auth login mastodon --server") as out:
            platform.pull("notifications", context(owner, MemoryState()))
        report = SyncEngine(store, platform_for(me, accounts.url), config=Config()).run_once()
    finally:
        store.close()

    assert "\n" not in str(out.value)
    assert not report.ok
    assert any("engage auth login mastodon" in p for p in report.problems)


def test_a_server_that_is_down_reads_as_offline():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    platform = MastodonPlatform(MastodonLogin(f"http://127.0.0.1:{port}", "token"))

    with pytest.raises(Offline, match="Could not reach"):
        platform.whoami()


@pytest.fixture
def a_web_page() -> Iterator[str]:
    """A web server that is no Mastodon server: every path is an HTML page or a 404."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._page()

        def do_POST(self) -> None:
            self._page()

        def _page(self) -> None:
            status = 200 if self.path == "/" else 404
            body = b"<html><body>My blog</body></html>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # shutdown() waits for serve_forever to look up: every 0.5 s by default.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_address_that_is_no_mastodon_server_says_so(a_web_page: str):
    with pytest.raises(Permanent, match="did not answer like a Mastodon server"):
        register_app(a_web_page, MemoryAppStore())
    with pytest.raises(Permanent, match="did not answer like a Mastodon server"):
        MastodonPlatform(MastodonLogin(a_web_page, "token")).whoami()


def test_the_harness_says_how_to_provide_the_server_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path
):
    script = gotosocial_script()
    monkeypatch.setattr(script, "SHARED", tmp_path / "nowhere")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("ENGAGE_GOTOSOCIAL", raising=False)

    with pytest.raises(script.Unavailable, match="ENGAGE_GOTOSOCIAL=/path/to/gotosocial"):
        script.prepare()
