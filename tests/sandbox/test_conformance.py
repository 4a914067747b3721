"""Conformance, by a tool no one here wrote: schemathesis generates requests (valid and
invalid) from X's OpenAPI file for every operation the sandbox implements, signs them with
OAuth 1.0a, and checks every answer against the file. Differences are in schema_quirks.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.schemas import BaseSchema

from engage_tui.sandbox import Sandbox, start_sandbox
from engage_tui.sandbox.ratelimit import RateLimiter

from . import schema_quirks as quirks
from .sandbox_support import CLOCK, SEED, SMALL, reference_dir, user_auth

_REFERENCE = reference_dir()
if _REFERENCE is None:
    pytest.skip("../shared/reference is not beside the repository", allow_module_level=True)

# The file that names tweet.fields, as tweepy sends it (the 2.167 file says post.fields).
SPEC = _REFERENCE / "x-api-v2-openapi-2.166.json"
# Every operation the sandbox implements (engage_tui/sandbox/routes.py), by operationId,
# in four runs so that xdist can spread them over workers.
USER_OPERATIONS = [
    "getUsersMe",
    "getUsersByUsernames",
    "getUsersByUsername",
    "getUsersByIds",
    "getUsersById",
]
USER_TIMELINE_OPERATIONS = [
    "getUsersRepostsOfMe",
    "getUsersMentions",
    "getUsersPosts",
    "getUsersFollowers",
    "getUsersListMemberships",
    "getUsersOwnedLists",
]
POST_OPERATIONS = [
    "likePost",
    "unlikePost",
    "repostPost",
    "unrepostPost",
    "searchPostsRecent",
    "getPostsByIds",
    "createPosts",
    "deletePosts",
    "getPostsById",
    "getPostsLikingUsers",
    "getPostsRepostedBy",
    "getPostsQuotedPosts",
]
LIST_OPERATIONS = [
    "followList",
    "unfollowList",
    "createLists",
    "deleteLists",
    "getListsById",
    "getListsPosts",
    "getListsMembers",
    "addListsMember",
    "removeListsMemberByUserId",
]
OPERATIONS = USER_OPERATIONS + USER_TIMELINE_OPERATIONS + POST_OPERATIONS + LIST_OPERATIONS
# Per operation and generation mode; 32 operations x 2 modes x this, plus schemathesis's
# explicit examples and coverage cases, keeps the run to a minute or two on two cores.
EXAMPLES = 8


@pytest.fixture(scope="session")
def x_openapi_file() -> BaseSchema:
    schema = schemathesis.openapi.from_path(SPEC)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return schema


# Lazy: an operation's cases (explicit examples, coverage cases, generated ones) are
# built when its run starts, in the one worker that runs it. Built at collection, every
# xdist worker spent about 6 s of CPU building the cases of all 32 operations.
x_openapi = schemathesis.pytest.from_fixture("x_openapi_file")
CONFORMANCE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def conformance_sandbox() -> Iterator[Sandbox]:
    # The basic plan allows likes, so the like routes are exercised past the plan check.
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL, plan="basic") as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def conformance_session() -> Iterator[requests.Session]:
    # One keep-alive connection for the whole run: a session per case cost a new pool, a
    # TCP handshake and a server thread each time. Not from the environment: no proxy
    # settings, no ~/.netrc (the sandbox is on 127.0.0.1, and tests never read home).
    # No cookies kept either, so each case starts as clean as with a session of its own.
    with requests.Session() as session:
        session.trust_env = False
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        yield session


def test_the_run_covers_every_route_the_sandbox_serves() -> None:
    from engage_tui.sandbox.routes import ROUTES

    spec = json.loads(SPEC.read_text())
    covered = {
        f"{method.upper()} {path}".replace("{", ":").replace("}", "")
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and operation.get("operationId") in OPERATIONS
    }
    assert {route.name for route in ROUTES} == covered


# The settings go outside parametrize: a lazy schema reads them from the test it returns.
@CONFORMANCE
@x_openapi.include(operation_id=USER_OPERATIONS).parametrize()
def test_the_user_routes_answer_as_xs_openapi_file_says(
    case: schemathesis.Case, conformance_sandbox: Sandbox, conformance_session: requests.Session
) -> None:
    answers_as_the_file_says(case, conformance_sandbox, conformance_session)


@CONFORMANCE
@x_openapi.include(operation_id=USER_TIMELINE_OPERATIONS).parametrize()
def test_the_user_timeline_routes_answer_as_xs_openapi_file_says(
    case: schemathesis.Case, conformance_sandbox: Sandbox, conformance_session: requests.Session
) -> None:
    answers_as_the_file_says(case, conformance_sandbox, conformance_session)


@CONFORMANCE
@x_openapi.include(operation_id=POST_OPERATIONS).parametrize()
def test_the_post_routes_answer_as_xs_openapi_file_says(
    case: schemathesis.Case, conformance_sandbox: Sandbox, conformance_session: requests.Session
) -> None:
    answers_as_the_file_says(case, conformance_sandbox, conformance_session)


@CONFORMANCE
@x_openapi.include(operation_id=LIST_OPERATIONS).parametrize()
def test_the_list_routes_answer_as_xs_openapi_file_says(
    case: schemathesis.Case, conformance_sandbox: Sandbox, conformance_session: requests.Session
) -> None:
    answers_as_the_file_says(case, conformance_sandbox, conformance_session)


def answers_as_the_file_says(
    case: schemathesis.Case, sandbox: Sandbox, session: requests.Session
) -> None:
    # A fresh window each example: the 15-a-window routes would otherwise spend their
    # budget on the same 429 (which the rate-limit tests cover).
    sandbox.app.limiter = RateLimiter()
    auth = user_auth(sandbox)
    transport = {"session": session, "auth": auth, "base_url": sandbox.base_url, "timeout": 30}
    response = case.call(**transport)
    assert response.status_code < 500, response.text
    case.validate_response(
        as_the_file_expects(case.operation.label, response),
        excluded_checks=excluded_checks(case.operation.label),
        transport_kwargs=transport,
    )


def excluded_checks(label: str) -> list[Any]:
    load_all_checks()  # the registry holds only not_a_server_error until asked
    names = set(quirks.EXCLUDED_CHECKS)
    names |= {check for check, operation in quirks.EXCLUDED_FOR if operation == label}
    return [check for check in CHECKS.get_all() if check.__name__ in names]


def as_the_file_expects(label: str, response: schemathesis.Response) -> schemathesis.Response:
    """The answer with the quirks in schema_quirks.py mapped to the file's terms."""
    status = quirks.STATUS_AS.get((label, response.status_code))
    return schemathesis.Response(
        status_code=response.status_code if status is None else status[0],
        headers=response.headers,
        content=response.content.replace(
            quirks.CURRENT_PROBLEMS.encode(), quirks.SPEC_PROBLEMS.encode()
        ),
        request=response.request,
        elapsed=response.elapsed,
        verify=response.verify,
        message=response.message,
        http_version=response.http_version,
        encoding=response.encoding,
    )
