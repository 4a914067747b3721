"""The demo world: the sandbox in-process, with a profile of its own.

The profile (database and the world's start time) lives under the data dir,
so drafts survive a restart: the sandbox rebuilds the same seeded world from
the saved start (same people and post ids), runs its clock on to now, and
then follows real time. The demo's clock is the world's: the sync engine
reads it too. What engage made in the world (its private list for the
prospects) is kept beside the database and given back to the rebuilt world,
so a sync after a restart finds what the last one left. ``--reset`` starts
afresh.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
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

log = logging.getLogger(__name__)

DEMO_SEED = 7
OWNER_LISTS = "owner-lists.json"
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
        (demo_dir / OWNER_LISTS).unlink(missing_ok=True)
        epoch = now
        ensure_dir(demo_dir)
        epoch_file.write_text(epoch.isoformat(), "utf-8")
    sandbox = start_sandbox(
        seed=DEMO_SEED, port=0, plan=config.plan, clock_start=epoch, follow_real_time=True
    )
    try:
        sandbox.advance(max(0.0, (now - epoch).total_seconds()))
        if not fresh:
            sandbox.restore_owner_lists(_read_json(demo_dir / OWNER_LISTS))
        store = open_store(paths, demo_dir / "engage.db", for_app=True)
        try:
            if fresh:
                _watch_the_worlds_prospects(store, sandbox, now)
            account = sandbox_account(sandbox.env, config.plan)
            engine = SyncEngine(
                store, make_platform(account), config=config, clock=sandbox.app.clock.now
            )
            yield store, engine, banner
        finally:
            store.close()
    finally:
        try:
            _write_json(demo_dir / OWNER_LISTS, sandbox.owner_lists())
        finally:
            sandbox.stop()


def _watch_the_worlds_prospects(store: Store, sandbox: Sandbox, now: datetime) -> None:
    """A new demo starts with a watchlist, as a user's would after a day or two.

    Added by handle, as a user adds them; the first sync looks them up."""
    for user in sandbox.world.users.values():
        if user.role == "prospect":
            store.prospects.add(None, now, pending_handle=user.username)


def _read_epoch(path: Path) -> datetime | None:
    try:
        moment = datetime.fromisoformat(path.read_text("utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        # The demo's own file: at worst engage makes its list again.
        log.warning("could not read the demo's %s: %s", path.name, err)
        return None


def _write_json(path: Path, value: object) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(value, out)
        partial.replace(path)
    except OSError as err:
        log.warning("could not keep the demo's %s: %s", path.name, err)


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
