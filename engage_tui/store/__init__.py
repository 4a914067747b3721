"""The SQLite cache and the user's data (drafts, outbox, notes, triage)."""

from engage_tui.store.errors import DamagedDatabase, NewerDatabase, StoreError
from engage_tui.store.store import InboxRow, SearchHit, Store

__all__ = ["DamagedDatabase", "InboxRow", "NewerDatabase", "SearchHit", "Store", "StoreError"]
