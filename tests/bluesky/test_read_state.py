"""The sync engine hands Bluesky the owner's read position (updateSeen) once
the newest handled notification moves, and only then."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from engage_tui.config import Config
from engage_tui.domain import TriageState
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.sync.report import SyncReport

from .bsky_support import ON_NETWORK, Accounts, MemoryStore, Network, now, wait_for

pytestmark = ON_NETWORK
UPDATE_SEEN = "POST app.bsky.notification.updateSeen"


def told(report: SyncReport) -> int:
    """How many times a sync pass called updateSeen (its own request count)."""
    usage = report.usage.get(UPDATE_SEEN)
    return usage.requests if usage else 0


def test_the_read_position_moves_when_the_newest_handled_notification_moves(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
):
    me, them, other = accounts.create("me"), accounts.create("them"), accounts.create("other")
    first = them.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    second = other.create("app.bsky.graph.follow", {"subject": me.did, "createdAt": now()})
    wait_for(
        lambda: len(me.sdk.app.bsky.notification.list_notifications().notifications) >= 2,
        "two follows",
    )
    store = Store.open(tmp_path / "engage.db")
    try:
        platform = BlueskyPlatform(me.login(bluesky_network.pds), MemoryStore())
        engine = SyncEngine(store, platform, config=Config())
        pulled = engine.run_once()
        unread_before = platform.unread_count()

        store.inbox.set_triage(
            [f"{me.did}|bluesky:{first['uri']}"], TriageState.DONE, datetime.now(UTC)
        )
        one_done = engine.run_once()
        unread_after_one = platform.unread_count()
        nothing_new = engine.run_once()
        store.inbox.set_triage(
            [f"{me.did}|bluesky:{second['uri']}"], TriageState.DONE, datetime.now(UTC)
        )
        both_done = engine.run_once()
        unread_after_both = platform.unread_count()
    finally:
        store.close()

    assert pulled.arrived == {"follow": 2}
    assert [told(r) for r in (pulled, one_done, nothing_new, both_done)] == [0, 1, 0, 1]
    assert (unread_before, unread_after_one, unread_after_both) == (2, 1, 0)
