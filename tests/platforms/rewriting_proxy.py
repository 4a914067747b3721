"""An HTTP proxy on 127.0.0.1 in front of the sandbox that passes every
request on and, for the routes a test names, hands the sandbox's JSON answer
and headers to the test to spoil before tweepy reads them: how a real X
answer with a bad item or header reaches engage, over real HTTP."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

Rewrite = Callable[[dict[str, str], Any], tuple[dict[str, str], Any]]
_HOP = ("transfer-encoding", "connection", "content-length", "content-encoding")


class RewritingProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        # path part -> how to spoil the answer to a request whose path has it
        self.rewrites: dict[str, Rewrite] = {}
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def do_DELETE(self) -> None:
                self._forward()

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                conn = http.client.HTTPConnection(
                    str(proxy.upstream.hostname), proxy.upstream.port, timeout=30
                )
                # The Host header stays as signed (OAuth 1.0a signs the URL).
                headers = {k: v for k, v in self.headers.items() if k.lower() != "accept-encoding"}
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                conn.close()
                passed = {k: v for k, v in answer.getheaders() if k.lower() not in _HOP}
                path = self.path.split("?")[0]
                spoil = next((f for part, f in proxy.rewrites.items() if part in path), None)
                if spoil is not None and answer.status == 200:
                    passed, spoilt = spoil(passed, json.loads(data))
                    data = json.dumps(spoilt).encode()
                self.send_response(answer.status)
                for key, value in passed.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
