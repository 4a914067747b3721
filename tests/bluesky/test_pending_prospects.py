"""A prospect added by Bluesky handle is looked up by the Bluesky sync, on the
real servers, and an X handle waiting beside it is left for the X sync."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from atproto_client.exceptions import BadRequestError

from engage_tui.store import Store
from engage_tui.sync.controller import SyncEvent
from engage_tui.sync.link import LinkState
from engage_tui.sync.prospects import resolve_pending
from engage_tui.sync.report import SyncReport

from .bsky_support import ON_NETWORK, Account, Accounts, Network, platform_for, wait_for

pytestmark = ON_NETWORK


def profile_of(viewer: Account, did: str) -> object | None:
    """Their profile, once the AppView has indexed the new account."""
    try:
        return viewer.sdk.app.bsky.actor.get_profile({"actor": did})
    except BadRequestError:  # "Profile not found" until then
        return None


def test_a_bluesky_sync_looks_up_bluesky_handles_and_leaves_x_ones(
    accounts: Accounts, bluesky_network: Network, tmp_path: Path
) -> None:
    me, them = accounts.create("me"), accounts.create("them")
    wait_for(lambda: profile_of(me, them.did), "their profile")
    platform = platform_for(me, bluesky_network.pds)
    events: list[SyncEvent] = []
    with Store.open(tmp_path / "engage.db") as store:
        now = datetime.now(UTC)
        store.prospects.add(None, now, pending_handle="@" + them.handle.upper())
        store.prospects.add(None, now, pending_handle="ana_on_x")
        report = SyncReport(started_at=now)
        platform.whoami()
        platform.take_usage()

        resolved = resolve_pending(
            store, platform, lambda: datetime.now(UTC), LinkState(), report, events.append
        )

        assert resolved == 1
        assert store.prospects.pending() == ["ana_on_x"]
        watched = [p.person for p in store.prospects.listing() if p.person is not None]
        assert [(p.id, p.handle, p.network) for p in watched] == [
            (them.did, them.handle, "bluesky")
        ]
        assert report.notes == [] and events == []
        asked = [(u.endpoint, u.requests) for u in platform.take_usage()]
        assert sum(n for _, n in asked) == 1, asked  # them alone: the X handle is not asked
