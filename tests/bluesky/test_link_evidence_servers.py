"""Link suggestions from profiles on the real servers: an X profile on the
sandbox (real tweepy over HTTP) and a Bluesky profile on the reference PDS and
AppView, both read by engage's own platforms into one SQLite store. Each kind
of evidence the profiles publish makes its suggestion; the same name alone
makes none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from atproto import models

from engage_tui.domain import Person
from engage_tui.store import Store
from tests.x_profiles import XProfiles, x_profiles

from .bsky_support import ON_NETWORK, Account, Accounts, Network, platform_for, wait_for

pytestmark = ON_NETWORK


@pytest.fixture
def on_x() -> Iterator[XProfiles]:
    with x_profiles() as profiles:
        yield profiles


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


class Noor:
    """Noor's Bluesky account, and the owner's account that reads it."""

    def __init__(self, accounts: Accounts, network: Network) -> None:
        self._network = network
        self._me = accounts.create("me")
        self.account = accounts.create("noor")
        self.handle, self.did = self.account.handle, self.account.did

    def set_profile(self, **record: str) -> None:
        set_bluesky_profile(self.account, **record)

    def read(self, until: str | None = None) -> Person:
        return read_bluesky(self._network, self._me, self.account, until)


@pytest.fixture
def noor(accounts: Accounts, bluesky_network: Network) -> Noor:
    return Noor(accounts, bluesky_network)


def evidence(store: Store) -> list[tuple[str, str, str]]:
    return [(s.first.id, s.second.id, s.evidence) for s in store.suggestions.offered()]


def test_a_bluesky_handle_that_is_the_x_website_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    user = on_x.someone()
    on_x.set_profile(user, url=f"https://{noor.handle}")

    store.people.upsert([on_x.read(user), noor.read()])

    assert evidence(store) == [
        (
            str(user["id"]),
            noor.did,
            f"Bluesky handle {noor.handle} is the website in X profile @{user['username']}",
        )
    ]


def test_an_x_bio_naming_the_bluesky_handle_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    # X wraps the address in t.co; engage reads it back through the entities.
    user = on_x.someone()
    on_x.set_profile(user, description=f"candles. https://{noor.handle}/shop")

    store.people.upsert([noor.read(), on_x.read(user)])

    [found] = store.suggestions.offered()
    assert found.kind == "domain"
    assert found.evidence == (
        f"Bluesky handle {noor.handle} is named in X profile @{user['username']}"
    )


def test_a_bluesky_profile_linking_the_x_profile_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    user = on_x.someone()
    bio = f"also x.com/{user['username']}"
    noor.set_profile(displayName="Noor", description=bio)

    store.people.upsert([on_x.read(user), noor.read(until=bio)])

    [found] = store.suggestions.offered()
    assert found.kind == "link"
    assert found.evidence == (
        f"Bluesky profile {noor.handle} links to X profile @{user['username']}"
    )


def test_the_same_website_on_x_and_bluesky_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    user = on_x.someone()
    on_x.set_profile(user, url="https://noor-candles.example/")
    noor.set_profile(description="shop: noor-candles.example")

    store.people.upsert(
        [
            on_x.read(user),
            noor.read(until="noor-candles"),
        ]
    )

    [found] = store.suggestions.offered()
    assert found.kind == "website"
    assert "same website noor-candles.example" in found.evidence


def test_the_same_name_and_user_name_alone_are_not_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    user = on_x.someone()
    # The Bluesky account takes the X person's display name and user name.
    bio = f"I am {user['name']}, @{user['username']} everywhere"
    noor.set_profile(displayName=user["name"], description=bio)

    store.people.upsert([on_x.read(user), noor.read(until=bio)])

    assert store.suggestions.offered() == []
