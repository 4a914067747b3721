"""What the sandbox answers: a status, a body and headers, or a way to end the connection.

Its own module so the HTTP layer, the API, the control routes and the OAuth pages all
build answers without importing one another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json; charset=utf-8"
# X sends its v2 error bodies (RFC 7807 problems) with this type; the OpenAPI file's
# `default` responses use it for the Problem schema.
PROBLEM = "application/problem+json"


@dataclass(slots=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    # How the connection should end instead of answering: "stall", "reset", "drop".
    action: str | None = None
    stall_seconds: float = 30.0
    route: str = ""


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(status, body, JSON, dict(headers or {}))


def problem_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    response = json_response(status, payload, headers)
    response.content_type = PROBLEM
    return response
