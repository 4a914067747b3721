"""Which accounts to open, and the platform and sync engine for each.

engage opens every signed-in account in one inbox (``--account NAME``: that
one alone). Environment variables win over the keyring, for headless use and
for pointing engage at a sandbox: the account a network's ``ENGAGE_*``
variables describe stands in for the keyring's accounts on that network.
What each network reads comes from its own folder, through the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from engage_tui.cli.common import fail
from engage_tui.config import Config
from engage_tui.paths import Paths
from engage_tui.platforms import registry
from engage_tui.platforms.network import AccountUnavailable, ResolvedAccount, SignInFailed
from engage_tui.state import AppState, SignedInAccount, load_state
from engage_tui.sync.owner import stored_owner

if TYPE_CHECKING:
    from engage_tui.platforms.base import Platform
    from engage_tui.store import Store
    from engage_tui.sync.accounts import AccountsSync
    from engage_tui.sync.deferred import DeferredController
    from engage_tui.sync.engine import SyncEngine

__all__ = [
    "AccountUnavailable",
    "ResolvedAccount",
    "accounts_to_open",
    "deferred_controller",
    "keyring_account",
    "make_controller",
    "make_platform",
    "open_accounts",
    "resolve_account",
    "resolve_accounts",
    "sandbox_account",
]


def resolve_account(paths: Paths, config: Config, name: str | None) -> ResolvedAccount | None:
    """The account to use, or None when nobody is signed in."""
    state = load_state(paths.state_file)
    environment = registry.in_environment()
    if name and name != "env" and named_account(state, name) is None:
        # Never another account than the one asked for (the environment's).
        fail(no_such_account(state, name, environment=bool(environment)), EXIT_USAGE)
    for network in environment:
        return _env_account(config, network.name)
    account = named_account(state, name) if name else state.account(config.account)
    if account is None:
        return None
    try:
        return keyring_account(config, account)
    except AccountUnavailable as err:
        fail(str(err))


EXIT_USAGE = 2


def named_account(state: AppState, name: str) -> SignedInAccount | None:
    """The signed-in account ``name`` names: its name as `engage auth status`
    shows it (``bluesky:alice.bsky.social``, or an X account's handle), or its
    handle alone, with or without ``@`` (``alice.bsky.social``), when only one
    account has that handle."""
    asked = name.strip()
    for account in state.accounts:
        if account.name.lower() == asked.lower():
            return account
    handle = asked.removeprefix("@").lower()
    same = [a for a in state.accounts if a.handle.lower() == handle]
    return same[0] if len(same) == 1 else None


def no_such_account(state: AppState, name: str, *, environment: bool = False) -> str:
    """The message for an ``--account`` that names nobody: the accounts there are."""
    names = [a.name for a in state.accounts] + (["env"] if environment else [])
    if not names:
        return f"no signed-in account named {name!r}: nobody is signed in."
    return (
        f"no signed-in account named {name!r}. Signed in: {', '.join(names)} "
        "(see `engage auth status`)."
    )


def keyring_account(config: Config, account: SignedInAccount) -> ResolvedAccount:
    """A signed-in account from state.toml, its secrets from the keyring."""
    network = registry.of_record(account.network)
    return network.connect().from_keyring(account, _plan_for(config, account.name))


def _env_account(config: Config, network: str) -> ResolvedAccount:
    """The account ``network``'s variables describe; a bad value stops with its name."""
    try:
        return registry.network(network).connect().from_environment(_plan_for(config, "env"))
    except SignInFailed as err:
        fail(str(err), err.status)


def resolve_accounts(
    paths: Paths, config: Config, name: str | None, unavailable: list[str] | None = None
) -> list[ResolvedAccount]:
    """Every account to open: the one named; else every signed-in account,
    the default one first, where the environment's account for a network
    (``ENGAGE_X_*``, ``ENGAGE_BSKY_*``, ...) stands in for that network's.

    An account that cannot be opened (its tokens gone from the keyring) stops
    engage, unless ``unavailable`` is given: its message then goes there and
    the other accounts open."""
    if name:
        one = resolve_account(paths, config, name)
        return [one] if one is not None else []
    return open_accounts(config, accounts_to_open(paths, config, None), unavailable)


# An account `engage` will open: the environment's (its secrets read
# already), or a signed-in one whose secrets the keyring still holds.
ToOpen = ResolvedAccount | SignedInAccount


def accounts_to_open(paths: Paths, config: Config, name: str | None) -> list[ToOpen]:
    """The accounts ``resolve_accounts`` opens, in its order, without reading
    the keyring: the app names them for its first frame and reads their
    secrets after it (``deferred_controller``). A name that is nobody's, or
    a bad environment value, stops engage here as there."""
    state = load_state(paths.state_file)
    if name:
        environment = registry.in_environment()
        if name != "env" and named_account(state, name) is None:
            fail(no_such_account(state, name, environment=bool(environment)), EXIT_USAGE)
        for network in environment:
            return [_env_account(config, network.name)]
        account = named_account(state, name)
        return [account] if account is not None else []
    found: list[ToOpen] = [_env_account(config, n.name) for n in registry.in_environment()]
    from_env = {account.network for account in found}
    first = state.account(config.account)
    ordered = sorted(state.accounts, key=lambda a: first is None or a.name != first.name)
    found += [a for a in ordered if registry.of_record(a.network).name not in from_env]
    return found


def open_accounts(
    config: Config, accounts: Sequence[ToOpen], unavailable: list[str] | None = None
) -> list[ResolvedAccount]:
    """``accounts`` with the keyring's secrets read. One that cannot be
    opened stops engage, unless ``unavailable`` is given: its message then
    goes there and the others open (engage stops when none can)."""
    found: list[ResolvedAccount] = []
    for account in accounts:
        if isinstance(account, ResolvedAccount):
            found.append(account)
            continue
        try:
            found.append(keyring_account(config, account))
        except AccountUnavailable as err:
            if unavailable is None:
                fail(str(err))
            unavailable.append(str(err))
    if not found and unavailable:
        fail(unavailable[0])
    return found


def make_controller(
    store: Store,
    accounts: list[ResolvedAccount],
    config: Config,
    platform: Callable[[ResolvedAccount], Platform] | None = None,
) -> SyncEngine | AccountsSync:
    """One sync engine per account; several share the store behind one
    controller. Each account's platform comes from ``platform`` (by default
    ``make_platform``, which stops engage with a message)."""
    from engage_tui.sync.accounts import AccountsSync
    from engage_tui.sync.engine import SyncEngine

    engines = []
    networks: set[str] = set()
    for account in accounts:
        engines.append(
            SyncEngine(
                store,
                (platform or make_platform)(account),
                config=config,
                account_name="" if account.source == "environment" else account.name,
                owner_id=account.user_id,
                # What was queued before engage knew who sends it, and the
                # watchlist's posts, go with the network's first account.
                first_on_network=account.network not in networks,
            )
        )
        networks.add(account.network)
    return engines[0] if len(engines) == 1 else AccountsSync(engines)


def _plan_for(config: Config, name: str) -> str:
    for acc in config.accounts:
        if acc.name == name:
            return acc.plan
    return config.plan


def sandbox_account(environ: Mapping[str, str], plan: str) -> ResolvedAccount:
    """The account a sandbox's environment describes (the demo's owner)."""
    for network in registry.in_environment(environ):
        account = network.connect().from_environment(plan, environ)
        return replace(account, name="demo", source="sandbox")
    raise RuntimeError("the sandbox did not describe its owner")


def make_platform(account: ResolvedAccount) -> Platform:
    """The account's platform, built by its network's own folder."""
    try:
        return registry.network(account.network).connect().platform(account)
    except SignInFailed as err:
        fail(str(err), err.status)


def deferred_controller(
    store: Store, accounts: Sequence[ToOpen], config: Config
) -> DeferredController:
    """``make_controller``'s controller, built when the app first asks it
    something after its first frame (see sync/deferred.py). The keyring is
    read then too: reading it (keyring's backend discovery) cost more than
    the rest of start-up. Until then the accounts are named as their
    engines will name them, from the store.

    A signed-in account whose secrets cannot be read is said as before, in
    the same words: "Not opened: ..." in the banner while the others open;
    when none opens, the app ends with the message and exit status 1."""
    from engage_tui.sync.account_info import AccountInfo
    from engage_tui.sync.deferred import ControllerFailed, DeferredController

    infos = []
    for account in accounts:
        if isinstance(account, ResolvedAccount):
            network = registry.network(account.network)
            name = "" if account.source == "environment" else account.name
        else:
            network, name = registry.of_record(account.network), account.name
        owner = stored_owner(store, network.name, name, account.user_id)
        infos.append(
            AccountInfo(
                id=owner.id if owner else "",
                network=network.name,
                network_name=network.display_name,
                handle=owner.handle if owner else "",
            )
        )

    def build() -> tuple[SyncEngine | AccountsSync, list[str]]:
        refused: list[str] = []
        opened = []
        for account in accounts:
            try:
                opened.append(
                    account
                    if isinstance(account, ResolvedAccount)
                    else keyring_account(config, account)
                )
            except AccountUnavailable as err:
                refused.append(str(err))
        if not opened:
            raise ControllerFailed(refused[0])
        notes = [" ".join(f"Not opened: {p}" for p in refused)] if refused else []
        return make_controller(store, opened, config, _platform), notes

    return DeferredController(build, infos)


def _platform(account: ResolvedAccount) -> Platform:
    """``make_platform`` inside the running app: a failure is the app's to say."""
    from engage_tui.sync.deferred import ControllerFailed

    try:
        return registry.network(account.network).connect().platform(account)
    except SignInFailed as err:
        raise ControllerFailed(str(err), err.status) from None
    except AccountUnavailable as err:
        raise ControllerFailed(str(err)) from None
