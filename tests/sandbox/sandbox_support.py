"""Helpers for the sandbox tests: clients that talk to a sandbox over real HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import tweepy
from requests_oauthlib import OAuth1

from engage_tui.sandbox import Sandbox, WorldSpec
from tests.sandbox_control import SandboxControl

CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED = 7
# A smaller world keeps each test's start-up cheap; sizes do not change behaviour.
SMALL = WorldSpec(followers=300, own_posts=40)
REPO_ROOT = Path(__file__).resolve().parents[2]


def reference_dir() -> Path | None:
    """shared/reference sits beside the repository (../shared/reference from its root)."""
    for candidate in (
        REPO_ROOT.parent / "shared" / "reference",
        REPO_ROOT / "shared" / "reference",
    ):
        if candidate.is_dir():
            return candidate
    return None


def user_auth(sb: Sandbox) -> OAuth1:
    env = sb.env
    return OAuth1(
        env["ENGAGE_X_CONSUMER_KEY"],
        env["ENGAGE_X_CONSUMER_SECRET"],
        env["ENGAGE_X_ACCESS_TOKEN"],
        env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
    )


class Wire(SandboxControl):
    """Plain requests against one sandbox, signed as the owner unless told otherwise,
    beside the shared control calls."""

    def __init__(self, sb: Sandbox) -> None:
        super().__init__(sb.base_url, sb.env)
        self.sb = sb
        self.auth = user_auth(sb)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.base_url + path, params=params, auth=self.auth, timeout=30)

    def app_get(self, path: str, **params: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.env['ENGAGE_X_BEARER_TOKEN']}"}
        return self.session.get(self.base_url + path, params=params, headers=headers, timeout=30)

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.session.post(self.base_url + path, json=body, auth=self.auth, timeout=30)

    def delete(self, path: str) -> requests.Response:
        return self.session.delete(self.base_url + path, auth=self.auth, timeout=30)


class _RebasedSession(requests.Session):
    """Sends tweepy's https://api.twitter.com requests to the sandbox, before signing."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        url = str(url).replace("https://api.twitter.com", self.base_url)
        kwargs.setdefault("timeout", 30)
        return super().request(str(method), url, *args, **kwargs)


def tweepy_client(sb: Sandbox) -> tweepy.Client:
    env = sb.env
    client = tweepy.Client(
        bearer_token=env["ENGAGE_X_BEARER_TOKEN"],
        consumer_key=env["ENGAGE_X_CONSUMER_KEY"],
        consumer_secret=env["ENGAGE_X_CONSUMER_SECRET"],
        access_token=env["ENGAGE_X_ACCESS_TOKEN"],
        access_token_secret=env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
    )
    client.session = _RebasedSession(sb.base_url)
    return client


def rebased_session(sb: Sandbox) -> requests.Session:
    return _RebasedSession(sb.base_url)


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
