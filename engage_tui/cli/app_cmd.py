"""`engage` and `engage --demo`: open the app on an account or on the demo world."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from engage_tui.cli.account import make_platform, resolve_account
from engage_tui.cli.common import load, open_store
from engage_tui.config import Config

if TYPE_CHECKING:
    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController


def run_app(args: argparse.Namespace) -> int:
    paths, config = load()
    if args.reset and not args.demo:
        from engage_tui.cli.common import fail

        fail("--reset goes with --demo (it starts the demo world afresh).", 2)
    if args.demo:
        from engage_tui.cli.demo import demo_world

        with demo_world(paths, config, reset=args.reset) as (store, controller, banner):
            _run(config, store, controller, banner=banner)
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
