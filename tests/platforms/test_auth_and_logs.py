"""The PIN sign-in end to end against the sandbox, and no token in any log."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from engage_tui.domain import ActionKind, OutboxItem, OutboxState
from engage_tui.platforms.errors import SignedOut
from engage_tui.platforms.x import redact, start_pin_flow, verify
from tests.platforms.conftest import TEST_TIMEOUT, Sandbox

LOUD_LOGGERS = ("tweepy", "requests_oauthlib", "oauthlib", "urllib3")


def pin_for(sandbox: Sandbox, authorize_url: str) -> str:
    token = parse_qs(urlsplit(authorize_url).query)["oauth_token"][0]
    answer = requests.get(
        f"{sandbox.base_url}/_sandbox/authorize", params={"oauth_token": token}, timeout=(5, 30)
    )
    answer.raise_for_status()
    return str(answer.json()["oauth_verifier"])


def test_pin_flow_signs_in_and_names_the_user(sandbox: Sandbox) -> None:
    env = sandbox.env
    flow = start_pin_flow(
        env["ENGAGE_X_CONSUMER_KEY"], env["ENGAGE_X_CONSUMER_SECRET"], sandbox.base_url
    )
    assert flow.authorize_url.startswith(f"{sandbox.base_url}/oauth/authorize?oauth_token=")
    credentials = flow.finish(pin_for(sandbox, flow.authorize_url))
    owner = sandbox.state()["owner"]
    assert (flow.user_id, flow.handle) == (owner["id"], owner["username"])
    assert credentials.user_id == owner["id"]
    assert verify(credentials, sandbox.base_url, TEST_TIMEOUT).handle == owner["username"]


def test_a_wrong_pin_is_refused_in_plain_words(sandbox: Sandbox) -> None:
    env = sandbox.env
    flow = start_pin_flow(
        env["ENGAGE_X_CONSUMER_KEY"], env["ENGAGE_X_CONSUMER_SECRET"], sandbox.base_url
    )
    with pytest.raises(SignedOut) as refused:
        flow.finish("0000000")
    assert "PIN" in str(refused.value)


def test_wrong_app_keys_are_refused_in_plain_words(sandbox: Sandbox) -> None:
    with pytest.raises(SignedOut) as refused:
        start_pin_flow("not-the-key", "not-the-secret", sandbox.base_url)
    assert "consumer key" in str(refused.value)


def test_no_token_reaches_the_logs_even_at_debug(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    env = sandbox.env
    for name in LOUD_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    flow = start_pin_flow(
        env["ENGAGE_X_CONSUMER_KEY"], env["ENGAGE_X_CONSUMER_SECRET"], sandbox.base_url
    )
    pin = pin_for(sandbox, flow.authorize_url)
    credentials = flow.finish(pin)
    x = sandbox.platform()
    x.whoami()
    now = sandbox.now()
    x.send(
        OutboxItem(1, ActionKind.POST, OutboxState.SENDING, now, now, text="logged?", network="x"),
        None,
    )
    assert caplog.records, "the loud loggers should have said something"
    text = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "Authorization" in text or "oauth_" in text, "the test must see the headers logged"
    secrets = [
        *credentials.secrets(),
        *sandbox.credentials().secrets(),
        pin,
        flow._handler.request_token["oauth_token_secret"],
    ]
    for secret in secrets:
        assert secret not in text


@given(
    known=st.lists(
        st.sampled_from(["oauth", "token", "oauth_token", "secret", "Bearer", "signature"])
        | st.text(alphabet="abcdefghijklmnopqrstuvwxyz_=", min_size=4, max_size=12),
        max_size=4,
    ),
    value=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=12, max_size=30),
)
def test_a_known_secret_that_is_part_of_a_parameter_name_hides_no_token(
    known: list[str], value: str
) -> None:
    """Known values are masked after the shapes: a short one registered first
    ("token", a test's fake secret) turned "oauth_token=" into "oauth_***=",
    which the shape no longer matched, and the real token went to the log."""
    saved = set(redact._secrets)
    try:
        redact.register_secret(*known)
        for line in (
            f"GET /2/users/me?oauth_token={value}&x=1",
            f'Authorization: OAuth oauth_token="{value}", oauth_nonce="1"',
            f"{{'oauth_token': '{value}'}}",
            f"Bearer {value}",
        ):
            assert value not in redact.redact(line), line
    finally:
        redact._secrets.clear()
        redact._secrets.update(saved)
