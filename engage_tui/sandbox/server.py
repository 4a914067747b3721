"""The HTTP layer: a threaded stdlib server that moves bytes to and from ``SandboxApp``.

It also carries out the network faults (stall, reset, dropped answers), which
is why it is the stdlib server: it hands us the raw socket.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import struct
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from engage_tui.sandbox import dispatch
from engage_tui.sandbox.app import SandboxApp
from engage_tui.sandbox.keep import owner_lists, restore_owner_lists
from engage_tui.sandbox.problems import ApiError, invalid_body, too_large
from engage_tui.sandbox.response import PROBLEM, Response, problem_response
from engage_tui.sandbox.world import World
from engage_tui.sandbox.worldgen import WorldSpec

LogFn = Callable[[str], None]


# X's largest request body is a post with its options, a few KB; anything near this is
# not a post, and is refused before it costs the server time.
MAX_BODY = 64 * 1024
# A refused body up to this size is read and dropped, so the client, still sending, sees
# the answer instead of a reset; beyond it the connection is closed.
_DRAIN_LIMIT = 4 * 1024 * 1024
# A connection that sends nothing for this long is closed (keep-alive or half-sent).
IDLE_TIMEOUT = 30.0


_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,8}")


class _Closed(Exception):
    """The client went quiet or away in the middle of a request: end without an answer."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one write: two small writes meet the client's delayed
    # ACK and cost about 40 ms a request.
    wbufsize = 64 * 1024
    server: _Server
    _deadline = 0.0

    def setup(self) -> None:
        super().setup()
        # No read waits for ever: an idle or half-sent connection ends after this.
        self.connection.settimeout(self.server.idle_timeout)
        self.server.track(self.connection, threading.current_thread())

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def __getattr__(self, name: str) -> Any:
        # The stdlib answers 501 to any method without a do_<METHOD>; X answers every
        # method, mostly with 404 or 405, so every method reaches the app.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol-level errors (bad request line, unknown method) as JSON, like X's."""
        title = message or self.responses.get(code, ("Error",))[0]
        body = json.dumps(
            {"title": title, "detail": explain or title, "type": "about:blank", "status": code}
        ).encode()
        self.close_connection = True
        self.send_response(code, message)
        self.send_header("Content-Type", PROBLEM)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines go to the sandbox's own log; nothing to stderr.
        return

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _Closed:
            self.close_connection = True
            return
        except ApiError as exc:
            self.close_connection = True
            self._send(problem_response(exc.status, exc.body))
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        host = headers.get("host") or f"127.0.0.1:{self.server.server_address[1]}"
        try:
            response = dispatch.handle(
                self.server.app, self.command, self.path, headers, body, host
            )
        except Exception:  # a sandbox bug must still answer like a server would
            self.server.log_error_trace()
            response = Response(
                500,
                b'{"title":"Internal Server Error","detail":"sandbox bug: see its log",'
                b'"type":"about:blank","status":500}',
                PROBLEM,
            )
        self.server.log_line(self.command, self.path, response)
        if response.action == "stall":
            self.server.stopping.wait(response.stall_seconds)
            self._abort(reset=False)
            return
        if response.action == "reset":
            self._abort(reset=True)
            return
        if response.action == "drop":
            self._abort(reset=False)
            return
        self._send(response)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("api-version", "2.167")
        for name, value in response.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _read_body(self) -> bytes:
        """The request body, whole; ``ApiError`` for a bad or oversized one."""
        # However it trickles in, a body must be whole by then, so no thread waits for ever.
        self._deadline = time.monotonic() + 2 * self.server.idle_timeout
        coding = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        if coding == "chunked":
            return self._read_chunked()
        if coding:
            # A body in a coding we cannot read has no end we could find: refuse it.
            self.close_connection = True
            raise invalid_body("The Transfer-Encoding header names a coding other than chunked")
        lengths = {value.strip() for value in self.headers.get_all("Content-Length") or []}
        if not lengths:
            return b""
        length = lengths.pop()
        # ASCII digits only; two different lengths are a request smuggling trick.
        if lengths or not (length.isascii() and length.isdigit()) or len(length) > 18:
            raise invalid_body("The Content-Length header is not a number of bytes")
        size = int(length)
        if size > MAX_BODY:
            if size <= _DRAIN_LIMIT:
                self._read_exact(size)
            raise too_large(MAX_BODY)
        return self._read_exact(size)

    def _read_exact(self, size: int) -> bytes:
        parts: list[bytes] = []
        left = size
        while left > 0:
            self._check_deadline()
            try:
                chunk = self.rfile.read1(min(left, 64 * 1024))
            except OSError:  # the socket timeout, or the client went away
                raise _Closed from None
            if not chunk:
                raise _Closed
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)

    def _check_deadline(self) -> None:
        if time.monotonic() > self._deadline:
            raise _Closed

    def _read_line(self) -> bytes:
        self._check_deadline()
        try:
            line = self.rfile.readline(1024)
        except OSError:
            raise _Closed from None
        if not line.endswith(b"\n"):
            raise _Closed if not line else invalid_body("Bad chunk in the request body")
        return line

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_text = self._read_line().split(b";", 1)[0].strip()
            # Hex digits only: int(..., 16) would also take "-5", "0x10" and "1_0".
            if _CHUNK_SIZE.fullmatch(size_text) is None:
                raise invalid_body("Bad chunk size in the request body")
            size = int(size_text, 16)
            if size == 0:
                while self._read_line().strip():  # trailers, up to the blank line
                    pass
                return bytes(body)
            if len(body) + size > MAX_BODY:
                raise too_large(MAX_BODY)
            body += self._read_exact(size)
            if self._read_line().strip():
                raise invalid_body("Bad chunk in the request body")

    def _abort(self, *, reset: bool) -> None:
        """End the connection without an answer: a FIN, or a RST when ``reset``."""
        self.close_connection = True
        if reset:
            # Linger 0 makes close() send RST instead of a polite FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.server.skip_shutdown(self.connection)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        app: SandboxApp,
        log: LogFn | None,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self.app = app
        self.log = log
        self.idle_timeout = idle_timeout
        self.stopping = threading.Event()
        self._conn_lock = threading.Lock()
        self._conns: dict[socket.socket, threading.Thread] = {}
        self._no_shutdown: set[socket.socket] = set()
        super().__init__(address, _Handler)

    def track(self, conn: socket.socket, thread: threading.Thread) -> None:
        with self._conn_lock:
            self._conns[conn] = thread

    def untrack(self, conn: socket.socket) -> None:
        with self._conn_lock:
            self._conns.pop(conn, None)

    def connection_count(self) -> int:
        with self._conn_lock:
            return len(self._conns)

    def skip_shutdown(self, conn: socket.socket) -> None:
        with self._conn_lock:
            self._no_shutdown.add(conn)

    def shutdown_request(self, request: Any) -> None:
        with self._conn_lock:
            abrupt = request in self._no_shutdown
            self._no_shutdown.discard(request)
        if abrupt:
            self.close_request(request)
        else:
            super().shutdown_request(request)

    def log_line(self, method: str, target: str, response: Response) -> None:
        if self.log is None:
            return
        outcome = response.action or str(response.status)
        stamp = time.strftime("%H:%M:%S")
        self.log(f"{stamp} {method} {target} -> {outcome}")

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints these to stderr; the sandbox keeps them in its own log.
        self.log_error_trace()

    def log_error_trace(self) -> None:
        if self.log is not None:
            self.log(traceback.format_exc().rstrip())

    def close_all(self, wait: float) -> None:
        """Unblock every open connection (idle keep-alives, stalls) and wait for them."""
        self.stopping.set()
        with self._conn_lock:
            conns = dict(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + wait
        for thread in conns.values():
            thread.join(max(0.0, deadline - time.monotonic()))


class Sandbox:
    """A running sandbox server. Use ``start_sandbox``; stop with ``stop()`` or ``with``."""

    def __init__(self, app: SandboxApp, server: _Server) -> None:
        self.app = app
        self._server = server
        host, port = server.server_address[:2]
        self.port = int(port)
        self.host = host.decode() if isinstance(host, bytes) else str(host)
        self.base_url = f"http://{self.host}:{self.port}"
        self.env = app.env(self.base_url)
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"engage-sandbox-{self.port}",
            daemon=True,
        )
        self._stopped = False
        self._thread.start()

    @property
    def world(self) -> World:
        return self.app.world

    @property
    def open_connections(self) -> int:
        """Client connections the server holds open right now (each has a thread)."""
        return self._server.connection_count()

    def advance(self, seconds: float) -> int:
        """Run the world clock forward in-process; returns how many events arrived."""
        with self.app.world.lock:
            self.app.clock.advance(seconds)
            return self.app.activity.catch_up(self.app.clock.now())

    def owner_lists(self) -> list[dict[str, Any]]:
        """The owner's own lists as plain data, to keep between runs (keep.py)."""
        return owner_lists(self.app.world)

    def restore_owner_lists(self, kept: object) -> int:
        """Give a rebuilt world the lists ``owner_lists`` gave; returns how many."""
        return restore_owner_lists(self.app.world, kept)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.close_all(wait=5.0)
        self._server.server_close()
        self._thread.join(5.0)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<Sandbox {self.base_url} plan={self.app.plan}>"


def start_sandbox(
    seed: int = 1,
    port: int = 0,
    plan: str = "pay-per-use",
    speed: float = 1.0,
    clock_start: datetime | None = None,
    world: WorldSpec | None = None,
    *,
    host: str = "127.0.0.1",
    log: LogFn | None = None,
    follow_real_time: bool | None = None,
    idle_timeout: float = IDLE_TIMEOUT,
) -> Sandbox:
    """Build the world and serve it on ``host:port`` (0 picks a free port) in a thread.

    A connection that sends nothing for ``idle_timeout`` seconds is closed.
    """
    app = SandboxApp(
        seed=seed,
        plan=plan,
        speed=speed,
        clock_start=clock_start,
        spec=world or WorldSpec(),
        follow_real_time=follow_real_time,
    )
    server = _Server((host, port), app, log, idle_timeout)
    return Sandbox(app, server)
