"""The SQLite cache and the user's data (drafts, outbox, notes, triage)."""

from typing import TYPE_CHECKING

from engage_tui.store.errors import (
    DamagedDatabase,
    DatabaseBusy,
    DatabaseGone,
    DiskFull,
    NewerDatabase,
    ReadOnlyDatabase,
    StoreError,
)
from engage_tui.store.store import InboxRow, Store

if TYPE_CHECKING:
    from engage_tui.store.search import SearchHit


def __getattr__(name: str) -> object:
    # A search's hits load with the search (`/`), not with the store.
    if name == "SearchHit":
        from engage_tui.store.search import SearchHit

        return SearchHit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DamagedDatabase",
    "DatabaseBusy",
    "DatabaseGone",
    "DiskFull",
    "InboxRow",
    "NewerDatabase",
    "ReadOnlyDatabase",
    "SearchHit",
    "Store",
    "StoreError",
]
