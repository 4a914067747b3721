"""Helpers for the tests against GoToSocial: accounts made ahead in the
background (the admin command takes about two seconds each), other people
acting through Mastodon.py, an in-memory sync state, and an HTTP proxy that
can lose an answer."""

from __future__ import annotations

import http.client
import importlib.util
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from mastodon import Mastodon

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform

# Every module whose tests use the server says ``pytestmark = ON_SERVER``:
# one xdist worker runs them all against the one server (see conftest).
ON_SERVER = pytest.mark.xdist_group("gotosocial")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "mastodon" / "gotosocial.py"
# Accounts being made ahead of the test that will take them.
AHEAD = 2
# How long to wait for the server to show a write (it is immediate; this
# bounds a failure, it is not a pause).
SHOW_WAIT_S = 15.0
T = TypeVar("T")
_HOP_BY_HOP = {"transfer-encoding", "connection", "content-length", "date", "server"}
Server = Any  # the script's Server class (loaded from a file, not a package)


def gotosocial_script() -> ModuleType:
    name = "engage_gotosocial_script"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Account:
    username: str
    handle: str  # user@host
    id: str  # the server's own id
    token: str
    email: str
    password: str
    sdk: Mastodon  # the account itself, acting through Mastodon.py (not engage)

    def login(self, server: str) -> MastodonLogin:
        return MastodonLogin(server=server, token=self.token, handle=self.handle)

    def post(self, text: str, **kwargs: Any) -> Any:
        return self.sdk.status_post(text, **kwargs)


class Pool:
    """Accounts made in the background, ``AHEAD`` at a time, handed out once each."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.url: str = server.url
        self.made_in_s: list[float] = []
        self._executor = ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="gts-account")
        self._ready: list[Future[Any]] = [self._executor.submit(self._make) for _ in range(AHEAD)]
        self._lock = threading.Lock()

    def _make(self) -> Any:
        began = time.monotonic()
        made = self.server.create_account()
        self.made_in_s.append(time.monotonic() - began)
        return made

    def take(self) -> Any:
        with self._lock:
            first = self._ready.pop(0)
            self._ready.append(self._executor.submit(self._make))
        return first.result(timeout=120)

    def close(self) -> None:
        for future in self._ready:
            future.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)


class Accounts:
    """Fresh accounts for one test, each with a token from the real code flow."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.url = pool.url
        self.host = urlsplit(pool.url).netloc

    def create(self) -> Account:
        made = self.pool.take()
        sdk = Mastodon(
            access_token=made.access_token,
            api_base_url=self.url,
            version_check_mode="none",
            ratelimit_method="throw",
        )
        me = sdk.account_verify_credentials()
        return Account(
            username=made.username,
            handle=f"{made.username}@{self.host}",
            id=str(me["id"]),
            token=made.access_token,
            email=made.email,
            password=made.password,
            sdk=sdk,
        )

    def close(self) -> None:
        pass


@dataclass
class MemoryState:
    """An in-memory SyncStateView: what the engine's store would hand the platform."""

    cursors: dict[str, str] = field(default_factory=dict)
    posts: set[str] = field(default_factory=set)

    def cursor(self, key: str) -> str | None:
        return self.cursors.get(key)

    def snapshot(self, name: str) -> frozenset[str]:
        return frozenset()

    def known_posts(self, ids: list[str]) -> set[str]:
        return {i for i in ids if i in self.posts}

    def apply(self, result: PullResult) -> None:
        for key, value in result.cursors.items():
            if value is None:
                self.cursors.pop(key, None)
            else:
                self.cursors[key] = value
        self.posts.update(p.id for p in result.posts)


def platform_for(account: Account, server: str, timeout: float = 15.0) -> MastodonPlatform:
    return MastodonPlatform(account.login(server), timeout=timeout)


def context(owner: Person, state: MemoryState) -> PullContext:
    return PullContext(owner=owner, state=state, now=datetime.now(UTC))


def wait_for(probe: Callable[[], T | None], what: str) -> T:
    """Poll until ``probe`` answers something truthy (notifications are made
    a moment after the write, by the server's own workers)."""
    deadline = time.monotonic() + SHOW_WAIT_S
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"GoToSocial never showed {what}")
        time.sleep(0.05)


class LosingProxy:
    """An HTTP proxy on 127.0.0.1 in front of the server. It forwards every
    request and its answer, except that for a request whose method and path
    match ``lose`` (``"POST /api/v1/statuses"``) it lets the server answer (so
    the write is committed) and then closes the connection without passing
    the answer on; ``fault`` answers matching requests itself (a 401, a 503).
    It counts requests by method and path."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.lose: str | None = None
        self.lost = 0
        self.fault: tuple[str, int, bytes] | None = None
        self.seen: list[str] = []
        self.keys: list[str | None] = []  # Idempotency-Key of each POST /api/v1/statuses
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def do_PATCH(self) -> None:
                self._forward()

            def do_PUT(self) -> None:
                self._forward()

            def do_DELETE(self) -> None:
                self._forward()

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                line = f"{self.command} {self.path.split('?')[0]}"
                proxy.seen.append(line)
                if line == "POST /api/v1/statuses":
                    proxy.keys.append(self.headers.get("Idempotency-Key"))
                if proxy.fault and proxy.fault[0] == line:
                    _, status, data = proxy.fault
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                conn = http.client.HTTPConnection(
                    str(proxy.upstream.hostname), proxy.upstream.port, timeout=30
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = proxy.upstream.netloc
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                conn.close()
                if proxy.lose == line:
                    proxy.lose = None
                    proxy.lost += 1
                    self.close_connection = True
                    return  # the server committed; the client never hears of it
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    # send_response wrote its own Date and Server: one each.
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def count(self, line: str) -> int:
        return sum(1 for s in self.seen if s == line)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
