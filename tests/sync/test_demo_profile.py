"""A demo profile synced again a day later: every repeated sync adds nothing.

The demo rebuilds its simulated X from a seed and the profile's start time
at every run. A day-old profile is made by running the demo world on the
demo's own clock a day back (``demo_world(now=...)``, which is what the
profile's ``world-start`` records); the syncs after it are real
`engage --demo sync --now` runs on today's clock.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engage_tui.cli.demo import demo_world
from engage_tui.config import Config
from engage_tui.paths import Paths
from engage_tui.store import Store
from tests.cli_run import run_engage


def _demo_sync(home: Path) -> subprocess.CompletedProcess[str]:
    return run_engage("--demo", "sync", "--now", home=home)


def _twice(home: Path) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Handles stored under more than one person id, and people whose one
    follow arrived more than once."""
    with Store.open(home / "data" / "demo" / "engage.db") as store:
        rows = store.inbox.window(limit=100_000, include_done=True, group=False)
    handles: dict[str, set[str]] = {}
    follows: dict[str, int] = {}
    for row in rows:
        if row.actor is None:
            continue
        handles.setdefault(row.actor.handle, set()).add(row.actor.id)
        if row.notification.kind == "follow":
            follows[row.actor.handle] = follows.get(row.actor.handle, 0) + 1
    return (
        {h: ids for h, ids in handles.items() if len(ids) > 1},
        {h: n for h, n in follows.items() if n > 1},
    )


def test_repeated_demo_syncs_on_a_day_old_profile_add_nothing(tmp_path: Path) -> None:
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    yesterday = datetime.now(UTC) - timedelta(days=1)
    with demo_world(paths, Config(), reset=True, now=yesterday) as (_store, engine, _banner):
        assert engine.run_once(every_source=True).ok

    # A day of the world's activity arrives, then only what happens in the
    # seconds between two runs (the world follows real time): never again
    # what arrived before.
    for _ in range(3):
        done = _demo_sync(tmp_path)
        assert done.returncode == 0, done.stderr
        # engage's private list for the prospects is still there.
        assert "list was gone" not in done.stdout, done.stdout
        assert "Created a private X list" not in done.stdout, done.stdout
    same_handle, followed_twice = _twice(tmp_path)
    assert same_handle == {}
    assert followed_twice == {}
