"""Pulling: every kind of notification arrives once, pauses hit one source only,
a crash mid-sync resumes without gaps or duplicates. Real tweepy over HTTP
against the sandbox, real Store files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from engage_tui.domain import NotificationKind
from engage_tui.sandbox import WorldSpec
from engage_tui.store import Store
from tests.sync.conftest import REPO_ROOT, TEST_CONFIG, EngineFactory, World, start_world
from tests.sync.helpers import (
    ALL_KINDS,
    kinds_in_inbox,
    newest_owner_post,
    non_followers,
    notification_ids,
)

SIX_HOURS = 6 * 3600 + 60


def _identity_counts(store: Store) -> Counter[tuple[str, str, str | None, str | None]]:
    """What makes two notifications the same event, whatever their ids say (a
    list add is told apart by its list, which only its id carries)."""
    rows = store.inbox.window(limit=10_000, include_done=True, group=False)
    return Counter(
        (
            r.notification.kind.value,
            r.notification.actor_id,
            r.notification.post_id
            or (r.notification.id if r.notification.kind == "list_add" else None),
            r.notification.subject_id,
        )
        for r in rows
    )


def test_every_kind_arrives_once_and_only_once(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    target = newest_owner_post(world)
    handle = world.state()["owner"]["username"]
    strangers = [u["username"] for u in non_followers(world)]
    world.advance(30)
    made = {
        "mention": world.event("mention", strangers[0], text=f"@{handle} what do you think?"),
        "reply": world.event("reply", strangers[1], target_id=target, text="Great point"),
        # X lists a quote among mentions only when it names the owner.
        "quote": world.event("quote", strangers[2], target_id=target, text=f"Read this @{handle}"),
        "follow": world.event("follow", strangers[3]),
        "like": world.event("like", strangers[4], target_id=target),
        "repost": world.event("repost", strangers[5], target_id=target),
        "list_add": world.event("list_add", strangers[6]),
    }
    for _ in range(3):  # every source falls due at least once, some several times
        world.advance(SIX_HOURS)
        report = engine.run_once()
        assert report.ok, report.problems
    rows = store.inbox.window(limit=10_000, include_done=True, group=False)
    for kind, answer in made.items():
        actor = answer["actor_id"]
        found = [
            r
            for r in rows
            if r.notification.kind.value == kind and r.notification.actor_id == actor
        ]
        assert len(found) == 1, (kind, found)
    assert set(kinds_in_inbox(store)) >= {k.value for k in ALL_KINDS}
    identities = _identity_counts(store)
    assert max(identities.values()) == 1
    assert len(notification_ids(store)) == len(set(notification_ids(store)))


def test_a_sync_right_after_a_sync_adds_nothing(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    engine.run_once()
    before = notification_ids(store)
    again = engine.run_once()
    assert again.arrived == {}
    assert again.requests == 0  # nothing was due
    assert notification_ids(store) == before


def test_owner_is_asked_for_once_and_remembered(
    world: World, db_path: Path, store: Store, make_engine: EngineFactory
) -> None:
    make_engine().run_once()
    owner = str(world.state()["owner"]["id"])
    assert store.sync_state.meta_get("owner_id:x") == owner
    world.advance(600)
    second = make_engine(platform=world.platform())  # a restart: a new platform, same file
    second.run_once()
    assert world.stats()["requests"].get("GET /2/users/me") == 1
    known = second.owner()
    assert known is not None
    assert known.id == owner


def test_rate_limit_pauses_that_source_only_until_its_reset(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    world.fault("GET /2/users/:id/mentions", "429")
    report = engine.run_once()
    assert "mentions" in report.sources_waiting
    assert "mentions" not in report.sources_pulled
    assert {"own_posts", "followers"} <= set(report.sources_pulled)
    assert "mentions" in engine.status().paused
    until = report.sources_waiting["mentions"]
    # Before the reset, nothing asks mentions again (no busy loop on a 429).
    world.advance(60)
    calls = world.stats()["requests"]["GET /2/users/:id/mentions"]
    engine.run_once()
    assert world.stats()["requests"]["GET /2/users/:id/mentions"] == calls
    world.advance((until - world.clock()).total_seconds() + 1)
    later = engine.run_once()
    assert "mentions" in later.sources_pulled
    assert kinds_in_inbox(store).get("mention", 0) > 0
    assert "mentions" not in engine.status().paused


def test_server_errors_back_off_one_source_and_the_rest_goes_on(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    world.fault("GET /2/users/:id/followers", "503", count=1)
    first = engine.run_once()
    assert not first.ok
    assert first.reason is not None
    assert "followers" in first.reason
    assert "mentions" in first.sources_pulled and "followers" not in first.sources_pulled
    world.advance(120)
    second = engine.run_once()
    assert second.ok, second.problems
    assert "followers" in second.sources_pulled
    owner = str(world.state()["owner"]["id"])
    assert store.sync_state.snapshot(f"{owner}|followers")


def test_pending_prospects_are_looked_up_or_dropped_with_a_note(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    prospect = next(u for u in world.state()["users"] if u["role"] == "prospect")
    store.prospects.add(None, world.clock(), pending_handle="@" + prospect["username"])
    store.prospects.add(None, world.clock(), pending_handle="nobody_by_this_name_42")
    report = make_engine().run_once()
    watched = store.prospects.listing(sort="added")
    assert [p.person_id for p in watched] == [str(prospect["id"])]
    assert watched[0].person is not None and watched[0].person.handle == prospect["username"]
    assert any("nobody_by_this_name_42" in n for n in report.notes)
    assert store.prospects.pending() == []


def test_a_killed_sync_resumes_without_gaps_or_duplicates(tmp_path: Path) -> None:
    # Enough mentions that the first sync takes several pulls of several pages.
    spec = WorldSpec(followers=80, own_posts=20, prospects=3, mentions=400, replies=80)
    world = start_world(spec=spec)
    try:
        reference = Store.open(tmp_path / "reference.db")
        from engage_tui.sync.engine import SyncEngine

        SyncEngine(reference, world.platform(), config=TEST_CONFIG, clock=world.clock).run_once()
        expected = set(notification_ids(reference))
        assert len(expected) > 300
        # The child syncs the other file and hangs on own_posts (after the
        # mentions pulls are committed) until it is killed there.
        world.reset_stats()
        world.fault("GET /2/users/:id/tweets", "stall", seconds=60)
        victim = tmp_path / "victim.db"
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(victim), world.clock().isoformat()],
            env={**os.environ, **world.env, "PYTHONPATH": str(REPO_ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_for(
                lambda: world.stats()["requests"].get("GET /2/users/:id/tweets", 0) >= 1, child
            )
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        world.clear_faults()
        with Store.open(victim) as resumed:
            partial = set(notification_ids(resumed))
            assert 0 < len(partial) <= len(expected)
            SyncEngine(resumed, world.platform(), config=TEST_CONFIG, clock=world.clock).run_once()
            final = notification_ids(resumed)
            assert len(final) == len(set(final))
            assert set(final) == expected
            assert max(_identity_counts(resumed).values()) == 1
        reference.close()
    finally:
        world.stop()


def _wait_for(condition, child: subprocess.Popen[bytes]) -> None:
    # A failsafe, not a timing assertion: the child normally gets there in
    # well under a second.
    deadline = time.monotonic() + 120
    while not condition():
        if child.poll() is not None:
            said = child.stderr.read().decode() if child.stderr else ""
            raise AssertionError(f"the child ended early: {said}")
        if time.monotonic() > deadline:
            raise AssertionError("the child never reached the stalled request")
        time.sleep(0.05)


_CHILD = """
import sys
from datetime import datetime
from pathlib import Path
from engage_tui.config import Config
from engage_tui.platforms.x.tokens import from_environment
from engage_tui.platforms.x.account import x_credentials
from engage_tui.platforms.x import XPlatform
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

creds = from_environment()
platform = XPlatform(
    x_credentials(creds),
    api_base=creds.api_base,
    timeout=(5, 120),
)
now = datetime.fromisoformat(sys.argv[2])
store = Store.open(Path(sys.argv[1]))
SyncEngine(store, platform, config=Config(sync_interval_seconds=60), clock=lambda: now).run_once()
"""


def test_kinds_helper_covers_every_kind_x_makes() -> None:
    assert {k.value for k in ALL_KINDS} == {
        k.value
        for k in NotificationKind
        if k not in (NotificationKind.OTHER, NotificationKind.NEW_POST)
    }
