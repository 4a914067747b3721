"""Link suggestions from profiles on the real servers: an X profile on the
sandbox (real tweepy over HTTP) and a Bluesky profile on the reference PDS and
AppView, both read by engage's own platforms into one SQLite store. Each kind
of evidence the profiles publish makes its suggestion; the same name alone
makes none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from atproto import models

from engage_tui.domain import Person
from engage_tui.platforms.x import XPlatform
from engage_tui.sandbox import Sandbox, start_sandbox
from engage_tui.store import Store
from tests.conftest import fresh_store_file
from tests.sandbox.sandbox_support import CLOCK, SEED, SMALL
from tests.sandbox_control import SandboxControl

from .bsky_support import ON_NETWORK, Account, Accounts, Network, platform_for, wait_for

pytestmark = ON_NETWORK


@pytest.fixture
def x_server() -> Iterator[Sandbox]:
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL) as sb:
        yield sb


@pytest.fixture
def control(x_server: Sandbox) -> Iterator[SandboxControl]:
    found = SandboxControl(x_server.base_url, x_server.env)
    yield found
    found.close()


@pytest.fixture
def x(control: SandboxControl) -> XPlatform:
    return XPlatform(control.credentials(), api_base=control.base_url, timeout=(2.0, 5.0))


@pytest.fixture
def cache(tmp_path: Path, empty_store_file: Path) -> Iterator[Store]:
    with Store.open(fresh_store_file(empty_store_file, tmp_path / "engage.db")) as opened:
        yield opened


def someone_on_x(control: SandboxControl) -> dict[str, Any]:
    owner = control.owner_id
    return next(u for u in control.state()["users"] if str(u["id"]) != owner)


def set_bluesky_profile(account: Account, **record: str) -> None:
    account.sdk.com.atproto.repo.put_record(
        models.ComAtprotoRepoPutRecord.Data(
            repo=account.did,
            collection="app.bsky.actor.profile",
            rkey="self",
            record={"$type": "app.bsky.actor.profile", **record},
        )
    )


def read_bluesky(
    network: Network, reader: Account, them: Account, until: str | None = None
) -> Person:
    """Them, as engage's Bluesky platform looks them up (the AppView indexes a
    profile write in a moment: wait for the words to show)."""
    platform = platform_for(reader, network.pds)

    def look() -> Person | None:
        found = platform.lookup_person(them.handle)
        return found if until is None or until in (found.bio or "") else None

    return wait_for(look, "the profile indexed")


def evidence(store: Store) -> list[tuple[str, str, str]]:
    return [(s.first.id, s.second.id, s.evidence) for s in store.suggestions.offered()]


def test_a_bluesky_handle_that_is_the_x_website_is_suggested(
    accounts: Accounts,
    bluesky_network: Network,
    control: SandboxControl,
    x: XPlatform,
    cache: Store,
) -> None:
    me, them = accounts.create("me"), accounts.create("noor")
    user = someone_on_x(control)
    control.control(
        "POST", "profile", {"username": user["username"], "url": f"https://{them.handle}"}
    )

    cache.people.upsert(
        [x.lookup_person(user["username"]), read_bluesky(bluesky_network, me, them)]
    )

    assert evidence(cache) == [
        (
            str(user["id"]),
            them.did,
            f"Bluesky handle {them.handle} is the website in X profile @{user['username']}",
        )
    ]


def test_an_x_bio_naming_the_bluesky_handle_is_suggested(
    accounts: Accounts,
    bluesky_network: Network,
    control: SandboxControl,
    x: XPlatform,
    cache: Store,
) -> None:
    # X wraps the address in t.co; engage reads it back through the entities.
    me, them = accounts.create("me"), accounts.create("noor")
    user = someone_on_x(control)
    control.control(
        "POST",
        "profile",
        {"username": user["username"], "description": f"candles. https://{them.handle}/shop"},
    )

    cache.people.upsert(
        [read_bluesky(bluesky_network, me, them), x.lookup_person(user["username"])]
    )

    [found] = cache.suggestions.offered()
    assert found.kind == "domain"
    assert found.evidence == (
        f"Bluesky handle {them.handle} is named in X profile @{user['username']}"
    )


def test_a_bluesky_profile_linking_the_x_profile_is_suggested(
    accounts: Accounts,
    bluesky_network: Network,
    control: SandboxControl,
    x: XPlatform,
    cache: Store,
) -> None:
    me, them = accounts.create("me"), accounts.create("noor")
    user = someone_on_x(control)
    bio = f"also x.com/{user['username']}"
    set_bluesky_profile(them, displayName="Noor", description=bio)

    cache.people.upsert(
        [x.lookup_person(user["username"]), read_bluesky(bluesky_network, me, them, until=bio)]
    )

    [found] = cache.suggestions.offered()
    assert found.kind == "link"
    assert found.evidence == (
        f"Bluesky profile {them.handle} links to X profile @{user['username']}"
    )


def test_the_same_website_on_x_and_bluesky_is_suggested(
    accounts: Accounts,
    bluesky_network: Network,
    control: SandboxControl,
    x: XPlatform,
    cache: Store,
) -> None:
    me, them = accounts.create("me"), accounts.create("noor")
    user = someone_on_x(control)
    control.control(
        "POST", "profile", {"username": user["username"], "url": "https://noor-candles.example/"}
    )
    set_bluesky_profile(them, description="shop: noor-candles.example")

    cache.people.upsert(
        [
            x.lookup_person(user["username"]),
            read_bluesky(bluesky_network, me, them, until="noor-candles"),
        ]
    )

    [found] = cache.suggestions.offered()
    assert found.kind == "website"
    assert "same website noor-candles.example" in found.evidence


def test_the_same_name_and_user_name_alone_are_not_suggested(
    accounts: Accounts,
    bluesky_network: Network,
    control: SandboxControl,
    x: XPlatform,
    cache: Store,
) -> None:
    me, them = accounts.create("me"), accounts.create("noor")
    user = someone_on_x(control)
    # The Bluesky account takes the X person's display name and user name.
    bio = f"I am {user['name']}, @{user['username']} everywhere"
    set_bluesky_profile(them, displayName=user["name"], description=bio)

    cache.people.upsert(
        [x.lookup_person(user["username"]), read_bluesky(bluesky_network, me, them, until=bio)]
    )

    assert cache.suggestions.offered() == []
