"""X's error bodies: top-level problems (4xx/5xx) and partial errors inside a 200."""

from __future__ import annotations

from typing import Any

# X's current docs name problem types under api.x.com; its 2022 recordings and the
# OpenAPI file's discriminator still say api.twitter.com (see docs/architecture.md).
PROBLEMS = "https://api.x.com/2/problems/"
INVALID_REQUEST = PROBLEMS + "invalid-request"
NOT_FOUND = PROBLEMS + "resource-not-found"
NOT_AUTHORIZED = PROBLEMS + "not-authorized-for-resource"
UNSUPPORTED_AUTH = PROBLEMS + "unsupported-authentication"

REPLY_NOT_ALLOWED = (
    "Reply to this conversation is not allowed because you have not been mentioned or "
    "otherwise engaged by the author of the post you are replying to."
)
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."


class ApiError(Exception):
    """Raised by a route; the server turns it into X's JSON problem body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("detail", ""))
        self.status = status
        self.body = body


def problem(status: int, title: str, detail: str, type_: str = "about:blank") -> ApiError:
    return ApiError(status, {"title": title, "detail": detail, "type": type_, "status": status})


def unauthorized() -> ApiError:
    return problem(401, "Unauthorized", "Unauthorized")


def forbidden(detail: str) -> ApiError:
    return problem(403, "Forbidden", detail)


def app_only_forbidden() -> ApiError:
    return problem(
        403,
        "Unsupported Authentication",
        "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  "
        "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
        UNSUPPORTED_AUTH,
    )


def too_many_requests() -> ApiError:
    return problem(429, "Too Many Requests", "Too Many Requests")


def server_error(status: int) -> ApiError:
    titles = {500: "Internal Server Error", 503: "Service Unavailable"}
    title = titles.get(status, "Server Error")
    return problem(status, title, title)


def route_not_found() -> ApiError:
    return problem(404, "Not Found Error", "Sorry, that page does not exist.")


def method_not_allowed() -> ApiError:
    return problem(405, "Method Not Allowed", "This method is not allowed on this resource.")


def too_large(limit: int) -> ApiError:
    return problem(413, "Payload Too Large", f"The request body is larger than {limit} bytes.")


def invalid_body(message: str) -> ApiError:
    """400 for a JSON body that breaks the request schema (no parameter to name)."""
    return ApiError(
        400,
        {
            "errors": [{"message": message}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": INVALID_REQUEST,
        },
    )


def invalid_request(messages: list[tuple[str, str, str]]) -> ApiError:
    """400 with one entry per bad parameter: (parameter, value, message)."""
    return ApiError(
        400,
        {
            "errors": [
                {"parameters": {name: [value]}, "message": message}
                for name, value, message in messages
            ],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": INVALID_REQUEST,
        },
    )


def bad_param(name: str, value: str, message: str) -> ApiError:
    return invalid_request([(name, value, message)])


def not_found_item(resource_type: str, parameter: str, value: str) -> dict[str, Any]:
    """A partial error for a 200: the resource does not exist (or was deleted)."""
    return {
        "value": value,
        "detail": f"Could not find {resource_type} with {parameter}: [{value}].",
        "title": "Not Found Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "type": NOT_FOUND,
    }


def not_authorized_item(resource_type: str, parameter: str, value: str) -> dict[str, Any]:
    """A partial error for a 200: the resource is protected from this viewer."""
    label = "Tweet" if resource_type == "tweet" else resource_type
    return {
        "value": value,
        "detail": f"Sorry, you are not authorized to see the {label} with {parameter}: [{value}].",
        "title": "Authorization Error",
        "resource_type": resource_type,
        "parameter": parameter,
        "resource_id": value,
        "section": "data",
        "type": NOT_AUTHORIZED,
    }
