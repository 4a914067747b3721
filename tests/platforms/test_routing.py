"""Which route each action takes on X, its cost, and the web intents (no network)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from engage_tui.domain import ActionKind, OutboxItem, OutboxState, Person, Post, Route
from engage_tui.platforms.x import XCredentials, XPlatform

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OWNER = Person(id="1000000000000000001", handle="Me_Handle", name="Me", network="x")


def platform(plan: str = "pay-per-use") -> XPlatform:
    creds = XCredentials("ck", "cs", "1000000000000000001-tok", "ts")
    # Nothing here talks to the network: the base points at a closed port.
    x = XPlatform(creds, plan=plan, api_base="http://127.0.0.1:9")
    x.seed_owner(OWNER)
    return x


def post(**kw: object) -> Post:
    fields: dict[str, object] = {
        "id": "42",
        "author_id": "7",
        "text": "hi",
        "created_at": NOW,
        "network": "x",
    }
    fields.update(kw)
    return Post(**fields)  # type: ignore[arg-type]


def item(kind: ActionKind, text: str = "", target: str | None = "42") -> OutboxItem:
    return OutboxItem(
        id=1,
        kind=kind,
        state=OutboxState.QUEUED,
        created_at=NOW,
        send_after=NOW,
        target_post_id=target,
        text=text,
        network="x",
    )


def test_reply_to_a_post_that_mentions_the_owner_goes_through_the_api() -> None:
    assert platform().capability(ActionKind.REPLY, post(mentions=("me_handle",))) is Route.API


def test_reply_to_a_post_that_does_not_mention_the_owner_goes_to_the_browser() -> None:
    x = platform()
    assert x.capability(ActionKind.REPLY, post(mentions=("someone",))) is Route.INTENT
    assert x.route_reason(ActionKind.REPLY, post()) == (
        "This post doesn't mention you, so X only lets you reply in the browser: "
        "engage opens it with your words filled in."
    )


def test_reply_to_a_post_quoting_a_known_owner_post_is_summoned() -> None:
    x = platform()
    x.router.owner_posts.add("99")
    assert x.capability(ActionKind.REPLY, post(quoted_id="99")) is Route.API
    assert x.capability(ActionKind.REPLY, post(quoted_id="98")) is Route.INTENT


def test_likes_go_to_the_browser_on_pay_per_use_and_reposts_use_the_api() -> None:
    x = platform()
    assert x.capability(ActionKind.LIKE, post()) is Route.INTENT
    assert x.capability(ActionKind.UNLIKE, post()) is Route.INTENT
    assert x.capability(ActionKind.REPOST, post()) is Route.API
    assert x.capability(ActionKind.POST, None) is Route.API


@pytest.mark.parametrize("plan", ["basic", "pro"])
def test_legacy_plans_do_everything_through_the_api(plan: str) -> None:
    x = platform(plan)
    for action in (ActionKind.REPLY, ActionKind.LIKE, ActionKind.REPOST):
        assert x.capability(action, post()) is Route.API


def test_costs_follow_the_rate_card() -> None:
    x = platform()
    summoned = post(mentions=("me_handle",))
    assert x.cost(ActionKind.REPLY, "thanks!", summoned).usd == pytest.approx(0.01)
    assert x.cost(ActionKind.REPLY, "see https://example.com", summoned).usd == 0.20
    assert x.cost(ActionKind.POST, "hello world", None).usd == 0.015
    assert x.cost(ActionKind.POST, "read example.com/page", None).usd == 0.20
    assert x.cost(ActionKind.REPLY, "hi", post()).usd == 0.0
    assert x.cost(ActionKind.LIKE, "", post()).usd == 0.0


def test_reply_intent_carries_the_target_and_url_encoded_text() -> None:
    url = platform().intent_url(item(ActionKind.REPLY, "Great point & thanks! #1 ✨"))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://x.com/intent/tweet"
    assert " " not in url and "&text=Great%20point%20%26%20thanks" in url
    assert parse_qs(parts.query) == {
        "in_reply_to": ["42"],
        "text": ["Great point & thanks! #1 ✨"],
    }


def test_like_intent_names_the_post() -> None:
    assert platform().intent_url(item(ActionKind.LIKE)) == "https://x.com/intent/like?tweet_id=42"


def test_send_of_an_unsummoned_reply_hands_it_to_the_browser_without_a_request() -> None:
    x = platform()
    result = x.send(item(ActionKind.REPLY, "hello"), post())
    assert result.status.value == "handed"
    assert result.intent_url is not None and "in_reply_to=42" in result.intent_url
    assert x.take_usage() == []


def test_post_url_uses_the_author_handle_when_known() -> None:
    x = platform()
    assert x.post_url(post(), Person(id="7", handle="ann", name="Ann", network="x")) == (
        "https://x.com/ann/status/42"
    )
    assert x.post_url(post()) == "https://x.com/i/web/status/42"


def test_measure_counts_weighted_length_and_flags_links() -> None:
    x = platform()
    check = x.measure("日本語 https://example.com")
    assert check.length == 6 + 1 + 23 and check.limit == 280 and check.ok and check.has_url
    too_long = x.measure("a" * 281)
    assert not too_long.ok and too_long.reason


def test_prepare_gives_no_token_on_x() -> None:
    assert platform().prepare(item(ActionKind.REPLY, "x")) is None


def test_credentials_repr_shows_no_secret() -> None:
    creds = XCredentials("ckey-1234", "csecret-5678", "1000-atoken-9", "asecret-0000", "bearer-1")
    shown = repr(creds) + str(creds) + f"{creds}"
    for secret in creds.secrets():
        assert secret not in shown
    assert creds.user_id == "1000"


def test_x_platform_satisfies_the_platform_protocol() -> None:
    from engage_tui.platforms.base import Platform

    checked: Platform = platform()  # mypy checks the shape; this checks it builds
    assert checked.network == "x"
    assert [s.name for s in checked.sources()] == [
        "mentions",
        "own_posts",
        "followers",
        "list_memberships",
        "prospects",
    ]
