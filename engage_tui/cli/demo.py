"""The demo world: the sandbox in-process, with a profile of its own.

The profile (database and the world's start time) lives under the data dir,
so drafts survive a restart: the sandbox rebuilds the same seeded world from
the saved start (same post ids), runs its clock on to now, and then follows
real time. ``--reset`` starts afresh.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from engage_tui.cli.account import make_platform, sandbox_account
from engage_tui.cli.common import open_store
from engage_tui.config import Config
from engage_tui.paths import Paths, ensure_dir

if TYPE_CHECKING:
    from engage_tui.sandbox import Sandbox
    from engage_tui.store import Store
    from engage_tui.sync.engine import SyncEngine

DEMO_SEED = 7
# Beyond this the catch-up would replay weeks of simulated engagement: start afresh.
MAX_CATCH_UP = timedelta(days=14)
BANNER = "Demo: a simulated X on 127.0.0.1. Nothing you do here reaches x.com."


@contextlib.contextmanager
def demo_world(
    paths: Paths, config: Config, *, reset: bool, now: datetime | None = None
) -> Iterator[tuple[Store, SyncEngine, str]]:
    from engage_tui.sandbox import start_sandbox
    from engage_tui.sync.engine import SyncEngine

    now = now or datetime.now(UTC)
    demo_dir = paths.demo_dir
    epoch_file = demo_dir / "world-start"
    epoch = None if reset else _read_epoch(epoch_file)
    banner = BANNER
    if epoch is not None and now - epoch > MAX_CATCH_UP:
        epoch = None
        banner = f"{BANNER} (It was over {MAX_CATCH_UP.days} days old, so it started afresh.)"
    fresh = epoch is None
    if epoch is None:
        _remove_database(demo_dir / "engage.db")
        epoch = now
        ensure_dir(demo_dir)
        epoch_file.write_text(epoch.isoformat(), "utf-8")
    sandbox = start_sandbox(
        seed=DEMO_SEED, port=0, plan=config.plan, clock_start=epoch, follow_real_time=True
    )
    try:
        sandbox.advance(max(0.0, (now - epoch).total_seconds()))
        store = open_store(paths, demo_dir / "engage.db", for_app=True)
        try:
            if fresh:
                _watch_the_worlds_prospects(store, sandbox, now)
            account = sandbox_account(sandbox.env, config.plan)
            yield store, SyncEngine(store, make_platform(account), config=config), banner
        finally:
            store.close()
    finally:
        sandbox.stop()


def _watch_the_worlds_prospects(store: Store, sandbox: Sandbox, now: datetime) -> None:
    """A new demo starts with a watchlist, as a user's would after a day or two.

    Added by handle, as a user adds them; the first sync looks them up."""
    for user in sandbox.world.users.values():
        if user.role == "prospect":
            store.add_prospect(None, now, pending_handle=user.username)


def _read_epoch(path: Path) -> datetime | None:
    try:
        moment = datetime.fromisoformat(path.read_text("utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
