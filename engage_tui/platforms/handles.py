"""Every network's handle rule in one table, and which network a handle is on.

The rules themselves live with their networks (``x/handles.py``,
``bluesky/handles.py``) and import nothing but ``re``, so checking a handle
never loads tweepy or atproto. They do not overlap: an X handle never holds
a dot and a Bluesky handle always does, so a handle's own shape says which
network it belongs to (a prospect waiting to be looked up keeps no other
record of it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engage_tui.platforms.bluesky import handles as bluesky_handles
from engage_tui.platforms.x import handles as x_handles


@dataclass(frozen=True, slots=True)
class HandleRule:
    """One network's rule for handles, as its platform module states it."""

    network: str  # as stored with every row: "x", "bluesky"
    display_name: str  # in messages and labels: "X", "Bluesky"
    check: Callable[[str], str | None]  # the handle without @, or None
    hint: str  # what a handle may be, for messages
    sign_in: str  # the command that adds an account: "engage auth login bluesky"


RULES: dict[str, HandleRule] = {
    m.NETWORK: HandleRule(m.NETWORK, m.DISPLAY_NAME, m.check_handle, m.HANDLE_HINT, m.SIGN_IN)
    for m in (x_handles, bluesky_handles)
}
NETWORKS = tuple(RULES)


# What a person's id looks like on each network, as engage stores it: X's
# numeric user ids, Bluesky's DIDs.
_PERSON_IDS: dict[str, re.Pattern[str]] = {
    x_handles.NETWORK: re.compile(r"[0-9]{1,20}"),
    bluesky_handles.NETWORK: re.compile(r"did:[a-z]{1,32}:[A-Za-z0-9._:%-]{1,2000}"),
}


def is_person_id(raw: str, network: str) -> bool:
    """Whether ``raw`` has the shape of a person id on ``network``."""
    shape = _PERSON_IDS.get(network)
    return shape is not None and shape.fullmatch(raw) is not None


def network_name(network: str) -> str:
    """The network's name for people ("X", "Bluesky"); an unknown one as stored."""
    rule = RULES.get(network)
    return rule.display_name if rule is not None else network


def sign_in_command(network: str) -> str:
    """How to add an account on ``network`` (X's command for one engage does not know)."""
    rule = RULES.get(network)
    return rule.sign_in if rule is not None else x_handles.SIGN_IN


def network_of_handle(handle: str) -> str | None:
    """The network whose rule takes ``handle``, or None when none does."""
    for network, rule in RULES.items():
        if rule.check(handle) is not None:
            return network
    return None
