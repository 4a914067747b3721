"""`engage sync [--json]`: one pull and push, for cron or a quick look."""

from __future__ import annotations

import argparse
import json
import sys

from engage_tui.cli.account import make_platform, resolve_account
from engage_tui.cli.common import fail, load, open_store


def run_sync(args: argparse.Namespace) -> int:
    from engage_tui.platforms.errors import PlatformError
    from engage_tui.sync.engine import SyncEngine
    from engage_tui.sync.report import format_report
    from engage_tui.text.safe import clean_text

    paths, config = load()
    account = resolve_account(paths, config, getattr(args, "account", None))
    if account is None:
        fail("not signed in: run `engage auth login` (or set the ENGAGE_X_* variables).")
    store = open_store(paths)
    try:
        engine = SyncEngine(store, make_platform(account), config=config)
        try:
            report = engine.run_once()
        except PlatformError as err:
            fail(f"sync failed: {err}")
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.to_json(), sort_keys=True))
    else:
        print(clean_text(format_report(report)))
    if report.ok:
        return 0
    # One plain line for cron's mail: the report above has the rest.
    # X's own words can be in it: shown as text, never run by the terminal.
    print(f"engage: {clean_text(report.reason or '', single_line=True)}", file=sys.stderr)
    return 1
