"""`engage sync --now` (every source at once, except one a rate limit paused) and `--demo sync`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from engage_tui.store import Store
from tests.cli_run import run_engage
from tests.sync.conftest import REPO_ROOT, EngineFactory, World
from tests.sync.test_cli_sync import _engage


def test_every_source_is_pulled_now_even_right_after_a_sync(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    first = engine.run_once()
    assert first.ok and first.sources_pulled
    assert engine.run_once().sources_pulled == []  # nothing due on its own schedule
    now = engine.run_once(every_source=True)
    assert now.ok, now.problems
    assert sorted(now.sources_pulled) == sorted(first.sources_pulled)


def test_a_rate_limited_source_still_waits(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    engine.run_once()
    world.fault("GET /2/users/:id/mentions", "429")
    world.advance(3600)
    limited = engine.run_once()
    assert "mentions" in limited.sources_waiting
    now = engine.run_once(every_source=True)
    assert "mentions" not in now.sources_pulled
    assert "mentions" in now.sources_waiting
    assert now.sources_pulled  # the others came


def test_after_sync_now_the_schedule_is_the_usual_one(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    engine.run_once(every_source=True)
    assert engine.run_once().sources_pulled == []


def test_engage_sync_now_pulls_what_a_plain_second_sync_skips(world: World, tmp_path: Path) -> None:
    assert _engage(world, tmp_path, "sync").returncode == 0
    again = _engage(world, tmp_path, "sync", "--now")
    assert again.returncode == 0, again.stderr
    assert "not due yet" not in again.stdout
    assert "mentions" in again.stdout


def _engage_demo(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", *args],
        env={**os.environ, "ENGAGE_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _engage_demo_here(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_engage(*args, home=home)


def test_demo_sync_syncs_the_demo_world_and_its_database(tmp_path: Path) -> None:
    # The real entry point, in a process of its own, for `--demo sync`.
    done = _engage_demo(tmp_path, "--demo", "sync")
    assert done.returncode == 0, done.stderr
    assert "arrived:" in done.stdout and "mentions" in done.stdout
    assert "not signed in" not in done.stdout + done.stderr
    assert (tmp_path / "data" / "demo" / "engage.db").is_file()
    assert not (tmp_path / "data" / "engage.db").exists()  # the user's own is untouched


def test_demo_auth_says_plainly_that_the_demo_needs_no_sign_in(tmp_path: Path) -> None:
    done = _engage_demo_here(tmp_path, "--demo", "auth", "status")
    assert done.returncode == 2
    assert "demo world needs no sign-in" in done.stderr
    assert "without --demo" in done.stderr


def test_sync_without_an_account_points_at_the_demo(tmp_path: Path) -> None:
    done = _engage_demo_here(tmp_path, "sync")
    assert done.returncode == 1
    assert "engage auth login" in done.stderr and "engage --demo sync" in done.stderr
