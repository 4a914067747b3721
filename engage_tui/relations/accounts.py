"""An account as a person names it on the command line or in a prompt:
``NETWORK:HANDLE`` (``x:@alice``, ``bluesky:alice.bsky.social``,
``mastodon:alice@example.social``). The network may be left out when the
handle's shape names it (the networks' rules do not overlap).
"""

from __future__ import annotations

from dataclasses import dataclass

from engage_tui.platforms.handles import NETWORKS, RULES, network_of_handle
from engage_tui.relations.handles import not_a_handle

_SHOWN = 40


@dataclass(frozen=True, slots=True)
class AccountRef:
    network: str
    handle: str  # without @, as the network's rule gives it back

    def __str__(self) -> str:
        return f"{self.network}:{self.handle}"


class BadAccount(ValueError):
    """What was typed cannot name an account; the message says what to type."""


EXAMPLES = "x:@alice, bluesky:alice.bsky.social or mastodon:alice@example.social"


def _quoted(raw: str) -> str:
    shown = repr(raw[:_SHOWN])
    return shown if len(raw) <= _SHOWN else shown[:-1] + "...'"


def parse_account(raw: str) -> AccountRef:
    """The account ``raw`` names; raises BadAccount with a plain message."""
    text = raw.strip()
    network, colon, rest = text.partition(":")
    network = network.strip().lower()
    if colon and network in RULES:
        handle = RULES[network].check(rest)
        if handle is None:
            raise BadAccount(not_a_handle(rest.strip(), network))
        return AccountRef(network, handle)
    guessed = network_of_handle(text)
    if guessed is not None:
        handle = RULES[guessed].check(text)
        if handle is not None:
            return AccountRef(guessed, handle)
    if colon and network and " " not in network and "@" not in network:
        raise BadAccount(
            f"{_quoted(network)} is not a network engage knows (use {', '.join(NETWORKS)}); "
            f"name an account as NETWORK:HANDLE, like {EXAMPLES}"
        )
    raise BadAccount(
        f"{_quoted(raw)} does not name an account: write NETWORK:HANDLE, like {EXAMPLES}"
    )
