"""One bad item in X's answer costs that item, not the source: the rest of the
page is stored and the next pull goes on. The sandbox answers, real tweepy
reads over real HTTP, and a proxy between them spoils the answers."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.domain import Person
from engage_tui.platforms.base import PullResult
from engage_tui.platforms.x import XPlatform
from engage_tui.platforms.x.parse import page_from
from tests.http_proxy import Proxy
from tests.platforms.conftest import TEST_TIMEOUT, MemoryState, Sandbox, context

MENTIONS = "/2/users/"  # .../mentions and .../followers


@pytest.fixture
def proxy(sandbox: Sandbox) -> Iterator[Proxy]:
    made = Proxy(sandbox.base_url, keep_host=True)
    yield made
    made.close()


@pytest.fixture
def spoilt_x(sandbox: Sandbox, proxy: Proxy) -> XPlatform:
    return XPlatform(
        sandbox.credentials(), plan="pay-per-use", api_base=proxy.url, timeout=TEST_TIMEOUT
    )


def _pull_all(x: XPlatform, source: str, owner: Person, state: MemoryState, sandbox: Sandbox):
    results: list[PullResult] = []
    while not results or results[-1].more:
        assert len(results) < 50, "a source that never catches up"
        result = x.pull(source, context(owner, state, sandbox.now()))
        state.apply(result)
        results.append(result)
    return results


def _real(x: XPlatform, source: str, owner: Person, sandbox: Sandbox) -> set[str]:
    """What the untouched answers give, through a platform of its own."""
    return {e.id for r in _pull_all(x, source, owner, MemoryState(), sandbox) for e in r.events}


def _bad_mentions(author_id: str) -> list[Any]:
    return [
        {"id": "abc", "text": "no id", "author_id": author_id},
        {
            "id": "1460323737035677698",
            "text": "written far ahead",
            "author_id": author_id,
            "created_at": "9999-12-31T23:59:59-05:00",
            "public_metrics": "many",
            "entities": 5,
            "referenced_tweets": 7,
        },
        {"text": "no id at all", "author_id": author_id},
        "not a post",
        {"id": "1460323737035677699", "author_id": author_id, "public_metrics": {"like_count": -1}},
    ]


def test_a_bad_mention_and_a_bad_header_cost_nothing_else(
    sandbox: Sandbox,
    proxy: Proxy,
    x: XPlatform,
    spoilt_x: XPlatform,
    caplog: pytest.LogCaptureFixture,
):
    owner = x.whoami()
    real = _real(x, "mentions", owner, sandbox)
    author = sandbox.user_named(next(iter(sandbox.state()["users"]))["username"])["id"]

    def spoil(headers: dict[str, str], body: Any) -> tuple[dict[str, str], Any]:
        if "/mentions" in str(body.get("meta", {})) or "data" in body:
            body["data"] = [*_bad_mentions(str(author)), *body.get("data", [])]
        return {**headers, "x-rate-limit-reset": "999999999999"}, body

    proxy.rewrites["/mentions"] = spoil
    caplog.set_level(logging.WARNING, "engage_tui.platforms.x")
    state = MemoryState()

    first = {e.id for r in _pull_all(spoilt_x, "mentions", owner, state, sandbox) for e in r.events}
    again = [e for r in _pull_all(spoilt_x, "mentions", owner, state, sandbox) for e in r.events]

    assert real and real <= first
    # The two readable odd ones are kept (the date from the id); the rest left out.
    assert first - real == {"x:mention:1460323737035677698", "x:mention:1460323737035677699"}
    assert again == []
    assert "skipped a post engage could not read from X" in caplog.text


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)
_DATES = st.sampled_from(
    ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+14:00", "yesterday", "", None, 5]
)
_HEADERS = st.dictionaries(
    st.sampled_from(["x-rate-limit-reset", "x-rate-limit-limit", "x-rate-limit-remaining"]),
    st.sampled_from(["999999999999", "-1", "x", "1e400", "", "18446744073709551617"]),
)


@st.composite
def _damage(draw: st.DrawFn) -> Any:
    """Junk items anywhere (never a plausible newer id: that would be a real
    post), real items repeated and backdated, unknown fields, absurd headers."""
    junk = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.text(alphabet="abc-", max_size=5) | st.none() | st.booleans(),
                    "created_at": _DATES,
                },
                optional={"text": _JUNK, "author_id": _JUNK, "public_metrics": _JUNK},
            )
            | _JUNK,
            max_size=4,
        )
    )
    where = draw(st.lists(st.integers(0, 8), min_size=len(junk), max_size=len(junk)))
    repeat = draw(st.booleans())
    backdate = draw(st.booleans())
    extra = draw(st.dictionaries(st.sampled_from(["zzz", "edit_history_tweet_ids"]), _JUNK))
    headers = draw(_HEADERS)

    def spoil(got: dict[str, str], body: Any) -> tuple[dict[str, str], Any]:
        items: list[Any] = [{**copy.deepcopy(n), **extra} for n in body.get("data", [])]
        if backdate:
            for item in items:
                item["created_at"] = "2001-01-01T00:00:00.000Z"
        if repeat:
            items = items + items[::-1]
        for item, at in zip(junk, where, strict=True):
            items.insert(min(at, len(items)), item)
        return {**got, **headers}, {**body, "data": items}

    return spoil


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.parametrize("source", ["mentions", "followers"])
def test_whatever_x_answers_the_real_items_arrive_once(
    sandbox: Sandbox,
    proxy: Proxy,
    x: XPlatform,
    spoilt_x: XPlatform,
    source: str,
    data: Any,
):
    owner = x.whoami()
    real = _real(x, source, owner, sandbox)
    proxy.rewrites[f"/{source}"] = data.draw(_damage())
    state = MemoryState()

    first = [e.id for r in _pull_all(spoilt_x, source, owner, state, sandbox) for e in r.events]
    again = [e.id for r in _pull_all(spoilt_x, source, owner, state, sandbox) for e in r.events]

    assert real <= set(first)
    assert len(first) == len(set(first))
    assert not real & set(again)


_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "created_at", "public_metrics", "entities", "data", "text", "x"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@given(
    data=_ANY_JSON,
    includes=_ANY_JSON,
    errors=_ANY_JSON,
    meta=_ANY_JSON,
    kind=st.sampled_from(["posts", "users", "lists", "write"]),
)
def test_any_answer_parses_into_a_page_without_failing(
    data: Any, includes: Any, errors: Any, meta: Any, kind: str
):
    page = page_from(data, includes, errors, meta, kind)

    assert all(p.id.isdigit() for p in page.all_posts + page.all_people)
    assert len({p.id for p in page.posts}) == len(page.posts)
    assert page.next_token is None or isinstance(page.next_token, str)
