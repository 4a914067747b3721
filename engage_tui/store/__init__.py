"""The SQLite cache and the user's data (drafts, outbox, notes, triage)."""

from engage_tui.store.errors import (
    DamagedDatabase,
    DatabaseBusy,
    DatabaseGone,
    DiskFull,
    NewerDatabase,
    ReadOnlyDatabase,
    StoreError,
)
from engage_tui.store.store import InboxRow, SearchHit, Store

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
