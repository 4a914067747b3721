"""The networks engage knows, each described by its own folder.

A network is a folder: ``platforms/<folder>/network.py`` holds its
``NETWORK`` descriptor (``platforms/network.py`` says what one holds), and
the one line below lists it. Everything outside ``platforms/`` asks here:
the CLI's choices and sign-in, handle rules, labels, the composer's measure
and completions, which accounts the environment describes.

The descriptors are loaded by name, so importing this module (as ``engage
--help`` and the TUI do) loads no client library, and import-linter sees no
path from the neutral layers to one (a test checks at run time that none is
loaded).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import TYPE_CHECKING

from engage_tui.platforms.network import Network

if TYPE_CHECKING:
    from engage_tui.domain.exchange import TextCheck

# The list. The first is the network of records that name none (accounts,
# exports and rows written before engage knew a second network), and the
# default of `engage auth login` and `--network`.
_FOLDERS = (
    "x",
    "bluesky",
    "mastodon",
)

NETWORKS: tuple[Network, ...] = tuple(
    import_module(f"engage_tui.platforms.{folder}.network").NETWORK for folder in _FOLDERS
)
NAMES: tuple[str, ...] = tuple(n.name for n in NETWORKS)
BY_NAME: Mapping[str, Network] = {n.name: n for n in NETWORKS}
ORIGINAL: str = NETWORKS[0].name


def network(name: str) -> Network:
    """The network called ``name``; KeyError for one engage does not know."""
    return BY_NAME[name]


def find(name: str | None) -> Network | None:
    """The network called ``name``, or None (unknown, or no name)."""
    return BY_NAME.get(name) if name else None


def of_record(name: str | None) -> Network:
    """The network a stored record names; one that names none is the original's."""
    return BY_NAME.get(name or ORIGINAL) or BY_NAME[ORIGINAL]


def network_name(name: str) -> str:
    """The network's name for people ("X", "Bluesky"); an unknown one as stored."""
    found = BY_NAME.get(name)
    return found.display_name if found is not None else name


def sign_in_command(name: str) -> str:
    """How to add an account on ``name`` (the original network's command for
    one engage does not know)."""
    return of_record(name).sign_in


def network_of_handle(handle: str) -> str | None:
    """The network whose rule takes ``handle``, or None when none does. The
    rules do not overlap, so a handle's shape says its network."""
    for found in NETWORKS:
        if found.check_handle(handle) is not None:
            return found.name
    return None


def in_environment(environ: Mapping[str, str] | None = None) -> tuple[Network, ...]:
    """The networks whose ENGAGE_* variables describe an account, in list order."""
    return tuple(n for n in NETWORKS if n.env_account(environ))


def measure(name: str, text: str) -> TextCheck:
    """``text`` against ``name``'s rule, offline (the original's for an unknown network)."""
    return of_record(name).measure(text)
