"""Who an account's engine acts as, from what the store remembers: no
network, and light to import (the app names its accounts before the first
frame, while the engines themselves are built after it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engage_tui.domain import Person
    from engage_tui.store import Store

META_OWNER = "owner_id"


def owner_key(network: str, account_name: str = "") -> str:
    """The meta key keeping the person id of an account on ``network``
    (named, when several accounts share the file)."""
    return f"{META_OWNER}:{network}" + (f":{account_name}" if account_name else "")


def stored_owner(
    store: Store, network: str, account_name: str = "", owner_id: str | None = None
) -> Person | None:
    """The account's person as the cache knows it: by ``owner_id`` (known at
    sign-in), else by the id its last sync kept."""
    found = owner_id or store.sync_state.meta_get(owner_key(network, account_name))
    if not found:
        return None
    owner = store.people.get(found)
    # The cache may hold another network's account (signed in there before):
    # that owner is not this network's.
    return owner if owner is not None and owner.network == network else None
