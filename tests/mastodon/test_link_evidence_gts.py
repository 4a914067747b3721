"""Link suggestions from a Mastodon profile on GoToSocial and an X profile on
the sandbox, both read by engage's own platforms into one SQLite store.

GoToSocial 0.19.2 never verifies a profile field: measured here, a field
pointing at a page on 127.0.0.1 that links back with rel="me" was never
fetched and kept ``verified_at: null``. The verified case is therefore played
by the recorded-answers server: a real Mastodon 4.x account answer (recorded
by Mastodon.py's suite) whose field carries ``verified_at`` as Mastodon
documents it (docs.joinmastodon.org/entities/Account#Field)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engage_tui.domain import Person, ProfileFact
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform
from engage_tui.store import Store
from tests.conftest import fresh_store_file
from tests.x_profiles import XProfiles, x_profiles

from .gts_support import ON_SERVER, Accounts, platform_for
from .recorded_server import RecordedServer, recorded


@pytest.fixture
def on_x() -> Iterator[XProfiles]:
    with x_profiles() as profiles:
        yield profiles


class Noor:
    """Noor's account on GoToSocial, and the owner's account that reads it."""

    def __init__(self, accounts: Accounts) -> None:
        self._server = accounts.url
        self._me = accounts.create()
        self.account = accounts.create()
        self.handle, self.username = self.account.handle, self.account.username
        self.profile_url = f"{accounts.url}/@{self.account.username}"

    def set_profile(self, **changes: Any) -> None:
        self.account.sdk.account_update_credentials(**changes)

    def read(self) -> Person:
        return platform_for(self._me, self._server).lookup_person(self.handle)


@pytest.fixture
def noor(accounts: Accounts) -> Noor:
    return Noor(accounts)


@ON_SERVER
def test_the_same_website_in_a_mastodon_field_and_on_x_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    noor.set_profile(fields=[("Shop", "https://noor-candles.example/")])
    user = on_x.someone()
    on_x.set_profile(user, url="https://noor-candles.example")

    store.people.upsert([noor.read(), on_x.read(user)])

    [found] = store.suggestions.offered()
    assert found.kind == "website"
    assert found.evidence.startswith("same website noor-candles.example in ")


@ON_SERVER
def test_a_mastodon_note_linking_the_x_profile_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    user = on_x.someone()
    noor.set_profile(note=f"candles. also https://x.com/{user['username']}")

    store.people.upsert([on_x.read(user), noor.read()])

    [found] = store.suggestions.offered()
    assert found.evidence == (
        f"Mastodon profile @{noor.handle} links to X profile @{user['username']}"
    )


@ON_SERVER
def test_an_x_bio_linking_the_mastodon_profile_is_suggested(
    noor: Noor, on_x: XProfiles, store: Store
) -> None:
    user = on_x.someone()
    on_x.set_profile(user, description=f"fedi: {noor.profile_url}")

    store.people.upsert([noor.read(), on_x.read(user)])

    [found] = store.suggestions.offered()
    assert found.evidence == (
        f"X profile @{user['username']} links to Mastodon profile @{noor.handle}"
    )


@ON_SERVER
def test_the_same_name_alone_is_not_suggested(noor: Noor, on_x: XProfiles, store: Store) -> None:
    user = on_x.someone()
    noor.set_profile(display_name=user["name"], note=f"{user['name']} (@{user['username']} on X)")

    store.people.upsert([noor.read(), on_x.read(user)])

    assert store.suggestions.offered() == []


def _verified_account_answers() -> list[dict[str, Any]]:
    """A real Mastodon account answer, served for accounts/lookup, with one
    field the server verified."""
    mine = next(
        a
        for a in recorded("status_reply")
        if a["uri"].endswith("/api/v1/accounts/verify_credentials")
    )
    theirs = copy.deepcopy(mine)
    theirs["uri"] = "http://localhost:3000/api/v1/accounts/lookup"
    theirs["body"]["fields"] = [
        {
            "name": "Website",
            "value": '<a href="https://noor.example" target="_blank" rel="nofollow noopener '
            'me"><span class="invisible">https://</span><span class="">noor.example</span>'
            '<span class="invisible"></span></a>',
            "verified_at": "2026-08-01T13:55:00.000+00:00",
        }
    ]
    return [mine, theirs]


def test_a_field_the_mastodon_server_verified_is_suggested_as_verified(
    tmp_path: Path, empty_store_file: Path
) -> None:
    server = RecordedServer(recorded("instance_v2"), _verified_account_answers())
    try:
        platform = MastodonPlatform(MastodonLogin(server.url, "a-token"))
        them = platform.lookup_person("admin@localhost:3000")
    finally:
        server.close()
    # The Bluesky side as engage's Bluesky platform stores it: its handle's domain.
    bluesky = Person(
        id="did:plc:n",
        handle="noor.example",
        name="Noor",
        network="bluesky",
        facts=(ProfileFact("domain", "noor.example", label="Bluesky handle noor.example"),),
    )
    with Store.open(fresh_store_file(empty_store_file, tmp_path / "engage.db")) as store:
        store.people.upsert([them, bluesky])
        [found] = store.suggestions.offered()
    assert found.kind == "verified"
    assert found.evidence == (
        f"Mastodon profile @{them.handle} has a server-verified link to Bluesky handle noor.example"
    )
