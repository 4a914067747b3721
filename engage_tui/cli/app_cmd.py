"""`engage` and `engage --demo`: open the app on an account or on the demo world."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engage_tui.cli.account import accounts_to_open, deferred_controller
from engage_tui.cli.common import check_tui_config, load, open_store
from engage_tui.config import Config
from engage_tui.paths import Paths

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController


def run_app(args: argparse.Namespace) -> int:
    paths, config = load()
    check_tui_config(paths, config)
    if args.reset and not args.demo:
        from engage_tui.cli.common import fail

        fail("--reset goes with --demo (it starts the demo world afresh).", 2)
    if args.demo:
        return _run_demo(paths, config, reset=args.reset)
    # Named now; their secrets are read from the keyring after the first
    # frame, with the sync engines (sync/deferred.py).
    accounts = accounts_to_open(paths, config, args.account)
    store = open_store(paths, for_app=True)
    try:
        if not accounts:
            choice = _run(config, store, None, banner=None, theme_file=paths.theme_file)
            if choice != "demo":
                return 0
        else:
            _run(
                config,
                store,
                deferred_controller(store, accounts, config),
                banner=None,
                theme_file=paths.theme_file,
            )
            return 0
    finally:
        store.close()
    # The welcome screen offered the demo and the user took it.
    return _run_demo(paths, config, reset=False)


def _run_demo(paths: Paths, config: Config, *, reset: bool) -> int:
    from engage_tui.cli.demo import demo_world

    with demo_world(paths, config, reset=reset) as (store, controller, banner):
        _run(config, store, controller, banner=banner, theme_file=paths.theme_file)
    return 0


def _run(
    config: Config,
    store: Store,
    controller: SyncController | None,
    banner: str | None,
    theme_file: Path | None = None,
) -> str | None:
    """Run the app; its return value is what the user asked for on the way out
    ("demo" from the welcome screen)."""
    from engage_tui.tui.app import EngageApp

    app = EngageApp(config, store, controller, banner=banner, theme_file=theme_file)
    try:
        result = app.run()
    finally:
        if controller is not None:
            controller.stop()
    if app.return_code:
        # The app stopped itself with a message (a damaged database): Textual
        # has printed it; leave with its status.
        raise SystemExit(app.return_code)
    return result
