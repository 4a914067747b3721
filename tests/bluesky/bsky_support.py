"""Helpers for the tests against the real Bluesky servers: accounts, other
people acting through the SDK, an in-memory sync state and polling until the
AppView has indexed a write (the proxy that loses answers is tests/http_proxy.py)."""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from atproto import Client, models

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.bluesky import BlueskyLogin, BlueskyPlatform
from engage_tui.platforms.bluesky.session import SessionStore
from engage_tui.platforms.errors import NotFound

from .shared_network import shared_folder

# Every module whose tests use the network says ``pytestmark = ON_NETWORK``:
# one xdist worker runs them all against its one network (see conftest), unless
# the controller runs one network for every worker (shared_network.py).
ON_NETWORK = (
    pytest.mark.usefixtures("bluesky_network")  # and no group: they spread over the workers
    if shared_folder() is not None
    else pytest.mark.xdist_group("bluesky")
)
# How long to wait for the AppView to index a write (it takes 0.1-0.5 s).
INDEX_WAIT_S = 15.0
T = TypeVar("T")


@dataclass(frozen=True)
class Network:
    pds: str
    appview: str


class Account:
    """A person on the PDS, acting through the SDK (``sdk``, not engage). The
    app password engage signs in with is made when a test first asks for it:
    most accounts only act on the owner, and each one costs the PDS a request
    and a scrypt hash."""

    def __init__(self, handle: str, did: str, password: str, sdk: Client) -> None:
        self.handle = handle
        self.did = did
        self.password = password
        self.sdk = sdk
        self._app_password: str | None = None

    @property
    def app_password(self) -> str:
        if self._app_password is None:
            made = self.sdk.com.atproto.server.create_app_password(
                models.ComAtprotoServerCreateAppPassword.Data(name="engage")
            )
            self._app_password = made.password
        return self._app_password

    def login(self, service: str) -> BlueskyLogin:
        return BlueskyLogin(handle=self.handle, app_password=self.app_password, service=service)

    def post(self, text: str, reply_to: dict[str, Any] | None = None) -> dict[str, str]:
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text, "createdAt": now()}
        if reply_to is not None:
            record["reply"] = reply_to
        return self.create("app.bsky.feed.post", record)

    def create(self, collection: str, record: dict[str, Any]) -> dict[str, str]:
        answer = self.sdk.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(
                repo=self.did, collection=collection, record=record
            )
        )
        return {"uri": answer.uri, "cid": answer.cid}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Accounts:
    """Makes fresh accounts on the PDS (handles ending in .test), as a person
    signing up would, each with an app password when asked for one."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self._clients: list[Client] = []

    def create(self, prefix: str = "u") -> Account:
        name = prefix + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
        handle = f"{name}.test"
        password = secrets.token_urlsafe(16)
        sdk = Client(self.network.pds)
        self._clients.append(sdk)
        made = sdk.com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle=handle, email=f"{name}@example.test", password=password
            )
        )
        sdk.login(session_string=_session_string(made, self.network.pds), fetch_bsky_profile=False)
        return Account(handle, made.did, password, sdk)

    def close(self) -> None:
        for sdk in self._clients:
            sdk.request.close()


def _session_string(made: Any, pds: str) -> str:
    # createAccount answers with a session: use it rather than logging in again.
    return ":::".join((made.handle, made.did, made.access_jwt, made.refresh_jwt, pds))


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


class MemoryStore:
    """A SessionStore in memory, counting saves (the keyring one is tested too)."""

    def __init__(self) -> None:
        self.value: str | None = None
        self.saves = 0

    def load(self) -> str | None:
        return self.value

    def save(self, session: str) -> None:
        self.value = session
        self.saves += 1

    def clear(self) -> None:
        self.value = None


def platform_for(
    account: Account, service: str, store: SessionStore | None = None
) -> BlueskyPlatform:
    return BlueskyPlatform(account.login(service), store or MemoryStore())


def context(owner: Person, state: MemoryState) -> PullContext:
    return PullContext(owner=owner, state=state, now=datetime.now(UTC))


def wait_for(probe: Callable[[], T | None], what: str) -> T:
    """Poll until ``probe`` answers something truthy: the AppView indexes
    writes from the PDS's event stream a moment after they are made."""
    deadline = time.monotonic() + INDEX_WAIT_S
    while True:
        try:
            found = probe()
        except NotFound:
            # Asked before the AppView indexed it: an account or a post
            # made a moment ago is "not found" until then.
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"the AppView never showed {what}")
        time.sleep(0.1)
