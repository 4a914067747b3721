"""`engage` and `engage --demo`: open the app on an account or on the demo world."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from engage_tui.cli.account import make_platform, resolve_account
from engage_tui.cli.common import load, open_store
from engage_tui.config import Config
from engage_tui.paths import Paths

if TYPE_CHECKING:
    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController

DEMO_SEED = 7
DEMO_BANNER = "Demo: a simulated X on 127.0.0.1. Nothing you do here reaches x.com."


def run_app(args: argparse.Namespace) -> int:
    paths, config = load()
    if args.reset and not args.demo:
        from engage_tui.cli.common import fail

        fail("--reset goes with --demo (it starts the demo world afresh).", 2)
    if args.demo:
        with _demo(paths, config, reset=args.reset) as (store, controller):
            _run(config, store, controller, banner=DEMO_BANNER)
        return 0
    account = resolve_account(paths, config, args.account)
    store = open_store(paths)
    try:
        if account is None:
            _run(config, store, None, banner=None)
            return 0
        from engage_tui.sync.engine import SyncEngine

        engine = SyncEngine(store, make_platform(account), config=config)
        _run(config, store, engine, banner=None)
    finally:
        store.close()
    return 0


def _run(
    config: Config, store: Store, controller: SyncController | None, banner: str | None
) -> None:
    from engage_tui.tui.app import EngageApp

    try:
        EngageApp(config, store, controller, banner=banner).run()
    finally:
        if controller is not None:
            controller.stop()


@contextlib.contextmanager
def _demo(paths: Paths, config: Config, *, reset: bool) -> Iterator[tuple[Store, SyncController]]:
    """The demo world: the sandbox in-process, and its own profile under the data dir
    (so drafts survive a restart; ``--reset`` starts afresh)."""
    from engage_tui.cli.account import ResolvedAccount
    from engage_tui.credentials import from_environment
    from engage_tui.sandbox import start_sandbox
    from engage_tui.sync.engine import SyncEngine

    demo_dir = paths.demo_dir
    database = demo_dir / "engage.db"
    if reset:
        _remove_database(database)
    demo_dir.mkdir(parents=True, exist_ok=True)
    sandbox = start_sandbox(seed=DEMO_SEED, port=0, plan=config.plan)
    store = open_store(paths, database)
    try:
        creds = from_environment(sandbox.env)
        assert creds is not None, "the sandbox always describes its owner"
        platform = make_platform(ResolvedAccount("demo", creds, config.plan, "sandbox"))
        yield store, SyncEngine(store, platform, config=config)
    finally:
        store.close()
        sandbox.stop()


def _remove_database(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
