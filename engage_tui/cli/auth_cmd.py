"""`engage auth login|status|logout`.

Each network signs in, checks and signs out in its own folder (its
``Connector``, through the registry); this module asks and answers at the
terminal and keeps engage's record of who is signed in.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser

from engage_tui.cli.account import (
    EXIT_USAGE,
    ResolvedAccount,
    named_account,
    no_such_account,
    resolve_accounts,
)
from engage_tui.cli.common import fail, load, say
from engage_tui.platforms import registry
from engage_tui.platforms.network import SignInFailed
from engage_tui.state import AppState, SignedInAccount, load_state, save_state


def run_auth(args: argparse.Namespace) -> int:
    if args.auth_command == "login":
        return _login(args)
    if args.auth_command == "status":
        return _status(args)
    return _logout(args)


def _ask(prompt: str, secret: bool = False) -> str:
    try:
        value = getpass.getpass(prompt) if secret and sys.stdin.isatty() else input(prompt)
    except EOFError:
        # Piped input that ran out, or ctrl+d: not a crash.
        fail(
            f"standard input ended at {prompt.strip()!r}: there was nothing more to read, "
            "so sign-in is cancelled and nothing was kept."
        )
    value = value.strip()
    if not value:
        fail("nothing entered; sign-in cancelled.")
    return value


class _Terminal:
    """The Console a network's sign-in talks through."""

    def __init__(self, no_browser: bool = False) -> None:
        self.no_browser = no_browser

    def say(self, line: str = "") -> None:
        say(line)

    def ask(self, prompt: str, secret: bool = False) -> str:
        return _ask(prompt, secret)

    def offer_browser(self, url: str) -> None:
        if not self.no_browser and sys.stdin.isatty():
            webbrowser.open(url)


def _login(args: argparse.Namespace) -> int:
    network = registry.network(args.network)
    paths, _config = load()
    try:
        signed = network.connect().login(args, _Terminal(args.no_browser))
    except SignInFailed as err:
        fail(str(err), err.status)
    name, person = signed.name, signed.person
    state = load_state(paths.state_file)
    others = tuple(a for a in state.accounts if a.name != name)
    account = SignedInAccount(name, person.id, person.handle, signed.api_base, network.name)
    save_state(paths.state_file, AppState(accounts=(*others, account), default=name))
    for line in signed.said_after:
        say(line)
    return 0


def _status(args: argparse.Namespace) -> int:
    """Every account engage opens, each checked with its network: exit 1 when
    nobody is signed in or any account is refused or cannot be reached."""
    paths, config = load()
    unavailable: list[str] = []
    accounts = resolve_accounts(paths, config, getattr(args, "account", None), unavailable)
    if not accounts:
        ways = " or ".join(f"`{n.sign_in}` ({n.display_name})" for n in registry.NETWORKS)
        say(f"Not signed in. Run {ways}, or try `engage --demo`.")
        return 1
    _list_accounts(paths, accounts)
    results = [_check(account) for account in accounts]
    for problem in unavailable:
        say(f"Not opened: {problem}")
    if len(accounts) > 1:
        say(f"engage opens these {len(accounts)} accounts together, in one inbox.")
    return 0 if all(results) and not unavailable else 1


def _check(account: ResolvedAccount) -> bool:
    """One account's sign-in, asked of its network; says what it found."""
    return registry.network(account.network).connect().check(account, _Terminal())


def _list_accounts(paths, opened: list[ResolvedAccount]) -> None:
    accounts = load_state(paths.state_file).accounts
    for account in opened:
        if account.source == "environment":
            # Its handle is known once it signs in; "@env" named nobody.
            who = f" @{account.handle}" if account.handle else ""
            say(
                f"{registry.network_name(account.network)}{who}: from environment "
                "variables (--account env)."
            )
    if not accounts:
        return
    names = {a.name for a in opened if a.source == "keyring"}
    say("Signed-in accounts (* are the ones engage opens):")
    for acc in accounts:
        mark = "*" if acc.name in names else " "
        network = registry.of_record(acc.network).display_name
        where = f"  {acc.api_base}" if acc.api_base else ""
        say(f"{mark} @{acc.handle}  {network}{where}  (--account {acc.name})")


def _logout(args: argparse.Namespace) -> int:
    paths, config = load()
    state = load_state(paths.state_file)
    if args.account:
        target = named_account(state, args.account)
        if target is None:
            fail(no_such_account(state, args.account), EXIT_USAGE)
    else:
        target = state.account(config.account)
    if target is None:
        say("Nobody is signed in.")
        return 0
    try:
        lines = registry.of_record(target.network).connect().logout(target)
    except SignInFailed as err:
        fail(str(err), err.status)
    rest = tuple(a for a in state.accounts if a.name != target.name)
    save_state(paths.state_file, AppState(accounts=rest, default=rest[0].name if rest else None))
    for line in lines:
        say(line)
    return 0
