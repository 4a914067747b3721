"""`engage auth login|status|logout`."""

from __future__ import annotations

import argparse
import getpass
import sys
import webbrowser

from engage_tui import credentials
from engage_tui.cli.account import (
    EXIT_USAGE,
    ResolvedAccount,
    make_platform,
    named_account,
    no_such_account,
    resolve_accounts,
    x_credentials,
)
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
    if args.network == "bluesky":
        return _login_bluesky(args)
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


def _login_bluesky(args: argparse.Namespace) -> int:
    from engage_tui.platforms.bluesky import KeyringSessionStore, login_from_env, sign_in
    from engage_tui.platforms.bluesky.session import (
        APP_PASSWORD_HELP,
        DEFAULT_SERVICE,
        BlueskyLogin,
        SessionStoreError,
        parse_handle,
        parse_service,
    )
    from engage_tui.platforms.errors import PlatformError

    paths, _config = load()
    # Fail before asking for anything if there is nowhere safe to keep the session.
    try:
        credentials.require_keyring()
    except credentials.CredentialsError as err:
        fail(str(err))
    env = login_from_env()
    try:
        service = parse_service(args.service or (env.service if env else DEFAULT_SERVICE))
    except ValueError as err:
        fail(f"--service: {err}", 2)
    say(f"Sign in to Bluesky at {service}. {APP_PASSWORD_HELP}")
    try:
        handle = parse_handle(env.handle if env else _ask("Handle (alice.bsky.social): "))
    except ValueError as err:
        fail(str(err), 2)
    password = env.app_password if env and env.app_password else None
    password = password or _ask("App password (xxxx-xxxx-xxxx-xxxx): ", secret=True)
    login = BlueskyLogin(handle, password, service)
    name = args.account or login.account
    try:
        person = sign_in(login, KeyringSessionStore(name))
    except PlatformError as err:
        fail(f"sign-in failed: {err}")
    except SessionStoreError as err:
        fail(str(err))
    state = load_state(paths.state_file)
    others = tuple(a for a in state.accounts if a.name != name)
    account = SignedInAccount(name, person.id, person.handle, service, network="bluesky")
    save_state(paths.state_file, AppState(accounts=(*others, account), default=name))
    say(f"Signed in to Bluesky as @{person.handle} ({person.name}).")
    say(
        "The session is kept in the OS keyring (never in a file); the app password "
        "is not kept. Run `engage` to open your inbox."
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    """Every account engage opens, each checked with its network: exit 1 when
    nobody is signed in or any account is refused or cannot be reached."""
    paths, config = load()
    unavailable: list[str] = []
    accounts = resolve_accounts(paths, config, getattr(args, "account", None), unavailable)
    if not accounts:
        say(
            "Not signed in. Run `engage auth login` (X) or `engage auth login bluesky`, "
            "or try `engage --demo`."
        )
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
    from engage_tui.platforms.errors import PlatformError

    where = "the keyring" if account.source == "keyring" else "the environment"
    if account.network == "bluesky":
        try:
            person = make_platform(account).whoami()
        except PlatformError as err:
            say(f"@{account.handle} (Bluesky, {where}): {err}")
            return False
        say(f"Signed in to Bluesky as @{person.handle} ({person.name}), session from {where}.")
        say("  Bluesky's API is free: engage shows no spend for this account.")
        return True
    from engage_tui.platforms.x.auth import verify

    assert account.creds is not None
    try:
        person = verify(x_credentials(account.creds), api_base=account.creds.api_base)
    except PlatformError as err:
        say(f"{account.name} (X, {where}): X did not accept the tokens: {err}")
        return False
    say(f"Signed in to X as @{person.handle} ({person.name}), tokens from {where}.")
    say(f"  Plan: {account.plan}.")
    return True


def _list_accounts(paths, opened: list[ResolvedAccount]) -> None:  # type: ignore[no-untyped-def]
    accounts = load_state(paths.state_file).accounts
    for account in opened:
        if account.source == "environment":
            say(
                f"Account from the environment: @{account.handle or 'env'} "
                f"({account.network_name})."
            )
    if not accounts:
        return
    names = {a.name for a in opened if a.source == "keyring"}
    say("Signed-in accounts (* are the ones engage opens):")
    for acc in accounts:
        mark = "*" if acc.name in names else " "
        network = "Bluesky" if acc.network == "bluesky" else "X"
        where = f"  {acc.api_base}" if acc.api_base else ""
        say(f"{mark} @{acc.handle}  {network}{where}  (--account {acc.name})")


def _end_bluesky_session(target: SignedInAccount) -> None:
    """End the session on the server too (best effort: offline, it expires)."""
    from engage_tui.cli.account import AccountUnavailable, bluesky_account
    from engage_tui.platforms.bluesky import BlueskyPlatform
    from engage_tui.platforms.errors import PlatformError

    try:
        platform = make_platform(bluesky_account(target))
    except AccountUnavailable as err:
        fail(str(err))
    assert isinstance(platform, BlueskyPlatform)
    try:
        platform.client.connect()
        platform.client.end_session()
    except PlatformError:
        pass


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
    if target.network == "bluesky":
        _end_bluesky_session(target)
    try:
        credentials.delete(target.name)
    except credentials.CredentialsError as err:
        fail(str(err))
    rest = tuple(a for a in state.accounts if a.name != target.name)
    save_state(paths.state_file, AppState(accounts=rest, default=rest[0].name if rest else None))
    if target.network == "bluesky":
        say(f"Signed out @{target.handle}: its session is gone from the keyring.")
        say(
            "To revoke the app password too: the Bluesky app -> Settings -> "
            "Privacy and security -> App passwords."
        )
        return 0
    say(f"Signed out @{target.handle}: its tokens are gone from the keyring.")
    say("To revoke engage's access on X too: x.com -> Settings -> Connected apps.")
    return 0
