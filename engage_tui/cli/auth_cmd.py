"""`engage auth login|status|logout`."""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser

from engage_tui import credentials
from engage_tui.cli.account import resolve_account, x_credentials
from engage_tui.cli.common import fail, load, say
from engage_tui.state import AppState, SignedInAccount, load_state, save_state


def run_auth(args: argparse.Namespace) -> int:
    if args.auth_command == "login":
        return _login(args)
    if args.auth_command == "status":
        return _status(args)
    return _logout(args)


def _ask(prompt: str, secret: bool = False) -> str:
    value = getpass.getpass(prompt) if secret and sys.stdin.isatty() else input(prompt)
    value = value.strip()
    if not value:
        fail("nothing entered; sign-in cancelled.")
    return value


def _login(args: argparse.Namespace) -> int:
    from engage_tui.platforms.errors import PlatformError
    from engage_tui.platforms.x.auth import start_pin_flow, verify

    paths, _config = load()
    # Fail before asking for anything if there is nowhere safe to keep tokens.
    try:
        credentials.load("__probe__")
    except credentials.CredentialsError as err:
        fail(str(err))
    say("Sign in with your own X developer app (see `engage --help` and docs/getting-started.md).")
    consumer_key = _ask("App consumer key (API key): ")
    consumer_secret = _ask("App consumer secret: ", secret=True)
    try:
        if args.keys:
            access_token = _ask("Access token: ")
            access_secret = _ask("Access token secret: ", secret=True)
            creds = credentials.StoredCredentials(
                consumer_key=credentials.Secret(consumer_key),
                consumer_secret=credentials.Secret(consumer_secret),
                access_token=credentials.Secret(access_token),
                access_token_secret=credentials.Secret(access_secret),
                api_base=args.api_base,
            )
        else:
            flow = start_pin_flow(consumer_key, consumer_secret, api_base=args.api_base)
            say("\nOpen this page, approve engage, and copy the PIN it shows:")
            say(f"  {flow.authorize_url}\n")
            if not args.no_browser and sys.stdin.isatty():
                webbrowser.open(flow.authorize_url)
            pin = _ask("PIN: ")
            x_creds = flow.finish(pin)
            creds = credentials.StoredCredentials(
                consumer_key=credentials.Secret(x_creds.consumer_key),
                consumer_secret=credentials.Secret(x_creds.consumer_secret),
                access_token=credentials.Secret(x_creds.access_token),
                access_token_secret=credentials.Secret(x_creds.access_token_secret),
                api_base=args.api_base,
            )
        person = verify(x_credentials(creds), api_base=args.api_base)
    except PlatformError as err:
        fail(f"sign-in failed: {err}")
    name = args.account or person.handle
    credentials.save(name, creds)
    state = load_state(paths.state_file)
    others = tuple(a for a in state.accounts if a.name != name)
    account = SignedInAccount(name, person.id, person.handle, args.api_base)
    save_state(paths.state_file, AppState(accounts=(*others, account), default=name))
    say(f"Signed in as @{person.handle} ({person.name}). Tokens are in the OS keyring.")
    say("Run `engage` to open your inbox.")
    return 0


def _status(args: argparse.Namespace) -> int:
    from engage_tui.platforms.errors import PlatformError
    from engage_tui.platforms.x.auth import verify

    paths, config = load()
    account = resolve_account(paths, config, getattr(args, "account", None))
    if account is None:
        say("Not signed in. Run `engage auth login`, or try `engage --demo`.")
        return 1
    try:
        person = verify(x_credentials(account.creds), api_base=account.creds.api_base)
    except PlatformError as err:
        fail(f"{account.name} ({account.source}): X did not accept the tokens: {err}")
    say(f"Signed in as @{person.handle} ({person.name}), tokens from the {account.source}.")
    say(f"Plan: {account.plan}.")
    return 0


def _logout(args: argparse.Namespace) -> int:
    paths, config = load()
    state = load_state(paths.state_file)
    target = state.account(args.account or config.account)
    if target is None:
        say("Nobody is signed in.")
        return 0
    try:
        credentials.delete(target.name)
    except credentials.CredentialsError as err:
        fail(str(err))
    rest = tuple(a for a in state.accounts if a.name != target.name)
    save_state(paths.state_file, AppState(accounts=rest, default=rest[0].name if rest else None))
    say(f"Signed out @{target.handle}: its tokens are gone from the keyring.")
    say("To revoke engage's access on X too: x.com -> Settings -> Connected apps.")
    return 0
