"""`engage [--demo] sync [--now] [--json]`: one pull and push, for cron or a quick look."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from engage_tui.cli.account import make_platform, resolve_account
from engage_tui.cli.common import fail, load, open_store

if TYPE_CHECKING:
    from engage_tui.config import Config
    from engage_tui.paths import Paths
    from engage_tui.sync.report import SyncReport


def run_sync(args: argparse.Namespace) -> int:
    from engage_tui.platforms.errors import PlatformError
    from engage_tui.sync.engine import SyncEngine

    paths, config = load()
    if getattr(args, "demo", False):
        return _sync_demo(args, paths, config)
    account = resolve_account(paths, config, getattr(args, "account", None))
    if account is None:
        fail(
            "not signed in: run `engage auth login` (or set the ENGAGE_X_* variables), "
            "or `engage --demo sync` to sync the demo world."
        )
    store = open_store(paths)
    try:
        engine = SyncEngine(store, make_platform(account), config=config)
        try:
            report = engine.run_once(every_source=args.now)
        except PlatformError as err:
            fail(f"sync failed: {err}")
    finally:
        store.close()
    return _print_report(report, as_json=args.json)


def _sync_demo(args: argparse.Namespace, paths: Paths, config: Config) -> int:
    """The demo world's own database, synced with its simulated X (in-process)."""
    from engage_tui.cli.demo import demo_world

    with demo_world(paths, config, reset=args.reset) as (_store, engine, _banner):
        report = engine.run_once(every_source=args.now)
    return _print_report(report, as_json=args.json)


def _print_report(report: SyncReport, *, as_json: bool) -> int:
    from engage_tui.sync.report import format_report
    from engage_tui.text.safe import clean_text

    if as_json:
        print(json.dumps(report.to_json(), sort_keys=True))
    else:
        print(clean_text(format_report(report)))
    if report.ok:
        return 0
    # One plain line for cron's mail: the report above has the rest.
    # X's own words can be in it: shown as text, never run by the terminal.
    print(f"engage: {clean_text(report.reason or '', single_line=True)}", file=sys.stderr)
    return 1
