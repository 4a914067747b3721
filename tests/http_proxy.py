"""The one HTTP proxy the network tests put between engage and a real server
(the X sandbox, the Bluesky PDS, GoToSocial), on 127.0.0.1: it passes every
request on and every answer back, and on the test's word it spoils the
traffic the way a real network or server does.

- ``lose``: the server answers (so a write is committed), then the connection
  is closed without the answer; ``close_after_loss`` then refuses everything
  after it (the network went away).
- ``fault``: ``(match, status, headers, body)``: matching requests are answered
  by the proxy itself (a 429, a 503) and never reach the server.
- ``stall``: matching requests are held, unanswered, until ``close()``.
- ``rewrites``: match -> function: a matching request's JSON answer (and its
  headers) reach the client as the function returns them.

A match is ``"METHOD /path"`` (that request line exactly) or a part of the
path (``"createRecord"``, ``"/mentions"``). Every request is recorded, in order.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

Rewrite = Callable[[dict[str, str], Any], tuple[dict[str, str], Any]]
# (match, status, extra headers, JSON body)
Fault = tuple[str, int, dict[str, str], bytes]
# Framing is the proxy's own: it sends whole, plain bodies with their length.
_NOT_PASSED = {"transfer-encoding", "connection", "content-length", "content-encoding"}
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # without the query
    headers: Message

    @property
    def line(self) -> str:
        return f"{self.method} {self.path}"


def matches(match: str, request: Request) -> bool:
    if match.split(" ", 1)[0] in _METHODS:
        return request.line == match
    return match in request.path


class Proxy:
    def __init__(self, upstream: str, *, keep_host: bool = False) -> None:
        """``keep_host``: pass the client's Host header on as it is (an OAuth
        1.0a signature covers the URL the client meant), not the server's."""
        self.upstream = urlsplit(upstream)
        self.keep_host = keep_host
        self.lose: str | None = None
        self.lost = 0
        self.close_after_loss = False
        self.gone = False
        self.fault: Fault | None = None
        self.stall: str | None = None
        self.rewrites: dict[str, Rewrite] = {}
        self.requests: list[Request] = []
        self._closing = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy._forward(self)

            do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # close() waits for serve_forever to look up: every 0.5 s by default.
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def count(self, match: str) -> int:
        """How many requests ``match`` matched."""
        return sum(1 for r in self.requests if matches(match, r))

    def header_values(self, match: str, name: str) -> list[str | None]:
        """The ``name`` header of each request ``match`` matched, in order."""
        return [r.headers.get(name) for r in self.requests if matches(match, r)]

    def close(self) -> None:
        self._closing.set()
        self.server.shutdown()
        self.server.server_close()

    def _forward(self, handler: BaseHTTPRequestHandler) -> None:
        if self.gone:
            handler.close_connection = True
            return
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        request = Request(handler.command, handler.path.split("?")[0], handler.headers)
        self.requests.append(request)
        if self.stall and matches(self.stall, request):
            self._closing.wait(60)
            handler.close_connection = True
            return
        if self.fault and matches(self.fault[0], request):
            _, status, extra, data = self.fault
            own = [("Date", handler.date_time_string()), ("Content-Type", "application/json")]
            self._answer(handler, status, [*own, *extra.items()], data)
            return
        # Plain bodies, so that an answer can be read and rewritten.
        dropped = {"accept-encoding"} if self.keep_host else {"accept-encoding", "host"}
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in dropped}
        conn = http.client.HTTPConnection(
            str(self.upstream.hostname), self.upstream.port, timeout=30
        )
        conn.request(handler.command, handler.path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read()
        conn.close()
        if self.lose and matches(self.lose, request):
            self.lose = None
            self.lost += 1
            self.gone = self.close_after_loss
            handler.close_connection = True
            return  # the server committed; the client never hears of it
        passed = [(k, v) for k, v in answer.getheaders() if k.lower() not in _NOT_PASSED]
        spoil = next((f for match, f in self.rewrites.items() if matches(match, request)), None)
        if spoil is not None and answer.status == 200:
            spoilt_headers, spoilt = spoil(dict(passed), json.loads(data))
            passed, data = list(spoilt_headers.items()), json.dumps(spoilt).encode()
        self._answer(handler, answer.status, passed, data)

    @staticmethod
    def _answer(
        handler: BaseHTTPRequestHandler, status: int, headers: list[tuple[str, str]], data: bytes
    ) -> None:
        # A forwarded answer keeps the server's own Date and Server headers, once.
        handler.send_response_only(status)
        for key, value in headers:
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
