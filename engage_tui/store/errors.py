"""Failures opening the database, with messages that say what to do."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base for store failures. ``str(err)`` is a plain message for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DamagedDatabase(StoreError):
    """Not a database, truncated, or failing its integrity check."""


class NewerDatabase(StoreError):
    """Written by a newer engage (user_version above what we know)."""
