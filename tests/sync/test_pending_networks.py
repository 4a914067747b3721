"""A prospect added by handle waits for a sync of its own network: the X
sync looks up X handles and leaves a Bluesky handle pending, never dropping
it as "not found". Real tweepy against the sandbox, a real Store file."""

from __future__ import annotations

from engage_tui.domain import Person
from engage_tui.store import Store
from tests.sync.conftest import EngineFactory, World
from tests.sync.helpers import owner_id


def test_an_x_sync_leaves_a_pending_bluesky_handle_for_bluesky(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    prospect = next(u for u in world.state()["users"] if u["role"] == "prospect")
    store.prospects.add(None, world.clock(), pending_handle=prospect["username"])
    store.prospects.add(None, world.clock(), pending_handle="ana.bsky.social")

    report = make_engine().run_once()

    assert report.ok, report.problems
    assert store.prospects.pending() == ["ana.bsky.social"]
    assert [p.person_id for p in store.prospects.listing() if p.person_id] == [str(prospect["id"])]
    assert not any("ana.bsky.social" in note for note in report.notes)


def test_an_x_sync_mirrors_only_x_people_of_a_mixed_watchlist(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    prospect = next(u for u in world.state()["users"] if u["role"] == "prospect")
    blue = Person("did:plc:ana4lima", "ana.bsky.social", "Ana Lima", network="bluesky")
    store.people.upsert([blue])
    store.prospects.add(blue.id, world.clock())
    store.prospects.add(None, world.clock(), pending_handle=prospect["username"])
    engine = make_engine()

    first = engine.run_once()
    world.advance(600)
    second = engine.run_once(every_source=True)

    assert first.ok and second.ok, first.problems + second.problems
    notes = first.notes + second.notes
    assert not any("Could not update the prospects list" in n for n in notes), notes
    owner = owner_id(world)  # each account keeps its own snapshots
    assert store.sync_state.snapshot(f"{owner}|prospect_list_members") == frozenset(
        {str(prospect["id"])}
    )
