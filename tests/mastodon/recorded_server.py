"""A tiny HTTP server on 127.0.0.1 that answers with what a real Mastodon
answered (tests/mastodon/recorded/*.json, each naming its source), so the
real Mastodon.py parses real Mastodon answers: numeric ids, grouped
notifications with ``group_key``, 500 characters and 23 per URL, error bodies.

Routes match a request by method and path, and by ``max_id`` when the
recorded request had one. What GoToSocial does not do is played here as
Mastodon documents it: a status posted again with the same Idempotency-Key
is answered with the first one (the answer recorded for that post)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

RECORDED = Path(__file__).resolve().parent / "recorded"
EMPTY_GROUPS: dict[str, list[Any]] = {
    "accounts": [],
    "partial_accounts": [],
    "statuses": [],
    "notification_groups": [],
}


def recorded(name: str) -> list[dict[str, Any]]:
    """The answers kept in ``recorded/<name>.json``."""
    data = json.loads((RECORDED / f"{name}.json").read_text())
    assert data["source"].startswith("halcy/Mastodon.py tests/cassettes/")
    return list(data["answers"])


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Recorded:
    answers: list[dict[str, Any]] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    # Idempotency-Key -> the status answered for it (what Mastodon keeps an hour).
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses_made: int = 0
    # Close the connection after handling the next POST /api/v1/statuses.
    lose_next_post: bool = False
    # False plays a server that ignores the key (GoToSocial): each post is new.
    honour_keys: bool = True
    # When set, GET /api/v1/accounts/<owner>/statuses lists what was posted.
    owner_statuses: str | None = None
    posted: list[dict[str, Any]] = field(default_factory=list)

    def find(self, method: str, path: str, query: dict[str, list[str]]) -> dict[str, Any] | None:
        for answer in self.answers:
            parts = urlsplit(answer["uri"])
            want = parse_qs(parts.query)
            if answer["method"] != method or parts.path.rstrip("/") != path.rstrip("/"):
                continue
            if want.get("max_id") != query.get("max_id"):
                continue
            return answer
        return None


class RecordedServer:
    def __init__(self, *answer_sets: list[dict[str, Any]]) -> None:
        self.state = Recorded([a for answers in answer_sets for a in answers])
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                state.seen.append(Seen(self.command, parts.path, query, dict(self.headers)))
                if self.command == "POST" and parts.path == "/api/v1/statuses":
                    self._post_status()
                    return
                if state.owner_statuses and parts.path == state.owner_statuses:
                    self._send(200, {}, list(reversed(state.posted)))
                    return
                found = state.find(self.command, parts.path, query)
                if found is None and parts.path == "/api/v2/notifications":
                    found = {"status": 200, "headers": {}, "body": EMPTY_GROUPS}
                if found is None:
                    found = {"status": 404, "headers": {}, "body": {"error": "Record not found"}}
                self._send(found["status"], found["headers"], found["body"])

            def _post_status(self) -> None:
                key = self.headers.get("Idempotency-Key") or ""
                if key not in state.keys or not key or not state.honour_keys:
                    post = state.find("POST", "/api/v1/statuses", {})
                    assert post is not None, "no recorded post to answer with"
                    state.keys[key] = post
                    state.statuses_made += 1
                    state.posted.append(post["body"])
                answer = state.keys[key]
                if state.lose_next_post:
                    state.lose_next_post = False
                    self.close_connection = True
                    return  # made, and the answer never leaves
                self._send(answer["status"], answer["headers"], answer["body"])

            def _send(self, status: int, headers: dict[str, str], body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # close() waits for serve_forever to look up: every 0.5 s by default,
        # which was most of a hypothesis example's time.
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def asked(self, path: str) -> list[Seen]:
        return [s for s in self.state.seen if s.path.rstrip("/") == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
