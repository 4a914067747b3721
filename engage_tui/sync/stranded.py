"""Queued actions no open account will send, and the words that say so.

An outbox item is sent by the account it was queued for (or, queued before
engage knew who is signed in, by the first account on its network). When
that account is not open (signed out since, or its network has no account
at all), the item waits: never sent as someone else, never dropped, and the
status bar and `engage sync` say why and what brings it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engage_tui.domain import OutboxItem
from engage_tui.platforms.handles import network_name, sign_in_command
from engage_tui.sync.account_info import AccountInfo


def stranded(items: Iterable[OutboxItem], accounts: Sequence[AccountInfo]) -> list[OutboxItem]:
    networks = {a.network for a in accounts}
    known = {a.id for a in accounts if a.id}
    # An account not yet asked who it is may be the one an item waits for.
    unsure = {a.network for a in accounts if not a.id}
    return [
        item
        for item in items
        if item.network not in networks
        or (item.account and item.account not in known and item.network not in unsure)
    ]


def stranded_words(items: Sequence[OutboxItem]) -> str | None:
    if not items:
        return None
    networks = sorted({item.network for item in items})
    where = " and ".join(network_name(n) for n in networks)
    count = len(items)
    what = "action waits" if count == 1 else "actions wait"
    signs = ", ".join(sign_in_command(n) for n in networks)
    return (
        f"{count} queued {what} for a {where} account that is not signed in: sign in to it "
        f"again ({signs}) and it goes out, once. Nothing is lost."
    )
