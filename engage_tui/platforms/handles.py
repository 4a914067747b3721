"""Every network's handle rule in one table, and which network a handle is on.

The rules themselves live with their networks (``x/handles.py``,
``bluesky/handles.py``), reach this table through the registry of networks,
and import nothing but ``re``, so checking a handle never loads a client
library. They do not overlap: an X handle never holds a dot and a Bluesky
handle always does, so a handle's own shape says which network it belongs
to (a prospect waiting to be looked up keeps no other record of it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engage_tui.platforms import registry
from engage_tui.platforms.registry import network_name, network_of_handle, sign_in_command

__all__ = [
    "NETWORKS",
    "RULES",
    "HandleRule",
    "is_person_id",
    "network_name",
    "network_of_handle",
    "sign_in_command",
]


@dataclass(frozen=True, slots=True)
class HandleRule:
    """One network's rule for handles, as its platform module states it."""

    network: str  # as stored with every row: "x", "bluesky"
    display_name: str  # in messages and labels: "X", "Bluesky"
    check: Callable[[str], str | None]  # the handle without @, or None
    hint: str  # what a handle may be, for messages
    sign_in: str  # the command that adds an account: "engage auth login bluesky"


RULES: dict[str, HandleRule] = {
    n.name: HandleRule(n.name, n.display_name, n.check_handle, n.handle_hint, n.sign_in)
    for n in registry.NETWORKS
}
NETWORKS = registry.NAMES


def is_person_id(raw: str, network: str) -> bool:
    """Whether ``raw`` has the shape of a person id on ``network``."""
    known = registry.BY_NAME.get(network)
    return known is not None and re.fullmatch(known.person_id, raw) is not None
