"""Helpers for the tests against GoToSocial: accounts made ahead in the
background (the admin command is a process start each), other people
acting through Mastodon.py and an in-memory sync state (the proxy that loses
answers is tests/http_proxy.py)."""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from mastodon import Mastodon

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform

# Every module whose tests use the server says ``pytestmark = ON_SERVER``:
# one xdist worker runs them all against the one server (see conftest).
ON_SERVER = pytest.mark.xdist_group("gotosocial")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "mastodon" / "gotosocial.py"
# Accounts being made ahead of the test that will take them.
AHEAD = 2
# How long to wait for the server to show a write (it is immediate; this
# bounds a failure, it is not a pause).
SHOW_WAIT_S = 15.0
T = TypeVar("T")
Server = Any  # the script's Server class (loaded from a file, not a package)


def gotosocial_script() -> ModuleType:
    name = "engage_gotosocial_script"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Account:
    username: str
    handle: str  # user@host
    id: str  # the server's own id
    token: str
    email: str
    password: str
    sdk: Mastodon  # the account itself, acting through Mastodon.py (not engage)

    def login(self, server: str) -> MastodonLogin:
        return MastodonLogin(server=server, token=self.token, handle=self.handle)

    def post(self, text: str, **kwargs: Any) -> Any:
        return self.sdk.status_post(text, **kwargs)


class Pool:
    """Accounts made in the background, ``AHEAD`` at a time, handed out once each."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.url: str = server.url
        self.made_in_s: list[float] = []
        self._executor = ThreadPoolExecutor(max_workers=AHEAD, thread_name_prefix="gts-account")
        self._ready: list[Future[Any]] = [self._executor.submit(self._make) for _ in range(AHEAD)]
        self._lock = threading.Lock()

    def _make(self) -> Any:
        began = time.monotonic()
        made = self.server.create_account()
        self.made_in_s.append(time.monotonic() - began)
        return made

    def take(self) -> Any:
        with self._lock:
            first = self._ready.pop(0)
            self._ready.append(self._executor.submit(self._make))
        return first.result(timeout=120)

    def close(self) -> None:
        for future in self._ready:
            future.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)


class Accounts:
    """Fresh accounts for one test, each with a token from the real code flow."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.url = pool.url
        self.host = urlsplit(pool.url).netloc

    def create(self) -> Account:
        made = self.pool.take()
        sdk = Mastodon(
            access_token=made.access_token,
            api_base_url=self.url,
            version_check_mode="none",
            ratelimit_method="throw",
        )
        me = sdk.account_verify_credentials()
        return Account(
            username=made.username,
            handle=f"{made.username}@{self.host}",
            id=str(me["id"]),
            token=made.access_token,
            email=made.email,
            password=made.password,
            sdk=sdk,
        )

    def close(self) -> None:
        pass


@dataclass
class MemoryState:
    """An in-memory SyncStateView: what the engine's store would hand the platform."""

    cursors: dict[str, str] = field(default_factory=dict)
    posts: set[str] = field(default_factory=set)

    def cursor(self, key: str) -> str | None:
        return self.cursors.get(key)

    def snapshot(self, name: str) -> frozenset[str]:
        return frozenset()

    def known_posts(self, ids: list[str]) -> set[str]:
        return {i for i in ids if i in self.posts}

    def apply(self, result: PullResult) -> None:
        for key, value in result.cursors.items():
            if value is None:
                self.cursors.pop(key, None)
            else:
                self.cursors[key] = value
        self.posts.update(p.id for p in result.posts)


def platform_for(account: Account, server: str, timeout: float = 15.0) -> MastodonPlatform:
    return MastodonPlatform(account.login(server), timeout=timeout)


def context(owner: Person, state: MemoryState) -> PullContext:
    return PullContext(owner=owner, state=state, now=datetime.now(UTC))


def wait_for(probe: Callable[[], T | None], what: str) -> T:
    """Poll until ``probe`` answers something truthy (notifications are made
    a moment after the write, by the server's own workers)."""
    deadline = time.monotonic() + SHOW_WAIT_S
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"GoToSocial never showed {what}")
        time.sleep(0.05)
