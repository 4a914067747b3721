"""`engage auth login bluesky` against servers that are not what the user
thinks: each gets one plain, true line and a failing exit status, never a
traceback. The real CLI, against small servers on 127.0.0.1 started here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

import pytest

from .test_cli_account import engage

HANDLE = "me.example.com"
PASSWORD = "aaaa-bbbb-cccc-dddd"
Answer = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """Answers every request the one way a test chooses."""

    def __init__(self, answer: Answer) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                answer(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        # close() waits for serve_forever to look up: every 0.5 s by default.
        Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _send(handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def web_page(handler: BaseHTTPRequestHandler) -> None:
    _send(handler, 200, "text/html", b"<!doctype html><title>Welcome</title><p>Hello</p>")


def broken(handler: BaseHTTPRequestHandler) -> None:
    body = json.dumps({"error": "InternalServerError", "message": "Internal Server Error"})
    _send(handler, 500, "application/json", body.encode())


@pytest.fixture
def serve() -> Iterator[Callable[[Answer], Server]]:
    made: list[Server] = []

    def start(answer: Answer) -> Server:
        made.append(Server(answer))
        return made[-1]

    yield start
    for server in made:
        server.close()


def login(service: str, stdin: str = f"{HANDLE}\n{PASSWORD}\n") -> tuple[int, str]:
    done = engage("auth", "login", "bluesky", "--service", service, stdin=stdin)
    return done.returncode, done.stderr


def _last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def _no_traceback(engage_home: Path, stderr: str) -> None:
    logged = "".join(p.read_text("utf-8", "replace") for p in engage_home.rglob("*.log"))
    assert "Traceback" not in stderr + logged


def test_a_web_page_instead_of_a_bluesky_server_says_so(serve, test_keyring, engage_home: Path):
    server = serve(web_page)

    status, stderr = login(f"http://127.0.0.1:{server.port}")

    assert status != 0
    line = _last_line(stderr)
    assert "did not answer as a Bluesky server" in line
    assert "ModelError" not in line and "unexpectedly" not in line
    _no_traceback(engage_home, stderr)


def test_https_to_a_plain_http_port_says_so(serve, test_keyring, engage_home: Path):
    server = serve(web_page)

    status, stderr = login(f"https://127.0.0.1:{server.port}")

    assert status != 0
    line = _last_line(stderr)
    assert "does not speak https" in line and f"http://127.0.0.1:{server.port}" in line
    assert "queued" not in line
    _no_traceback(engage_home, stderr)


def test_a_server_error_says_nothing_was_kept_and_to_try_again_later(
    serve, test_keyring, engage_home: Path
):
    server = serve(broken)

    status, stderr = login(f"http://127.0.0.1:{server.port}")

    assert status != 0
    line = _last_line(stderr)
    assert "HTTP 500" in line and "Nothing was kept: run the command again later" in line
    assert "engage will try again" not in line
    _no_traceback(engage_home, stderr)


@pytest.mark.parametrize("stdin", ["", f"{HANDLE}\n"])
def test_standard_input_at_its_end_cancels_plainly(
    stdin: str, serve, test_keyring, engage_home: Path
):
    server = serve(broken)

    status, stderr = login(f"http://127.0.0.1:{server.port}", stdin=stdin)

    assert status != 0
    assert "nothing more to read" in _last_line(stderr)
    _no_traceback(engage_home, stderr)
