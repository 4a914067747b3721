"""What engage needs of a network, as the network's own package states it.

Each network's folder holds a ``network.py`` with one ``NETWORK`` descriptor
(``platforms/registry.py`` lists them). The descriptor is plain data and
imports nothing heavy: the CLI's ``--help``, a handle typed in the TUI and
the inbox's labels read it without loading tweepy, atproto or Mastodon.py.
What needs the client (signing in, opening an account, building the
platform, measuring a draft) is named by module path and loaded on first
use, by ``importlib`` so that import-linter sees no edge from the neutral
layers to a client library.

Nothing above ``platforms/`` names a network: it asks the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    # argparse only names types here: the TUI never loads it.
    import argparse

    from engage_tui.domain.exchange import TextCheck
    from engage_tui.platforms.base import Platform
    from engage_tui.platforms.signed_in import SignedIn


# The descriptors (LoginOption, Setting, Network) are NamedTuples, not
# frozen dataclasses: `engage` names its accounts through them before its
# first frame, and a dataclass costs about ten times more to create (its
# methods are compiled one by one), some 12M instructions for these three.
class LoginOption(NamedTuple):
    """One flag of ``engage auth login`` that a network reads (``--service``).

    Two networks may declare the same flag: the first one's help is shown and
    both read the value (argparse holds one flag once)."""

    flag: str  # "--service"
    help: str
    metavar: str | None = None
    switch: bool = False  # a flag without a value (store_true)

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        if self.switch:
            parser.add_argument(self.flag, action="store_true", help=self.help)
        else:
            parser.add_argument(self.flag, default=None, metavar=self.metavar, help=self.help)


class Setting(NamedTuple):
    """One key of a network's own table in config.toml (``[x] plan = "basic"``):
    one of ``choices``, kept in the Config attribute ``attr``."""

    key: str
    attr: str
    choices: tuple[str, ...]


class Network(NamedTuple):
    """One network, for everything outside its own folder."""

    name: str  # as stored with every row and typed on the command line: "x", "bluesky"
    display_name: str  # in messages and labels: "X", "Bluesky"
    tag: str  # the inbox column's initial, readable without colour: "X" gives "X·alice"
    check_handle: Callable[[str], str | None]  # the handle without @, or None (only `re`)
    handle_hint: str  # what a handle may be, for messages
    handle_example: str  # one handle, for prompts: "ana_b", "ana.bsky.social"
    sign_in: str  # the command that adds (or renews) an account
    signs_in_with: str  # what signing in takes, in a few words: "an app password"
    login_help: str  # its paragraph in `engage auth login --help`
    bills_api: bool  # whether its API costs money (X) or is free
    # The ENGAGE_* variables that describe an account for headless use (in
    # messages), and those that must all be set for the environment to hold one.
    env_variables: tuple[str, ...]
    env_required: tuple[str, ...]
    connector: str  # module path of its Connector (``CONNECTOR``), loaded on first use
    measurer: str  # "module:function" measuring a draft offline (TextCheck)
    # What a person's id looks like as engage stores it (a regular expression
    # matched whole): an imported file's ids are checked against it.
    person_id: str
    login_options: tuple[LoginOption, ...] = ()
    settings: tuple[Setting, ...] = ()  # its table in config.toml, named as the network
    # Whether the composer starts a reply with its author's @handle (the only
    # prefill): on Mastodon a followers-only or direct reply reaches only the
    # people it mentions, and the author is not told of one that names nobody.
    reply_names_author: bool = False
    # What asking the network to tell the owner of a prospect's new posts
    # does, for the one-line consent question ("follows them with
    # notifications on"); "" where the network cannot do it for free, and
    # ``no_new_posts`` then says why, in plain words. ``new_posts_off``: what
    # stays when the user turns it off again ("" for nothing).
    new_posts: str = ""
    new_posts_off: str = ""
    no_new_posts: str = ""

    def connect(self) -> Connector:
        """The network's sign-in and account side (loads its client library)."""
        return import_module(self.connector).CONNECTOR

    def measure(self, text: str) -> TextCheck:
        """A draft against the network's own rule, without asking the network
        (a server-set limit falls back to the network's usual one)."""
        module, _, function = self.measurer.partition(":")
        return getattr(import_module(module), function)(text)

    def env_account(self, environ: Mapping[str, str] | None = None) -> bool:
        """Whether the environment describes an account on this network."""
        import os

        env = os.environ if environ is None else environ
        return bool(self.env_required) and all(env.get(v, "").strip() for v in self.env_required)


class AccountUnavailable(Exception):
    """A signed-in account that cannot be opened; the message says why and what to do."""


class SignInFailed(Exception):
    """Signing in (or reading the environment's account) failed; the message
    is the whole line to show, ``status`` the exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


class Console(Protocol):
    """How a network's sign-in talks to the person at the terminal (the CLI's)."""

    def say(self, line: str = "") -> None: ...

    def ask(self, prompt: str, secret: bool = False) -> str:
        """The answer, stripped; an empty one cancels the sign-in (raises)."""
        ...

    def offer_browser(self, url: str) -> None:
        """Open ``url`` where there is a browser and the user did not say no."""
        ...


class KeptAccount(Protocol):
    """A signed-in account as engage's state file keeps it (no secrets)."""

    @property
    def name(self) -> str: ...  # the keyring entry's name

    @property
    def user_id(self) -> str: ...

    @property
    def handle(self) -> str: ...

    @property
    def api_base(self) -> str | None: ...  # the server or API base, when not the default

    @property
    def network(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ResolvedAccount:
    """An account engage opens: from the keyring (signed in), the environment,
    or the demo's sandbox."""

    name: str
    creds: (
        object | None
    )  # the network's own secrets object (X's keys); None where the keyring holds them
    plan: str
    source: str  # "environment", "keyring" or "sandbox"
    network: str
    handle: str = ""
    service: str | None = None  # the server, where the network has several
    user_id: str | None = None  # its person id, when sign-in recorded it


class Connector(Protocol):
    """A network's accounts: what needs its client library. Lives in
    ``platforms/<name>/account.py`` as ``CONNECTOR``."""

    def from_environment(
        self, plan: str, environ: Mapping[str, str] | None = None
    ) -> ResolvedAccount:
        """The account the network's ENGAGE_* variables describe (only called
        when ``Network.env_account`` said there is one); SignInFailed for a
        bad value, naming the variable."""
        ...

    def from_keyring(self, kept: KeptAccount, plan: str) -> ResolvedAccount:
        """A signed-in account, its secrets from the keyring; AccountUnavailable
        when they cannot be read."""
        ...

    def platform(self, account: ResolvedAccount) -> Platform: ...

    def login(self, args: argparse.Namespace, console: Console) -> SignedIn:
        """``engage auth login <network>``: asks what it needs through
        ``console``, keeps the secrets in the keyring. SignInFailed otherwise."""
        ...

    def check(self, account: ResolvedAccount, console: Console) -> bool:
        """``engage auth status``: ask the network whether the account works
        and say what was found, in its own lines."""
        ...

    def logout(self, kept: KeptAccount) -> tuple[str, ...]:
        """``engage auth logout``: end the session where the network has one
        (best effort) and forget the secrets; SignInFailed when the keyring
        cannot. Gives the lines to say once the account is forgotten (how
        to revoke engage's access on the network too)."""
        ...


def kept_in(account: ResolvedAccount) -> str:
    """Where an open account's secrets come from, in words."""
    return "the keyring" if account.source == "keyring" else "the environment"


def __getattr__(name: str) -> object:
    # What a sign-in hands back loads with the sign-in, not with `engage`.
    if name == "SignedIn":
        from engage_tui.platforms.signed_in import SignedIn

        return SignedIn
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
