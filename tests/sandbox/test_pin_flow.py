"""The OAuth 1.0a PIN flow, driven by tweepy's own handler."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import tweepy
from requests_oauthlib import OAuth1

from engage_tui.sandbox import Sandbox


def _handler(sandbox: Sandbox) -> tweepy.OAuth1UserHandler:
    base = sandbox.base_url

    class SandboxHandler(tweepy.OAuth1UserHandler):
        def _get_oauth_url(self, endpoint: str) -> str:
            return f"{base}/oauth/{endpoint}"

    env = sandbox.env
    return SandboxHandler(
        env["ENGAGE_X_CONSUMER_KEY"], env["ENGAGE_X_CONSUMER_SECRET"], callback="oob"
    )


def _token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["oauth_token"][0]


def test_pin_flow_issues_a_working_token_for_the_owner(sandbox: Sandbox) -> None:
    handler = _handler(sandbox)
    url = handler.get_authorization_url()
    approval = requests.post(
        sandbox.base_url + "/_sandbox/authorize", params={"oauth_token": _token_of(url)}, timeout=10
    ).json()
    assert re.fullmatch(r"\d{7}", approval["oauth_verifier"])
    token, secret = handler.get_access_token(approval["oauth_verifier"])
    owner_id = str(sandbox.world.owner_id)
    assert token.startswith(owner_id + "-")
    auth = OAuth1(
        sandbox.env["ENGAGE_X_CONSUMER_KEY"], sandbox.env["ENGAGE_X_CONSUMER_SECRET"], token, secret
    )
    me = requests.get(sandbox.base_url + "/2/users/me", auth=auth, timeout=10)
    assert me.json()["data"]["id"] == owner_id


def test_authorize_page_shows_a_pin_after_approval(sandbox: Sandbox) -> None:
    handler = _handler(sandbox)
    url = handler.get_authorization_url()
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "Authorize" in page.text
    approved = requests.post(
        sandbox.base_url + "/oauth/authorize", data={"oauth_token": _token_of(url)}, timeout=10
    )
    pin = re.search(r"<code id='oauth_pin'[^>]*>(\d{7})</code>", approved.text)
    assert pin is not None
    token, _secret = handler.get_access_token(pin.group(1))
    assert token.startswith(f"{sandbox.world.owner_id}-")


def test_wrong_pin_is_refused(sandbox: Sandbox) -> None:
    handler = _handler(sandbox)
    url = handler.get_authorization_url()
    requests.post(
        sandbox.base_url + "/_sandbox/authorize", params={"oauth_token": _token_of(url)}, timeout=10
    )
    with pytest.raises(tweepy.TweepyException):
        handler.get_access_token("0000000")


def test_a_pin_works_once(sandbox: Sandbox) -> None:
    handler = _handler(sandbox)
    url = handler.get_authorization_url()
    verifier = requests.post(
        sandbox.base_url + "/_sandbox/authorize", params={"oauth_token": _token_of(url)}, timeout=10
    ).json()["oauth_verifier"]
    handler.get_access_token(verifier)
    with pytest.raises(tweepy.TweepyException):
        handler.get_access_token(verifier)


def test_request_token_needs_the_right_consumer_secret(sandbox: Sandbox) -> None:
    auth = OAuth1(sandbox.env["ENGAGE_X_CONSUMER_KEY"], "wrong", callback_uri="oob")
    response = requests.post(sandbox.base_url + "/oauth/request_token", auth=auth, timeout=10)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == 32
