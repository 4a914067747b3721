"""`engage [--demo] sync [--now] [--json]`: one pull and push, for cron or a quick look."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from engage_tui.cli.account import resolve_accounts
from engage_tui.cli.common import fail, load, open_store

if TYPE_CHECKING:
    from engage_tui.config import Config
    from engage_tui.paths import Paths
    from engage_tui.sync.report import SyncReport


def run_sync(args: argparse.Namespace) -> int:
    from engage_tui.platforms.errors import PlatformError

    paths, config = load()
    if getattr(args, "demo", False):
        return _sync_demo(args, paths, config)
    unavailable: list[str] = []
    accounts = resolve_accounts(paths, config, getattr(args, "account", None), unavailable)
    if not accounts:
        from engage_tui.platforms import registry

        ways = " or ".join(f"`{n.sign_in}`" for n in registry.NETWORKS)
        fail(
            f"not signed in: run {ways} (or set a network's variables: `engage auth login "
            "--help` names them), or `engage --demo sync` to sync the demo world."
        )
    from engage_tui.cli.account import make_controller
    from engage_tui.sync.accounts import AccountsSync

    store = open_store(paths)
    try:
        controller = make_controller(store, accounts, config)
        several = controller if isinstance(controller, AccountsSync) else None
        engines = controller.engines if isinstance(controller, AccountsSync) else [controller]
        reports = []
        for account, engine in zip(accounts, engines, strict=True):
            # One account after the other: each report is that account's alone.
            try:
                report = engine.run_once(every_source=args.now)
            except PlatformError as err:
                fail(f"sync failed: {err}")
            info = engine.account()
            if not info.handle:  # never signed in (offline): the account as configured
                info = info._replace(handle=account.handle)
            who = {
                "account": info.label,
                "network": info.network,
                "id": info.id,
            }
            reports.append((who, report))
        for problem in unavailable:
            # Not synced, and the run must not look complete: cron mails it.
            reports[-1][1].problem(f"Not synced: {problem}")
        # One engine says it in its own report; several, once, in the last.
        words = several.stranded_words() if several is not None else None
        if words:
            reports[-1][1].notes.append(words)
    finally:
        store.close()
    if len(reports) == 1:
        return _print_report(reports[0][1], as_json=args.json)
    return _print_reports(reports, as_json=args.json)


def _print_reports(reports: list[tuple[dict[str, str], SyncReport]], *, as_json: bool) -> int:
    from engage_tui.sync.report import accounts_json, combine_reports, format_reports
    from engage_tui.text.safe import clean_text

    if as_json:
        print(json.dumps(accounts_json(reports), sort_keys=True))
    else:
        print(clean_text(format_reports([(who["account"], r) for who, r in reports])))
    total = combine_reports([r for _, r in reports])
    if total.ok:
        return 0
    print(f"engage: {clean_text(total.reason or '', single_line=True)}", file=sys.stderr)
    return 1


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
