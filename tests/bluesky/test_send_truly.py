"""What engage sends to Bluesky is what the user meant: a mention whose
handle could not be looked up waits instead of going out unlinked, a mention
of nobody says so, and an unlike deletes the like even before the AppView has
indexed it. Through the real engine, store and outbox, against the real PDS
and AppView, with a proxy in front of the PDS for the failures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from engage_tui.config import Config
from engage_tui.domain import ActionKind, ActionRequest, OutboxItem, OutboxState
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.sync.report import SyncReport

from .bsky_support import (
    ON_NETWORK,
    Accounts,
    LosingProxy,
    MemoryStore,
    Network,
    platform_for,
    wait_for,
)

pytestmark = ON_NETWORK


class Setup:
    """``me`` signed in through a proxy, the real engine over a real store,
    on a clock the test moves (so a retry falls due without waiting)."""

    def __init__(self, accounts: Accounts, network: Network, tmp_path: Path) -> None:
        self.me, self.them = accounts.create("me"), accounts.create("them")
        self.proxy = LosingProxy(network.pds)
        kept = MemoryStore()
        platform_for(self.me, network.pds, kept).whoami()
        assert kept.value is not None
        kept.value = ":::".join([*kept.value.split(":::")[:4], self.proxy.url])
        self.platform = BlueskyPlatform(self.me.login(self.proxy.url), kept)
        self.now = datetime.now(UTC)
        self.store = Store.open(tmp_path / "engage.db")
        self.engine = SyncEngine(self.store, self.platform, config=Config(), clock=lambda: self.now)
        self.post = self.them.post("something to answer")
        wait_for(
            lambda: self.me.sdk.app.bsky.feed.get_posts({"uris": [self.post["uri"]]}).posts,
            "their post",
        )

    def queue(self, kind: ActionKind, text: str = "") -> OutboxItem:
        return self.store.outbox.enqueue(
            ActionRequest(
                kind,
                network="bluesky",
                send_after=self.now,
                target_post_id=self.post["uri"],
                person_id=self.them.did,
                text=text,
                at=self.now,
            )
        )

    def push(self, later: timedelta = timedelta(0)) -> SyncReport:
        self.now += later
        return self.engine.run_once()

    def item(self, queued: OutboxItem) -> OutboxItem:
        found = [i for i in self.store.outbox.items(None) if i.id == queued.id]
        return found[0]

    def records(self, collection: str) -> list[Any]:
        listed = self.me.sdk.com.atproto.repo.list_records(
            {"repo": self.me.did, "collection": collection, "limit": 100}
        )
        return list(listed.records)


@pytest.fixture
def setup(accounts: Accounts, bluesky_network: Network, tmp_path: Path) -> Iterator[Setup]:
    made = Setup(accounts, bluesky_network, tmp_path)
    yield made
    made.store.close()
    made.proxy.close()


def _error(name: str, message: str) -> bytes:
    return json.dumps({"error": name, "message": message}).encode()


def test_a_mention_whose_handle_cannot_be_looked_up_waits_and_goes_out_linked(setup: Setup):
    text = f"thank you @{setup.them.handle}"
    setup.proxy.fault = ("resolveHandle", 502, {}, _error("UpstreamFailure", "Bad Gateway"))
    queued = setup.queue(ActionKind.REPLY, text)

    setup.push()
    waiting = setup.item(queued)
    posted_meanwhile = setup.records("app.bsky.feed.post")
    setup.proxy.fault = None
    setup.push(later=timedelta(minutes=30))

    assert posted_meanwhile == []
    assert waiting.state is OutboxState.QUEUED
    assert f"could not look up @{setup.them.handle}" in (waiting.error or "")
    assert "Nothing was posted" in (waiting.error or "")
    assert setup.item(queued).state is OutboxState.SENT
    [post] = setup.records("app.bsky.feed.post")
    assert post.value["text"] == text
    features = [f for facet in post.value["facets"] for f in facet["features"]]
    assert [f["did"] for f in features] == [setup.them.did]


def test_a_mention_of_a_handle_nobody_has_goes_as_plain_text_and_says_so(setup: Setup):
    text = "thank you @nobody-at-all.test"
    queued = setup.queue(ActionKind.REPLY, text)

    report = setup.push()

    assert setup.item(queued).state is OutboxState.SENT
    [post] = setup.records("app.bsky.feed.post")
    assert post.value["text"] == text
    assert not post.value["facets"]
    assert any("@nobody-at-all.test is not a Bluesky account" in n for n in report.notes)


def test_an_unlike_before_the_appview_indexed_the_like_deletes_it(setup: Setup):
    setup.queue(ActionKind.LIKE)
    setup.push()
    assert len(setup.records("app.bsky.feed.like")) == 1

    def not_indexed_yet(headers: dict[str, str], body: Any) -> tuple[dict[str, str], Any]:
        for view in body.get("posts", []):
            view.get("viewer", {}).pop("like", None)
        return headers, body

    setup.proxy.rewrite = ("getPosts", not_indexed_yet)
    unlike = setup.queue(ActionKind.UNLIKE)
    setup.push()

    assert setup.item(unlike).state is OutboxState.SENT
    assert setup.records("app.bsky.feed.like") == []
